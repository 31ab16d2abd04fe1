/* test_opt_fold.c — constant folding and algebraic simplification: IR-in /
 * IR-out cases written in the text form, and a randomized check that folds
 * random constant expressions and compares every folded constant, bit for
 * bit, with the same operations evaluated here in C (wrapping integers,
 * IEEE doubles). The C evaluation below is written independently of
 * opt_fold.c's. */
#include <math.h>
#include <stdio.h>

#include "ir_testutil.h"

#define S0 "SNAP #0 pc=0x10 { }\n"

static const IRCase cases[] = {
    /* ---- integer constants, wrapping like mt ---- */
    {"add", "1 int KINT 2\n2 int KINT 3\n3 int ADD 1 2\n4 void SSTORE #0 3\n",
     "1 int KINT 2\n2 int KINT 3\n3 int KINT 5\n4 void SSTORE #0 3\n", 0},
    {"add_wraps",
     "1 int KINT 9223372036854775807\n2 int KINT 1\n3 int ADD 1 2\n4 void SSTORE #0 3\n",
     "1 int KINT 9223372036854775807\n2 int KINT 1\n3 int KINT -9223372036854775808\n"
     "4 void SSTORE #0 3\n", 0},
    {"sub_wraps",
     "1 int KINT -9223372036854775808\n2 int KINT 1\n3 int SUB 1 2\n4 void SSTORE #0 3\n",
     "1 int KINT -9223372036854775808\n2 int KINT 1\n3 int KINT 9223372036854775807\n"
     "4 void SSTORE #0 3\n", 0},
    {"mul_wraps", "1 int KINT 4294967296\n2 int MUL 1 1\n3 void SSTORE #0 2\n",
     "1 int KINT 4294967296\n2 int KINT 0\n3 void SSTORE #0 2\n", 0},
    {"neg_min", "1 int KINT -9223372036854775808\n2 int NEG 1\n3 void SSTORE #0 2\n",
     "1 int KINT -9223372036854775808\n2 void SSTORE #0 1\n", 0},
    {"bitops",
     "1 int KINT 12\n2 int KINT 10\n3 int BAND 1 2\n4 int BOR 1 2\n5 int BXOR 1 2\n"
     "6 int BNOT 1\n7 void SSTORE #0 3\n8 void SSTORE #1 4\n9 void SSTORE #2 5\n"
     "10 void SSTORE #3 6\n",
     "1 int KINT 12\n2 int KINT 10\n3 int KINT 8\n4 int KINT 14\n5 int KINT 6\n"
     "6 int KINT -13\n7 void SSTORE #0 3\n8 void SSTORE #1 4\n9 void SSTORE #2 5\n"
     "10 void SSTORE #3 6\n", 0},
    {"shifts",
     "1 int KINT 1\n2 int KINT 63\n3 int SHL 1 2\n4 int KINT -1\n5 int KINT 60\n"
     "6 int SHR 4 5\n7 int SAR 4 5\n8 int KINT -16\n9 int KINT 2\n10 int SAR 8 9\n"
     "11 void SSTORE #0 3\n12 void SSTORE #1 6\n13 void SSTORE #2 7\n14 void SSTORE #3 10\n",
     "1 int KINT 1\n2 int KINT 63\n3 int KINT -9223372036854775808\n4 int KINT -1\n"
     "5 int KINT 60\n6 int KINT 15\n7 int KINT -16\n8 int KINT 2\n9 int KINT -4\n"
     "10 void SSTORE #0 3\n11 void SSTORE #1 6\n12 void SSTORE #2 4\n13 void SSTORE #3 9\n", 0},
    {"shift_out_of_range_kept",
     "1 int KINT 1\n2 int KINT 64\n3 int SHL 1 2\n4 void SSTORE #0 3\n",
     "1 int KINT 1\n2 int KINT 64\n3 int SHL 1 2\n4 void SSTORE #0 3\n", 0},
    {"fold_chain",
     "1 int KINT 2\n2 int KINT 3\n3 int ADD 1 2\n4 int KINT 4\n5 int MUL 3 4\n"
     "6 void SSTORE #0 5\n",
     "1 int KINT 2\n2 int KINT 3\n3 int KINT 5\n4 int KINT 4\n5 int KINT 20\n"
     "6 void SSTORE #0 5\n", 0},
    /* ---- integer identities ---- */
    {"x_plus_0", "1 int SLOAD #0 #0\n2 int KINT 0\n3 int ADD 1 2\n4 void SSTORE #1 3\n",
     "1 int SLOAD #0 #0\n2 int KINT 0\n3 void SSTORE #1 1\n", 0},
    {"0_plus_x", "1 int SLOAD #0 #0\n2 int KINT 0\n3 int ADD 2 1\n4 void SSTORE #1 3\n",
     "1 int SLOAD #0 #0\n2 int KINT 0\n3 void SSTORE #1 1\n", 0},
    {"x_minus_x", "1 int SLOAD #0 #0\n2 int SUB 1 1\n3 void SSTORE #1 2\n",
     "1 int SLOAD #0 #0\n2 int KINT 0\n3 void SSTORE #1 2\n", 0},
    {"x_times_1_and_0",
     "1 int SLOAD #0 #0\n2 int KINT 1\n3 int MUL 1 2\n4 int KINT 0\n5 int MUL 4 1\n"
     "6 void SSTORE #1 3\n7 void SSTORE #2 5\n",
     "1 int SLOAD #0 #0\n2 int KINT 1\n3 int KINT 0\n4 void SSTORE #1 1\n5 void SSTORE #2 3\n", 0},
    {"constant_moves_right",
     "1 int SLOAD #0 #0\n2 int KINT 5\n3 int ADD 2 1\n4 int BAND 2 1\n5 void SSTORE #1 3\n"
     "6 void SSTORE #2 4\n",
     "1 int SLOAD #0 #0\n2 int KINT 5\n3 int ADD 1 2\n4 int BAND 1 2\n5 void SSTORE #1 3\n"
     "6 void SSTORE #2 4\n", 0},
    {"sub_const_becomes_add",
     "1 int SLOAD #0 #0\n2 int KINT 5\n3 int SUB 1 2\n4 void SSTORE #1 3\n",
     "1 int SLOAD #0 #0\n2 int KINT 5\n3 int KINT -5\n4 int ADD 1 3\n5 void SSTORE #1 4\n", 0},
    {"reassociate",
     "1 int SLOAD #0 #0\n2 int KINT 1\n3 int ADD 1 2\n4 int KINT 2\n5 int ADD 3 4\n"
     "6 void SSTORE #1 5\n",
     "1 int SLOAD #0 #0\n2 int KINT 1\n3 int ADD 1 2\n4 int KINT 2\n5 int KINT 3\n"
     "6 int ADD 1 5\n7 void SSTORE #1 6\n", 0},
    {"add_then_sub_cancels",
     "1 int SLOAD #0 #0\n2 int KINT 1\n3 int ADD 1 2\n4 int SUB 3 2\n5 void SSTORE #1 4\n",
     "1 int SLOAD #0 #0\n2 int KINT 1\n3 int ADD 1 2\n4 int KINT -1\n5 int KINT 0\n"
     "6 void SSTORE #1 1\n", 0},
    {"double_negation",
     "1 int SLOAD #0 #0\n2 int NEG 1\n3 int NEG 2\n4 int BNOT 1\n5 int BNOT 4\n"
     "6 void SSTORE #1 3\n7 void SSTORE #2 5\n",
     "1 int SLOAD #0 #0\n2 int NEG 1\n3 int BNOT 1\n4 void SSTORE #1 1\n5 void SSTORE #2 1\n", 0},
    {"double_negation_keeps_type",   /* ~~x is not x when x is narrower */
     "1 bool SLOAD #0 #0\n2 bool BNOT 1\n3 int BNOT 2\n4 void SSTORE #1 3\n",
     "1 bool SLOAD #0 #0\n2 bool BNOT 1\n3 int BNOT 2\n4 void SSTORE #1 3\n", 0},
    {"zero_minus_x", "1 int SLOAD #0 #0\n2 int KINT 0\n3 int SUB 2 1\n4 void SSTORE #1 3\n",
     "1 int SLOAD #0 #0\n2 int KINT 0\n3 int NEG 1\n4 void SSTORE #1 3\n", 0},
    {"same_operand_bitops",
     "1 int SLOAD #0 #0\n2 int BAND 1 1\n3 int BOR 1 1\n4 int BXOR 1 1\n"
     "5 void SSTORE #1 2\n6 void SSTORE #2 3\n7 void SSTORE #3 4\n",
     "1 int SLOAD #0 #0\n2 int KINT 0\n3 void SSTORE #1 1\n4 void SSTORE #2 1\n"
     "5 void SSTORE #3 2\n", 0},
    {"absorbing_bitops",
     "1 int SLOAD #0 #0\n2 int KINT 0\n3 int KINT -1\n4 int BAND 1 2\n5 int BOR 1 3\n"
     "6 int BAND 1 3\n7 int BOR 1 2\n8 int BXOR 1 2\n9 void SSTORE #1 4\n"
     "10 void SSTORE #2 5\n11 void SSTORE #3 6\n12 void SSTORE #4 7\n13 void SSTORE #5 8\n",
     "1 int SLOAD #0 #0\n2 int KINT 0\n3 int KINT -1\n4 void SSTORE #1 2\n"
     "5 void SSTORE #2 3\n6 void SSTORE #3 1\n7 void SSTORE #4 1\n8 void SSTORE #5 1\n", 0},
    {"shift_identities",
     "1 int SLOAD #0 #0\n2 int KINT 0\n3 int SHL 1 2\n4 int SAR 2 1\n5 int KINT -1\n"
     "6 int SAR 5 1\n7 void SSTORE #1 3\n8 void SSTORE #2 4\n9 void SSTORE #3 6\n",
     "1 int SLOAD #0 #0\n2 int KINT 0\n3 int KINT -1\n4 void SSTORE #1 1\n"
     "5 void SSTORE #2 2\n6 void SSTORE #3 3\n", 0},
    /* ---- floats: constants only, IEEE exactly ---- */
    {"fadd", "1 flt KFLT 0.1\n2 flt KFLT 0.2\n3 flt FADD 1 2\n4 void SSTORE #0 3\n",
     "1 flt KFLT 0.1\n2 flt KFLT 0.2\n3 flt KFLT 0.30000000000000004\n4 void SSTORE #0 3\n", 0},
    {"minus_zero_plus_zero_is_the_other_constant",
     "1 flt KFLT -0\n2 flt KFLT 0\n3 flt FADD 1 2\n4 void SSTORE #0 3\n",
     "1 flt KFLT -0\n2 flt KFLT 0\n3 void SSTORE #0 2\n", 0},
    {"minus_zero_product",
     "1 flt KFLT -0\n2 flt KFLT 5\n3 flt FMUL 2 1\n4 void SSTORE #0 3\n",
     "1 flt KFLT -0\n2 flt KFLT 5\n3 void SSTORE #0 1\n", 0},
    {"fdiv_inf_nan",
     "1 flt KFLT 1\n2 flt KFLT 0\n3 flt FDIV 1 2\n4 flt FDIV 2 2\n5 void SSTORE #0 3\n"
     "6 void SSTORE #1 4\n",
     "1 flt KFLT 1\n2 flt KFLT 0\n3 flt KFLT inf\n4 flt KFLT nan:0xfff8000000000000\n"
     "5 void SSTORE #0 3\n6 void SSTORE #1 4\n", 0},
    {"nan_payload_propagates",
     "1 flt KFLT nan:0x7ff8000000000abc\n2 flt KFLT 1\n3 flt FSUB 1 2\n4 void SSTORE #0 3\n",
     "1 flt KFLT nan:0x7ff8000000000abc\n2 flt KFLT 1\n3 void SSTORE #0 1\n", 0},
    {"x_plus_zero_not_folded_for_floats",
     "1 flt SLOAD #0 #0\n2 flt KFLT 0\n3 flt FADD 1 2\n4 flt KFLT 1\n5 flt FMUL 1 4\n"
     "6 flt FSUB 1 1\n7 void SSTORE #1 3\n8 void SSTORE #2 5\n9 void SSTORE #3 6\n",
     "1 flt SLOAD #0 #0\n2 flt KFLT 0\n3 flt FADD 1 2\n4 flt KFLT 1\n5 flt FMUL 1 4\n"
     "6 flt FSUB 1 1\n7 void SSTORE #1 3\n8 void SSTORE #2 5\n9 void SSTORE #3 6\n", 0},
    {"fneg",
     "1 flt SLOAD #0 #0\n2 flt FNEG 1\n3 flt FNEG 2\n4 flt KFLT 0\n5 flt FNEG 4\n"
     "6 void SSTORE #1 3\n7 void SSTORE #2 5\n",
     "1 flt SLOAD #0 #0\n2 flt FNEG 1\n3 flt KFLT 0\n4 flt KFLT -0\n5 void SSTORE #1 1\n"
     "6 void SSTORE #2 4\n", 0},
    {"i2f_rounds_to_nearest",
     "1 int KINT 9007199254740993\n2 flt I2F 1\n3 void SSTORE #0 2\n",
     "1 int KINT 9007199254740993\n2 flt KFLT 9007199254740992\n3 void SSTORE #0 2\n", 0},
    /* ---- F2I ---- */
    {"f2i_exact_guard_folds",
     S0 "1 flt KFLT -3\n2 > int F2I 1\n3 void SSTORE #0 2\n",
     S0 "1 flt KFLT -3\n2 int KINT -3\n3 void SSTORE #0 2\n", 0},
    {"f2i_inexact_guard_always_exits",
     S0 "1 flt KFLT 3.5\n2 > int F2I 1\n3 void SSTORE #0 2\n",
     S0 "1 flt KFLT 3.5\n2 > int F2I 1\n3 void SSTORE #0 2\n", 1},
    {"f2i_out_of_range_and_nan",
     S0 "1 flt KFLT 9.2233720368547758e+18\n2 > int F2I 1\n3 flt KFLT nan:0x7ff8000000000000\n"
     "4 > int F2I 3\n",
     S0 "1 flt KFLT 9.2233720368547758e+18\n2 > int F2I 1\n3 flt KFLT nan:0x7ff8000000000000\n"
     "4 > int F2I 3\n", 1},
    {"f2i_min_int_is_exact",
     S0 "1 flt KFLT -9.2233720368547758e+18\n2 > int F2I 1\n3 void SSTORE #0 2\n",
     S0 "1 flt KFLT -9.2233720368547758e+18\n2 int KINT -9223372036854775808\n"
     "3 void SSTORE #0 2\n", 0},
    /* ---- comparisons ---- */
    {"true_guard_disappears",
     S0 "1 int KINT 1\n2 int KINT 2\n3 > void LT 1 2\n4 > void NE 1 2\n5 > void ULE 1 2\n"
     "6 void SSTORE #0 1\n",
     S0 "1 int KINT 1\n2 int KINT 2\n3 void SSTORE #0 1\n", 0},
    {"false_guard_kept_and_reported",
     S0 "1 int KINT 1\n2 int KINT 2\n3 > void EQ 1 2\n4 void SSTORE #0 1\n",
     S0 "1 int KINT 1\n2 int KINT 2\n3 > void EQ 1 2\n4 void SSTORE #0 1\n", 1},
    {"unsigned_compare",
     S0 "1 int KINT -1\n2 int KINT 1\n3 > void ULT 2 1\n4 > void LT 2 1\n",
     S0 "1 int KINT -1\n2 int KINT 1\n3 > void LT 2 1\n", 1},
    {"compare_values_become_bool_constants",
     "1 int KINT 3\n2 int KINT 4\n3 bool LE 1 2\n4 bool GT 1 2\n5 void SSTORE #0 3\n"
     "6 void SSTORE #1 4\n",
     "1 int KINT 3\n2 int KINT 4\n3 bool KINT 1\n4 bool KINT 0\n5 void SSTORE #0 3\n"
     "6 void SSTORE #1 4\n", 0},
    {"x_compared_with_itself",
     S0 "1 int SLOAD #0 #0\n2 > void EQ 1 1\n3 > void LE 1 1\n4 > void ULE 1 1\n"
     "5 bool LT 1 1\n6 void SSTORE #1 5\n",
     S0 "1 int SLOAD #0 #0\n2 bool KINT 0\n3 void SSTORE #1 2\n", 0},
    {"x_unequal_to_itself_always_exits",
     S0 "1 int SLOAD #0 #0\n2 > void NE 1 1\n",
     S0 "1 int SLOAD #0 #0\n2 > void NE 1 1\n", 1},
    {"constant_left_mirrors",
     S0 "1 int SLOAD #0 #0\n2 int KINT 7\n3 > void LT 2 1\n4 > void GE 2 1\n5 > void EQ 2 1\n"
     "6 > void ULT 2 1\n",
     S0 "1 int SLOAD #0 #0\n2 int KINT 7\n3 > void GT 1 2\n4 > void LE 1 2\n5 > void EQ 1 2\n"
     "6 > void ULT 2 1\n", 0},
    {"float_compares",
     "1 flt KFLT nan:0x7ff8000000000000\n2 flt KFLT 1\n3 bool FEQ 1 1\n4 bool FNE 1 1\n"
     "5 bool FLT 1 2\n6 bool FLE 2 2\n7 void SSTORE #0 3\n8 void SSTORE #1 4\n"
     "9 void SSTORE #2 5\n10 void SSTORE #3 6\n",
     "1 flt KFLT nan:0x7ff8000000000000\n2 flt KFLT 1\n3 bool KINT 0\n4 bool KINT 1\n"
     "5 void SSTORE #0 3\n6 void SSTORE #1 4\n7 void SSTORE #2 3\n8 void SSTORE #3 4\n", 0},
    {"minus_zero_equals_zero",
     S0 "1 flt KFLT -0\n2 flt KFLT 0\n3 > void FEQ 1 2\n4 > void FLT 1 2\n",
     S0 "1 flt KFLT -0\n2 flt KFLT 0\n3 > void FLT 1 2\n", 1},
    {"float_self_compare_not_folded",
     S0 "1 flt SLOAD #0 #0\n2 > void FEQ 1 1\n",
     S0 "1 flt SLOAD #0 #0\n2 > void FEQ 1 1\n", 0},
    {"pointer_compares",
     S0 "1 ptr KPTR 0x10\n2 ptr KPTR 0x20\n3 > void NE 1 2\n4 > void EQ 1 1\n5 > void EQ 1 2\n",
     S0 "1 ptr KPTR 0x10\n2 ptr KPTR 0x20\n3 > void EQ 1 2\n", 1},
    /* ---- overflow-checked arithmetic ---- */
    {"addov_constants",
     S0 "1 int KINT 40\n2 int KINT 2\n3 > int ADDOV 1 2\n4 void SSTORE #0 3\n",
     S0 "1 int KINT 40\n2 int KINT 2\n3 int KINT 42\n4 void SSTORE #0 3\n", 0},
    {"addov_overflow_always_exits",
     S0 "1 int KINT 9223372036854775807\n2 int KINT 1\n3 > int ADDOV 1 2\n4 void SSTORE #0 3\n",
     S0 "1 int KINT 9223372036854775807\n2 int KINT 1\n3 > int ADDOV 1 2\n4 void SSTORE #0 3\n", 1},
    {"subov_and_mulov_overflow",
     S0 "1 int KINT -9223372036854775808\n2 int KINT 1\n3 > int SUBOV 1 2\n"
     "4 int KINT 9223372036854775807\n5 int KINT 2\n6 > int MULOV 4 5\n",
     S0 "1 int KINT -9223372036854775808\n2 int KINT 1\n3 > int SUBOV 1 2\n"
     "4 int KINT 9223372036854775807\n5 int KINT 2\n6 > int MULOV 4 5\n", 1},
    {"checked_identities",
     S0 "1 int SLOAD #0 #0\n2 int KINT 0\n3 int KINT 1\n4 > int ADDOV 2 1\n5 > int SUBOV 1 2\n"
     "6 > int MULOV 3 1\n7 > int MULOV 1 2\n8 > int SUBOV 1 1\n9 void SSTORE #1 4\n"
     "10 void SSTORE #2 5\n11 void SSTORE #3 6\n12 void SSTORE #4 7\n13 void SSTORE #5 8\n",
     S0 "1 int SLOAD #0 #0\n2 int KINT 0\n3 int KINT 1\n4 void SSTORE #1 1\n"
     "5 void SSTORE #2 1\n6 void SSTORE #3 1\n7 void SSTORE #4 2\n8 void SSTORE #5 2\n", 0},
    {"addov_unknown_kept_constant_right",
     S0 "1 int SLOAD #0 #0\n2 int KINT 1\n3 > int ADDOV 2 1\n4 void SSTORE #0 3\n",
     S0 "1 int SLOAD #0 #0\n2 int KINT 1\n3 > int ADDOV 1 2\n4 void SSTORE #0 3\n", 0},
    /* ---- addresses, loads, snapshots ---- */
    {"fref_of_fref",
     "1 ptr SLOAD #0 #0\n2 ptr FREF 1 #8\n3 ptr FREF 2 #16\n4 int LOAD 3\n5 void SSTORE #1 4\n",
     "1 ptr SLOAD #0 #0\n2 ptr FREF 1 #8\n3 ptr FREF 1 #24\n4 int LOAD 3\n5 void SSTORE #1 4\n", 0},
    {"pointer_constants_not_offset",
     "1 ptr KPTR 0x1000\n2 ptr FREF 1 #8\n3 int KINT 2\n4 ptr AREF 1 3\n5 int LOAD 2\n"
     "6 int LOAD 4\n7 void SSTORE #0 5\n8 void SSTORE #1 6\n",
     "1 ptr KPTR 0x1000\n2 ptr FREF 1 #8\n3 int KINT 2\n4 ptr AREF 1 3\n5 int LOAD 2\n"
     "6 int LOAD 4\n7 void SSTORE #0 5\n8 void SSTORE #1 6\n", 0},
    {"snapshot_entries_follow_folds",
     "1 int KINT 2\n2 int ADD 1 1\n3 int SLOAD #1 #0\n4 int MUL 3 1\n"
     "SNAP #0 pc=0x20 { 0=-:2 1=-:4 }\n5 int KINT 4\n6 > void NE 4 5\n",
     "1 int KINT 2\n2 int KINT 4\n3 int SLOAD #1 #0\n4 int MUL 3 1\n"
     "SNAP #0 pc=0x20 { 0=-:2 1=-:4 }\n5 > void NE 4 2 ->0\n", 0},
    {"guards_keep_their_snapshots",
     "SNAP #0 pc=0x10 { }\n1 int SLOAD #0 #0\n2 int KINT 0\n3 int ADD 1 2\n"
     "SNAP #1 pc=0x14 { 0=-:3 }\n4 > void LT 3 2\nSNAP #2 pc=0x18 { }\n5 > void GT 3 2\n",
     "SNAP #0 pc=0x10 { }\n1 int SLOAD #0 #0\n2 int KINT 0\n"
     "SNAP #1 pc=0x14 { 0=-:1 }\n3 > void LT 1 2 ->1\nSNAP #2 pc=0x18 { }\n4 > void GT 1 2 ->2\n", 0},
    {"pre_roll_value_not_replaced_by_a_carried_ref",
     "1 int SLOAD #0 #0\n2 int KINT 0\n3 int ADD 1 2\n4 void LOOP\n5 int KINT 1\n"
     "6 int ADD 3 5\n7 int PHI 1 6\n",
     "1 int SLOAD #0 #0\n2 int KINT 0\n3 int ADD 1 2\n4 void LOOP\n5 int KINT 1\n"
     "6 int ADD 3 5\n7 int PHI 1 6\n", 0},
    {"body_value_replaced_by_a_carried_ref",
     "1 int SLOAD #0 #0\n2 int KINT 0\n3 void LOOP\n4 int ADD 1 2\n5 int KINT 1\n"
     "6 int ADD 4 5\n7 int PHI 1 6\n",
     "1 int SLOAD #0 #0\n2 int KINT 0\n3 void LOOP\n4 int KINT 1\n"
     "5 int ADD 1 4\n6 int PHI 1 5\n", 0},
    {"carried_instruction_kept_as_it_is",
     "1 int SLOAD #0 #0\n2 int KINT 0\n3 int ADD 1 2\n4 void LOOP\n5 int NEG 3\n"
     "6 int PHI 3 5\n",
     "1 int SLOAD #0 #0\n2 int KINT 0\n3 int ADD 1 2\n4 void LOOP\n5 int NEG 3\n"
     "6 int PHI 3 5\n", 0},
    {"body_does_not_look_through_the_pre_roll",
     "1 int SLOAD #0 #0\n2 int NEG 1\n3 void LOOP\n4 int NEG 2\n5 int NEG 4\n6 int NEG 5\n"
     "7 void SSTORE #1 4\n8 void SSTORE #2 6\n9 int PHI 1 6\n",
     "1 int SLOAD #0 #0\n2 int NEG 1\n3 void LOOP\n4 int NEG 2\n5 int NEG 2\n"
     "6 void SSTORE #1 4\n7 void SSTORE #2 5\n8 int PHI 1 5\n", 0},
};

