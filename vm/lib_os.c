/* lib_os.c — os.clock, os.time (with Lua's date-table normalisation through
 * mktime), os.difftime, os.exit and os.getenv. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "libaux.h"
#include "mtstring.h"
#include "number.h"
#include "table.h"

static int os_clock(State *S, TValue *args, int nargs)
{
    (void)args;
    (void)nargs;
    mt_pushflt(S, (double)clock() / (double)CLOCKS_PER_SEC);
    return 1;
}

/* A date-table field as an int, with Lua's messages. `d` < 0: required. */
static int get_date_field(State *S, Table *t, const char *key, int d, int delta)
{
    const TValue *v = tab_getstr(t, str_newc(S, key));
    int64_t res;
    if (!num_tointeger(v, &res)) {
        if (!isnil(v))
            mt_errorf(S, "field '%s' is not an integer", key);
        if (d < 0)
            mt_errorf(S, "field '%s' missing in date table", key);
        return d;
    }
    if (!(res >= 0 ? res - delta <= INT_MAX : INT_MIN + delta <= res))
        mt_errorf(S, "field '%s' is out-of-bound", key);
    return (int)(res - delta);
}

/* Writes the normalised fields back, as Lua's os.time does. */
static void set_date_fields(State *S, Table *t, const struct tm *tm)
{
    lib_setint(S, t, "year", (int64_t)tm->tm_year + 1900);
    lib_setint(S, t, "month", (int64_t)tm->tm_mon + 1);
    lib_setint(S, t, "day", tm->tm_mday);
    lib_setint(S, t, "hour", tm->tm_hour);
    lib_setint(S, t, "min", tm->tm_min);
    lib_setint(S, t, "sec", tm->tm_sec);
    lib_setint(S, t, "yday", (int64_t)tm->tm_yday + 1);
    lib_setint(S, t, "wday", (int64_t)tm->tm_wday + 1);
    if (tm->tm_isdst >= 0) {
        TValue b;
        setbool(&b, tm->tm_isdst != 0);
        lib_setfield(S, t, "isdst", &b);
    }
}

static int os_time(State *S, TValue *args, int nargs)
{
    time_t t;
    if (lib_noneornil(args, nargs, 1)) {
        t = time(NULL);
    } else {
        Table *tab = lib_checktable(S, args, nargs, 1);
        struct tm ts;
        ts.tm_year = get_date_field(S, tab, "year", -1, 1900);
        ts.tm_mon = get_date_field(S, tab, "month", -1, 1);
        ts.tm_mday = get_date_field(S, tab, "day", -1, 0);
        ts.tm_hour = get_date_field(S, tab, "hour", 12, 0);
        ts.tm_min = get_date_field(S, tab, "min", 0, 0);
        ts.tm_sec = get_date_field(S, tab, "sec", 0, 0);
        const TValue *dst = tab_getstr(tab, str_newc(S, "isdst"));
        ts.tm_isdst = isnil(dst) ? -1 : !isfalsy(dst);
        t = mktime(&ts);
        set_date_fields(S, tab, &ts);
    }
    if (t == (time_t)-1)
        mt_errorf(S, "time result cannot be represented in this installation");
    mt_pushint(S, (int64_t)t);
    return 1;
}

static int os_difftime(State *S, TValue *args, int nargs)
{
    int64_t t1 = lib_checkinteger(S, args, nargs, 1);
    int64_t t2 = lib_checkinteger(S, args, nargs, 2);
    mt_pushflt(S, difftime((time_t)t1, (time_t)t2));
    return 1;
}

static int os_exit(State *S, TValue *args, int nargs)
{
    int status;
    if (nargs >= 1 && ttype(&args[0]) == T_BOOL)
        status = bvalue(&args[0]) ? EXIT_SUCCESS : EXIT_FAILURE;
    else
        status = (int)lib_optinteger(S, args, nargs, 1, EXIT_SUCCESS);
    fflush(stdout);
    fflush(stderr);
    exit(status);
}

static int os_getenv(State *S, TValue *args, int nargs)
{
    const char *v = getenv(lib_checkstring(S, args, nargs, 1)->data);
    if (v == NULL)
        mt_pushnil(S);
    else
        mt_pushcstring(S, v);
    return 1;
}

static const LibReg os_funcs[] = {
    { "clock", os_clock },       { "time", os_time },
    { "difftime", os_difftime }, { "exit", os_exit },
    { "getenv", os_getenv },
    { NULL, NULL }
};

void lib_open_os(State *S)
{
    lib_newlib(S, "os", os_funcs);
}
