/* test_opt_dce.c — dead-code elimination, IR in / IR out: what nothing
 * live uses goes; effects, guards, control and whatever a snapshot names
 * stay, with everything they use. */
#include <stdio.h>

#include "ir_testutil.h"

#define S0 "SNAP #0 pc=0x10 { }\n"

static const IRCase cases[] = {
    {"unused_pure_op", "1 int SLOAD #0 #0\n2 int ADD 1 1\n3 void SSTORE #1 1\n",
     "1 int SLOAD #0 #0\n2 void SSTORE #1 1\n", 0},
    {"unused_chain_goes_whole",
     "1 int SLOAD #0 #0\n2 int KINT 3\n3 int ADD 1 2\n4 int MUL 3 3\n5 int NEG 4\n",
     "", 0},
    {"used_chain_stays",
     "1 int SLOAD #0 #0\n2 int KINT 3\n3 int ADD 1 2\n4 int MUL 3 3\n5 void SSTORE #0 4\n",
     "1 int SLOAD #0 #0\n2 int KINT 3\n3 int ADD 1 2\n4 int MUL 3 3\n5 void SSTORE #0 4\n", 0},
    {"unused_loads",
     "1 ptr SLOAD #0 #0\n2 u8 SLOADT #1 #0\n3 ptr FREF 1 #8\n4 int LOAD 3\n5 void SSTORE #2 1\n",
     "1 ptr SLOAD #0 #0\n2 void SSTORE #2 1\n", 0},
    {"unused_constants",
     "1 int KINT 1\n2 flt KFLT 2.5\n3 ptr KPTR 0x40\n4 int KINT 2\n5 void SSTORE #0 4\n",
     "1 int KINT 2\n2 void SSTORE #0 1\n", 0},
    {"stores_keep_their_operands",
     "1 ptr SLOAD #0 #0\n2 ptr FREF 1 #16\n3 int KINT 9\n4 void STORE 2 3\n5 ptr FREF 1 #24\n",
     "1 ptr SLOAD #0 #0\n2 ptr FREF 1 #16\n3 int KINT 9\n4 void STORE 2 3\n", 0},
    {"guards_stay_value_comparisons_go",
     S0 "1 int SLOAD #0 #0\n2 int KINT 0\n3 bool LT 1 2\n4 > void GE 1 2\n5 bool FEQ 1 1\n",
     S0 "1 int SLOAD #0 #0\n2 int KINT 0\n3 > void GE 1 2\n", 0},
    {"checked_ops_stay_even_unused",
     S0 "1 int SLOAD #0 #0\n2 > int ADDOV 1 1\n3 flt SLOAD #1 #0\n4 > int F2I 3\n5 int F2I 3\n",
     S0 "1 int SLOAD #0 #0\n2 > int ADDOV 1 1\n3 flt SLOAD #1 #0\n4 > int F2I 3\n", 0},
    {"snapshot_values_stay",
     "1 int SLOAD #0 #0\n2 int KINT 3\n3 int ADD 1 2\n4 int MUL 1 1\n"
     "SNAP #0 pc=0x10 { 5=2:3 }\n5 > void NE 1 2\n",
     "1 int SLOAD #0 #0\n2 int KINT 3\n3 int ADD 1 2\n"
     "SNAP #0 pc=0x10 { 5=2:3 }\n4 > void NE 1 2\n", 0},
    {"snapshot_of_a_removed_guard_still_keeps_values",
     "1 int SLOAD #0 #0\n2 int NEG 1\nSNAP #0 pc=0x10 { 0=-:2 }\n3 int BNOT 1\n"
     "SNAP #1 pc=0x14 { }\n4 > void EQ 1 1\n",
     "1 int SLOAD #0 #0\n2 int NEG 1\nSNAP #0 pc=0x10 { 0=-:2 }\n"
     "SNAP #1 pc=0x14 { }\n3 > void EQ 1 1 ->1\n", 0},
    {"snapshots_move_with_their_instructions",
     S0 "1 int SLOAD #0 #0\n2 int NEG 1\n3 int NEG 2\nSNAP #1 pc=0x14 { }\n"
     "4 > void LT 1 1\n5 int BNOT 1\nSNAP #2 pc=0x18 { }\n",
     S0 "1 int SLOAD #0 #0\nSNAP #1 pc=0x14 { }\n2 > void LT 1 1 ->1\nSNAP #2 pc=0x18 { }\n", 0},
    {"unused_pure_and_reading_calls_go_with_their_args",
     "1 ptr KPTR 0x500\n2 int SLOAD #0 #0\n3 void CARG - 2\n4 int CALLN 1 3\n"
     "5 void CARG - 2\n6 void CARG 5 2\n7 int CALLL 1 6\n8 void SSTORE #1 2\n",
     "1 int SLOAD #0 #0\n2 void SSTORE #1 1\n", 0},
    {"effectful_calls_stay_with_their_args",
     "1 ptr KPTR 0x500\n2 int SLOAD #0 #0\n3 void CARG - 2\n4 void CALLS 1 3\n"
     "5 int KINT 8\n6 void CARG - 5\n7 ptr CALLA 1 6\n",
     "1 ptr KPTR 0x500\n2 int SLOAD #0 #0\n3 void CARG - 2\n4 void CALLS 1 3\n"
     "5 int KINT 8\n6 void CARG - 5\n7 ptr CALLA 1 6\n", 0},
    {"args_of_a_replaced_call_go",
     "1 ptr KPTR 0x500\n2 int SLOAD #0 #0\n3 void CARG - 2\n4 int CALLN 1 3\n"
     "5 void CARG - 2\n6 void SSTORE #1 4\n",
     "1 ptr KPTR 0x500\n2 int SLOAD #0 #0\n3 void CARG - 2\n4 int CALLN 1 3\n"
     "5 void SSTORE #1 4\n", 0},
    {"loop_and_phis_stay",
     "1 int SLOAD #0 #0\n2 int KINT 1\n3 int SUB 1 2\n4 void LOOP\n5 int ADD 1 2\n"
     "6 int MUL 5 5\n7 int PHI 1 5\n",
     "1 int SLOAD #0 #0\n2 int KINT 1\n3 void LOOP\n4 int ADD 1 2\n5 int PHI 1 4\n", 0},
    {"nops_go", "1 int SLOAD #0 #0\n2 void NOP\n3 void SSTORE #0 1\n4 void NOP\n",
     "1 int SLOAD #0 #0\n2 void SSTORE #0 1\n", 0},
    {"nothing_to_do",
     S0 "1 int SLOAD #0 #0\n2 int KINT 5\n3 > void LT 1 2\n4 int ADD 1 2\n5 void SSTORE #0 4\n",
     S0 "1 int SLOAD #0 #0\n2 int KINT 5\n3 > void LT 1 2\n4 int ADD 1 2\n5 void SSTORE #0 4\n", 0},
    {"empty_trace", "", "", 0},
    {"only_a_snapshot", "SNAP #0 pc=0x10 { }\n", "SNAP #0 pc=0x10 { }\n", 0},
    {"trailing_snapshot_keeps_values",
     "1 int SLOAD #0 #0\n2 int ADD 1 1\n3 int MUL 1 1\nSNAP #0 pc=0x10 { 0=-:3 }\n",
     "1 int SLOAD #0 #0\n2 int MUL 1 1\nSNAP #0 pc=0x10 { 0=-:2 }\n", 0},
};