#define NCASES ((int)(sizeof cases / sizeof cases[0]))

START_TEST(fold_case)
{
    run_case(&cases[_i], opt_fold);
}
END_TEST

/* ---- randomized: constant expressions against C ---- */

static uint64_t rng_state = 0x853c49e6748fea9bu;

static uint64_t rnd(void)
{
    /* xorshift64*: reproducible everywhere, no libc dependence */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717u;
}

static int64_t rnd_int(void)
{
    static const int64_t edge[] = {0, 1, -1, 2, 63, 64, INT64_MAX, INT64_MIN, 1 << 30,
                                   4294967296, -4294967296};
    switch (rnd() % 3) {
    case 0: return edge[rnd() % (sizeof edge / sizeof edge[0])];
    case 1: return (int64_t)(rnd() % 2001) - 1000;
    default: return (int64_t)rnd();
    }
}

static double bits2dbl(uint64_t b)
{
    double d;
    memcpy(&d, &b, sizeof d);
    return d;
}

static uint64_t dbl2bits(double d)
{
    uint64_t b;
    memcpy(&b, &d, sizeof b);
    return b;
}

static double rnd_flt(void)
{
    static const double edge[] = {0.0, -0.0, 1.0, -1.0, 0.5, 1e308, -1e308, 5e-324,
                                  INFINITY, -INFINITY, 3.0, 2147483648.0};
    switch (rnd() % 4) {
    case 0: return edge[rnd() % (sizeof edge / sizeof edge[0])];
    case 1: return (double)((int64_t)(rnd() % 200001) - 100000) / 64.0;
    case 2: return bits2dbl(0x7ff8000000000000u | (rnd() & 0xfffff));   /* NaNs */
    default: return bits2dbl(rnd());
    }
}

