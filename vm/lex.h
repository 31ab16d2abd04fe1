/* lex.h — the lexer: source text to Lua 5.4 tokens.
 *
 * The lexer keeps the raw text of the current token in a buffer, because
 * Lua's syntax errors quote it ("near '3x'", "near '"abc'"). */
#ifndef MT_LEX_H
#define MT_LEX_H

#include "state.h"

#define FIRST_RESERVED 257

/* Order of the reserved words matters: it is the order of lex_tokens[]. */
enum Token {
    TK_AND = FIRST_RESERVED, TK_BREAK, TK_DO, TK_ELSE, TK_ELSEIF, TK_END,
    TK_FALSE, TK_FOR, TK_FUNCTION, TK_GOTO, TK_IF, TK_IN, TK_LOCAL, TK_NIL,
    TK_NOT, TK_OR, TK_REPEAT, TK_RETURN, TK_THEN, TK_TRUE, TK_UNTIL,
    TK_WHILE,
    /* other multi-character symbols */
    TK_IDIV, TK_CONCAT, TK_DOTS, TK_EQ, TK_GE, TK_LE, TK_NE, TK_SHL, TK_SHR,
    TK_DBCOLON, TK_EOS,
    TK_FLT, TK_INT, TK_NAME, TK_STRING
};

#define NUM_RESERVED ((int)(TK_WHILE - FIRST_RESERVED + 1))

typedef union SemInfo {
    double r;
    int64_t i;
    String *ts;
} SemInfo;

typedef struct Tok {
    int token;
    SemInfo seminfo;
} Tok;

struct FuncState;
struct Dyndata;

typedef struct Lexer {
    State *S;
    const char *p, *end;     /* unread input */
    int current;             /* current character, or EOZ */
    int linenumber;          /* line of the current character */
    int lastline;            /* line of the last token consumed */
    Tok t;                   /* current token */
    Tok ahead;               /* look-ahead token (TK_EOS + 1 = none) */
    char *buf;               /* raw text of the token being read */
    size_t buflen, bufsize;
    const char *chunkname;
    struct FuncState *fs;    /* the parser's current function */
    struct Dyndata *dyd;     /* the parser's variable list */
    int nesting;             /* syntactic nesting, bounded by MT_MAXCCALLS */
} Lexer;

#define EOZ (-1)
#define NO_LOOKAHEAD (-1)

/* Mark the reserved words in the intern table (String.reserved). Called at
 * the start of every compilation: the GC may have freed and forgotten them
 * since the last one. */
void lex_init(State *S);
void lex_setinput(Lexer *ls, State *S, const char *src, size_t len,
                  const char *chunkname);
void lex_next(Lexer *ls);
int lex_lookahead(Lexer *ls);
/* A token's printable form as Lua quotes it: "'and'", "'+'", "<eof>".
 * Returns buf (LEX_TOKBUF bytes) or a static string. */
#define LEX_TOKBUF 32
const char *lex_token2str(int token, char *buf);
/* Throws "chunk:line: msg near <current token>". */
noreturn void lex_syntaxerror(Lexer *ls, const char *msg);
/* Throws "chunk:line: msg" (no token), for messages about unsupported
 * features and limits that Lua words without a token. */
noreturn void lex_error_at(Lexer *ls, int line, const char *msg);
String *lex_newstring(Lexer *ls, const char *s, size_t len);
void lex_freebuffer(Lexer *ls);

#endif
