/* debug.c — error messages with positions and variable names, function
 * names for bad-argument errors, and tracebacks.
 *
 * Variable names come from symbolic execution of the bytecode, as Lua does:
 * the last instruction before the faulting one that wrote the register says
 * what the value was (a local, a global, a field, an upvalue, a constant). */
#include <stdio.h>
#include <string.h>

#include "debug.h"
#include "number.h"
#include "opcodes.h"
#include "table.h"

static bool is_mt_frame(const CallInfo *ci)
{
    return !(ci->callstatus & CIST_C) && ttype(ci->func) == T_LCL;
}

static const Proto *frame_proto(const CallInfo *ci)
{
    return clvalue(ci->func)->p;
}

static int current_pc(const CallInfo *ci)
{
    return (int)(ci->savedpc - frame_proto(ci)->code) - 1;
}

int debug_currentline(const CallInfo *ci)
{
    if (!is_mt_frame(ci))
        return -1;
    int pc = current_pc(ci);
    return frame_proto(ci)->lineinfo[pc < 0 ? 0 : pc];
}

/* ---- symbolic execution ---- */

/* The name of the n-th (1-based) local active at pc. */
static const char *local_name(const Proto *p, int n, int pc)
{
    for (int i = 0; i < p->nlocvars && p->locvars[i].startpc <= pc; i++) {
        if (pc < p->locvars[i].endpc && --n == 0)
            return p->locvars[i].name->data;
    }
    return NULL;
}

static bool changes_reg(Instr i, int reg, int pc, int lastpc, int *jmptarget)
{
    int a = GET_A(i);
    switch (GET_OP(i)) {
    case OP_LOADNIL:
        return a <= reg && reg <= a + GET_B(i);
    case OP_TFORCALL:
        return reg >= a + 3;
    case OP_CALL:
    case OP_TAILCALL:
    case OP_VARARG:
        return reg >= a;
    case OP_SELF:
        return reg == a || reg == a + 1;
    case OP_FORPREP:
    case OP_FORLOOP:
        return a <= reg && reg <= a + 3;
    case OP_TFORLOOP:
        return reg == a + 2;
    case OP_JMP:
    case OP_JMPBACK: {
        int dest = pc + 1 + GET_sJ(i);
        if (dest <= lastpc && dest > *jmptarget)
            *jmptarget = dest;
        return false;
    }
    case OP_SETUPVAL: case OP_SETGLOBAL: case OP_SETTABLE: case OP_SETI:
    case OP_SETFIELD: case OP_CLOSE: case OP_EQ: case OP_LT: case OP_LE:
    case OP_EQK: case OP_TEST: case OP_RETURN: case OP_TFORPREP:
    case OP_SETLIST: case OP_EXTRAARG:
        return false;
    default:
        return reg == a;
    }
}

/* The pc of the last instruction before lastpc that set reg, or -1 when
 * that depends on a branch. */
static int find_setreg(const Proto *p, int lastpc, int reg)
{
    int setreg = -1, jmptarget = 0;
    for (int pc = 0; pc < lastpc; pc++) {
        if (changes_reg(p->code[pc], reg, pc, lastpc, &jmptarget))
            setreg = pc < jmptarget ? -1 : pc;
    }
    return setreg;
}

static const char *kstring(const Proto *p, int idx)
{
    const TValue *k = &p->k[idx];
    return isstr(k) ? strvalue(k)->data : "?";
}

/* The name of the constant string a register held, for `t[k]` keys. */
static const char *reg_const_name(const Proto *p, int pc, int reg)
{
    int setpc = find_setreg(p, pc, reg);
    if (setpc >= 0 && GET_OP(p->code[setpc]) == OP_LOADK) {
        const TValue *k = &p->k[GET_Bx(p->code[setpc])];
        if (isstr(k))
            return strvalue(k)->data;
    }
    return "?";
}