/* The evaluator the folds are checked against: plain C, integers in
 * unsigned arithmetic, the arithmetic shift spelt out as a division-free
 * sign fill. */
static int64_t c_int(IROp op, int64_t a, int64_t b)
{
    uint64_t x = (uint64_t)a, y = (uint64_t)b;
    switch (op) {
    case IR_ADD: return (int64_t)(x + y);
    case IR_SUB: return (int64_t)(x - y);
    case IR_MUL: return (int64_t)(x * y);
    case IR_BAND: return (int64_t)(x & y);
    case IR_BOR: return (int64_t)(x | y);
    case IR_BXOR: return (int64_t)(x ^ y);
    case IR_SHL: return (int64_t)(x << y);
    case IR_SHR: return (int64_t)(x >> y);
    case IR_SAR: return a < 0 ? (int64_t)~(~x >> y) : (int64_t)(x >> y);
    case IR_NEG: return (int64_t)(0 - x);
    default: return (int64_t)~x;   /* BNOT */
    }
}

static double c_flt(IROp op, double x, double y)
{
    switch (op) {
    case IR_FADD: return x + y;
    case IR_FSUB: return x - y;
    case IR_FMUL: return x * y;
    case IR_FDIV: return x / y;
    case IR_FSQRT: return sqrt(x);
    default: return -x;   /* FNEG */
    }
}

