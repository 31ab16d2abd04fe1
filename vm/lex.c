/* lex.c — the lexer. Follows Lua 5.4's llex.c token for token, including
 * what goes into the token buffer, because syntax errors quote it. */
#include "lex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "mtstring.h"
#include "number.h"

static const char *const lex_tokens[] = {
    "and", "break", "do", "else", "elseif", "end", "false", "for",
    "function", "goto", "if", "in", "local", "nil", "not", "or", "repeat",
    "return", "then", "true", "until", "while",
    "//", "..", "...", "==", ">=", "<=", "~=", "<<", ">>", "::", "<eof>",
    "<number>", "<integer>", "<name>", "<string>"
};

/* ASCII character classes, as Lua's lctype (locale-independent). */
static bool is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static bool is_alnum(int c) { return is_alpha(c) || is_digit(c); }
static bool is_xdigit(int c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static bool is_space(int c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}
static bool is_print(int c) { return c >= 32 && c < 127; }
static int hexavalue(int c)
{
    return is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10;
}

#define next(ls) \
    ((ls)->current = (ls)->p < (ls)->end ? (unsigned char)*(ls)->p++ : EOZ)
#define curr_is_newline(ls) ((ls)->current == '\n' || (ls)->current == '\r')

void lex_init(State *S)
{
    for (int i = 0; i < NUM_RESERVED; i++) {
        String *s = str_newc(S, lex_tokens[i]);
        s->reserved = (uint8_t)(i + 1);
    }
}

void lex_setinput(Lexer *ls, State *S, const char *src, size_t len,
                  const char *chunkname)
{
    memset(ls, 0, sizeof *ls);
    ls->S = S;
    ls->p = src;
    ls->end = src + len;
    ls->linenumber = 1;
    ls->lastline = 1;
    ls->chunkname = chunkname;
    ls->ahead.token = NO_LOOKAHEAD;
    /* As lua5.4's file loader: skip a UTF-8 BOM and a first line starting
     * with '#' (keeping its newline, so line numbers stay right). */
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0)
        ls->p += 3;
    if (ls->p < ls->end && *ls->p == '#')
        while (ls->p < ls->end && *ls->p != '\n')
            ls->p++;
    next(ls);
}

void lex_freebuffer(Lexer *ls)
{
    if (ls->buf)
        mt_free(ls->S, ls->buf, ls->bufsize);
    ls->buf = NULL;
    ls->bufsize = ls->buflen = 0;
}

static void save(Lexer *ls, int c)
{
    if (ls->buflen + 1 >= ls->bufsize) {
        size_t newsize = ls->bufsize ? ls->bufsize * 2 : 64;
        ls->buf = mt_realloc(ls->S, ls->buf, ls->bufsize, newsize);
        ls->bufsize = newsize;
    }
    ls->buf[ls->buflen++] = (char)c;
}

static void save_and_next(Lexer *ls)
{
    save(ls, ls->current);
    next(ls);
}

String *lex_newstring(Lexer *ls, const char *s, size_t len)
{
    return str_new(ls->S, s, len);
}

/* ---- errors ---- */

/* Formats, pushes and throws; the temporary buffer is freed before the
 * throw so a syntax error leaks nothing. */
static noreturn void throw_message(Lexer *ls, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *msg = n < 0 ? NULL : malloc((size_t)n + 1);
    if (msg == NULL) {
        mt_pushstr(ls->S, ls->S->memerrmsg);
        mt_throw(ls->S, MT_ERRMEM);
    }
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    String *s = str_new(ls->S, msg, (size_t)n);
    free(msg);
    mt_pushstr(ls->S, s);
    mt_throw(ls->S, MT_ERRSYNTAX);
}

const char *lex_token2str(int token, char *buf)
{
    if (token < FIRST_RESERVED) {
        if (is_print(token))
            snprintf(buf, LEX_TOKBUF, "'%c'", token);
        else
            snprintf(buf, LEX_TOKBUF, "'<\\%d>'", token);
        return buf;
    }
    const char *s = lex_tokens[token - FIRST_RESERVED];
    if (token < TK_EOS) {
        snprintf(buf, LEX_TOKBUF, "'%s'", s);
        return buf;
    }
    return s;
}

