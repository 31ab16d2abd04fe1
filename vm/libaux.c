/* libaux.c — what every library file shares: building library tables,
 * checking arguments with Lua's exact messages, a string buffer, and
 * mt_openlibs. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libaux.h"
#include "mtstring.h"
#include "number.h"
#include "table.h"

/* ---- opening the libraries ---- */

void mt_openlibs(State *S)
{
    lib_open_base(S);
    lib_open_package(S);
    lib_open_string(S);
    lib_open_table(S);
    lib_open_math(S);
    lib_open_io(S);
    lib_open_os(S);
    lib_open_mtvm(S);
    lib_open_unsupported(S);   /* last: it fills holes in the modules */
}

Table *lib_newlib(State *S, const char *name, const LibReg *funcs)
{
    uint32_t n = 0;
    while (funcs[n].name != NULL)
        n++;
    /* Allocation never collects, so the table is safe until it is rooted
     * in the globals just below. */
    Table *t = tab_new(S, 0, n);
    TValue tv;
    settable(&tv, t);
    lib_setfield(S, S->globals, name, &tv);
    lib_setfield(S, S->loaded, name, &tv);
    for (uint32_t i = 0; i < n; i++)
        lib_setcfunc(S, t, funcs[i].name, funcs[i].func);
    return t;
}

/* ---- raw table helpers ---- */

void lib_rawset(State *S, Table *t, const TValue *k, const TValue *v)
{
    tab_set(S, t, k, v);
    if (isstr(k) && strvalue(k)->len >= 2 && strvalue(k)->data[0] == '_' &&
        strvalue(k)->data[1] == '_')
        tab_invalidate_tm(t);
}

void lib_setfield(State *S, Table *t, const char *key, const TValue *v)
{
    TValue k;
    setstr(&k, str_newc(S, key));
    lib_rawset(S, t, &k, v);
}

void lib_setcfunc(State *S, Table *t, const char *key, CFunc f)
{
    TValue v;
    setcfn(&v, f);
    lib_setfield(S, t, key, &v);
}

void lib_setint(State *S, Table *t, const char *key, int64_t i)
{
    TValue v;
    setint(&v, i);
    lib_setfield(S, t, key, &v);
}

void lib_setflt(State *S, Table *t, const char *key, double n)
{
    TValue v;
    setflt(&v, n);
    lib_setfield(S, t, key, &v);
}

void lib_setstring(State *S, Table *t, const char *key, const char *s)
{
    TValue v;
    setstr(&v, str_newc(S, s));
    lib_setfield(S, t, key, &v);
}

TValue *lib_pushslot(State *S)
{
    mt_pushnil(S);
    return S->top - 1;
}

void lib_geti(State *S, TValue *t, int64_t i, TValue *dst)
{
    if (istable(t) && tabvalue(t)->meta == NULL) {
        *dst = *tab_getint(tabvalue(t), i);
        return;
    }
    TValue k;
    setint(&k, i);
    mt_gettable(S, t, &k, dst);
}

void lib_seti(State *S, TValue *t, int64_t i, const TValue *v)
{
    if (istable(t) && tabvalue(t)->meta == NULL) {
        tab_setint(S, tabvalue(t), i, v);
        return;
    }
    TValue k;
    setint(&k, i);
    mt_settable(S, t, &k, v);
}

int64_t lib_len(State *S, TValue *o)
{
    if (istable(o) && tabvalue(o)->meta == NULL)
        return tab_len(tabvalue(o));
    TValue *res = lib_pushslot(S);
    mt_objlen(S, o, res);
    int64_t n;
    if (!isint(res) && !(isflt(res) && num_flt2int(fltvalue(res), &n)))
        mt_errorf(S, "object length is not an integer");
    n = isint(res) ? ivalue(res) : n;
    S->top--;
    return n;
}

const TValue *lib_metafield(State *S, const TValue *o, const char *event)
{
    Table *mt = mt_getmetatable(S, o);
    if (mt == NULL)
        return NULL;
    const TValue *v = tab_getstr(mt, str_newc(S, event));
    return isnil(v) ? NULL : v;
}

/* ---- errors ---- */

noreturn void lib_rawerror(State *S, const char *msg)
{
    mt_pushcstring(S, msg);
    mt_error(S);
}

noreturn void lib_typeerror(State *S, TValue *args, int nargs, int i,
                            const char *expected)
{
    /* as luaL_typeerror: __name from any value's metatable */
    const char *got = "no value";
    if (i <= nargs) {
        const TValue *name = lib_metafield(S, &args[i - 1], "__name");
        got = name != NULL && isstr(name) ? strvalue(name)->data
                                          : mt_tag_names[ttype(&args[i - 1])];
    }
    char msg[200];
    snprintf(msg, sizeof msg, "%s expected, got %s", expected, got);
    mt_argerror(S, i, msg);
}

/* ---- argument checks ---- */

int64_t lib_checkinteger(State *S, TValue *args, int nargs, int i)
{
    if (i <= nargs) {
        TValue *a = &args[i - 1];
        int64_t n;
        if (isint(a))
            return ivalue(a);
        if (num_tointeger(a, &n))
            return n;
        double d;
        if (num_tonumber(a, &d))   /* a number, just not an integral one */
            mt_argerror(S, i, "number has no integer representation");
    }
    lib_typeerror(S, args, nargs, i, "number");
}