static int c_cmp(IROp op, int64_t a, int64_t b)
{
    switch (op) {
    case IR_EQ: return a == b;
    case IR_NE: return a != b;
    case IR_LT: return a < b;
    case IR_LE: return a <= b;
    case IR_GT: return a > b;
    case IR_GE: return a >= b;
    case IR_ULT: return (uint64_t)a < (uint64_t)b;
    default: return (uint64_t)a <= (uint64_t)b;   /* ULE */
    }
}

static int c_fcmp(IROp op, double a, double b)
{
    switch (op) {
    case IR_FEQ: return a == b;
    case IR_FNE: return a != b;
    case IR_FLT: return a < b;
    default: return a <= b;   /* FLE */
    }
}

/* A random trace of constant expressions. Every value is also listed in the
 * last snapshot (slot = its index in `want`), so after folding, the
 * snapshot says which ref each value became; want[] holds C's bits. */
typedef struct Gen {
    Trace T;
    IRRef iref[64], fref[64];
    int64_t ival[64];
    double fval[64];
    int ni, nf;
    SnapEntry e[1024];
    uint64_t want[1024];
    uint8_t wtype[1024];
    int ne;
    int failing;           /* guards that must remain */
    bool safe;             /* emit only guards that hold */
} Gen;

static void keep(Gen *g, IRRef r, IRType t, uint64_t bits)
{
    if (g->ne == 1024)
        return;
    g->e[g->ne] = (SnapEntry){.slot = g->ne, .tag = IRREF_NONE, .val = r};
    g->want[g->ne] = bits;
    g->wtype[g->ne++] = (uint8_t)t;
}

