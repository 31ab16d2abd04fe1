/* test_lib_math.c — math edge cases (integer/float results, fmod's zero
 * error, modf of infinities, tointeger, max/min) and the string functions
 * other than format, against lua5.4's results. */
#include <stdint.h>

#include "test_lib_util.h"

static void call1_flt(const char *fn, double x)
{
    TValue *f = begin_call(fn);
    arg_flt(x);
    CALL_OK(f, 1);
}

static void call1_int(const char *fn, int64_t x)
{
    TValue *f = begin_call(fn);
    arg_int(x);
    CALL_OK(f, 1);
}

START_TEST(test_floor_ceil)
{
    call1_flt("math.floor", ldexp(1.0, 70));   /* too big: stays a float */
    ck_assert_res_flt(0, ldexp(1.0, 70));
    call1_flt("math.floor", -3.5);
    ck_assert_res_int(0, -4);
    call1_flt("math.ceil", -3.5);
    ck_assert_res_int(0, -3);
    call1_flt("math.floor", -0.0);
    ck_assert_res_int(0, 0);
    call1_flt("math.floor", -ldexp(1.0, 63));
    ck_assert_res_int(0, INT64_MIN);
    call1_flt("math.ceil", ldexp(1.0, 63));
    ck_assert_res_flt(0, ldexp(1.0, 63));
    call1_int("math.floor", 7);
    ck_assert_res_int(0, 7);
    TValue *f = begin_call("math.floor");
    arg_str("3.5");
    CALL_OK(f, 1);
    ck_assert_res_int(0, 3);
    f = begin_call("math.floor");
    arg_str("x");
    CALL_ERR(f, "bad argument #1 to 'math.floor' (number expected, got string)");
}
END_TEST

START_TEST(test_fmod)
{
    TValue *f = begin_call("math.fmod");
    arg_int(1);
    arg_int(0);
    CALL_ERR(f, "bad argument #2 to 'math.fmod' (zero)");
    f = begin_call("math.fmod");
    arg_int(INT64_MIN);
    arg_int(-1);
    CALL_OK(f, 1);
    ck_assert_res_int(0, 0);
    f = begin_call("math.fmod");
    arg_int(-7);
    arg_int(3);
    CALL_OK(f, 1);
    ck_assert_res_int(0, -1);
    f = begin_call("math.fmod");
    arg_flt(-7.5);
    arg_int(2);
    CALL_OK(f, 1);
    ck_assert_res_flt(0, -1.5);
    f = begin_call("math.fmod");
    arg_int(1);
    arg_flt(0.0);
    CALL_OK(f, 1);
    ck_assert(isflt(R) && isnan(fltvalue(R)));
}
END_TEST

START_TEST(test_modf_tointeger_type)
{
    TValue *f = begin_call("math.modf");
    arg_flt(3.7);
    CALL_OK(f, 2);
    ck_assert_res_int(0, 3);
    ck_assert(isflt(&R[1]) && fabs(fltvalue(&R[1]) - 0.7) < 1e-12);
    f = begin_call("math.modf");
    arg_flt(-HUGE_VAL);
    CALL_OK(f, 2);
    ck_assert_res_flt(0, -HUGE_VAL);
    ck_assert_res_flt(1, 0.0);
    f = begin_call("math.modf");
    arg_int(5);
    CALL_OK(f, 2);
    ck_assert_res_int(0, 5);
    ck_assert_res_flt(1, 0.0);
    call1_flt("math.tointeger", 3.0);
    ck_assert_res_int(0, 3);
    call1_flt("math.tointeger", 3.5);
    ck_assert_res_nil(0);
    call1_flt("math.tointeger", ldexp(1.0, 63));
    ck_assert_res_nil(0);
    f = begin_call("math.tointeger");
    arg_str("0x10");
    CALL_OK(f, 1);
    ck_assert_res_int(0, 16);
    f = begin_call("math.tointeger");
    CALL_ERR(f, "bad argument #1 to 'math.tointeger' (value expected)");
    call1_int("math.type", 1);
    ck_assert_res_str(0, "integer");
    call1_flt("math.type", 1.0);
    ck_assert_res_str(0, "float");
    f = begin_call("math.type");
    arg_str("1");
    CALL_OK(f, 1);
    ck_assert_res_nil(0);
}
END_TEST

