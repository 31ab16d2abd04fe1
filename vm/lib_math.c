/* lib_math.c — the math library of Tier 1 (random is Tier 2), following
 * lmathlib.c: integer arguments stay integers where Lua keeps them, and
 * floor/ceil give integers whenever the result fits. */
#include <float.h>
#include <math.h>

#include "libaux.h"
#include "number.h"

#define ARGS State *S, TValue *args, int nargs
#define ARG_ISINT(i) ((i) <= nargs && isint(&args[(i) - 1]))

/* A float result that is integral and in range becomes an integer. */
static void push_num_int(State *S, double d)
{
    int64_t n;
    if (num_flt2int(d, &n))
        mt_pushint(S, n);
    else
        mt_pushflt(S, d);
}

static int m_abs(ARGS)
{
    if (ARG_ISINT(1)) {
        int64_t n = ivalue(&args[0]);
        mt_pushint(S, n < 0 ? (int64_t)(0u - (uint64_t)n) : n);
    } else {
        mt_pushflt(S, fabs(lib_checknumber(S, args, nargs, 1)));
    }
    return 1;
}

static int m_floor(ARGS)
{
    if (ARG_ISINT(1))
        mt_push(S, &args[0]);
    else
        push_num_int(S, floor(lib_checknumber(S, args, nargs, 1)));
    return 1;
}

static int m_ceil(ARGS)
{
    if (ARG_ISINT(1))
        mt_push(S, &args[0]);
    else
        push_num_int(S, ceil(lib_checknumber(S, args, nargs, 1)));
    return 1;
}

/* the plain one-argument float functions */
#define FLOAT_FN(name, cfn)                                           \
    static int m_##name(ARGS)                                         \
    {                                                                 \
        mt_pushflt(S, cfn(lib_checknumber(S, args, nargs, 1)));       \
        return 1;                                                     \
    }
FLOAT_FN(sqrt, sqrt)
FLOAT_FN(sin, sin)
FLOAT_FN(cos, cos)
FLOAT_FN(tan, tan)
FLOAT_FN(asin, asin)
FLOAT_FN(acos, acos)
FLOAT_FN(exp, exp)

const LibPureFloat1 lib_pure_float1[] = {
    { m_sqrt, sqrt }, { m_sin, sin }, { m_cos, cos }, { m_tan, tan },
    { m_asin, asin }, { m_acos, acos }, { m_exp, exp }, { NULL, NULL }
};

const LibPureFloat1 lib_rounding[] = {
    { m_floor, floor }, { m_ceil, ceil }, { NULL, NULL }
};

static int m_atan(ARGS)
{
    double y = lib_checknumber(S, args, nargs, 1);
    double x = lib_optnumber(S, args, nargs, 2, 1.0);
    mt_pushflt(S, atan2(y, x));
    return 1;
}

static int m_log(ARGS)
{
    double x = lib_checknumber(S, args, nargs, 1);
    double res;
    if (lib_noneornil(args, nargs, 2)) {
        res = log(x);
    } else {
        double base = lib_checknumber(S, args, nargs, 2);
        if (base == 2.0)
            res = log2(x);
        else if (base == 10.0)
            res = log10(x);
        else
            res = log(x) / log(base);
    }
    mt_pushflt(S, res);
    return 1;
}

static int m_fmod(ARGS)
{
    if (ARG_ISINT(1) && ARG_ISINT(2)) {
        int64_t d = ivalue(&args[1]);
        if ((uint64_t)d + 1u <= 1u) {   /* 0 or -1: avoid the overflow */
            lib_argcheck(S, d != 0, 2, "zero");
            mt_pushint(S, 0);
        } else {
            mt_pushint(S, ivalue(&args[0]) % d);   /* C's truncating % */
        }
    } else {
        double a = lib_checknumber(S, args, nargs, 1);
        double b = lib_checknumber(S, args, nargs, 2);
        mt_pushflt(S, fmod(a, b));
    }
    return 1;
}

static int m_modf(ARGS)
{
    if (ARG_ISINT(1)) {
        mt_push(S, &args[0]);
        mt_pushflt(S, 0.0);
        return 2;
    }
    double n = lib_checknumber(S, args, nargs, 1);
    double ip = n < 0 ? ceil(n) : floor(n);   /* rounds toward zero */
    push_num_int(S, ip);
    mt_pushflt(S, n == ip ? 0.0 : n - ip);   /* inf - inf would be NaN */
    return 2;
}

static int m_tointeger(ARGS)
{
    int64_t n;
    if (nargs >= 1 && num_tointeger(&args[0], &n)) {
        mt_pushint(S, n);
    } else {
        lib_checkany(S, nargs, 1);
        mt_pushnil(S);
    }
    return 1;
}

static int m_type(ARGS)
{
    if (nargs >= 1 && isnumber(&args[0])) {
        mt_pushcstring(S, isint(&args[0]) ? "integer" : "float");
    } else {
        lib_checkany(S, nargs, 1);
        mt_pushnil(S);
    }
    return 1;
}

static int m_ult(ARGS)
{
    int64_t a = lib_checkinteger(S, args, nargs, 1);
    int64_t b = lib_checkinteger(S, args, nargs, 2);
    mt_pushbool(S, (uint64_t)a < (uint64_t)b);
    return 1;
}

/* max/min compare with '<' (any comparable values, as in Lua 5.4). */
static int m_max(ARGS)
{
    lib_argcheck(S, nargs >= 1, 1, "value expected");
    int best = 0;
    for (int i = 1; i < nargs; i++)
        if (mt_lessthan(S, &args[best], &args[i]))
            best = i;
    mt_push(S, &args[best]);
    return 1;
}

static int m_min(ARGS)
{
    lib_argcheck(S, nargs >= 1, 1, "value expected");
    int best = 0;
    for (int i = 1; i < nargs; i++)
        if (mt_lessthan(S, &args[i], &args[best]))
            best = i;
    mt_push(S, &args[best]);
    return 1;
}

static const LibReg math_funcs[] = {
    { "abs", m_abs },     { "ceil", m_ceil },   { "floor", m_floor },
    { "sqrt", m_sqrt },   { "sin", m_sin },     { "cos", m_cos },
    { "tan", m_tan },     { "asin", m_asin },   { "acos", m_acos },
    { "atan", m_atan },   { "exp", m_exp },     { "log", m_log },
    { "fmod", m_fmod },   { "modf", m_modf },   { "tointeger", m_tointeger },
    { "type", m_type },   { "ult", m_ult },     { "max", m_max },
    { "min", m_min },
    { NULL, NULL }
};

void lib_open_math(State *S)
{
    Table *m = lib_newlib(S, "math", math_funcs);
    lib_setflt(S, m, "pi", 3.141592653589793238462643383279502884);
    lib_setflt(S, m, "huge", HUGE_VAL);
    lib_setint(S, m, "maxinteger", INT64_MAX);
    lib_setint(S, m, "mininteger", INT64_MIN);
}