static void push_int(Gen *g, IRRef r, int64_t v)
{
    int k = g->ni < 64 ? g->ni++ : (int)(rnd() % 64);
    g->iref[k] = r;
    g->ival[k] = v;
    keep(g, r, IRT_INT, (uint64_t)v);
}

static void push_flt(Gen *g, IRRef r, double v)
{
    int k = g->nf < 64 ? g->nf++ : (int)(rnd() % 64);
    g->fref[k] = r;
    g->fval[k] = v;
    keep(g, r, IRT_FLT, dbl2bits(v));
}

static void gen_int_op(Gen *g)
{
    static const IROp ops[] = {IR_ADD, IR_SUB, IR_MUL, IR_BAND, IR_BOR, IR_BXOR,
                               IR_SHL, IR_SHR, IR_SAR, IR_NEG, IR_BNOT};
    IROp op = ops[rnd() % (sizeof ops / sizeof ops[0])];
    int x = (int)(rnd() % (uint64_t)g->ni), y = (int)(rnd() % (uint64_t)g->ni);
    IRRef b = g->iref[y];
    int64_t bv = g->ival[y];
    if (op == IR_SHL || op == IR_SHR || op == IR_SAR) {
        bv = (int64_t)(rnd() % 64);   /* the IR's shift domain */
        b = ir_kint(&g->T, bv);
    }
    bool unary = op == IR_NEG || op == IR_BNOT;
    IRRef r = ir_emit(&g->T, op, IRT_INT, g->iref[x], unary ? IRREF_NONE : b);
    push_int(g, r, c_int(op, g->ival[x], bv));
}

