/* test_lib_base.c — the base library: tonumber (with bases), select,
 * tostring, error/pcall/xpcall, assert, metatables, raw access. Expected
 * values and messages are lua5.4's (recorded under pcall(f, ...)). */
#include <stdint.h>

#include "test_lib_util.h"

typedef struct BaseCase {
    const char *s;
    size_t len;
    int base;
    bool ok;
    int64_t value;
} BaseCase;

#define STR(s) s, sizeof(s) - 1
static const BaseCase base_cases[] = {
    { STR("  ff  "), 16, true, 255 },
    { STR("-zz"), 36, true, -1295 },
    { STR("8"), 8, false, 0 },
    { STR(""), 10, false, 0 },
    { STR("1z"), 36, true, 71 },
    { STR("Z"), 36, true, 35 },
    { STR("7"), 2, false, 0 },
    { STR(" -101 "), 2, true, -5 },
    { STR("9223372036854775808"), 10, true, INT64_MIN },   /* wraps */
    { STR("ffffffffffffffff"), 16, true, -1 },
    { STR("1000000000000000000000000000000"), 10, true, 5076944270305263616LL },
    { STR("+5"), 10, true, 5 },
    { STR("- 5"), 10, false, 0 },
    { STR("1 2"), 10, false, 0 },
    { STR("10"), 36, true, 36 },
    { STR("\t12\n"), 3, true, 5 },
    { STR("1.0"), 10, false, 0 },
    { STR("0x10"), 16, false, 0 },
    { STR("zZ"), 36, true, 1295 },
    { STR("1\0"), 10, false, 0 },
};

START_TEST(test_tonumber_bases)
{
    const BaseCase *c = &base_cases[_i];
    TValue *f = begin_call("tonumber");
    arg_lstr(c->s, c->len);
    arg_int(c->base);
    CALL_OK(f, 1);
    if (c->ok)
        ck_assert_res_int(0, c->value);
    else
        ck_assert_res_nil(0);
}
END_TEST

START_TEST(test_tonumber_base_errors)
{
    TValue *f = begin_call("tonumber");
    arg_str("10");
    arg_int(1);
    CALL_ERR(f, "bad argument #2 to 'tonumber' (base out of range)");
    f = begin_call("tonumber");
    arg_str("10");
    arg_int(37);
    CALL_ERR(f, "bad argument #2 to 'tonumber' (base out of range)");
    f = begin_call("tonumber");
    arg_int(10);
    arg_int(16);
    CALL_ERR(f, "bad argument #1 to 'tonumber' (string expected, got number)");
    f = begin_call("tonumber");
    arg_str("10");
    arg_flt(2.5);
    CALL_ERR(f, "bad argument #2 to 'tonumber' (number has no integer representation)");
    f = begin_call("tonumber");
    CALL_ERR(f, "bad argument #1 to 'tonumber' (value expected)");
}
END_TEST

START_TEST(test_tonumber_plain)
{
    TValue *f = begin_call("tonumber");
    arg_str(" 0x10 ");
    CALL_OK(f, 1);
    ck_assert_res_int(0, 16);
    f = begin_call("tonumber");
    arg_str("1e1");
    CALL_OK(f, 1);
    ck_assert_res_flt(0, 10.0);
    f = begin_call("tonumber");
    arg_str("abc");
    CALL_OK(f, 1);
    ck_assert_res_nil(0);
    f = begin_call("tonumber");
    arg_lstr("1\0", 2);   /* an embedded zero is not a numeral */
    CALL_OK(f, 1);
    ck_assert_res_nil(0);
    f = begin_call("tonumber");
    arg_nil();
    CALL_OK(f, 1);
    ck_assert_res_nil(0);
    f = begin_call("tonumber");   /* a nil base means no base */
    arg_str("10");
    arg_nil();
    CALL_OK(f, 1);
    ck_assert_res_int(0, 10);
    f = begin_call("tonumber");
    arg_flt(2.5);
    CALL_OK(f, 1);
    ck_assert_res_flt(0, 2.5);
}
END_TEST

START_TEST(test_select)
{
    TValue *f = begin_call("select");
    arg_str("#");
    arg_int(1);
    arg_nil();
    CALL_OK(f, 1);
    ck_assert_res_int(0, 2);
    f = begin_call("select");
    arg_int(-1);
    arg_str("a");
    arg_str("b");
    CALL_OK(f, 1);
    ck_assert_res_str(0, "b");
    f = begin_call("select");
    arg_int(2);
    arg_str("a");
    arg_str("b");
    arg_str("c");
    CALL_OK(f, 2);
    ck_assert_res_str(0, "b");
    ck_assert_res_str(1, "c");
    f = begin_call("select");
    arg_int(5);
    arg_str("a");
    CALL_OK(f, 0);
    f = begin_call("select");
    arg_int(0);
    arg_str("a");
    CALL_ERR(f, "bad argument #1 to 'select' (index out of range)");
    f = begin_call("select");
    arg_int(-3);
    arg_str("a");
    CALL_ERR(f, "bad argument #1 to 'select' (index out of range)");
    f = begin_call("select");
    arg_str("x");
    CALL_ERR(f, "bad argument #1 to 'select' (number expected, got string)");
}
END_TEST