/* Throws "chunk:line: msg near TOKEN"; token 0 means no "near" part. */
static noreturn void lexerror(Lexer *ls, const char *msg, int token)
{
    char tb[LEX_TOKBUF];
    if (!token)
        throw_message(ls, "%s:%d: %s", ls->chunkname, ls->linenumber, msg);
    switch (token) {
    case TK_NAME: case TK_STRING: case TK_FLT: case TK_INT:
        save(ls, '\0');
        throw_message(ls, "%s:%d: %s near '%s'", ls->chunkname,
                      ls->linenumber, msg, ls->buf);
    default:
        throw_message(ls, "%s:%d: %s near %s", ls->chunkname, ls->linenumber,
                      msg, lex_token2str(token, tb));
    }
}

noreturn void lex_syntaxerror(Lexer *ls, const char *msg)
{
    lexerror(ls, msg, ls->t.token);
}

noreturn void lex_error_at(Lexer *ls, int line, const char *msg)
{
    throw_message(ls, "%s:%d: %s", ls->chunkname, line, msg);
}

/* ---- lines ---- */

static void inclinenumber(Lexer *ls)
{
    int old = ls->current;
    next(ls);   /* skip '\n' or '\r' */
    if (curr_is_newline(ls) && ls->current != old)
        next(ls);   /* skip '\n\r' or '\r\n' */
    if (ls->linenumber >= 0x7ffffff0)
        lexerror(ls, "chunk has too many lines", 0);
    ls->linenumber++;
}

static bool check_next1(Lexer *ls, int c)
{
    if (ls->current == c) {
        next(ls);
        return true;
    }
    return false;
}

/* Saves the current character if it is one of the two in set. */
static bool check_next2(Lexer *ls, const char *set)
{
    if (ls->current == set[0] || ls->current == set[1]) {
        save_and_next(ls);
        return true;
    }
    return false;
}

/* ---- numerals ---- */

static int read_numeral(Lexer *ls, SemInfo *seminfo)
{
    const char *expo = "Ee";
    int first = ls->current;
    save_and_next(ls);
    if (first == '0' && check_next2(ls, "xX"))
        expo = "Pp";
    for (;;) {
        if (check_next2(ls, expo))
            check_next2(ls, "-+");
        else if (is_xdigit(ls->current) || ls->current == '.')
            save_and_next(ls);
        else
            break;
    }
    if (is_alpha(ls->current))   /* numeral touching a letter: an error */
        save_and_next(ls);
    save(ls, '\0');
    TValue v;
    if (num_str2num(ls->buf, ls->buflen - 1, &v) == 0)
        lexerror(ls, "malformed number", TK_FLT);
    ls->buflen--;   /* drop the '\0' again */
    if (isint(&v)) {
        seminfo->i = ivalue(&v);
        return TK_INT;
    }
    seminfo->r = fltvalue(&v);
    return TK_FLT;
}

/* ---- long strings and comments ---- */

/* Reads '[' '='* '[' or ']' '='* ']'. Returns the level + 2 when well
 * formed, 1 for a lone bracket, 0 for brackets with '=' but no second one. */
static size_t skip_sep(Lexer *ls)
{
    size_t count = 0;
    int s = ls->current;
    save_and_next(ls);
    while (ls->current == '=') {
        save_and_next(ls);
        count++;
    }
    return ls->current == s ? count + 2 : count == 0 ? 1 : 0;
}

static void read_long_string(Lexer *ls, SemInfo *seminfo, size_t sep)
{
    int line = ls->linenumber;
    save_and_next(ls);   /* second '[' */
    if (curr_is_newline(ls))
        inclinenumber(ls);   /* a first newline is skipped */
    for (;;) {
        switch (ls->current) {
        case EOZ: {
            char msg[80];
            snprintf(msg, sizeof msg,
                     "unfinished long %s (starting at line %d)",
                     seminfo ? "string" : "comment", line);
            lexerror(ls, msg, TK_EOS);
        }
        case ']':
            if (skip_sep(ls) == sep) {
                save_and_next(ls);
                goto done;
            }
            break;
        case '\n': case '\r':
            save(ls, '\n');
            inclinenumber(ls);
            if (!seminfo)
                ls->buflen = 0;   /* comments need no text */
            break;
        default:
            if (seminfo)
                save_and_next(ls);
            else
                next(ls);
        }
    }
done:
    if (seminfo)
        seminfo->ts = lex_newstring(ls, ls->buf + sep, ls->buflen - 2 * sep);
}