static void gen_flt_op(Gen *g)
{
    static const IROp ops[] = {IR_FADD, IR_FSUB, IR_FMUL, IR_FDIV, IR_FNEG, IR_FSQRT};
    IROp op = ops[rnd() % 6];
    int x = (int)(rnd() % (uint64_t)g->nf), y = (int)(rnd() % (uint64_t)g->nf);
    bool unary = op == IR_FNEG || op == IR_FSQRT;
    IRRef r = ir_emit(&g->T, op, IRT_FLT, g->fref[x], unary ? IRREF_NONE : g->fref[y]);
    push_flt(g, r, c_flt(op, g->fval[x], g->fval[y]));
}

static void gen_compare(Gen *g, bool guard)
{
    int x = (int)(rnd() % (uint64_t)g->ni), y = (int)(rnd() % (uint64_t)g->ni);
    int fx = (int)(rnd() % (uint64_t)g->nf), fy = (int)(rnd() % (uint64_t)g->nf);
    bool flt = rnd() & 1;
    IROp op = flt ? (IROp)(IR_FEQ + rnd() % 4) : (IROp)(IR_EQ + rnd() % 8);
    IRRef a = flt ? g->fref[fx] : g->iref[x], b = flt ? g->fref[fy] : g->iref[y];
    int truth = flt ? c_fcmp(op, g->fval[fx], g->fval[fy]) : c_cmp(op, g->ival[x], g->ival[y]);
    while (guard && g->safe && !truth) {   /* some op holds: FNE for NaNs */
        op = flt ? (IROp)(IR_FEQ + rnd() % 4) : (IROp)(IR_EQ + rnd() % 8);
        truth = flt ? c_fcmp(op, g->fval[fx], g->fval[fy]) : c_cmp(op, g->ival[x], g->ival[y]);
    }
    if (guard) {
        ir_guard(&g->T, op, IRT_VOID, a, b);
        g->failing += !truth;
    } else {
        keep(g, ir_emit(&g->T, op, IRT_BOOL, a, b), IRT_BOOL, (uint64_t)truth);
    }
}

