/* ir_text.c — reads the text that ir_dump writes back into a Trace (the
 * format is described in ir_text.h). It exists for tests: a case is
 * written as IR text, parsed, optimised, and compared with the expected
 * text parsed the same way, so whitespace and leading zeros do not matter.
 *
 * The parser is driven by each op's operand kinds (ir_opnd), so a token is
 * read as a ref, a literal or a constant payload according to its place. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ir_text.h"

typedef struct Parser {
    Trace *T;
    char **tok;             /* the current line's tokens */
    int ntok, pos;
    int line;
    char *err;
    size_t errlen;
} Parser;

static bool perr(Parser *P, const char *fmt, ...)
{
    if (P->err && P->errlen) {
        int n = P->line ? snprintf(P->err, P->errlen, "line %d: ", P->line)
                        : snprintf(P->err, P->errlen, "structure: ");
        va_list ap;
        va_start(ap, fmt);
        if (n >= 0 && (size_t)n < P->errlen)
            vsnprintf(P->err + n, P->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return false;
}

/* Split one line (modified in place) into tokens: whitespace separates,
 * ';' ends the line. ir_parse has already put spaces around braces. */
static void tokenize(Parser *P, char *s)
{
    P->ntok = P->pos = 0;
    for (;;) {
        while (*s == ' ' || *s == '\t' || *s == '\r')
            *s++ = '\0';
        if (*s == '\0' || *s == ';')
            break;
        P->tok[P->ntok++] = s;
        while (*s && *s != ' ' && *s != '\t' && *s != '\r' && *s != ';')
            s++;
    }
    *s = '\0';
}

/* Copy one line of n characters to buf (room for 3n+1), braces spaced out
 * so that "{0=-:1}" reads like "{ 0=-:1 }". */
static void copy_line(char *buf, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '{' || s[i] == '}') {
            *buf++ = ' ';
            *buf++ = s[i];
            *buf++ = ' ';
        } else {
            *buf++ = s[i];
        }
    }
    *buf = '\0';
}

/* Grow one of the snapshot arrays by one element (test-sized inputs). */
static void *grow1(void *p, uint32_t n, uint32_t *max, size_t elem)
{
    void *q = realloc(p, (n + 1) * elem);
    if (q == NULL)
        abort();
    *max = n + 1;
    return q;
}

static const char *next(Parser *P)
{
    return P->pos < P->ntok ? P->tok[P->pos++] : NULL;
}

static const char *peek(Parser *P)
{
    return P->pos < P->ntok ? P->tok[P->pos] : NULL;
}

static bool parse_u64(const char *s, int base, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, base);
    if (errno || end == s || *end || *s == '-')
        return false;
    *out = v;
    return true;
}

static bool parse_i64(const char *s, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end)
        return false;
    *out = v;
    return true;
}

static bool parse_ref(const char *s, IRRef *out)
{
    uint64_t v;
    if (strcmp(s, "-") == 0) {
        *out = IRREF_NONE;
        return true;
    }
    if (!parse_u64(s, 10, &v) || v > UINT32_MAX)
        return false;
    *out = (IRRef)v;
    return true;
}

static bool parse_ptr(const char *s, uint64_t *out)
{
    return strncmp(s, "0x", 2) == 0 && parse_u64(s + 2, 16, out);
}

static bool parse_flt(const char *s, double *out)
{
    if (strncmp(s, "nan:", 4) == 0) {
        uint64_t bits;
        if (!parse_ptr(s + 4, &bits))
            return false;
        memcpy(out, &bits, sizeof bits);
        return *out != *out;
    }
    char *end;
    *out = strtod(s, &end);
    return end != s && *end == '\0';
}

/* ---- instructions ---- */

static bool parse_const(Parser *P, IROp op, IRType type)
{
    const char *s = next(P);
    if (s == NULL)
        return perr(P, "%s needs a value", ir_opnames[op]);
    IRRef want = P->T->nins, got;
    if (op == IR_KINT) {
        int64_t i;
        if (!parse_i64(s, &i))
            return perr(P, "bad integer '%s'", s);
        got = ir_ktyped(P->T, type, i);
    } else if (op == IR_KFLT) {
        double n;
        if (!parse_flt(s, &n))
            return perr(P, "bad float '%s'", s);
        got = ir_kflt(P->T, n);
    } else {
        uint64_t p;
        if (!parse_ptr(s, &p))
            return perr(P, "bad pointer '%s'", s);
        got = ir_kptr(P->T, (const void *)(uintptr_t)p);
    }
    if (got != want)
        return perr(P, "constant repeats %04u (constants are interned)", got);
    return true;
}