/* ---- short strings and escapes ---- */

static void esccheck(Lexer *ls, bool ok, const char *msg)
{
    if (!ok) {
        if (ls->current != EOZ)
            save_and_next(ls);   /* the offending character, for the message */
        lexerror(ls, msg, TK_STRING);
    }
}

static int gethexa(Lexer *ls)
{
    save_and_next(ls);
    esccheck(ls, is_xdigit(ls->current), "hexadecimal digit expected");
    return hexavalue(ls->current);
}

static int readhexaesc(Lexer *ls)
{
    int r = gethexa(ls);
    r = (r << 4) + gethexa(ls);
    ls->buflen -= 2;   /* remove the saved 'x' and first digit */
    return r;
}

static unsigned long readutf8esc(Lexer *ls)
{
    size_t i = 4;   /* saved chars to remove: '\', 'u', '{', first digit */
    save_and_next(ls);   /* skip 'u' */
    esccheck(ls, ls->current == '{', "missing '{'");
    unsigned long r = (unsigned long)gethexa(ls);
    for (;;) {
        save_and_next(ls);
        if (!is_xdigit(ls->current))
            break;
        i++;
        esccheck(ls, r <= (0x7FFFFFFFu >> 4), "UTF-8 value too large");
        r = (r << 4) + (unsigned long)hexavalue(ls->current);
    }
    esccheck(ls, ls->current == '}', "missing '}'");
    next(ls);
    ls->buflen -= i;
    return r;
}

/* Lua's UTF-8 encoding of values up to 2^31 (up to 6 bytes). */
static void utf8esc(Lexer *ls)
{
    unsigned long x = readutf8esc(ls);
    char buff[8];
    int n = 1;
    if (x < 0x80) {
        buff[7] = (char)x;
    } else {
        unsigned int mfb = 0x3f;   /* largest value that fits the first byte */
        do {
            buff[8 - (n++)] = (char)(0x80 | (x & 0x3f));
            x >>= 6;
            mfb >>= 1;
        } while (x > mfb);
        buff[8 - n] = (char)((~mfb << 1) | x);
    }
    for (; n > 0; n--)
        save(ls, buff[8 - n]);
}

static int readdecesc(Lexer *ls)
{
    int r = 0, i;
    for (i = 0; i < 3 && is_digit(ls->current); i++) {
        r = 10 * r + ls->current - '0';
        save_and_next(ls);
    }
    esccheck(ls, r <= 255, "decimal escape too large");
    ls->buflen -= (size_t)i;
    return r;
}

/* One escape sequence (the '\' is current). Leaves the decoded byte(s) in
 * the buffer in place of the escape's text. */
static void read_escape(Lexer *ls)
{
    int c;
    save_and_next(ls);   /* keep '\' for error messages */
    switch (ls->current) {
    case 'a': c = '\a'; break;
    case 'b': c = '\b'; break;
    case 'f': c = '\f'; break;
    case 'n': c = '\n'; break;
    case 'r': c = '\r'; break;
    case 't': c = '\t'; break;
    case 'v': c = '\v'; break;
    case 'x': c = readhexaesc(ls); break;
    case '\\': case '"': case '\'': c = ls->current; break;
    case 'u':
        utf8esc(ls);
        return;
    case '\n': case '\r':
        inclinenumber(ls);
        ls->buflen--;
        save(ls, '\n');
        return;
    case EOZ:
        return;   /* "unfinished string" comes next */
    case 'z':
        ls->buflen--;   /* remove '\' */
        next(ls);
        while (is_space(ls->current)) {
            if (curr_is_newline(ls))
                inclinenumber(ls);
            else
                next(ls);
        }
        return;
    default:
        esccheck(ls, is_digit(ls->current), "invalid escape sequence");
        c = readdecesc(ls);
        ls->buflen--;
        save(ls, c);
        return;
    }
    next(ls);
    ls->buflen--;   /* remove '\' */
    save(ls, c);
}

