/* number.h — conversions between numbers and strings, exactly as Lua 5.4. */
#ifndef MT_NUMBER_H
#define MT_NUMBER_H

#include "state.h"

#define MT_NUMBUF 64

/* Parse a numeral as Lua's lua_stringtonumber does (decimal and hex integers,
 * decimal and hex floats, leading/trailing spaces; integers that overflow
 * become floats for decimals, wrap for hex). Returns the number of bytes
 * consumed + 1 (as Lua) or 0 when s[0..len) is not a whole numeral. */
size_t num_str2num(const char *s, size_t len, TValue *out);
/* Format an integer or float as tostring() does (floats with "%.14g",
 * adding ".0" when the result looks like an integer; inf, -inf, nan, -nan
 * as this platform's printf prints them). Returns the length. */
int num_tostr(const TValue *n, char *buf);   /* buf has MT_NUMBUF bytes */
/* The integer value of a float with an exact integer representation. */
bool num_flt2int(double f, int64_t *out);
/* String -> number coercion for arithmetic: true and *out set if s is a
 * numeral. */
bool num_coerce_str(const String *s, TValue *out);
/* Value -> integer (int as is, float if exact, string if numeral). */
bool num_tointeger(const TValue *v, int64_t *out);
/* Value -> float (int, float, numeric string). */
bool num_tonumber(const TValue *v, double *out);

/* Lua's integer operations with its rules for negative operands. */
int64_t num_imod(State *S, int64_t a, int64_t b);   /* errors on b == 0 */
int64_t num_idiv(State *S, int64_t a, int64_t b);   /* errors on b == 0 */
double num_fmod(double a, double b);

/* Integer % and // for a divisor known not to be zero: pure (they cannot
 * raise), so the interpreter inlines them and a trace can call them once a
 * guard has excluded zero. -1 is special only because C's a % -1 and
 * a / -1 trap for the minimum integer. */
static inline int64_t num_imod_nz(int64_t a, int64_t b)
{
    if (__builtin_expect(b == -1, 0))
        return 0;
    int64_t r = a % b;
    return (r != 0 && (r ^ b) < 0) ? r + b : r;
}

static inline int64_t num_idiv_nz(int64_t a, int64_t b)
{
    if (__builtin_expect(b == -1, 0))
        return (int64_t)(0u - (uint64_t)a);
    int64_t q = a / b;
    return ((a % b != 0) && ((a ^ b) < 0)) ? q - 1 : q;
}
int64_t num_shiftl(int64_t x, int64_t y);

/* The iterations after the first of an integer for loop that runs at least
 * once (step ~= 0, init not past limit): an unsigned count kept in an
 * integer, so that counting down cannot overflow where the index would. */
static inline int64_t num_forcount(int64_t init, int64_t limit, int64_t step)
{
    uint64_t count = step > 0 ? (uint64_t)limit - (uint64_t)init
                              : (uint64_t)init - (uint64_t)limit;
    if (step != 1)
        count /= step > 0 ? (uint64_t)step : (uint64_t)(-(step + 1)) + 1u;
    return (int64_t)count;
}

#endif
