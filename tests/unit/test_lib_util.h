/* test_lib_util.h — helpers for the library's Check tests: a fresh VM per
 * test, calling a library function by its path ("string.format") in
 * protected mode with C-built arguments, and reading the results. The
 * library functions are called from C, so error messages carry no
 * "file:line:" prefix — as lua5.4 prints them under pcall(f, ...). */
#ifndef TEST_LIB_UTIL_H
#define TEST_LIB_UTIL_H

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libaux.h"
#include "mtstring.h"
#include "table.h"

static State *S;
static TValue *base_top;   /* S->top after mt_newstate */
static TValue *R;          /* results of the last call (or the error value) */
static int NR;

static inline void lib_setup(void)
{
    S = mt_newstate();
    S->gc_stress = getenv("MT_GC_STRESS") != NULL;   /* collect at every safe point */
    base_top = S->top;
}

static inline void lib_teardown(void)
{
    S->top = base_top;
    mt_close(S);
}

/* The value at a dotted path from the globals, e.g. "table.sort". */
static inline TValue lookup(const char *path)
{
    char part[64];
    TValue cur;
    settable(&cur, S->globals);
    while (*path) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        memcpy(part, path, n);
        part[n] = '\0';
        ck_assert_msg(istable(&cur), "%s: not a table", part);
        cur = *tab_getstr(tabvalue(&cur), str_newc(S, part));
        path += n + (dot ? 1 : 0);
    }
    return cur;
}

/* begin_call, then arg_* for each argument, then finish_call. */
static inline TValue *begin_call(const char *path)
{
    S->top = base_top;
    TValue f = lookup(path);
    ck_assert_msg(isfunction(&f), "%s is not a function", path);
    TValue *func = S->top;
    mt_push(S, &f);
    return func;
}

static inline void arg_int(int64_t i) { mt_pushint(S, i); }
static inline void arg_flt(double n) { mt_pushflt(S, n); }
static inline void arg_str(const char *s) { mt_pushcstring(S, s); }
static inline void arg_lstr(const char *s, size_t n) { mt_pushlstring(S, s, n); }
static inline void arg_nil(void) { mt_pushnil(S); }
static inline void arg_bool(bool b) { mt_pushbool(S, b); }
static inline void arg_val(const TValue *v) { mt_push(S, v); }
static inline void arg_cfn(CFunc f)
{
    TValue v;
    setcfn(&v, f);
    mt_push(S, &v);
}

static inline int finish_call(TValue *func)
{
    int status = mt_pcall(S, func, MT_MULTRET, NULL);
    R = func;
    NR = (int)(S->top - func);
    return status;
}

/* Expect success with n results. */
#define CALL_OK(func, n)                                                       \
    do {                                                                       \
        int st_ = finish_call(func);                                           \
        ck_assert_msg(st_ == MT_OK, "unexpected error: %s",                   \
                      isstr(R) ? strvalue(R)->data : "(not a string)");       \
        ck_assert_int_eq(NR, (n));                                             \
    } while (0)

/* Expect an error whose message is exactly msg. */
#define CALL_ERR(func, msg)                                                    \
    do {                                                                       \
        int st_ = finish_call(func);                                           \
        ck_assert_msg(st_ != MT_OK, "expected error: %s", (msg));             \
        ck_assert_msg(isstr(R), "error value is not a string");              \
        ck_assert_str_eq(strvalue(R)->data, (msg));                           \
    } while (0)

#define ck_assert_res_int(k, v)                                                \
    do {                                                                       \
        ck_assert_msg(isint(&R[k]), "result %d is not an integer", (k));      \
        ck_assert_int_eq(ivalue(&R[k]), (v));                                  \
    } while (0)

#define ck_assert_res_flt(k, v)                                                \
    do {                                                                       \
        ck_assert_msg(isflt(&R[k]), "result %d is not a float", (k));         \
        ck_assert_msg(fltvalue(&R[k]) == (v) || (fltvalue(&R[k]) != fltvalue(&R[k]) && (v) != (v)), \
                      "result %d: %.17g != %.17g", (k), fltvalue(&R[k]), (double)(v)); \
    } while (0)

#define ck_assert_res_str(k, v)                                                \
    do {                                                                       \
        ck_assert_msg(isstr(&R[k]), "result %d is not a string", (k));        \
        ck_assert_str_eq(strvalue(&R[k])->data, (v));                          \
    } while (0)

#define ck_assert_res_nil(k) ck_assert_msg(isnil(&R[k]), "result %d is not nil", (k))

/* A table in a fresh stack slot. */
static inline TValue *new_table_slot(void)
{
    TValue v;
    settable(&v, tab_new(S, 0, 0));
    mt_push(S, &v);
    return S->top - 1;
}

/* Runs the suite and prints "N passed, N failed"; the exit status. */
static inline int run_suite(Suite *s, const char *name)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    int run = srunner_ntests_run(sr);
    srunner_free(sr);
    printf("%s: %d passed, %d failed\n", name, run - failed, failed);
    return failed == 0 ? 0 : 1;
}

#endif