static void read_string(Lexer *ls, int del, SemInfo *seminfo)
{
    save_and_next(ls);   /* keep the delimiter, for error messages */
    while (ls->current != del) {
        switch (ls->current) {
        case EOZ:
            lexerror(ls, "unfinished string", TK_EOS);
        case '\n': case '\r':
            lexerror(ls, "unfinished string", TK_STRING);
        case '\\':
            read_escape(ls);
            break;
        default:
            save_and_next(ls);
        }
    }
    save_and_next(ls);   /* closing delimiter */
    seminfo->ts = lex_newstring(ls, ls->buf + 1, ls->buflen - 2);
}

/* ---- the scanner ---- */

static int read_name(Lexer *ls, SemInfo *seminfo)
{
    do
        save_and_next(ls);
    while (is_alnum(ls->current));
    String *ts = lex_newstring(ls, ls->buf, ls->buflen);
    seminfo->ts = ts;
    if (ts->reserved)
        return ts->reserved - 1 + FIRST_RESERVED;
    return TK_NAME;
}

/* Skips a comment; the leading "--" is consumed. */
static void skip_comment(Lexer *ls)
{
    if (ls->current == '[') {
        size_t sep = skip_sep(ls);
        ls->buflen = 0;
        if (sep >= 2) {
            read_long_string(ls, NULL, sep);
            ls->buflen = 0;
            return;
        }
    }
    while (!curr_is_newline(ls) && ls->current != EOZ)
        next(ls);
}

static int llex(Lexer *ls, SemInfo *seminfo)
{
    ls->buflen = 0;
    for (;;) {
        switch (ls->current) {
        case '\n': case '\r':
            inclinenumber(ls);
            break;
        case ' ': case '\f': case '\t': case '\v':
            next(ls);
            break;
        case '-':
            next(ls);
            if (ls->current != '-')
                return '-';
            next(ls);
            skip_comment(ls);
            break;
        case '[': {
            size_t sep = skip_sep(ls);
            if (sep >= 2) {
                read_long_string(ls, seminfo, sep);
                return TK_STRING;
            }
            if (sep == 0)
                lexerror(ls, "invalid long string delimiter", TK_STRING);
            return '[';
        }
        case '=':
            next(ls);
            return check_next1(ls, '=') ? TK_EQ : '=';
        case '<':
            next(ls);
            if (check_next1(ls, '='))
                return TK_LE;
            return check_next1(ls, '<') ? TK_SHL : '<';
        case '>':
            next(ls);
            if (check_next1(ls, '='))
                return TK_GE;
            return check_next1(ls, '>') ? TK_SHR : '>';
        case '/':
            next(ls);
            return check_next1(ls, '/') ? TK_IDIV : '/';
        case '~':
            next(ls);
            return check_next1(ls, '=') ? TK_NE : '~';
        case ':':
            next(ls);
            return check_next1(ls, ':') ? TK_DBCOLON : ':';
        case '"': case '\'':
            read_string(ls, ls->current, seminfo);
            return TK_STRING;
        case '.':
            save_and_next(ls);
            if (check_next1(ls, '.'))
                return check_next1(ls, '.') ? TK_DOTS : TK_CONCAT;
            if (!is_digit(ls->current))
                return '.';
            return read_numeral(ls, seminfo);
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
            return read_numeral(ls, seminfo);
        case EOZ:
            return TK_EOS;
        default:
            if (is_alpha(ls->current))
                return read_name(ls, seminfo);
            int c = ls->current;   /* a single-character token */
            next(ls);
            return c;
        }
    }
}

void lex_next(Lexer *ls)
{
    ls->lastline = ls->linenumber;
    if (ls->ahead.token != NO_LOOKAHEAD) {
        ls->t = ls->ahead;
        ls->ahead.token = NO_LOOKAHEAD;
    } else {
        ls->t.token = llex(ls, &ls->t.seminfo);
    }
}

int lex_lookahead(Lexer *ls)
{
    ls->ahead.token = llex(ls, &ls->ahead.seminfo);
    return ls->ahead.token;
}
