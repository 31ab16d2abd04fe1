/* lib_base.c — the base library (print, type, pairs, pcall, error, ...),
 * each function behaving as Lua 5.4's luaB_* counterpart. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "compile.h"
#include "func.h"
#include "gc.h"
#include "libaux.h"
#include "mtstring.h"
#include "number.h"
#include "table.h"

/* ---- output and conversions ---- */

static int base_print(State *S, TValue *args, int nargs)
{
    for (int i = 0; i < nargs; i++) {
        /* written at once, so the string needs no rooting */
        String *s = mt_tostring(S, &args[i]);
        if (i > 0)
            putchar('\t');
        fwrite(s->data, 1, s->len, stdout);
    }
    putchar('\n');
    return 0;
}

static int base_type(State *S, TValue *args, int nargs)
{
    lib_checkany(S, nargs, 1);
    mt_pushcstring(S, mt_tag_names[ttype(&args[0])]);
    return 1;
}

static int base_tostring(State *S, TValue *args, int nargs)
{
    lib_checkany(S, nargs, 1);
    mt_pushstr(S, mt_tostring(S, &args[0]));
    return 1;
}

static int digit_value(int c)
{
    if (isdigit(c))
        return c - '0';
    return toupper(c) - 'A' + 10;
}

/* Lua's l_str2int: an integer numeral in `base`, with optional spaces
 * around and a '-'; wraps around on overflow as Lua does. */
static bool str_to_int_base(const String *str, int base, int64_t *out)
{
    const unsigned char *s = (const unsigned char *)str->data;
    const unsigned char *end = s + str->len;
    uint64_t n = 0;
    bool neg = false;
    while (s < end && isspace(*s))
        s++;
    if (s < end && *s == '-') {
        s++;
        neg = true;
    } else if (s < end && *s == '+') {
        s++;
    }
    if (s >= end || !isalnum(*s))
        return false;
    do {
        int d = digit_value(*s);
        if (d >= base)
            return false;
        n = n * (uint64_t)base + (uint64_t)d;
        s++;
    } while (s < end && isalnum(*s));
    while (s < end && isspace(*s))
        s++;
    if (s != end)
        return false;
    *out = (int64_t)(neg ? 0u - n : n);
    return true;
}

static int base_tonumber(State *S, TValue *args, int nargs)
{
    if (lib_noneornil(args, nargs, 2)) {
        if (nargs >= 1 && isnumber(&args[0])) {
            mt_push(S, &args[0]);
            return 1;
        }
        if (nargs >= 1 && isstr(&args[0])) {
            TValue v;
            String *s = strvalue(&args[0]);
            if (num_str2num(s->data, s->len, &v) == s->len + 1) {
                mt_push(S, &v);
                return 1;
            }
        }
        lib_checkany(S, nargs, 1);
        mt_pushnil(S);
        return 1;
    }
    int64_t base = lib_checkinteger(S, args, nargs, 2);
    lib_checktype(S, args, nargs, 1, T_STR);
    lib_argcheck(S, 2 <= base && base <= 36, 2, "base out of range");
    int64_t n;
    if (str_to_int_base(strvalue(&args[0]), (int)base, &n))
        mt_pushint(S, n);
    else
        mt_pushnil(S);
    return 1;
}

/* ---- iteration ---- */

static int base_next(State *S, TValue *args, int nargs)
{
    Table *t = lib_checktable(S, args, nargs, 1);
    TValue *key = lib_pushslot(S);
    if (nargs >= 2)
        *key = args[1];
    TValue *val = lib_pushslot(S);
    if (tab_next(S, t, key, val))
        return 2;
    S->top = key + 1;
    setnil(key);
    return 1;
}

static int base_pairs(State *S, TValue *args, int nargs)
{
    lib_checkany(S, nargs, 1);
    const TValue *mm = lib_metafield(S, &args[0], "__pairs");
    if (mm == NULL) {
        TValue next;
        setcfn(&next, base_next);
        mt_push(S, &next);
        mt_push(S, &args[0]);
        mt_pushnil(S);
        return 3;
    }
    TValue *func = S->top;
    mt_push(S, mm);
    mt_push(S, &args[0]);
    mt_call(S, func, 3);
    return 3;
}

static int ipairs_step(State *S, TValue *args, int nargs)
{
    int64_t i = (int64_t)((uint64_t)lib_checkinteger(S, args, nargs, 2) + 1u);
    mt_pushint(S, i);
    TValue *v = lib_pushslot(S);
    lib_geti(S, &args[0], i, v);
    return isnil(v) ? 1 : 2;
}