static bool parse_operand(Parser *P, IROp op, int which, IRRef *out)
{
    IROpnd kind = ir_opnd(op, which);
    *out = IRREF_NONE;
    if (kind == IROPND_NONE)
        return true;
    const char *s = next(P);
    if (s == NULL)
        return perr(P, "%s needs operand %c", ir_opnames[op], "ab"[which]);
    if (kind == IROPND_REF) {
        if (!parse_ref(s, out))
            return perr(P, "bad ref '%s'", s);
        return true;
    }
    int64_t v;
    if (s[0] != '#' || !parse_i64(s + 1, &v) || v < INT32_MIN || v > INT32_MAX)
        return perr(P, "bad literal '%s' (want #n)", s);
    *out = (IRRef)(uint32_t)(int32_t)v;
    return true;
}

static bool lookup_name(const char *s, const char *const *names, int n, int *out)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = i;
            return true;
        }
    return false;
}

static uint16_t parse_flags(Parser *P)
{
    const char *s = peek(P);
    uint16_t flags = 0;
    if (s == NULL || strchr(">+*", s[0]) == NULL)
        return 0;
    for (; *s; s++)
        flags |= *s == '>' ? IRF_GUARD : *s == '+' ? IRF_INV : *s == '*' ? IRF_MARK : 0;
    P->pos++;
    return flags;
}

static bool parse_guard_snap(Parser *P, IRIns *ins)
{
    const char *s = peek(P);
    uint64_t v;
    if (s && strncmp(s, "->", 2) == 0) {
        P->pos++;
        if (!parse_u64(s + 2, 10, &v))
            return perr(P, "bad snapshot '%s'", s);
        ins->snap = (uint32_t)v;
    } else if (P->T->nsnaps > 0) {
        ins->snap = P->T->nsnaps - 1;
    } else {
        return perr(P, "guard before any snapshot");
    }
    if (ins->snap >= P->T->nsnaps)
        return perr(P, "no snapshot #%u yet", ins->snap);
    return true;
}

static bool parse_ins(Parser *P)
{
    IRRef ref;
    if (!parse_ref(next(P), &ref) || ref != P->T->nins)
        return perr(P, "expected ref %04u first", P->T->nins);
    IRIns ins;
    memset(&ins, 0, sizeof ins);
    ins.flags = parse_flags(P);
    const char *ts = next(P), *os = next(P);
    int type, op;
    if (ts == NULL || !lookup_name(ts, ir_typenames, IRT__COUNT, &type))
        return perr(P, "bad type '%s'", ts ? ts : "");
    if (os == NULL || !lookup_name(os, ir_opnames, IR__COUNT, &op))
        return perr(P, "bad op '%s'", os ? os : "");
    if (ir_iskop((IROp)op)) {
        if (ins.flags)
            return perr(P, "constants take no flags");
        if (!parse_const(P, (IROp)op, (IRType)type))
            return false;
    } else {
        ins.op = (uint8_t)op;
        ins.type = (uint8_t)type;
        if (!parse_operand(P, (IROp)op, 0, &ins.a) || !parse_operand(P, (IROp)op, 1, &ins.b))
            return false;
        if ((ins.flags & IRF_GUARD) && !parse_guard_snap(P, &ins))
            return false;
        ir_append(P->T, &ins);
    }
    if (peek(P))
        return perr(P, "unexpected '%s'", peek(P));
    return true;
}

/* ---- snapshots ---- */

static bool parse_entry(Parser *P, const char *s, SnapEntry *e)
{
    char buf[64];
    int64_t slot;
    if (strlen(s) >= sizeof buf)
        return perr(P, "bad snapshot entry '%s'", s);
    strcpy(buf, s);
    char *eq = strchr(buf, '='), *colon = eq ? strchr(eq, ':') : NULL;
    if (colon == NULL)
        return perr(P, "bad snapshot entry '%s' (want slot=tag:val)", s);
    *eq = *colon = '\0';
    if (!parse_i64(buf, &slot) || slot < INT32_MIN || slot > INT32_MAX ||
        !parse_ref(eq + 1, &e->tag) || !parse_ref(colon + 1, &e->val))
        return perr(P, "bad snapshot entry '%s'", s);
    e->slot = (int32_t)slot;
    return true;
}

static bool parse_frame(Parser *P, const char *s, SnapFrame *f)
{
    long long base, nres;
    unsigned long long clo, retpc;
    char tail;
    if (sscanf(s, "%lld:0x%llx:0x%llx:%lld%c", &base, &clo, &retpc, &nres, &tail) != 4)
        return perr(P, "bad frame '%s' (want base:0xclosure:0xretpc:nresults)", s);
    f->base = (int32_t)base;
    f->closure = (const void *)(uintptr_t)clo;
    f->retpc = (const uint32_t *)(uintptr_t)retpc;
    f->nresults = (int32_t)nres;
    return true;
}

