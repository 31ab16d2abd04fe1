/* lib_string.c — the string library of Tier 1 (no patterns: find, match,
 * gmatch and gsub are Tier 2 and deliberately absent), and the metatable
 * shared by all strings. string.format is in strformat.c. */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "libaux.h"
#include "mtstring.h"
#include "table.h"

/* Lua 5.4 refuses results longer than this (lstrlib.c's MAXSIZE). */
#define STR_MAXSIZE ((size_t)INT_MAX)

/* A start position: negative counts from the end; clipped to >= 1. */
static size_t start_pos(int64_t pos, size_t len)
{
    if (pos > 0)
        return (size_t)pos;
    if (pos == 0)
        return 1;
    if (pos < -(int64_t)len)
        return 1;
    return len + (size_t)pos + 1;
}

/* An end position: negative counts from the end; clipped to [0, len]. */
static size_t end_pos(int64_t pos, size_t len)
{
    if (pos > (int64_t)len)
        return len;
    if (pos >= 0)
        return (size_t)pos;
    if (pos < -(int64_t)len)
        return 0;
    return len + (size_t)pos + 1;
}

static int str_len(State *S, TValue *args, int nargs)
{
    mt_pushint(S, (int64_t)lib_checkstring(S, args, nargs, 1)->len);
    return 1;
}

static int str_sub(State *S, TValue *args, int nargs)
{
    String *s = lib_checkstring(S, args, nargs, 1);
    size_t start = start_pos(lib_checkinteger(S, args, nargs, 2), s->len);
    size_t end = end_pos(lib_optinteger(S, args, nargs, 3, -1), s->len);
    if (start > end)
        mt_pushlstring(S, "", 0);
    else if (start == 1 && end == s->len)
        mt_pushstr(S, s);
    else
        mt_pushlstring(S, s->data + start - 1, end - start + 1);
    return 1;
}

static int str_byte(State *S, TValue *args, int nargs)
{
    String *s = lib_checkstring(S, args, nargs, 1);
    int64_t i = lib_optinteger(S, args, nargs, 2, 1);
    size_t first = start_pos(i, s->len);
    size_t last = end_pos(lib_optinteger(S, args, nargs, 3, i), s->len);
    if (first > last)
        return 0;
    if (last - first >= (size_t)INT_MAX)
        mt_errorf(S, "string slice too long");
    int n = (int)(last - first) + 1;
    if (S->stack_last - S->top < n)   /* luaL_checkstack's wording */
        mt_errorf(S, "stack overflow (string slice too long)");
    mt_checkstack(S, n);
    for (int k = 0; k < n; k++)
        mt_pushint(S, (unsigned char)s->data[first - 1 + (size_t)k]);
    return n;
}

/* s:byte(i) with one result wanted, as a pure function for the tracer:
 * the byte, or -1 where string.byte returns nothing. */
int64_t lib_str_byte1(const String *s, int64_t i)
{
    size_t first = start_pos(i, s->len), last = end_pos(i, s->len);
    return first > last ? -1 : (int64_t)(unsigned char)s->data[first - 1];
}

const CFunc lib_string_byte = str_byte;

static int str_char(State *S, TValue *args, int nargs)
{
    /* check every argument before allocating, so no error leaks memory */
    for (int i = 1; i <= nargs; i++)
        if ((uint64_t)lib_checkinteger(S, args, nargs, i) > UCHAR_MAX)
            mt_argerror(S, i, "value out of range");
    LibBuf b;
    buf_init(&b);
    char *p = buf_reserve(S, &b, (size_t)nargs + 1);
    for (int i = 1; i <= nargs; i++)
        p[i - 1] = (char)lib_checkinteger(S, args, nargs, i);
    b.n = (size_t)nargs;
    buf_push(S, &b);
    return 1;
}

const CFunc lib_string_char = str_char;

String *lib_str_char1(State *S, int64_t c)
{
    if ((uint64_t)c > UCHAR_MAX)
        return NULL;
    char byte = (char)c;
    return str_find(S, &byte, 1);
}

static int str_rep(State *S, TValue *args, int nargs)
{
    String *s = lib_checkstring(S, args, nargs, 1);
    int64_t n = lib_checkinteger(S, args, nargs, 2);
    String *sep = lib_optstring(S, args, nargs, 3, NULL);
    size_t lsep = sep == NULL ? 0 : sep->len;
    size_t l = s->len;
    if (n <= 0) {
        mt_pushlstring(S, "", 0);
        return 1;
    }
    if (l + lsep < l || l + lsep > STR_MAXSIZE / (uint64_t)n)
        mt_errorf(S, "resulting string too large");
    size_t total = (size_t)n * l + (size_t)(n - 1) * lsep;
    if (total == 0) {
        mt_pushlstring(S, "", 0);
        return 1;
    }
    char *p = malloc(total + 1);
    if (p == NULL)
        mt_errorf(S, "not enough memory");
    char *q = p;
    for (int64_t i = 0; i < n; i++) {
        memcpy(q, s->data, l);
        q += l;
        if (lsep > 0 && i + 1 < n) {
            memcpy(q, sep->data, lsep);
            q += lsep;
        }
    }
    mt_pushlstring(S, p, total);
    free(p);
    return 1;
}

/* reverse, upper, lower: a byte-for-byte transformation of one string */
enum { XF_REVERSE, XF_UPPER, XF_LOWER };

static int transform(State *S, TValue *args, int nargs, int how)
{
    String *s = lib_checkstring(S, args, nargs, 1);
    size_t l = s->len;
    char *p = malloc(l + 1);
    if (p == NULL)
        mt_errorf(S, "not enough memory");
    for (size_t i = 0; i < l; i++) {
        unsigned char c = (unsigned char)s->data[i];
        switch (how) {
        case XF_REVERSE: p[i] = s->data[l - 1 - i]; break;
        case XF_UPPER: p[i] = (char)toupper(c); break;
        default: p[i] = (char)tolower(c); break;
        }
    }
    mt_pushlstring(S, p, l);
    free(p);
    return 1;
}

static int str_reverse(State *S, TValue *args, int nargs)
{
    return transform(S, args, nargs, XF_REVERSE);
}

static int str_upper(State *S, TValue *args, int nargs)
{
    return transform(S, args, nargs, XF_UPPER);
}

static int str_lower(State *S, TValue *args, int nargs)
{
    return transform(S, args, nargs, XF_LOWER);
}

static const LibReg string_funcs[] = {
    { "len", str_len },         { "sub", str_sub },
    { "byte", str_byte },       { "char", str_char },
    { "rep", str_rep },         { "reverse", str_reverse },
    { "upper", str_upper },     { "lower", str_lower },
    { "format", lib_str_format },
    { NULL, NULL }
};

void lib_open_string(State *S)
{
    Table *string = lib_newlib(S, "string", string_funcs);
    Table *meta = tab_new(S, 0, 2);
    TValue v;
    settable(&v, string);
    lib_setfield(S, meta, "__index", &v);
    S->string_meta = meta;
}
