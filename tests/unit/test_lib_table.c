/* test_lib_table.c — table.sort (valid and invalid comparators, and the
 * order of equal elements, which must be lua5.4's), insert, remove,
 * concat, unpack and pack with their error messages. */
#include <stdint.h>
#include <stdlib.h>

#include "test_lib_util.h"

/* A table {v1, v2, ...} in a stack slot. */
static TValue *int_array(const int64_t *vals, int n)
{
    TValue *t = new_table_slot();
    for (int i = 0; i < n; i++) {
        TValue v;
        setint(&v, vals[i]);
        tab_setint(S, tabvalue(t), i + 1, &v);
    }
    return t;
}

static int64_t elem(TValue *t, int64_t i)
{
    const TValue *v = tab_getint(tabvalue(t), i);
    ck_assert_msg(isint(v), "t[%lld] is not an integer", (long long)i);
    return ivalue(v);
}

static int cmp_greater(State *L, TValue *args, int nargs)
{
    (void)nargs;
    mt_pushbool(L, ivalue(&args[0]) > ivalue(&args[1]));
    return 1;
}

static int cmp_always(State *L, TValue *args, int nargs)
{
    (void)args;
    (void)nargs;
    mt_pushbool(L, true);
    return 1;
}

static int cmp_lesseq(State *L, TValue *args, int nargs)
{
    (void)nargs;
    mt_pushbool(L, ivalue(&args[0]) <= ivalue(&args[1]));
    return 1;
}

static unsigned rng_state = 12345;
static int cmp_random(State *L, TValue *args, int nargs)
{
    (void)args;
    (void)nargs;
    rng_state = rng_state * 1103515245u + 12345u;
    mt_pushbool(L, (rng_state >> 16) & 1);
    return 1;
}

/* compares the first field of two records {key, id} */
static int cmp_key(State *L, TValue *args, int nargs)
{
    (void)nargs;
    int64_t a = ivalue(tab_getint(tabvalue(&args[0]), 1));
    int64_t b = ivalue(tab_getint(tabvalue(&args[1]), 1));
    mt_pushbool(L, a < b);
    return 1;
}

START_TEST(test_sort_default_order)
{
    int64_t vals[1000];
    for (int i = 0; i < 1000; i++)
        vals[i] = (i * 7919) % 1000 - 500;
    TValue *f = begin_call("table.sort");
    TValue *t = int_array(vals, 1000);
    CALL_OK(f, 0);
    for (int i = 1; i < 1000; i++)
        ck_assert(elem(t, i) <= elem(t, i + 1));
}
END_TEST

START_TEST(test_sort_comparator)
{
    int64_t vals[] = { 5, 3, 8, 1, 9, 2, 7, 3, 3, 0, -1 };
    int n = (int)(sizeof vals / sizeof vals[0]);
    TValue *f = begin_call("table.sort");
    TValue *t = int_array(vals, n);
    arg_cfn(cmp_greater);
    CALL_OK(f, 0);
    int64_t want[] = { 9, 8, 7, 5, 3, 3, 3, 2, 1, 0, -1 };
    for (int i = 0; i < n; i++)
        ck_assert_int_eq(elem(t, i + 1), want[i]);
}
END_TEST

/* always-true breaks the partition's invariant: it must be detected, never
 * read outside the array */
START_TEST(test_sort_invalid_order_function)
{
    int64_t vals[1000];
    for (int i = 0; i < 1000; i++)
        vals[i] = (i * 7919) % 1000;
    TValue *f = begin_call("table.sort");
    int_array(vals, 1000);
    arg_cfn(cmp_always);
    CALL_ERR(f, "invalid order function for sorting");
    f = begin_call("table.sort");
    int_array(vals, 1000);
    arg_cfn(cmp_lesseq);
    CALL_ERR(f, "invalid order function for sorting");
}
END_TEST

/* a random answer must end in an error or in some permutation, never a crash */
START_TEST(test_sort_random_comparator)
{
    for (int round = 0; round < 20; round++) {
        int64_t vals[300];
        for (int i = 0; i < 300; i++)
            vals[i] = i;
        TValue *f = begin_call("table.sort");
        TValue *t = int_array(vals, 300);
        arg_cfn(cmp_random);
        if (finish_call(f) != MT_OK) {
            ck_assert_str_eq(strvalue(R)->data, "invalid order function for sorting");
            continue;
        }
        int64_t sum = 0;
        for (int i = 1; i <= 300; i++)
            sum += elem(t, i);
        ck_assert_int_eq(sum, 299 * 300 / 2);
    }
}
END_TEST

/* Recorded from lua5.4: t[i] = {(i * 7919) % 13, i} for i = 1..300,
 * sorted by key; the ids in their final order. */