int64_t lib_optinteger(State *S, TValue *args, int nargs, int i, int64_t def)
{
    return lib_noneornil(args, nargs, i) ? def : lib_checkinteger(S, args, nargs, i);
}

double lib_checknumber(State *S, TValue *args, int nargs, int i)
{
    double d;
    if (i <= nargs && num_tonumber(&args[i - 1], &d))
        return d;
    lib_typeerror(S, args, nargs, i, "number");
}

double lib_optnumber(State *S, TValue *args, int nargs, int i, double def)
{
    return lib_noneornil(args, nargs, i) ? def : lib_checknumber(S, args, nargs, i);
}

String *lib_checkstring(State *S, TValue *args, int nargs, int i)
{
    if (i <= nargs) {
        TValue *a = &args[i - 1];
        if (isstr(a))
            return strvalue(a);
        if (isnumber(a)) {
            char buf[MT_NUMBUF];
            int len = num_tostr(a, buf);
            String *s = str_new(S, buf, (size_t)len);
            setstr(a, s);   /* in place, as lua_tolstring does */
            return s;
        }
    }
    lib_typeerror(S, args, nargs, i, "string");
}

String *lib_optstring(State *S, TValue *args, int nargs, int i, String *def)
{
    return lib_noneornil(args, nargs, i) ? def : lib_checkstring(S, args, nargs, i);
}

Table *lib_checktable(State *S, TValue *args, int nargs, int i)
{
    if (i <= nargs && istable(&args[i - 1]))
        return tabvalue(&args[i - 1]);
    lib_typeerror(S, args, nargs, i, "table");
}

void lib_checkany(State *S, int nargs, int i)
{
    if (i > nargs)
        mt_argerror(S, i, "value expected");
}

void lib_checktype(State *S, TValue *args, int nargs, int i, int tag)
{
    if (i > nargs || ttype(&args[i - 1]) != tag) {
        /* both function tags count as "function" */
        if (i <= nargs && tag == T_LCL && isfunction(&args[i - 1]))
            return;
        lib_typeerror(S, args, nargs, i, mt_tag_names[tag]);
    }
}

/* ---- the string buffer ---- */

void buf_init(LibBuf *b)
{
    b->p = b->init;
    b->n = 0;
    b->cap = sizeof b->init;
}

char *buf_reserve(State *S, LibBuf *b, size_t n)
{
    if (b->cap - b->n >= n)
        return b->p + b->n;
    size_t cap = b->cap * 2;
    if (cap - b->n < n)
        cap = b->n + n;
    char *p = b->p == b->init ? malloc(cap) : realloc(b->p, cap);
    if (p == NULL) {
        buf_free(b);
        mt_pushcstring(S, "not enough memory");
        mt_throw(S, MT_ERRMEM);
    }
    if (b->p == b->init)
        memcpy(p, b->init, b->n);
    b->p = p;
    b->cap = cap;
    return b->p + b->n;
}

void buf_addmem(State *S, LibBuf *b, const char *s, size_t n)
{
    if (n == 0)
        return;
    memcpy(buf_reserve(S, b, n), s, n);
    b->n += n;
}

void buf_addchar(State *S, LibBuf *b, char c)
{
    if (b->n == b->cap)
        buf_reserve(S, b, 1);
    b->p[b->n++] = c;
}

void buf_addstr(State *S, LibBuf *b, const String *s)
{
    buf_addmem(S, b, s->data, s->len);
}

void buf_free(LibBuf *b)
{
    if (b->p != b->init)
        free(b->p);
    buf_init(b);
}

String *buf_push(State *S, LibBuf *b)
{
    String *s = mt_pushlstring(S, b->p, b->n);
    buf_free(b);
    return s;
}

void lib_buildprotected(State *S, void (*f)(State *, void *), void *ud, LibBuf *b)
{
    int status = mt_rawrunprotected(S, f, ud);
    if (status != MT_OK) {
        buf_free(b);
        mt_throw(S, status);   /* the error value is still at S->top - 1 */
    }
}

/* ---- reading source files (dofile, require) ---- */

void buf_readall(State *S, LibBuf *b, FILE *f)
{
    size_t got;
    do {
        char *dst = buf_reserve(S, b, 4096);
        got = fread(dst, 1, 4096, f);
        b->n += got;
    } while (got == 4096);
}

String *lib_pushfile(State *S, const char *filename)
{
    FILE *f = filename != NULL ? fopen(filename, "rb") : stdin;
    if (f == NULL)
        return NULL;
    LibBuf b;
    buf_init(&b);
    buf_readall(S, &b, f);
    int err = ferror(f);
    if (f != stdin)
        fclose(f);
    if (err) {
        buf_free(&b);
        errno = EIO;
        return NULL;
    }
    /* Skip a '#!' style first line but keep its newline, so line numbers
     * stay right. */
    size_t skip = 0;
    if (b.n > 0 && b.p[0] == '#')
        while (skip < b.n && b.p[skip] != '\n')
            skip++;
    String *s = mt_pushlstring(S, b.p + skip, b.n - skip);
    buf_free(&b);
    return s;
}