static int base_ipairs(State *S, TValue *args, int nargs)
{
    lib_checkany(S, nargs, 1);
    TValue step;
    setcfn(&step, ipairs_step);
    mt_push(S, &step);
    mt_push(S, &args[0]);
    mt_pushint(S, 0);
    return 3;
}

static int base_select(State *S, TValue *args, int nargs)
{
    if (nargs >= 1 && isstr(&args[0]) && strvalue(&args[0])->data[0] == '#') {
        mt_pushint(S, nargs - 1);
        return 1;
    }
    int64_t i = lib_checkinteger(S, args, nargs, 1);
    if (i < 0)
        i = nargs + i;
    else if (i > nargs)
        i = nargs;
    lib_argcheck(S, 1 <= i, 1, "index out of range");
    return nargs - (int)i;   /* the arguments after the i-th are on top */
}

/* ---- raw access ---- */

static int base_rawget(State *S, TValue *args, int nargs)
{
    Table *t = lib_checktable(S, args, nargs, 1);
    lib_checkany(S, nargs, 2);
    mt_push(S, tab_get(t, &args[1]));
    return 1;
}

static int base_rawset(State *S, TValue *args, int nargs)
{
    Table *t = lib_checktable(S, args, nargs, 1);
    lib_checkany(S, nargs, 2);
    lib_checkany(S, nargs, 3);
    const TValue *k = &args[1];
    if (isnil(k))
        lib_rawerror(S, "table index is nil");
    if (isflt(k) && fltvalue(k) != fltvalue(k))
        lib_rawerror(S, "table index is NaN");
    lib_rawset(S, t, k, &args[2]);
    mt_push(S, &args[0]);
    return 1;
}

static int base_rawequal(State *S, TValue *args, int nargs)
{
    lib_checkany(S, nargs, 1);
    lib_checkany(S, nargs, 2);
    mt_pushbool(S, mt_rawequal(&args[0], &args[1]));
    return 1;
}

static int base_rawlen(State *S, TValue *args, int nargs)
{
    if (nargs >= 1 && istable(&args[0]))
        mt_pushint(S, tab_len(tabvalue(&args[0])));
    else if (nargs >= 1 && isstr(&args[0]))
        mt_pushint(S, (int64_t)strvalue(&args[0])->len);
    else
        lib_typeerror(S, args, nargs, 1, "table or string");
    return 1;
}

/* ---- metatables ---- */

static int base_setmetatable(State *S, TValue *args, int nargs)
{
    Table *t = lib_checktable(S, args, nargs, 1);
    if (nargs < 2 || !(isnil(&args[1]) || istable(&args[1])))
        lib_typeerror(S, args, nargs, 2, "nil or table");
    if (lib_metafield(S, &args[0], "__metatable") != NULL)
        mt_errorf(S, "cannot change a protected metatable");
    t->meta = isnil(&args[1]) ? NULL : tabvalue(&args[1]);
    mt_push(S, &args[0]);
    return 1;
}

static int base_getmetatable(State *S, TValue *args, int nargs)
{
    lib_checkany(S, nargs, 1);
    Table *mt = mt_getmetatable(S, &args[0]);
    if (mt == NULL) {
        mt_pushnil(S);
        return 1;
    }
    const TValue *protected = lib_metafield(S, &args[0], "__metatable");
    if (protected != NULL) {
        mt_push(S, protected);
    } else {
        TValue v;
        settable(&v, mt);
        mt_push(S, &v);
    }
    return 1;
}

/* ---- errors ---- */

/* error(msg, level): a string message gets the position of the function
 * `level` levels up (1 = the caller of error). */
static noreturn void raise_with_level(State *S, const TValue *msg, int64_t level)
{
    if (isstr(msg) && level > 0) {
        char where[256];
        where[0] = '\0';
        mt_where(S, (int)level, where, sizeof where);
        size_t wl = strlen(where);
        if (wl > 0 && where[wl - 1] != ' ' && wl + 1 < sizeof where) {
            where[wl++] = ' ';
            where[wl] = '\0';
        }
        mt_pushcstring(S, where);
        mt_push(S, msg);
        mt_concat(S, 2);
    } else {
        mt_push(S, msg);
    }
    mt_error(S);
}

static int base_error(State *S, TValue *args, int nargs)
{
    int64_t level = lib_optinteger(S, args, nargs, 2, 1);
    TValue msg;
    if (nargs >= 1)
        msg = args[0];
    else
        setnil(&msg);
    raise_with_level(S, &msg, level);
}

static int base_assert(State *S, TValue *args, int nargs)
{
    if (nargs >= 1 && !isfalsy(&args[0]))
        return nargs;   /* all arguments, already on top */
    lib_checkany(S, nargs, 1);
    if (nargs >= 2)
        raise_with_level(S, &args[1], 1);
    TValue msg;
    setstr(&msg, str_newc(S, "assertion failed!"));
    raise_with_level(S, &msg, 1);
}

