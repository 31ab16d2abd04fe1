/* tostring.c — tostring() semantics (luaL_tolstring) and type names for
 * error messages (luaT_objtypename). */
#include <stdio.h>
#include <string.h>

#include "libaux.h"
#include "mtstring.h"
#include "number.h"
#include "table.h"

/* The type name used in messages: for a table, a string __name in its
 * metatable wins, as in Lua's luaT_objtypename ("attempt to index a MyType
 * value"). */
const char *mt_typename(State *S, const TValue *o)
{
    if (istable(o) && tabvalue(o)->meta != NULL) {
        const TValue *name = tab_getstr(tabvalue(o)->meta, str_newc(S, "__name"));
        if (isstr(name))
            return strvalue(name)->data;
    }
    return mt_tag_names[ttype(o)];
}

static const void *address_of(const TValue *o)
{
    if (ttype(o) == T_CFN) {
        /* a function pointer printed as an address */
        const void *p;
        CFunc f = cfvalue(o);
        memcpy(&p, &f, sizeof p);
        return p;
    }
    return gcvalue(o);
}

/* "KIND: 0x...", KIND being __name when it is a string. */
static String *default_tostring(State *S, const TValue *o)
{
    const TValue *name = lib_metafield(S, o, "__name");
    const char *kind = name != NULL && isstr(name) ? strvalue(name)->data
                                                   : mt_tag_names[ttype(o)];
    char buf[300];
    int n = snprintf(buf, sizeof buf, "%.200s: %p", kind, address_of(o));
    return str_new(S, buf, (size_t)n);
}

/* Calls __tostring(o); the result must be a string (or a number, which
 * converts, as lua_isstring accepts it). */
static String *call_tostring_meta(State *S, const TValue *tm, const TValue *o)
{
    mt_checkstack(S, 2);
    TValue *func = S->top;
    mt_push(S, tm);
    mt_push(S, o);
    mt_call(S, func, 1);
    TValue res = *func;
    S->top = func;
    if (isstr(&res))
        return strvalue(&res);
    if (isnumber(&res)) {
        char buf[MT_NUMBUF];
        int n = num_tostr(&res, buf);
        return str_new(S, buf, (size_t)n);
    }
    mt_errorf(S, "'__tostring' must return a string");
}

/* The result is not left on the stack: a caller that calls back into the
 * VM while still needing it must push it. */
String *mt_tostring(State *S, const TValue *o)
{
    switch (ttype(o)) {
    case T_STR:
    case T_TABLE: {
        const TValue *tm = mt_metamethod(S, o, TM_TOSTRING);
        if (tm != NULL)
            return call_tostring_meta(S, tm, o);
        return isstr(o) ? strvalue(o) : default_tostring(S, o);
    }
    case T_INT:
    case T_FLT: {
        char buf[MT_NUMBUF];
        int n = num_tostr(o, buf);
        return str_new(S, buf, (size_t)n);
    }
    case T_NIL:
        return str_newc(S, "nil");
    case T_BOOL:
        return str_newc(S, bvalue(o) ? "true" : "false");
    default:
        return default_tostring(S, o);
    }
}