static const char *tostring_of(const TValue *v)
{
    TValue *f = begin_call("tostring");
    arg_val(v);
    CALL_OK(f, 1);
    ck_assert(isstr(R));
    return strvalue(R)->data;
}

START_TEST(test_tostring_values)
{
    TValue v;
    setint(&v, INT64_MIN);
    ck_assert_str_eq(tostring_of(&v), "-9223372036854775808");
    setflt(&v, -0.0);
    ck_assert_str_eq(tostring_of(&v), "-0.0");
    setflt(&v, 1e100);
    ck_assert_str_eq(tostring_of(&v), "1e+100");
    setflt(&v, 2.0);
    ck_assert_str_eq(tostring_of(&v), "2.0");
    setflt(&v, HUGE_VAL);
    ck_assert_str_eq(tostring_of(&v), "inf");
    setflt(&v, 1.0 / 3.0);
    ck_assert_str_eq(tostring_of(&v), "0.33333333333333");
    setbool(&v, false);
    ck_assert_str_eq(tostring_of(&v), "false");
    setnil(&v);
    ck_assert_str_eq(tostring_of(&v), "nil");
    setcfn(&v, NULL);
    ck_assert(strncmp(tostring_of(&v), "function: ", 10) == 0);
    TValue *t = new_table_slot();
    ck_assert(strncmp(tostring_of(t), "table: 0x", 9) == 0);
    Table *meta = tab_new(S, 0, 1);
    lib_setstring(S, meta, "__name", "MyType");
    tabvalue(t)->meta = meta;
    ck_assert(strncmp(tostring_of(t), "MyType: 0x", 10) == 0);
}
END_TEST

START_TEST(test_tostring_no_value)
{
    TValue *f = begin_call("tostring");
    CALL_ERR(f, "bad argument #1 to 'tostring' (value expected)");
}
END_TEST

/* error called from C: level 1 names a builtin, so no position is added */
START_TEST(test_error_values)
{
    TValue *f = begin_call("error");
    arg_str("plain");
    CALL_ERR(f, "plain");
    f = begin_call("error");
    arg_str("lvl0");
    arg_int(0);
    CALL_ERR(f, "lvl0");
    f = begin_call("error");
    TValue *t = new_table_slot();
    ck_assert_int_ne(finish_call(f), MT_OK);
    ck_assert(istable(R) && tabvalue(R) == tabvalue(t));
    f = begin_call("error");
    ck_assert_int_ne(finish_call(f), MT_OK);
    ck_assert(isnil(R));
    f = begin_call("error");
    arg_str("x");
    arg_flt(1.5);
    CALL_ERR(f, "bad argument #2 to 'error' (number has no integer representation)");
}
END_TEST

static int raise_boom(State *L, TValue *args, int nargs)
{
    (void)args;
    (void)nargs;
    mt_pushcstring(L, "boom");
    mt_error(L);
}

static int add_two(State *L, TValue *args, int nargs)
{
    ck_assert_int_eq(nargs, 2);
    mt_pushint(L, ivalue(&args[0]) + ivalue(&args[1]));
    mt_pushstr(L, str_newc(L, "second"));
    return 2;
}

static int prefix_handler(State *L, TValue *args, int nargs)
{
    ck_assert_int_eq(nargs, 1);
    mt_pushcstring(L, "H:");
    mt_push(L, &args[0]);
    mt_concat(L, 2);
    return 1;
}

START_TEST(test_pcall)
{
    TValue *f = begin_call("pcall");
    arg_cfn(add_two);
    arg_int(3);
    arg_int(4);
    CALL_OK(f, 3);
    ck_assert(bvalue(&R[0]));
    ck_assert_res_int(1, 7);
    ck_assert_res_str(2, "second");
    f = begin_call("pcall");
    arg_cfn(raise_boom);
    CALL_OK(f, 2);
    ck_assert(!bvalue(&R[0]));
    ck_assert_res_str(1, "boom");
    f = begin_call("pcall");
    CALL_ERR(f, "bad argument #1 to 'pcall' (value expected)");
}
END_TEST

START_TEST(test_xpcall)
{
    TValue *f = begin_call("xpcall");
    arg_cfn(raise_boom);
    arg_cfn(prefix_handler);
    CALL_OK(f, 2);
    ck_assert(!bvalue(&R[0]));
    ck_assert_res_str(1, "H:boom");
    f = begin_call("xpcall");
    arg_cfn(add_two);
    arg_cfn(prefix_handler);
    arg_int(1);
    arg_int(2);
    CALL_OK(f, 3);
    ck_assert(bvalue(&R[0]));
    ck_assert_res_int(1, 3);
    f = begin_call("xpcall");
    arg_cfn(add_two);
    CALL_ERR(f, "bad argument #2 to 'xpcall' (function expected, got no value)");
}
END_TEST