START_TEST(test_abs_max_min_ult_log)
{
    call1_int("math.abs", INT64_MIN);   /* wraps, as in Lua */
    ck_assert_res_int(0, INT64_MIN);
    call1_flt("math.abs", -0.0);
    ck_assert_res_flt(0, 0.0);
    ck_assert(!signbit(fltvalue(R)));
    TValue *f = begin_call("math.max");
    arg_int(1);
    arg_flt(2.5);
    arg_int(-1);
    CALL_OK(f, 1);
    ck_assert_res_flt(0, 2.5);
    f = begin_call("math.max");
    arg_int(1);
    arg_flt(1.0);   /* the first of equals wins */
    CALL_OK(f, 1);
    ck_assert_res_int(0, 1);
    f = begin_call("math.min");
    arg_int(3);
    arg_flt(1.0);
    arg_int(1);
    CALL_OK(f, 1);
    ck_assert_res_flt(0, 1.0);
    f = begin_call("math.max");
    CALL_ERR(f, "bad argument #1 to 'math.max' (value expected)");
    f = begin_call("math.ult");
    arg_int(1);
    arg_int(-1);
    CALL_OK(f, 1);
    ck_assert(bvalue(R));
    f = begin_call("math.ult");
    arg_flt(1.5);
    arg_int(2);
    CALL_ERR(f, "bad argument #1 to 'math.ult' (number has no integer representation)");
    f = begin_call("math.log");
    arg_int(8);
    arg_int(2);
    CALL_OK(f, 1);
    ck_assert_res_flt(0, 3.0);
    f = begin_call("math.log");
    arg_int(1000);
    arg_int(10);
    CALL_OK(f, 1);
    ck_assert_res_flt(0, 3.0);
}
END_TEST

START_TEST(test_string_functions)
{
    TValue *f = begin_call("string.sub");
    arg_str("hello");
    arg_int(-3);
    CALL_OK(f, 1);
    ck_assert_res_str(0, "llo");
    f = begin_call("string.sub");
    arg_str("hello");
    arg_int(-100);
    arg_int(2);
    CALL_OK(f, 1);
    ck_assert_res_str(0, "he");
    f = begin_call("string.sub");
    arg_int(12345);   /* numbers are strings here */
    arg_int(2);
    arg_int(3);
    CALL_OK(f, 1);
    ck_assert_res_str(0, "23");
    f = begin_call("string.byte");
    arg_str("abc");
    arg_int(-10);
    arg_int(10);
    CALL_OK(f, 3);
    ck_assert_res_int(2, 99);
    f = begin_call("string.byte");
    arg_str("abc");
    arg_int(0);
    CALL_OK(f, 0);
    f = begin_call("string.char");
    arg_int(256);
    CALL_ERR(f, "bad argument #1 to 'string.char' (value out of range)");
    f = begin_call("string.rep");
    arg_str("ab");
    arg_int(3);
    arg_str(",");
    CALL_OK(f, 1);
    ck_assert_res_str(0, "ab,ab,ab");
    f = begin_call("string.rep");
    arg_str("x");
    arg_int(INT64_C(1) << 31);
    CALL_ERR(f, "resulting string too large");
    f = begin_call("string.rep");
    arg_str("ab");
    arg_flt(3.5);
    CALL_ERR(f, "bad argument #2 to 'string.rep' (number has no integer representation)");
    f = begin_call("string.reverse");
    arg_lstr("a\0b", 3);
    CALL_OK(f, 1);
    ck_assert_int_eq(strvalue(R)->len, 3);
    ck_assert(memcmp(strvalue(R)->data, "b\0a", 3) == 0);
    f = begin_call("string.upper");
    arg_str("MiXeD 1");
    CALL_OK(f, 1);
    ck_assert_res_str(0, "MIXED 1");
    f = begin_call("string.len");
    arg_nil();
    CALL_ERR(f, "bad argument #1 to 'string.len' (string expected, got nil)");
    /* patterns are Tier 2: calling one names what is missing */
    f = begin_call("string.find");
    arg_str("abc");
    arg_str("b");
    CALL_ERR(f, "string.find is not supported by mt (string patterns come in a later tier)");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lib_math");
    TCase *tc = tcase_create("math");
    tcase_add_checked_fixture(tc, lib_setup, lib_teardown);
    tcase_add_test(tc, test_floor_ceil);
    tcase_add_test(tc, test_fmod);
    tcase_add_test(tc, test_modf_tointeger_type);
    tcase_add_test(tc, test_abs_max_min_ult_log);
    tcase_add_test(tc, test_string_functions);
    suite_add_tcase(s, tc);
    return run_suite(s, "lib_math");
}