/* Reads "{ item ... }" into the snapshot arrays; frames or entries. */
static bool parse_group(Parser *P, bool frames, uint32_t *count)
{
    Trace *T = P->T;
    const char *s = next(P);
    if (s == NULL || strcmp(s, "{") != 0)
        return perr(P, "expected '{'");
    *count = 0;
    while ((s = next(P)) != NULL && strcmp(s, "}") != 0) {
        if (frames) {
            SnapFrame f;
            if (!parse_frame(P, s, &f))
                return false;
            T->snapframes = grow1(T->snapframes, T->nsnapframes, &T->maxsnapframes, sizeof f);
            T->snapframes[T->nsnapframes++] = f;
        } else {
            SnapEntry e;
            if (!parse_entry(P, s, &e))
                return false;
            T->snapmap = grow1(T->snapmap, T->nsnapmap, &T->maxsnapmap, sizeof e);
            T->snapmap[T->nsnapmap++] = e;
        }
        (*count)++;
    }
    return s != NULL || perr(P, "expected '}'");
}

/* The snapshot is appended as written (no merging: the text is explicit). */
static bool parse_snap(Parser *P)
{
    Trace *T = P->T;
    const char *s = next(P);
    uint64_t v;
    if (s && strcmp(s, "....") == 0)
        s = next(P);
    if (s == NULL || strcmp(s, "SNAP") != 0)
        return perr(P, "expected SNAP");
    s = next(P);
    if (s == NULL || s[0] != '#' || !parse_u64(s + 1, 10, &v) || v != T->nsnaps)
        return perr(P, "expected snapshot number #%u", T->nsnaps);
    Snapshot snap = {.ref = T->nins, .entry = T->nsnapmap, .frame = T->nsnapframes};
    bool seen_entries = false, seen_frames = false;
    while ((s = peek(P)) != NULL) {
        if (strncmp(s, "pc=", 3) == 0) {
            if (!parse_ptr(s + 3, &v))
                return perr(P, "bad pc '%s'", s);
            snap.pc = (const uint32_t *)(uintptr_t)v;
            P->pos++;
        } else if (strncmp(s, "down=", 5) == 0) {
            if (!parse_u64(s + 5, 10, &v) || v > UINT32_MAX)
                return perr(P, "bad frame count '%s'", s);
            snap.down = (uint32_t)v;
            P->pos++;
        } else if (strncmp(s, "top=", 4) == 0) {
            int64_t top;
            if (!parse_i64(s + 4, &top) || top < INT32_MIN || top > INT32_MAX)
                return perr(P, "bad top slot '%s'", s);
            snap.has_top = true;
            snap.top = (int32_t)top;
            P->pos++;
        } else if (strncmp(s, "exits=", 6) == 0) {
            if (!parse_u64(s + 6, 10, &v) || v > UINT32_MAX)
                return perr(P, "bad exit count '%s'", s);
            snap.exits = (uint32_t)v;
            P->pos++;
        } else if (strcmp(s, "frames") == 0) {
            P->pos++;
            if (seen_frames || !parse_group(P, true, &snap.nframes))
                return seen_frames ? perr(P, "frames given twice") : false;
            seen_frames = true;
        } else {
            if (seen_entries || !parse_group(P, false, &snap.nentries))
                return seen_entries ? perr(P, "entries given twice") : false;
            seen_entries = true;
        }
    }
    T->snaps = grow1(T->snaps, T->nsnaps, &T->maxsnaps, sizeof snap);
    T->snaps[T->nsnaps++] = snap;
    return true;
}

/* ---- lines ---- */

static bool parse_line(Parser *P, char *line)
{
    tokenize(P, line);
    if (P->ntok == 0)
        return true;
    const char *first = P->tok[0];
    if (strcmp(first, "....") == 0 || strcmp(first, "SNAP") == 0)
        return parse_snap(P);
    return parse_ins(P);
}

bool ir_parse(Trace *T, const char *text, char *err, size_t errlen)
{
    Parser P = {.T = T, .err = err, .errlen = errlen};
    ir_init(T);
    size_t cap = 3 * strlen(text) + 1;
    char *buf = malloc(cap);
    P.tok = malloc((cap / 2 + 2) * sizeof(char *));   /* a token takes 2 chars or more */
    if (buf == NULL || P.tok == NULL) {
        free(buf);
        free(P.tok);
        return perr(&P, "out of memory");
    }
    const char *s = text;
    bool ok = true;
    while (ok && *s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        copy_line(buf, s, n);
        P.line++;
        ok = parse_line(&P, buf);
        s += n + (nl != NULL);
    }
    free(buf);
    free(P.tok);
    if (ok) {
        char msg[200];
        if (!ir_check(T, msg, sizeof msg)) {
            P.line = 0;   /* a whole-trace error: no line to name */
            ok = perr(&P, "%s", msg);
        }
    }
    return ok;
}