START_TEST(test_assert)
{
    TValue *f = begin_call("assert");
    arg_int(1);
    arg_str("two");
    CALL_OK(f, 2);
    ck_assert_res_int(0, 1);
    ck_assert_res_str(1, "two");
    f = begin_call("assert");
    arg_bool(false);
    CALL_ERR(f, "assertion failed!");
    f = begin_call("assert");
    arg_nil();
    arg_str("custom");
    CALL_ERR(f, "custom");
    f = begin_call("assert");
    CALL_ERR(f, "bad argument #1 to 'assert' (value expected)");
}
END_TEST

START_TEST(test_metatables)
{
    TValue *f = begin_call("setmetatable");
    TValue *t = new_table_slot();
    TValue *m = new_table_slot();
    lib_setstring(S, tabvalue(m), "__metatable", "locked");
    CALL_OK(f, 1);
    ck_assert(tabvalue(&R[0]) == tabvalue(t));
    ck_assert(tabvalue(t)->meta == tabvalue(m));
    TValue tv = *t;
    f = begin_call("getmetatable");
    arg_val(&tv);
    CALL_OK(f, 1);
    ck_assert_res_str(0, "locked");
    f = begin_call("setmetatable");
    arg_val(&tv);
    arg_nil();
    CALL_ERR(f, "cannot change a protected metatable");
    f = begin_call("setmetatable");
    arg_val(&tv);
    arg_int(1);
    CALL_ERR(f, "bad argument #2 to 'setmetatable' (nil or table expected, got number)");
    f = begin_call("setmetatable");
    arg_int(1);
    CALL_ERR(f, "bad argument #1 to 'setmetatable' (table expected, got number)");
    f = begin_call("getmetatable");
    arg_str("s");
    CALL_OK(f, 1);
    ck_assert(istable(R) && tabvalue(R) == S->string_meta);
}
END_TEST

START_TEST(test_raw_access)
{
    TValue *f = begin_call("rawset");
    TValue *t = new_table_slot();
    arg_nil();
    arg_int(1);
    CALL_ERR(f, "table index is nil");
    f = begin_call("rawset");
    arg_val(t);
    arg_flt(NAN);
    arg_int(1);
    CALL_ERR(f, "table index is NaN");
    f = begin_call("rawlen");
    arg_int(1);
    CALL_ERR(f, "bad argument #1 to 'rawlen' (table or string expected, got number)");
    f = begin_call("rawlen");
    arg_str("abc");
    CALL_OK(f, 1);
    ck_assert_res_int(0, 3);
    f = begin_call("rawequal");
    arg_int(1);
    arg_flt(1.0);
    CALL_OK(f, 1);
    ck_assert(bvalue(R));
    f = begin_call("rawequal");
    arg_int(1);
    CALL_ERR(f, "bad argument #2 to 'rawequal' (value expected)");
    f = begin_call("next");
    new_table_slot();
    CALL_OK(f, 1);
    ck_assert_res_nil(0);
}
END_TEST

START_TEST(test_ipairs_step)
{
    /* the iterator ipairs returns stops at the first nil */
    TValue *f = begin_call("ipairs");
    TValue *t = new_table_slot();
    TValue v;
    setint(&v, 10);
    tab_setint(S, tabvalue(t), 1, &v);
    CALL_OK(f, 3);
    TValue step = R[0], tab = R[1];
    TValue *call = S->top;
    arg_val(&step);
    arg_val(&tab);
    arg_int(0);
    CALL_OK(call, 2);
    ck_assert_res_int(0, 1);
    ck_assert_res_int(1, 10);
    call = S->top;
    arg_val(&step);
    arg_val(&tab);
    arg_int(1);
    CALL_OK(call, 1);
    ck_assert_res_nil(0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lib_base");
    TCase *tc = tcase_create("base");
    tcase_add_checked_fixture(tc, lib_setup, lib_teardown);
    tcase_add_loop_test(tc, test_tonumber_bases, 0,
                        (int)(sizeof base_cases / sizeof base_cases[0]));
    tcase_add_test(tc, test_tonumber_base_errors);
    tcase_add_test(tc, test_tonumber_plain);
    tcase_add_test(tc, test_select);
    tcase_add_test(tc, test_tostring_values);
    tcase_add_test(tc, test_tostring_no_value);
    tcase_add_test(tc, test_error_values);
    tcase_add_test(tc, test_pcall);
    tcase_add_test(tc, test_xpcall);
    tcase_add_test(tc, test_assert);
    tcase_add_test(tc, test_metatables);
    tcase_add_test(tc, test_raw_access);
    tcase_add_test(tc, test_ipairs_step);
    suite_add_tcase(s, tc);
    return run_suite(s, "lib_base");
}