static const char *obj_name(const Proto *p, int lastpc, int reg, const char **name)
{
    *name = local_name(p, reg + 1, lastpc);
    if (*name)
        return "local";
    int pc = find_setreg(p, lastpc, reg);
    if (pc < 0)
        return NULL;
    Instr i = p->code[pc];
    switch (GET_OP(i)) {
    case OP_MOVE:
        return GET_B(i) < GET_A(i) ? obj_name(p, pc, GET_B(i), name) : NULL;
    case OP_GETUPVAL:
        *name = p->upvals[GET_B(i)].name ? p->upvals[GET_B(i)].name->data : "?";
        return "upvalue";
    case OP_LOADK:
        if (!isstr(&p->k[GET_Bx(i)]))
            return NULL;
        *name = kstring(p, GET_Bx(i));
        return "constant";
    case OP_GETGLOBAL:
        *name = kstring(p, GET_Bx(i));
        return "global";
    case OP_GETFIELD:
        *name = kstring(p, GET_C(i));
        return "field";
    case OP_GETTABLE:
        *name = reg_const_name(p, pc, GET_C(i));
        return "field";
    case OP_GETI:
        *name = "integer index";
        return "field";
    case OP_SELF:
        *name = kstring(p, GET_C(i));
        return "method";
    default:
        return NULL;
    }
}

const char *debug_varinfo(State *S, const TValue *o, char *buf, size_t size)
{
    buf[0] = '\0';
    CallInfo *ci = S->ci;
    if (!is_mt_frame(ci))
        return buf;
    const TValue *base = ci->func + 1;
    if (o < base || o >= ci->top)
        return buf;
    const char *name;
    const char *kind = obj_name(frame_proto(ci), current_pc(ci), (int)(o - base), &name);
    if (kind)
        snprintf(buf, size, " (%s '%s')", kind, name);
    return buf;
}

/* ---- raising errors ---- */

void mt_where(State *S, int level, char *buf, size_t size)
{
    buf[0] = '\0';
    CallInfo *ci = S->ci - level;
    if (ci <= S->base_ci || !is_mt_frame(ci))
        return;
    snprintf(buf, size, "%s:%d: ", frame_proto(ci)->source->data, debug_currentline(ci));
}

static noreturn void throw_with_where(State *S, int level, const char *fmt, va_list ap)
{
    char where[512];
    mt_where(S, level, where, sizeof where);
    String *msg = mt_pushvfstring(S, fmt, ap);
    if (where[0]) {
        S->top--;
        mt_pushfstring(S, "%s%s", where, msg->data);
    }
    mt_throw(S, MT_ERRRUN);
}

noreturn void mt_errorf(State *S, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    throw_with_where(S, 1, fmt, ap);
}

noreturn void mt_runerror(State *S, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    throw_with_where(S, 0, fmt, ap);
}

noreturn void mt_error(State *S)
{
    mt_throw(S, MT_ERRRUN);
}

noreturn void debug_typeerror(State *S, const TValue *o, const char *op)
{
    char info[256];
    debug_varinfo(S, o, info, sizeof info);
    mt_runerror(S, "attempt to %s a %s value%s", op, mt_typename(S, o), info);
}

noreturn void debug_callerror(State *S, const TValue *func)
{
    if (is_mt_frame(S->ci) && GET_OP(S->ci->savedpc[-1]) == OP_TFORCALL)
        mt_runerror(S, "attempt to call a %s value (for iterator 'for iterator')",
                    mt_typename(S, func));
    debug_typeerror(S, func, "call");
}

noreturn void debug_concaterror(State *S, const TValue *a, const TValue *b)
{
    if (isstr(a) || isnumber(a))
        a = b;
    debug_typeerror(S, a, "concatenate");
}

noreturn void debug_opinterror(State *S, const TValue *a, const TValue *b, const char *msg)
{
    if (isnumber(a))
        a = b;
    debug_typeerror(S, a, msg);
}

noreturn void debug_tointerror(State *S, const TValue *a, const TValue *b)
{
    int64_t dummy;
    if (num_tointeger(a, &dummy))
        a = b;
    char info[256];
    debug_varinfo(S, a, info, sizeof info);
    mt_runerror(S, "number%s has no integer representation", info);
}

noreturn void debug_ordererror(State *S, const TValue *a, const TValue *b)
{
    const char *t1 = mt_typename(S, a), *t2 = mt_typename(S, b);
    if (strcmp(t1, t2) == 0)
        mt_runerror(S, "attempt to compare two %s values", t1);
    mt_runerror(S, "attempt to compare %s with %s", t1, t2);
}