static const int64_t ties_expected[300] = {
    65, 169, 39, 156, 195, 208, 26, 221, 299, 130, 91, 78, 143, 104, 117,
    52, 234, 182, 13, 247, 260, 286, 273, 124, 7, 137, 46, 228, 280, 98,
    72, 111, 293, 85, 59, 163, 267, 150, 202, 33, 189, 254, 176, 215, 241,
    20, 248, 79, 209, 92, 222, 287, 105, 196, 118, 235, 261, 170, 274, 144,
    66, 131, 183, 157, 1, 300, 14, 53, 27, 40, 190, 125, 47, 138, 268,
    112, 8, 21, 229, 255, 281, 34, 177, 151, 242, 203, 164, 99, 216, 294,
    73, 60, 86, 80, 288, 106, 28, 41, 184, 236, 275, 145, 119, 197, 54,
    223, 93, 262, 132, 171, 249, 15, 2, 158, 210, 67, 139, 35, 152, 256,
    74, 165, 178, 295, 61, 243, 9, 191, 126, 100, 22, 282, 204, 87, 48,
    269, 113, 217, 230, 159, 107, 276, 55, 250, 211, 172, 94, 16, 289, 68,
    185, 29, 198, 133, 81, 263, 237, 120, 3, 146, 224, 42, 205, 231, 62,
    218, 296, 179, 192, 153, 244, 140, 270, 23, 257, 114, 127, 10, 36, 101,
    49, 283, 166, 88, 75, 56, 199, 4, 95, 277, 225, 212, 290, 69, 108,
    82, 238, 17, 160, 121, 147, 43, 251, 186, 30, 173, 264, 134, 245, 284,
    297, 11, 219, 271, 232, 258, 63, 141, 50, 89, 128, 115, 102, 193, 180,
    167, 24, 206, 37, 76, 154, 213, 44, 135, 252, 148, 265, 109, 278, 83,
    70, 122, 291, 96, 57, 5, 161, 31, 187, 174, 200, 239, 226, 18, 38,
    233, 51, 116, 272, 194, 285, 90, 220, 298, 103, 25, 207, 77, 64, 259,
    142, 129, 12, 168, 246, 155, 181, 32, 149, 58, 84, 253, 292, 201, 71,
    175, 214, 227, 110, 45, 162, 266, 123, 188, 136, 97, 279, 19, 240, 6,
};

START_TEST(test_sort_ties_match_lua)
{
    TValue *f = begin_call("table.sort");
    TValue *t = new_table_slot();
    for (int i = 1; i <= 300; i++) {
        Table *rec = tab_new(S, 2, 0);
        TValue v;
        setint(&v, (i * 7919) % 13);
        tab_setint(S, rec, 1, &v);
        setint(&v, i);
        tab_setint(S, rec, 2, &v);
        settable(&v, rec);
        tab_setint(S, tabvalue(t), i, &v);
    }
    arg_cfn(cmp_key);
    CALL_OK(f, 0);
    for (int i = 1; i <= 300; i++) {
        const TValue *rec = tab_getint(tabvalue(t), i);
        ck_assert_int_eq(ivalue(tab_getint(tabvalue(rec), 2)), ties_expected[i - 1]);
    }
}
END_TEST

START_TEST(test_sort_errors)
{
    TValue *f = begin_call("table.sort");
    int64_t vals[] = { 1, 2 };
    int_array(vals, 2);
    arg_int(3);
    CALL_ERR(f, "bad argument #2 to 'table.sort' (function expected, got number)");
    f = begin_call("table.sort");
    arg_str("abc");
    CALL_ERR(f, "bad argument #1 to 'table.sort' (table expected, got string)");
    f = begin_call("table.sort");
    TValue *t = new_table_slot();
    TValue v;
    setint(&v, 1);
    tab_setint(S, tabvalue(t), 1, &v);
    setstr(&v, str_newc(S, "x"));
    tab_setint(S, tabvalue(t), 2, &v);
    CALL_ERR(f, "attempt to compare string with number");
}
END_TEST