#define NCASES ((int)(sizeof cases / sizeof cases[0]))

START_TEST(dce_case)
{
    run_case(&cases[_i], opt_dce);
}
END_TEST

START_TEST(exit_ref_follows_renumbering)
{
    Trace T;
    parse_ok(&T, S0 "1 int SLOAD #0 #0\n2 int NEG 1\n3 int KINT 1\n4 int KINT 2\n"
                 "5 > void EQ 3 4\n", "exit");
    OptResult res = {.always_exits = true, .exit_ref = 5};
    opt_dce(&T, &res);
    ck_assert(res.always_exits);
    ck_assert_uint_eq(res.exit_ref, 3);
    ck_assert_int_eq(T.ir[3].op, IR_EQ);
    ir_free(&T);
}
END_TEST

/* Running DCE twice changes nothing the second time. */
START_TEST(idempotent)
{
    for (int i = 0; i < NCASES; i++) {
        Trace T;
        OptResult res;
        memset(&res, 0, sizeof res);
        parse_ok(&T, cases[i].in, cases[i].name);
        opt_dce(&T, &res);
        char *once = ir_dump_str(&T);
        opt_dce(&T, &res);
        char *twice = ir_dump_str(&T);
        ck_assert_msg(strcmp(once, twice) == 0, "%s", cases[i].name);
        free(once);
        free(twice);
        ir_free(&T);
    }
}
END_TEST

static Suite *dce_suite(void)
{
    Suite *s = suite_create("opt_dce");
    TCase *tc = tcase_create("dce");
    tcase_add_loop_test(tc, dce_case, 0, NCASES);
    tcase_add_test(tc, exit_ref_follows_renumbering);
    tcase_add_test(tc, idempotent);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(dce_suite(), "test_opt_dce");
}