/* ---- function names for bad-argument errors ---- */

/* How the builtin running in `ci` was named at its call site. */
static const char *call_site_name(const CallInfo *ci, const char **kind)
{
    const CallInfo *caller = ci - 1;
    *kind = NULL;
    if ((ci->callstatus & CIST_TAIL) || !is_mt_frame(caller))
        return NULL;
    const Proto *p = frame_proto(caller);
    int pc = current_pc(caller);
    Instr i = p->code[pc];
    if (GET_OP(i) == OP_TFORCALL) {
        *kind = "for iterator";
        return "for iterator";
    }
    if (GET_OP(i) != OP_CALL && GET_OP(i) != OP_TAILCALL)
        return NULL;
    const char *name;
    *kind = obj_name(p, pc, GET_A(i), &name);
    return *kind ? name : NULL;
}

/* "table.insert" for a builtin found in a loaded module, "print" for one
 * in _G: how lua5.4 names functions called from C. */
static bool global_func_name(State *S, const TValue *func, char *buf, size_t size)
{
    TValue modname, module;
    setnil(&modname);
    while (tab_next(S, S->loaded, &modname, &module)) {
        if (!istable(&module) || !isstr(&modname))
            continue;
        TValue key, val;
        setnil(&key);
        while (tab_next(S, tabvalue(&module), &key, &val)) {
            if (isstr(&key) && mt_rawequal(&val, func)) {
                if (strcmp(strvalue(&modname)->data, "_G") == 0)
                    snprintf(buf, size, "%s", strvalue(&key)->data);
                else
                    snprintf(buf, size, "%s.%s", strvalue(&modname)->data, strvalue(&key)->data);
                return true;
            }
        }
    }
    return false;
}

noreturn void mt_argerror(State *S, int arg, const char *extramsg)
{
    const char *kind;
    const char *name = call_site_name(S->ci, &kind);
    char buf[256];
    if (kind && strcmp(kind, "method") == 0) {
        arg--;
        if (arg == 0)
            mt_errorf(S, "calling '%s' on bad self (%s)", name, extramsg);
    }
    if (name == NULL)
        name = global_func_name(S, S->ci->func, buf, sizeof buf) ? buf : "?";
    mt_errorf(S, "bad argument #%d to '%s' (%s)", arg, name, extramsg);
}

noreturn void mt_typeerror(State *S, int arg, const char *expected)
{
    CallInfo *ci = S->ci;
    const char *actual = "no value";
    if (arg <= ci->nextra)
        actual = mt_typename(S, ci->func + arg);
    char msg[256];
    snprintf(msg, sizeof msg, "%s expected, got %s", expected, actual);
    mt_argerror(S, arg, msg);
}

/* ---- tracebacks ---- */

void mt_traceback(State *S, char *buf, size_t size)
{
    size_t used = (size_t)snprintf(buf, size, "stack traceback:");
    int shown = 0;
    for (CallInfo *ci = S->ci; ci > S->base_ci && used < size; ci--, shown++) {
        if (shown == 10 && S->ci - S->base_ci > 22) {
            long skip = (long)(ci - S->base_ci) - 11;
            used += (size_t)snprintf(buf + used, size - used, "\n\t...\t(skipping %ld levels)", skip);
            ci -= skip;
            continue;
        }
        if (!is_mt_frame(ci)) {
            used += (size_t)snprintf(buf + used, size - used, "\n\t[C]: in ?");
            continue;
        }
        const Proto *p = frame_proto(ci);
        if (p->linedefined == 0)
            used += (size_t)snprintf(buf + used, size - used, "\n\t%s:%d: in main chunk",
                                     p->source->data, debug_currentline(ci));
        else
            used += (size_t)snprintf(buf + used, size - used, "\n\t%s:%d: in function <%s:%d>",
                                     p->source->data, debug_currentline(ci),
                                     p->source->data, p->linedefined);
    }
    if (used < size)
        snprintf(buf + used, size - used, "\n\t[C]: in ?");
}