START_TEST(test_insert_remove)
{
    int64_t vals[] = { 10, 20, 30 };
    TValue *f = begin_call("table.insert");
    TValue *t = int_array(vals, 3);
    TValue tv = *t;
    arg_int(1);
    arg_int(5);
    CALL_OK(f, 0);
    ck_assert_int_eq(elem(&tv, 1), 5);
    ck_assert_int_eq(elem(&tv, 4), 30);
    f = begin_call("table.insert");
    arg_val(&tv);
    arg_int(40);
    CALL_OK(f, 0);
    ck_assert_int_eq(elem(&tv, 5), 40);
    f = begin_call("table.insert");
    arg_val(&tv);
    arg_int(7);
    arg_int(1);
    CALL_ERR(f, "bad argument #2 to 'table.insert' (position out of bounds)");
    f = begin_call("table.insert");
    arg_val(&tv);
    arg_int(1);
    arg_int(2);
    arg_int(3);
    CALL_ERR(f, "wrong number of arguments to 'insert'");
    f = begin_call("table.remove");
    arg_val(&tv);
    arg_int(1);
    CALL_OK(f, 1);
    ck_assert_res_int(0, 5);
    ck_assert_int_eq(elem(&tv, 1), 10);
    f = begin_call("table.remove");
    arg_val(&tv);
    CALL_OK(f, 1);
    ck_assert_res_int(0, 40);
    ck_assert_int_eq(tab_len(tabvalue(&tv)), 3);
    f = begin_call("table.remove");
    arg_val(&tv);
    arg_int(9);
    CALL_ERR(f, "bad argument #1 to 'table.remove' (position out of bounds)");
}
END_TEST

START_TEST(test_concat)
{
    TValue *f = begin_call("table.concat");
    TValue *t = new_table_slot();
    TValue v;
    setint(&v, 1);
    tab_setint(S, tabvalue(t), 1, &v);
    setflt(&v, 2.5);
    tab_setint(S, tabvalue(t), 2, &v);
    setstr(&v, str_newc(S, "x"));
    tab_setint(S, tabvalue(t), 3, &v);
    TValue tv = *t;
    arg_str(", ");
    CALL_OK(f, 1);
    ck_assert_res_str(0, "1, 2.5, x");
    f = begin_call("table.concat");
    arg_val(&tv);
    arg_str("-");
    arg_int(1);
    arg_int(4);
    CALL_ERR(f, "invalid value (nil) at index 4 in table for 'concat'");
    f = begin_call("table.concat");
    arg_val(&tv);
    arg_str("-");
    arg_int(3);
    arg_int(2);
    CALL_OK(f, 1);
    ck_assert_res_str(0, "");
    /* a long result grows the buffer; an error after that must not leak */
    f = begin_call("table.concat");
    t = new_table_slot();
    for (int i = 1; i <= 2000; i++) {
        setstr(&v, str_newc(S, "abcdefgh"));
        tab_setint(S, tabvalue(t), i, &v);
    }
    tab_setint(S, tabvalue(t), 2001, t);
    CALL_ERR(f, "invalid value (table) at index 2001 in table for 'concat'");
}
END_TEST

START_TEST(test_unpack_pack)
{
    int64_t vals[] = { 1, 2, 3 };
    TValue *f = begin_call("table.unpack");
    TValue *t = int_array(vals, 3);
    TValue tv = *t;
    arg_int(2);
    arg_int(5);
    CALL_OK(f, 4);
    ck_assert_res_int(0, 2);
    ck_assert_res_int(1, 3);
    ck_assert_res_nil(2);
    f = begin_call("table.unpack");
    arg_val(&tv);
    arg_int(1);
    arg_int(10000000);
    CALL_ERR(f, "too many results to unpack");
    f = begin_call("table.unpack");
    arg_val(&tv);
    arg_int(INT64_MIN);
    arg_int(INT64_MAX);
    CALL_ERR(f, "too many results to unpack");
    f = begin_call("table.unpack");
    arg_val(&tv);
    arg_int(3);
    arg_int(1);
    CALL_OK(f, 0);
    f = begin_call("table.pack");
    arg_int(1);
    arg_nil();
    arg_int(3);
    CALL_OK(f, 1);
    ck_assert(istable(R));
    ck_assert_int_eq(ivalue(tab_getstr(tabvalue(R), str_newc(S, "n"))), 3);
    ck_assert(isnil(tab_getint(tabvalue(R), 2)));
    ck_assert_int_eq(ivalue(tab_getint(tabvalue(R), 3)), 3);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("lib_table");
    TCase *tc = tcase_create("table");
    tcase_add_checked_fixture(tc, lib_setup, lib_teardown);
    tcase_add_test(tc, test_sort_default_order);
    tcase_add_test(tc, test_sort_comparator);
    tcase_add_test(tc, test_sort_invalid_order_function);
    tcase_add_test(tc, test_sort_random_comparator);
    tcase_add_test(tc, test_sort_ties_match_lua);
    tcase_add_test(tc, test_sort_errors);
    tcase_add_test(tc, test_insert_remove);
    tcase_add_test(tc, test_concat);
    tcase_add_test(tc, test_unpack_pack);
    suite_add_tcase(s, tc);
    return run_suite(s, "lib_table");
}