static void gen_checked(Gen *g)
{
    static const IROp ops[] = {IR_ADDOV, IR_SUBOV, IR_MULOV};
    IROp op = ops[rnd() % 3];
    int x = (int)(rnd() % (uint64_t)g->ni), y = (int)(rnd() % (uint64_t)g->ni);
    int64_t a = g->ival[x], b = g->ival[y];
    /* overflow decided from exact 128-bit arithmetic, not a builtin */
    __int128 exact = op == IR_ADDOV ? (__int128)a + b
                     : op == IR_SUBOV ? (__int128)a - b : (__int128)a * b;
    bool overflows = exact < INT64_MIN || exact > INT64_MAX;
    if (overflows && g->safe)
        return;
    IRRef r = ir_guard(&g->T, op, IRT_INT, g->iref[x], g->iref[y]);
    if (overflows)
        g->failing++;   /* its value is not a constant: not used further */
    else
        push_int(g, r, (int64_t)exact);
}

static void gen_conversion(Gen *g)
{
    if (rnd() & 1) {
        int x = (int)(rnd() % (uint64_t)g->ni);
        push_flt(g, ir_emit(&g->T, IR_I2F, IRT_FLT, g->iref[x], IRREF_NONE),
                 (double)g->ival[x]);
        return;
    }
    int x = (int)(rnd() % (uint64_t)g->nf);
    double n = g->fval[x];
    bool exact = n >= -0x1p63 && n < 0x1p63 && floor(n) == n;
    if (!exact && g->safe)
        return;
    IRRef r = ir_guard(&g->T, IR_F2I, IRT_INT, g->fref[x], IRREF_NONE);
    if (exact)
        push_int(g, r, (int64_t)n);
    else
        g->failing++;
}