/* pcall(f, ...): the stack becomes [true, f, args...] so that on success
 * the results follow the true directly. */
static int base_pcall(State *S, TValue *args, int nargs)
{
    lib_checkany(S, nargs, 1);
    mt_checkstack(S, 1);
    for (TValue *p = S->top; p > args; p--)
        *p = p[-1];
    S->top++;
    setbool(&args[0], true);
    if (mt_pcall(S, &args[1], MT_MULTRET, NULL) != MT_OK) {
        setbool(&args[0], false);   /* the error value is at args[1] */
        S->top = args + 2;
        return 2;
    }
    return (int)(S->top - args);
}

/* xpcall(f, h, ...): the stack becomes [h, true, f, args...]; h stays
 * below the call so it is rooted while f runs. */
static int base_xpcall(State *S, TValue *args, int nargs)
{
    lib_checktype(S, args, nargs, 2, T_LCL);
    mt_checkstack(S, 1);
    TValue f = args[0], h = args[1];
    for (TValue *p = S->top; p > args + 2; p--)
        *p = p[-1];
    S->top++;
    args[0] = h;
    setbool(&args[1], true);
    args[2] = f;
    if (mt_pcall(S, &args[2], MT_MULTRET, &args[0]) != MT_OK) {
        setbool(&args[1], false);
        S->top = args + 3;
        return 2;
    }
    return (int)(S->top - (args + 1));
}

/* ---- chunks ---- */

static int base_dofile(State *S, TValue *args, int nargs)
{
    String *fname = lib_optstring(S, args, nargs, 1, NULL);
    TValue *slot = S->top;
    String *src = lib_pushfile(S, fname != NULL ? fname->data : NULL);
    if (src == NULL) {
        char msg[512];
        snprintf(msg, sizeof msg, "cannot open %.400s: %s", fname->data, strerror(errno));
        lib_rawerror(S, msg);
    }
    Proto *p = mt_compile(S, src->data, src->len, fname != NULL ? fname->data : "stdin");
    setclosure(slot, closure_new(S, p));
    mt_call(S, slot, MT_MULTRET);
    return (int)(S->top - slot);
}

/* collectgarbage: the options that make sense for a stop-the-world
 * collector; counts are this VM's, not lua5.4's. */
static int base_collectgarbage(State *S, TValue *args, int nargs)
{
    static const char *const opts[] = { "collect", "count", "step", "isrunning",
        "incremental", "generational", "stop", "restart", NULL };
    String *o = lib_optstring(S, args, nargs, 1, NULL);
    const char *opt = o == NULL ? "collect" : o->data;
    int which = 0;
    while (opts[which] != NULL && strcmp(opts[which], opt) != 0)
        which++;
    switch (which) {
    case 0: gc_collect(S); mt_pushint(S, 0); break;
    case 1: mt_pushflt(S, (double)S->totalbytes / 1024.0); break;
    case 2: gc_collect(S); mt_pushbool(S, true); break;
    case 3: mt_pushbool(S, true); break;
    case 4: case 5: mt_pushcstring(S, "incremental"); break;
    case 6: case 7: mt_pushint(S, 0); break;
    default: {
        char msg[128];
        snprintf(msg, sizeof msg, "invalid option '%.80s'", opt);
        mt_argerror(S, 1, msg);
    }
    }
    return 1;
}

static const LibReg base_funcs[] = {
    { "print", base_print },         { "type", base_type },
    { "tostring", base_tostring },   { "tonumber", base_tonumber },
    { "next", base_next },           { "pairs", base_pairs },
    { "ipairs", base_ipairs },       { "select", base_select },
    { "rawget", base_rawget },       { "rawset", base_rawset },
    { "rawequal", base_rawequal },   { "rawlen", base_rawlen },
    { "setmetatable", base_setmetatable },
    { "getmetatable", base_getmetatable },
    { "error", base_error },         { "assert", base_assert },
    { "pcall", base_pcall },         { "xpcall", base_xpcall },
    { "dofile", base_dofile },       { "collectgarbage", base_collectgarbage },
    { NULL, NULL }
};

void lib_open_base(State *S)
{
    for (const LibReg *r = base_funcs; r->name != NULL; r++)
        lib_setcfunc(S, S->globals, r->name, r->func);
    TValue g;
    settable(&g, S->globals);
    lib_setfield(S, S->globals, "_G", &g);
    lib_setfield(S, S->loaded, "_G", &g);
    lib_setstring(S, S->globals, "_VERSION", "Lua 5.4");
}
