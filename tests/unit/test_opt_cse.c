/* test_opt_cse.c — common-subexpression elimination, IR in / IR out: pure
 * ops and comparisons merge anywhere, loads only until something that may
 * write what they read, guards once, calls by their argument lists. */
#include <stdio.h>

#include "ir_testutil.h"

#define S0 "SNAP #0 pc=0x10 { }\n"
#define X01 "1 int SLOAD #0 #0\n2 int SLOAD #1 #0\n"   /* two red integers */

static const IRCase cases[] = {
    /* ---- pure ops ---- */
    {"pure_duplicate", X01 "3 int ADD 1 2\n4 int ADD 1 2\n5 void SSTORE #2 4\n",
     X01 "3 int ADD 1 2\n4 void SSTORE #2 3\n", 0},
    {"operand_order_matters", X01 "3 int ADD 1 2\n4 int ADD 2 1\n5 void SSTORE #2 4\n",
     X01 "3 int ADD 1 2\n4 int ADD 2 1\n5 void SSTORE #2 4\n", 0},
    {"type_matters",
     "1 ptr SLOAD #0 #0\n2 int LOAD 1\n3 i32 LOAD 1\n4 void SSTORE #1 2\n5 void SSTORE #2 3\n",
     "1 ptr SLOAD #0 #0\n2 int LOAD 1\n3 i32 LOAD 1\n4 void SSTORE #1 2\n5 void SSTORE #2 3\n", 0},
    {"merges_cascade",
     X01 "3 int ADD 1 2\n4 int ADD 1 2\n5 int MUL 3 2\n6 int MUL 4 2\n7 int SUB 5 6\n"
     "8 void SSTORE #2 7\n",
     X01 "3 int ADD 1 2\n4 int MUL 3 2\n5 int SUB 4 4\n6 void SSTORE #2 5\n", 0},
    {"value_comparisons_merge",
     X01 "3 bool LT 1 2\n4 bool LT 1 2\n5 void SSTORE #2 4\n",
     X01 "3 bool LT 1 2\n4 void SSTORE #2 3\n", 0},
    {"float_ops_merge",
     "1 flt SLOAD #0 #0\n2 flt FMUL 1 1\n3 flt FMUL 1 1\n4 flt FADD 2 3\n5 void SSTORE #1 4\n",
     "1 flt SLOAD #0 #0\n2 flt FMUL 1 1\n3 flt FADD 2 2\n4 void SSTORE #1 3\n", 0},
    {"addresses_merge",
     "1 ptr SLOAD #0 #0\n2 ptr FREF 1 #8\n3 ptr FREF 1 #8\n4 ptr FREF 1 #16\n"
     "5 void STORE 2 1\n6 void STORE 3 1\n7 void STORE 4 1\n",
     "1 ptr SLOAD #0 #0\n2 ptr FREF 1 #8\n3 ptr FREF 1 #16\n"
     "4 void STORE 2 1\n5 void STORE 2 1\n6 void STORE 3 1\n", 0},
    {"constants_untouched",
     "1 int KINT 1\n2 int KINT 2\n3 int SLOAD #0 #0\n4 int ADD 3 1\n5 int ADD 3 2\n"
     "6 void SSTORE #0 4\n7 void SSTORE #1 5\n",
     "1 int KINT 1\n2 int KINT 2\n3 int SLOAD #0 #0\n4 int ADD 3 1\n5 int ADD 3 2\n"
     "6 void SSTORE #0 4\n7 void SSTORE #1 5\n", 0},
    /* ---- frame-slot loads ---- */
    {"slot_loads_merge",
     "1 u8 SLOADT #0 #0\n2 int SLOAD #0 #0\n3 u8 SLOADT #0 #0\n4 int SLOAD #0 #0\n"
     "5 void SSTORET #1 3\n6 void SSTORE #1 4\n",
     "1 u8 SLOADT #0 #0\n2 int SLOAD #0 #0\n3 void SSTORET #1 1\n4 void SSTORE #1 2\n", 0},
    {"store_to_the_slot_kills",
     "1 int SLOAD #0 #0\n2 int KINT 7\n3 void SSTORE #0 2\n4 int SLOAD #0 #0\n"
     "5 void SSTORE #1 4\n",
     "1 int SLOAD #0 #0\n2 int KINT 7\n3 void SSTORE #0 2\n4 int SLOAD #0 #0\n"
     "5 void SSTORE #1 4\n", 0},
    {"store_to_another_slot_does_not",
     "1 int SLOAD #0 #0\n2 int KINT 7\n3 void SSTORE #1 2\n4 int SLOAD #0 #0\n"
     "5 void SSTORE #2 4\n",
     "1 int SLOAD #0 #0\n2 int KINT 7\n3 void SSTORE #1 2\n4 void SSTORE #2 1\n", 0},
    {"tag_store_kills_payload_load_too",
     "1 int SLOAD #0 #0\n2 u8 SLOADT #0 #0\n3 int KINT 3\n4 void SSTORET #0 3\n"
     "5 int SLOAD #0 #0\n6 u8 SLOADT #0 #0\n7 void SSTORE #1 5\n8 void SSTORET #1 6\n",
     "1 int SLOAD #0 #0\n2 u8 SLOADT #0 #0\n3 int KINT 3\n4 void SSTORET #0 3\n"
     "5 int SLOAD #0 #0\n6 u8 SLOADT #0 #0\n7 void SSTORE #1 5\n8 void SSTORET #1 6\n", 0},
    {"frame_depth_matters",
     "1 int SLOAD #4 #0\n2 int SLOAD #4 #1\n3 void SSTORE #0 1\n4 void SSTORE #1 2\n",
     "1 int SLOAD #4 #0\n2 int SLOAD #4 #1\n3 void SSTORE #0 1\n4 void SSTORE #1 2\n", 0},
    {"heap_store_does_not_kill_slot_loads",
     "1 ptr SLOAD #0 #0\n2 void STORE 1 1\n3 ptr SLOAD #0 #0\n4 void SSTORE #1 3\n",
     "1 ptr SLOAD #0 #0\n2 void STORE 1 1\n3 void SSTORE #1 1\n", 0},
    {"side_effect_call_kills_slot_loads",
     "1 ptr KPTR 0x500\n2 int SLOAD #0 #0\n3 void CALLS 1 -\n4 int SLOAD #0 #0\n"
     "5 void SSTORE #1 4\n",
     "1 ptr KPTR 0x500\n2 int SLOAD #0 #0\n3 void CALLS 1 -\n4 int SLOAD #0 #0\n"
     "5 void SSTORE #1 4\n", 0},
    {"allocating_call_does_not_kill_slot_loads",
     "1 ptr KPTR 0x500\n2 int SLOAD #0 #0\n3 ptr CALLA 1 -\n4 int SLOAD #0 #0\n"
     "5 void SSTORE #1 4\n6 void SSTORE #2 3\n",
     "1 ptr KPTR 0x500\n2 int SLOAD #0 #0\n3 ptr CALLA 1 -\n4 void SSTORE #1 2\n"
     "5 void SSTORE #2 3\n", 0},
    {"store_to_an_untracked_slot_kills_every_slot_load",
     "1 int SLOAD #-1 #0\n2 int SLOAD #0 #0\n3 int KINT 0\n4 void SSTORE #-1 3\n"
     "5 int SLOAD #-1 #0\n6 int SLOAD #0 #0\n7 void SSTORE #1 5\n8 void SSTORE #2 6\n",
     "1 int SLOAD #-1 #0\n2 int SLOAD #0 #0\n3 int KINT 0\n4 void SSTORE #-1 3\n"
     "5 int SLOAD #-1 #0\n6 int SLOAD #0 #0\n7 void SSTORE #1 5\n8 void SSTORE #2 6\n", 0},
    {"untracked_slot_not_killed_by_a_tracked_one",
     "1 int SLOAD #-1 #0\n2 int KINT 0\n3 void SSTORE #9 2\n4 int SLOAD #-1 #0\n"
     "5 void SSTORE #1 4\n",
     "1 int SLOAD #-1 #0\n2 int KINT 0\n3 void SSTORE #9 2\n4 void SSTORE #1 1\n", 0},
    /* ---- heap loads ---- */
    {"heap_loads_merge",
     "1 ptr SLOAD #0 #0\n2 ptr FREF 1 #8\n3 int LOAD 2\n4 ptr FREF 1 #8\n5 int LOAD 4\n"
     "6 int ADD 3 5\n7 void SSTORE #1 6\n",
     "1 ptr SLOAD #0 #0\n2 ptr FREF 1 #8\n3 int LOAD 2\n4 int ADD 3 3\n5 void SSTORE #1 4\n", 0},
    {"any_heap_store_kills",
     "1 ptr SLOAD #0 #0\n2 int LOAD 1\n3 ptr SLOAD #1 #0\n4 void STORE 3 2\n5 int LOAD 1\n"
     "6 void SSTORE #2 5\n",
     "1 ptr SLOAD #0 #0\n2 int LOAD 1\n3 ptr SLOAD #1 #0\n4 void STORE 3 2\n5 int LOAD 1\n"
     "6 void SSTORE #2 5\n", 0},
    {"calls_with_effects_kill_heap_loads",
     "1 ptr KPTR 0x500\n2 ptr SLOAD #0 #0\n3 int LOAD 2\n4 ptr CALLA 1 -\n5 int LOAD 2\n"
     "6 void CALLS 1 -\n7 int LOAD 2\n8 void SSTORE #1 3\n9 void SSTORE #2 5\n"
     "10 void SSTORE #3 7\n11 void SSTORE #4 4\n",
     "1 ptr KPTR 0x500\n2 ptr SLOAD #0 #0\n3 int LOAD 2\n4 ptr CALLA 1 -\n5 int LOAD 2\n"
     "6 void CALLS 1 -\n7 int LOAD 2\n8 void SSTORE #1 3\n9 void SSTORE #2 5\n"
     "10 void SSTORE #3 7\n11 void SSTORE #4 4\n", 0},
    {"slot_store_and_pure_calls_do_not_kill_heap_loads",
     "1 ptr KPTR 0x500\n2 ptr SLOAD #0 #0\n3 int LOAD 2\n4 void SSTORE #5 3\n"
     "5 int CALLN 1 -\n6 int CALLL 1 -\n7 int LOAD 2\n8 void SSTORE #1 7\n"
     "9 void SSTORE #2 5\n10 void SSTORE #3 6\n",
     "1 ptr KPTR 0x500\n2 ptr SLOAD #0 #0\n3 int LOAD 2\n4 void SSTORE #5 3\n"
     "5 int CALLN 1 -\n6 int CALLL 1 -\n7 void SSTORE #1 3\n"
     "8 void SSTORE #2 5\n9 void SSTORE #3 6\n", 0},
    /* ---- the loop ---- */
    {"loop_kills_loads_not_pure_ops",
     "1 ptr SLOAD #0 #0\n2 int LOAD 1\n3 int ADD 2 2\n4 void LOOP\n5 ptr SLOAD #0 #0\n"
     "6 int LOAD 1\n7 int ADD 2 2\n8 void STORE 1 7\n9 void SSTORE #1 6\n",
     "1 ptr SLOAD #0 #0\n2 int LOAD 1\n3 int ADD 2 2\n4 void LOOP\n5 ptr SLOAD #0 #0\n"
     "6 int LOAD 1\n7 void STORE 1 3\n8 void SSTORE #1 6\n", 0},
    {"invariant_pure_ops_merge_across_the_loop",
     X01 "3 int ADD 1 2\n4 void LOOP\n5 int ADD 1 2\n6 int MUL 5 5\n7 void SSTORE #2 6\n",
     X01 "3 int ADD 1 2\n4 void LOOP\n5 int MUL 3 3\n6 void SSTORE #2 5\n", 0},
    {"loop_carried_operands_do_not",
     "1 int SLOAD #0 #0\n2 int KINT 1\n3 int ADD 1 2\n4 int MUL 3 3\n5 void SSTORE #1 4\n"
     "6 void LOOP\n7 int MUL 3 3\n8 int MUL 3 3\n9 int ADD 3 2\n10 void SSTORE #1 8\n"
     "11 int PHI 3 9\n",
     "1 int SLOAD #0 #0\n2 int KINT 1\n3 int ADD 1 2\n4 int MUL 3 3\n5 void SSTORE #1 4\n"
     "6 void LOOP\n7 int MUL 3 3\n8 int ADD 3 2\n9 void SSTORE #1 7\n10 int PHI 3 8\n", 0},
    {"loop_carried_guard_operands_too",
     S0 "1 int SLOAD #0 #0\n2 int KINT 1\n3 > void LT 1 2\n4 void LOOP\n5 > void LT 1 2\n"
     "6 int ADD 1 2\n7 int PHI 1 6\n",
     S0 "1 int SLOAD #0 #0\n2 int KINT 1\n3 > void LT 1 2\n4 void LOOP\n5 > void LT 1 2\n"
     "6 int ADD 1 2\n7 int PHI 1 6\n", 0},
    {"phis_are_not_merged",
     X01 "3 void LOOP\n4 int PHI 1 2\n5 int PHI 1 2\n",
     X01 "3 void LOOP\n4 int PHI 1 2\n5 int PHI 1 2\n", 0},
    /* ---- guards ---- */
    {"repeated_guard_removed",
     S0 X01 "3 > void LT 1 2\nSNAP #1 pc=0x14 { }\n4 > void LT 1 2\n5 > void LE 1 2\n",
     S0 X01 "3 > void LT 1 2 ->0\nSNAP #1 pc=0x14 { }\n4 > void LE 1 2 ->1\n", 0},
    {"guard_and_value_comparison_stay_apart",
     S0 X01 "3 bool LT 1 2\n4 > void LT 1 2\n5 void SSTORE #2 3\n",
     S0 X01 "3 bool LT 1 2\n4 > void LT 1 2\n5 void SSTORE #2 3\n", 0},
    {"checked_arithmetic_merges",
     S0 X01 "3 > int ADDOV 1 2\n4 > int ADDOV 1 2\n5 void SSTORE #2 4\n",
     S0 X01 "3 > int ADDOV 1 2\n4 void SSTORE #2 3\n", 0},
    /* ---- calls ---- */
    {"pure_call_with_same_arguments",
     "1 ptr KPTR 0x500\n2 int SLOAD #0 #0\n3 void CARG - 2\n4 void CARG 3 2\n"
     "5 int CALLN 1 4\n6 void CARG - 2\n7 void CARG 6 2\n8 int CALLN 1 7\n"
     "9 void SSTORE #1 8\n",
     "1 ptr KPTR 0x500\n2 int SLOAD #0 #0\n3 void CARG - 2\n4 void CARG 3 2\n"
     "5 int CALLN 1 4\n6 void CARG - 2\n7 void CARG 6 2\n8 void SSTORE #1 5\n", 0},
    {"pure_call_with_other_arguments",
     "1 ptr KPTR 0x500\n2 int SLOAD #0 #0\n3 int KINT 1\n4 void CARG - 2\n"
     "5 int CALLN 1 4\n6 void CARG - 3\n7 int CALLN 1 6\n8 void CARG - 2\n9 void CARG 8 2\n"
     "10 int CALLN 1 9\n11 void SSTORE #1 7\n12 void SSTORE #2 10\n13 void SSTORE #3 5\n",
     "1 ptr KPTR 0x500\n2 int SLOAD #0 #0\n3 int KINT 1\n4 void CARG - 2\n"
     "5 int CALLN 1 4\n6 void CARG - 3\n7 int CALLN 1 6\n8 void CARG - 2\n9 void CARG 8 2\n"
     "10 int CALLN 1 9\n11 void SSTORE #1 7\n12 void SSTORE #2 10\n13 void SSTORE #3 5\n", 0},
    {"reading_call_killed_by_store",
     "1 ptr KPTR 0x500\n2 ptr SLOAD #0 #0\n3 int CALLL 1 -\n4 int CALLL 1 -\n"
     "5 void STORE 2 3\n6 int CALLL 1 -\n7 void SSTORE #1 4\n8 void SSTORE #2 6\n",
     "1 ptr KPTR 0x500\n2 ptr SLOAD #0 #0\n3 int CALLL 1 -\n"
     "4 void STORE 2 3\n5 int CALLL 1 -\n6 void SSTORE #1 3\n7 void SSTORE #2 5\n", 0},
    {"effects_never_merge",
     "1 ptr KPTR 0x500\n2 void CALLS 1 -\n3 void CALLS 1 -\n4 ptr CALLA 1 -\n5 ptr CALLA 1 -\n"
     "6 void STORE 4 1\n7 void STORE 4 1\n8 void SSTORE #0 5\n9 void SSTORE #0 5\n",
     "1 ptr KPTR 0x500\n2 void CALLS 1 -\n3 void CALLS 1 -\n4 ptr CALLA 1 -\n5 ptr CALLA 1 -\n"
     "6 void STORE 4 1\n7 void STORE 4 1\n8 void SSTORE #0 5\n9 void SSTORE #0 5\n", 0},
    /* ---- snapshots ---- */
    {"snapshot_entries_renamed",
     S0 X01 "3 int ADD 1 2\n4 int ADD 1 2\nSNAP #1 pc=0x14 { 0=-:4 1=-:3 }\n5 > void LT 4 3\n",
     S0 X01 "3 int ADD 1 2\nSNAP #1 pc=0x14 { 0=-:3 1=-:3 }\n4 > void LT 3 3 ->1\n", 0},
};

#define NCASES ((int)(sizeof cases / sizeof cases[0]))

START_TEST(cse_case)
{
    run_case(&cases[_i], opt_cse);
}
END_TEST

/* A failing guard reported by an earlier pass is renamed, not lost. */
START_TEST(exit_ref_follows_renumbering)
{
    Trace T;
    parse_ok(&T, S0 X01 "3 int ADD 1 2\n4 int ADD 1 2\n5 int KINT 1\n6 int KINT 2\n"
                 "7 > void EQ 5 6\n", "exit");
    OptResult res = {.always_exits = true, .exit_ref = 7};
    opt_cse(&T, &res);
    ck_assert(res.always_exits);
    ck_assert_uint_eq(res.exit_ref, 6);
    ck_assert_int_eq(T.ir[6].op, IR_EQ);
    ir_free(&T);
}
END_TEST

static Suite *cse_suite(void)
{
    Suite *s = suite_create("opt_cse");
    TCase *tc = tcase_create("cse");
    tcase_add_loop_test(tc, cse_case, 0, NCASES);
    tcase_add_test(tc, exit_ref_follows_renumbering);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(cse_suite(), "test_opt_cse");
}
