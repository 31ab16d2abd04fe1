/* number.c — numerals and Lua 5.4's arithmetic corner cases.
 *
 * The rules follow Lua 5.4's lobject.c/lvm.c behaviour (checked against the
 * lua5.4 binary in tests/unit/test_number.c): a numeral is first tried as
 * an integer; a decimal integer that overflows is re-read as a float, a hex
 * integer wraps around; floats go through strtod (which also reads hex
 * floats); anything containing 'n' or 'N' (inf, nan) is rejected. */
#include "number.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUM_SHORTBUF 200   /* numerals up to this length are parsed on the stack */

static int hexdigit(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    return tolower(c) - 'a' + 10;
}

/* Integer numeral at s (NUL-terminated). Returns the end (after trailing
 * spaces) or NULL when s is not an integer numeral that fits. */
static const char *str2int(const char *s, int64_t *out)
{
    uint64_t a = 0;
    bool empty = true, neg = false;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '-') {
        neg = true;
        s++;
    } else if (*s == '+')
        s++;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        for (s += 2; isxdigit((unsigned char)*s); s++) {
            a = a * 16 + (uint64_t)hexdigit((unsigned char)*s);   /* wraps */
            empty = false;
        }
    } else {
        const uint64_t maxby10 = (uint64_t)INT64_MAX / 10;
        const int maxlastd = (int)((uint64_t)INT64_MAX % 10);
        for (; isdigit((unsigned char)*s); s++) {
            int d = *s - '0';
            if (a >= maxby10 && (a > maxby10 || d > maxlastd + neg))
                return NULL;            /* overflow: let the float reader try */
            a = a * 10 + (uint64_t)d;
            empty = false;
        }
    }
    while (isspace((unsigned char)*s))
        s++;
    if (empty || *s != '\0')
        return NULL;
    *out = (int64_t)(neg ? 0u - a : a);
    return s;
}

static const char *str2flt(const char *s, double *out)
{
    const char *special = strpbrk(s, "nN");
    if (special != NULL)            /* reject 'inf' and 'nan' */
        return NULL;
    char *end;
    *out = strtod(s, &end);
    if (end == s)
        return NULL;
    while (isspace((unsigned char)*end))
        end++;
    return *end == '\0' ? end : NULL;
}

/* s is NUL-terminated and has no embedded NUL. */
static size_t str2num_cstr(const char *s, TValue *out)
{
    int64_t i;
    double d;
    const char *e;
    if ((e = str2int(s, &i)) != NULL)
        setint(out, i);
    else if ((e = str2flt(s, &d)) != NULL)
        setflt(out, d);
    else
        return 0;
    return (size_t)(e - s) + 1;
}

size_t num_str2num(const char *s, size_t len, TValue *out)
{
    if (memchr(s, '\0', len) != NULL)
        return 0;                   /* an embedded NUL is never a numeral */
    char shortbuf[NUM_SHORTBUF + 1];
    char *buf = len <= NUM_SHORTBUF ? shortbuf : malloc(len + 1);
    if (buf == NULL)
        return 0;
    memcpy(buf, s, len);
    buf[len] = '\0';
    size_t r = str2num_cstr(buf, out);
    if (buf != shortbuf)
        free(buf);
    return r;
}

int num_tostr(const TValue *n, char *buf)
{
    int len;
    if (isint(n))
        return snprintf(buf, MT_NUMBUF, "%lld", (long long)ivalue(n));
    len = snprintf(buf, MT_NUMBUF, "%.14g", fltvalue(n));
    if (buf[strspn(buf, "-0123456789")] == '\0') {   /* looks like an int? */
        buf[len++] = '.';
        buf[len++] = '0';
        buf[len] = '\0';
    }
    return len;
}

bool num_flt2int(double f, int64_t *out)
{
    /* 2^63 is exact as a double; the range is [-2^63, 2^63). */
    if (!(f >= -9223372036854775808.0 && f < 9223372036854775808.0))
        return false;               /* also rejects NaN */
    if (floor(f) != f)
        return false;
    *out = (int64_t)f;
    return true;
}

bool num_coerce_str(const String *s, TValue *out)
{
    return num_str2num(s->data, s->len, out) == s->len + 1;
}

bool num_tointeger(const TValue *v, int64_t *out)
{
    TValue tmp;
    if (isstr(v) && num_coerce_str(strvalue(v), &tmp))
        v = &tmp;
    if (isint(v)) {
        *out = ivalue(v);
        return true;
    }
    return isflt(v) && num_flt2int(fltvalue(v), out);
}

bool num_tonumber(const TValue *v, double *out)
{
    TValue tmp;
    if (isstr(v) && num_coerce_str(strvalue(v), &tmp))
        v = &tmp;
    if (isint(v))
        *out = (double)ivalue(v);
    else if (isflt(v))
        *out = fltvalue(v);
    else
        return false;
    return true;
}

int64_t num_imod(State *S, int64_t a, int64_t b)
{
    if ((uint64_t)b + 1u <= 1u) {           /* b is 0 or -1 */
        if (b == 0)
            mt_runerror(S, "attempt to perform 'n%%0'");
        return 0;                           /* avoids INT64_MIN % -1 */
    }
    int64_t r = a % b;
    if (r != 0 && (r ^ b) < 0)              /* result takes the divisor's sign */
        r += b;
    return r;
}

int64_t num_idiv(State *S, int64_t a, int64_t b)
{
    if ((uint64_t)b + 1u <= 1u) {           /* b is 0 or -1 */
        if (b == 0)
            mt_runerror(S, "attempt to divide by zero");
        return (int64_t)(0u - (uint64_t)a);   /* wraps for INT64_MIN */
    }
    int64_t q = a / b;
    if ((a ^ b) < 0 && a % b != 0)          /* round towards minus infinity */
        q -= 1;
    return q;
}

double num_fmod(double a, double b)
{
    double m = fmod(a, b);
    if ((m > 0) ? b < 0 : (m < 0 && b > 0))   /* signs differ */
        m += b;
    return m;
}

int64_t num_shiftl(int64_t x, int64_t y)
{
    if (y < 0) {
        if (y <= -64)
            return 0;
        return (int64_t)((uint64_t)x >> -y);   /* logical shift right */
    }
    if (y >= 64)
        return 0;
    return (int64_t)((uint64_t)x << y);
}