static void gen_trace(Gen *g, int nops, bool safe)
{
    memset(g, 0, sizeof *g);
    g->safe = safe;
    ir_init(&g->T);
    snap_add(&g->T, NULL, NULL, 0, NULL, 0);
    for (int i = 0; i < 4; i++) {
        int64_t v = rnd_int();
        push_int(g, ir_kint(&g->T, v), v);
        double f = rnd_flt();
        push_flt(g, ir_kflt(&g->T, f), f);
    }
    for (int i = 0; i < nops; i++) {
        switch (rnd() % 8) {
        case 0: case 1: case 2: gen_int_op(g); break;
        case 3: case 4: gen_flt_op(g); break;
        case 5: gen_compare(g, rnd() & 1); break;
        case 6: gen_checked(g); break;
        default: gen_conversion(g); break;
        }
    }
}

/* After folding: every kept value is a constant with C's bits, and exactly
 * the guards that can never hold remain. */
static void check_folded(Gen *g, int round)
{
    Trace *T = &g->T;
    const Snapshot *s = &T->snaps[T->nsnaps - 1];
    int guards = 0;
    for (IRRef r = 1; r < T->nins; r++)
        guards += (T->ir[r].flags & IRF_GUARD) != 0;
    ck_assert_msg(guards == g->failing, "round %d: %d guards left, want %d", round, guards,
                  g->failing);
    for (uint32_t k = 0; k < s->nentries; k++) {
        const SnapEntry *e = &T->snapmap[s->entry + k];
        const IRIns *ins = &T->ir[e->val];
        ck_assert_msg(ir_isk(T, e->val), "round %d: value %d (%s) not folded", round, e->slot,
                      ir_opnames[ins->op]);
        uint64_t bits = ins->op == IR_KFLT ? dbl2bits(ins->k.n) : (uint64_t)ins->k.i;
        ck_assert_msg(bits == g->want[e->slot] && ins->type == g->wtype[e->slot],
                      "round %d: value %d is %016llx, C says %016llx", round, e->slot,
                      (unsigned long long)bits, (unsigned long long)g->want[e->slot]);
    }
}

START_TEST(random_constant_expressions)
{
    static Gen g;
    for (int round = 0; round < 400; round++) {
        gen_trace(&g, 60, round % 2);   /* odd rounds: every guard holds */
        snap_add(&g.T, NULL, g.e, (uint32_t)g.ne, NULL, 0);
        OptResult res;
        memset(&res, 0, sizeof res);
        opt_fold(&g.T, &res);
        char err[200];
        ck_assert_msg(ir_check(&g.T, err, sizeof err), "round %d: %s", round, err);
        ck_assert_int_eq(res.always_exits, g.failing > 0);
        check_folded(&g, round);
        ir_free(&g.T);
    }
}
END_TEST

/* fold_emit is also the recorder's on-the-fly folder. */
START_TEST(fold_emit_while_recording)
{
    Trace T;
    OptResult res;
    memset(&res, 0, sizeof res);
    ir_init(&T);
    IRIns ins = {.op = IR_ADD, .type = IRT_INT};
    ins.a = ir_kint(&T, 20);
    ins.b = ir_kint(&T, 22);
    IRRef r = fold_emit(&T, &ins, &res);
    ck_assert_uint_eq(r, ir_kint(&T, 42));
    ck_assert_uint_eq(T.nins, 4);
    ir_free(&T);
}
END_TEST

static Suite *fold_suite(void)
{
    Suite *s = suite_create("opt_fold");
    TCase *tc = tcase_create("fold");
    tcase_add_loop_test(tc, fold_case, 0, NCASES);
    tcase_add_test(tc, random_constant_expressions);
    tcase_add_test(tc, fold_emit_while_recording);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(fold_suite(), "test_opt_fold");
}
