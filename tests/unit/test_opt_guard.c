/* test_opt_guard.c — guard strengthening, IR in / IR out: a guard that a
 * value is not k1, followed by a guard that it is k2, tests "is k2" itself
 * (keeping its own snapshot); nothing else changes. */
#include <stdio.h>

#include "ir_testutil.h"

#define S01 "SNAP #0 pc=0x10 { }\n"
#define S02 "SNAP #1 pc=0x14 { }\n"

static const IRCase cases[] = {
    {"not_nil_then_float",
     "1 u8 KINT 0\n2 u8 KINT 3\n3 u8 SLOADT #0 #0\n" S01 "4 > void NE 3 1\n" S02
     "5 > void EQ 3 2\n",
     "1 u8 KINT 0\n2 u8 KINT 3\n3 u8 SLOADT #0 #0\n" S01 "4 > void EQ 3 2\n" S02
     "5 > void EQ 3 2 ->1\n", 0},
    {"two_not_guards_then_one_is",
     "1 u8 KINT 0\n2 u8 KINT 1\n3 u8 KINT 3\n4 u8 SLOADT #0 #0\n" S01 "5 > void NE 4 1\n"
     "6 > void NE 4 2\n" S02 "7 > void EQ 4 3\n",
     "1 u8 KINT 0\n2 u8 KINT 1\n3 u8 KINT 3\n4 u8 SLOADT #0 #0\n" S01 "5 > void EQ 4 3\n"
     "6 > void EQ 4 3\n" S02 "7 > void EQ 4 3 ->1\n", 0},
    {"same_constant_stays",   /* x ~= 3 then x == 3 always exits: left to fold */
     "1 u8 KINT 3\n2 u8 SLOADT #0 #0\n" S01 "3 > void NE 2 1\n" S02 "4 > void EQ 2 1\n",
     "1 u8 KINT 3\n2 u8 SLOADT #0 #0\n" S01 "3 > void NE 2 1\n" S02 "4 > void EQ 2 1 ->1\n", 0},
    {"other_value_stays",
     "1 u8 KINT 0\n2 u8 KINT 3\n3 u8 SLOADT #0 #0\n4 u8 SLOADT #1 #0\n" S01
     "5 > void NE 3 1\n" S02 "6 > void EQ 4 2\n",
     "1 u8 KINT 0\n2 u8 KINT 3\n3 u8 SLOADT #0 #0\n4 u8 SLOADT #1 #0\n" S01
     "5 > void NE 3 1\n" S02 "6 > void EQ 4 2 ->1\n", 0},
    {"later_constant_not_taken",   /* operands must come first */
     "1 u8 KINT 0\n2 u8 SLOADT #0 #0\n" S01 "3 > void NE 2 1\n4 u8 KINT 3\n" S02
     "5 > void EQ 2 4\n",
     "1 u8 KINT 0\n2 u8 SLOADT #0 #0\n" S01 "3 > void NE 2 1\n4 u8 KINT 3\n" S02
     "5 > void EQ 2 4 ->1\n", 0},
    {"value_comparison_is_no_guard",
     "1 u8 KINT 0\n2 u8 KINT 3\n3 u8 SLOADT #0 #0\n4 bool NE 3 1\n" S01 "5 > void EQ 3 2\n"
     "6 void SSTORET #1 4\n",
     "1 u8 KINT 0\n2 u8 KINT 3\n3 u8 SLOADT #0 #0\n4 bool NE 3 1\n" S01 "5 > void EQ 3 2\n"
     "6 void SSTORET #1 4\n", 0},
    {"not_across_loop",
     "1 u8 KINT 0\n2 u8 KINT 3\n3 u8 SLOADT #0 #0\n" S01 "4 > void NE 3 1\n5 void LOOP\n" S02
     "6 > void EQ 3 2\n",
     "1 u8 KINT 0\n2 u8 KINT 3\n3 u8 SLOADT #0 #0\n" S01 "4 > void NE 3 1\n5 void LOOP\n" S02
     "6 > void EQ 3 2 ->1\n", 0},
    {"empty_trace", "", "", 0},
};

#define NCASES ((int)(sizeof cases / sizeof cases[0]))

START_TEST(guard_case)
{
    run_case(&cases[_i], opt_guard);
}
END_TEST

/* With CSE after it, the strengthened pair is one guard. */
START_TEST(cse_removes_the_later_guard)
{
    Trace T;
    OptResult res;
    memset(&res, 0, sizeof res);
    parse_ok(&T, cases[0].in, "pipeline");
    opt_guard(&T, &res);
    opt_cse(&T, &res);
    expect_ir(&T, "1 u8 KINT 0\n2 u8 KINT 3\n3 u8 SLOADT #0 #0\n" S01 "4 > void EQ 3 2\n" S02,
              "pipeline");
    ir_free(&T);
}
END_TEST

static Suite *guard_suite(void)
{
    Suite *s = suite_create("opt_guard");
    TCase *tc = tcase_create("guard");
    tcase_add_loop_test(tc, guard_case, 0, NCASES);
    tcase_add_test(tc, cse_removes_the_later_guard);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(guard_suite(), "test_opt_guard");
}
