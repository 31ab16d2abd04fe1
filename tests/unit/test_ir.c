/* test_ir.c — the trace IR's machinery: derived tables, emitting,
 * constant interning, guards and sparse snapshots, the structural check,
 * the text form (dump and parse, both directions), the rebuild utility and
 * the pass pipeline's configuration. */
#include <math.h>
#include <stdio.h>

#include "ir_testutil.h"

START_TEST(tables_follow_the_x_macros)
{
    ck_assert_str_eq(ir_opnames[IR_KINT], "KINT");
    ck_assert_str_eq(ir_opnames[IR_ADDOV], "ADDOV");
    ck_assert_str_eq(ir_opnames[IR_NOP], "NOP");
    ck_assert_int_eq(ir_opmodes[IR_KFLT], IRM_K);
    ck_assert_int_eq(ir_opmodes[IR_ADD], IRM_P);
    ck_assert_int_eq(ir_opmodes[IR_SLOAD], IRM_L);
    ck_assert_int_eq(ir_opmodes[IR_STORE], IRM_S);
    ck_assert_int_eq(ir_opmodes[IR_FLE], IRM_C);
    ck_assert_int_eq(ir_opmodes[IR_CARG], IRM_F);
    ck_assert_int_eq(ir_opmodes[IR_PHI], IRM_F);
    ck_assert_str_eq(ir_typenames[IRT_VOID], "void");
    ck_assert_str_eq(ir_typenames[IRT_BOOL], "bool");
    for (int op = 0; op < IR__COUNT; op++)
        ck_assert_ptr_nonnull(ir_opnames[op]);
}
END_TEST

START_TEST(operand_kinds)
{
    ck_assert_int_eq(ir_opnd(IR_SLOAD, 0), IROPND_LIT);
    ck_assert_int_eq(ir_opnd(IR_SLOAD, 1), IROPND_LIT);
    ck_assert_int_eq(ir_opnd(IR_SSTORE, 0), IROPND_LIT);
    ck_assert_int_eq(ir_opnd(IR_SSTORE, 1), IROPND_REF);
    ck_assert_int_eq(ir_opnd(IR_FREF, 1), IROPND_LIT);
    ck_assert_int_eq(ir_opnd(IR_AREF, 1), IROPND_REF);
    ck_assert_int_eq(ir_opnd(IR_LOAD, 1), IROPND_NONE);
    ck_assert_int_eq(ir_opnd(IR_KINT, 0), IROPND_NONE);
    ck_assert_int_eq(ir_opnd(IR_CARG, 0), IROPND_REF);
}
END_TEST

START_TEST(init_and_emit)
{
    Trace T;
    ir_init(&T);
    ck_assert_uint_eq(T.nins, 1);
    ck_assert_int_eq(T.ir[0].op, IR_NOP);
    IRRef a = ir_emit(&T, IR_SLOAD, IRT_INT, 3, 0);
    IRRef b = ir_emit(&T, IR_ADD, IRT_INT, a, a);
    ck_assert_uint_eq(a, 1);
    ck_assert_uint_eq(b, 2);
    ck_assert_uint_eq(T.loop, IRREF_NONE);
    IRRef l = ir_emit(&T, IR_LOOP, IRT_VOID, 0, 0);
    ck_assert_uint_eq(T.loop, l);
    for (int i = 0; i < 5000; i++)   /* growth keeps earlier contents */
        ir_emit(&T, IR_NEG, IRT_INT, b, 0);
    ck_assert_int_eq(T.ir[b].op, IR_ADD);
    ck_assert_uint_eq(T.ir[b].a, a);
    ck_assert(ir_check(&T, NULL, 0));
    ir_free(&T);
}
END_TEST

START_TEST(constants_are_interned)
{
    Trace T;
    ir_init(&T);
    IRRef k1 = ir_kint(&T, 42), k2 = ir_kint(&T, 42), k3 = ir_kint(&T, -42);
    ck_assert_uint_eq(k1, k2);
    ck_assert_uint_ne(k1, k3);
    ck_assert_int_eq(T.ir[k3].k.i, -42);
    IRRef z = ir_kflt(&T, 0.0), nz = ir_kflt(&T, -0.0);
    ck_assert_uint_ne(z, nz);   /* compared by bits */
    ck_assert_uint_eq(ir_kflt(&T, -0.0), nz);
    double n1, n2;
    uint64_t b1 = 0x7ff8000000000001u, b2 = 0x7ff8000000000002u;
    memcpy(&n1, &b1, 8);
    memcpy(&n2, &b2, 8);
    ck_assert_uint_eq(ir_kflt(&T, n1), ir_kflt(&T, n1));   /* NaN == itself by bits */
    ck_assert_uint_ne(ir_kflt(&T, n1), ir_kflt(&T, n2));
    ck_assert_uint_ne(ir_kflt(&T, 1.0), ir_kint(&T, 1));
    ck_assert_uint_ne(ir_ktyped(&T, IRT_BOOL, 1), ir_kint(&T, 1));   /* type is in the key */
    ck_assert_uint_eq(ir_ktyped(&T, IRT_INT, 1), ir_kint(&T, 1));
    int x;
    ck_assert_uint_eq(ir_kptr(&T, &x), ir_kptr(&T, &x));
    ck_assert_uint_ne(ir_kptr(&T, &x), ir_kptr(&T, NULL));
    ck_assert_uint_ne(ir_kptr(&T, NULL), ir_kint(&T, 0));
    ck_assert_ptr_eq(T.ir[ir_kptr(&T, &x)].k.p, &x);
    ir_free(&T);
}
END_TEST

START_TEST(many_constants_survive_rehashing)
{
    Trace T;
    ir_init(&T);
    IRRef refs[20000];
    for (int i = 0; i < 10000; i++) {
        refs[i] = ir_kint(&T, (int64_t)i * 7919 - 5000);
        refs[10000 + i] = ir_kflt(&T, i * 0.25);
    }
    ck_assert_uint_eq(T.nins, 1 + 20000);   /* all distinct */
    for (int i = 0; i < 10000; i++) {
        ck_assert_uint_eq(ir_kint(&T, (int64_t)i * 7919 - 5000), refs[i]);
        ck_assert_uint_eq(ir_kflt(&T, i * 0.25), refs[10000 + i]);
    }
    ir_free(&T);
}
END_TEST

START_TEST(guards_take_the_current_snapshot)
{
    Trace T;
    ir_init(&T);
    IRRef x = ir_emit(&T, IR_SLOAD, IRT_INT, 0, 0);
    uint32_t s0 = snap_add(&T, (const uint32_t *)0x100, NULL, 0, NULL, 0);
    IRRef g0 = ir_guard(&T, IR_LT, IRT_VOID, x, ir_kint(&T, 10));
    SnapEntry e = {.slot = 0, .tag = ir_kint(&T, 3), .val = x};
    uint32_t s1 = snap_add(&T, (const uint32_t *)0x104, &e, 1, NULL, 0);
    IRRef g1 = ir_guard(&T, IR_ADDOV, IRT_INT, x, x);
    ck_assert_uint_eq(s0, 0);
    ck_assert_uint_eq(s1, 1);
    ck_assert_uint_eq(T.ir[g0].snap, 0);
    ck_assert_uint_eq(T.ir[g1].snap, 1);
    ck_assert(T.ir[g1].flags & IRF_GUARD);
    ck_assert_int_eq(T.ir[g1].type, IRT_INT);
    ck_assert_uint_eq(T.snaps[1].ref, g1);
    ck_assert(ir_check(&T, NULL, 0));
    ir_free(&T);
}
END_TEST

START_TEST(snapshots_merge_without_a_guard_between)
{
    Trace T;
    ir_init(&T);
    IRRef x = ir_emit(&T, IR_SLOAD, IRT_INT, 0, 0);
    SnapEntry e1[] = {{0, IRREF_NONE, x}};
    snap_add(&T, (const uint32_t *)0x10, e1, 1, NULL, 0);
    IRRef y = ir_emit(&T, IR_ADD, IRT_INT, x, x);   /* not a guard */
    SnapEntry e2[] = {{0, IRREF_NONE, x}, {1, IRREF_NONE, y}};
    SnapFrame f = {.base = 4, .closure = (void *)0x99, .retpc = (const uint32_t *)0x20,
                   .nresults = 1};
    uint32_t s = snap_add(&T, (const uint32_t *)0x14, e2, 2, &f, 1);
    ck_assert_uint_eq(s, 0);   /* replaced, not added */
    ck_assert_uint_eq(T.nsnaps, 1);
    ck_assert_uint_eq(T.snaps[0].ref, T.nins);   /* moved to where it was taken */
    ck_assert_ptr_eq(T.snaps[0].pc, (const uint32_t *)0x14);
    ck_assert_uint_eq(T.snaps[0].nentries, 2);
    ck_assert_uint_eq(T.nsnapmap, 2);   /* the old entries are gone */
    ck_assert_uint_eq(T.snapmap[1].val, y);
    ck_assert_uint_eq(T.nsnapframes, 1);
    ck_assert_int_eq(T.snapframes[0].base, 4);
    /* a guard in between: a new snapshot */
    ir_guard(&T, IR_NE, IRT_VOID, y, x);
    s = snap_add(&T, (const uint32_t *)0x18, e1, 1, NULL, 0);
    ck_assert_uint_eq(s, 1);
    ck_assert_uint_eq(T.snaps[1].entry, 2);
    ck_assert_uint_eq(T.snaps[1].nframes, 0);
    /* and merging again after that keeps snapshot 0 intact */
    s = snap_add(&T, (const uint32_t *)0x1c, NULL, 0, NULL, 0);
    ck_assert_uint_eq(s, 1);
    ck_assert_uint_eq(T.nsnapmap, 2);
    ck_assert_uint_eq(T.snaps[0].nentries, 2);
    ck_assert(ir_check(&T, NULL, 0));
    ir_free(&T);
}
END_TEST

START_TEST(snapshot_without_instructions_between_merges)
{
    Trace T;
    ir_init(&T);
    snap_add(&T, (const uint32_t *)0x10, NULL, 0, NULL, 0);
    snap_add(&T, (const uint32_t *)0x14, NULL, 0, NULL, 0);
    ck_assert_uint_eq(T.nsnaps, 1);
    ck_assert_ptr_eq(T.snaps[0].pc, (const uint32_t *)0x14);
    ir_free(&T);
}
END_TEST

/* ---- the text form ---- */

static const char *const every_op =
    "; one instruction of each kind of operand\n"
    "0001     int  KINT    -9223372036854775808\n"
    "0002     flt  KFLT    -0\n"
    "0003     flt  KFLT    nan:0xfff8000000000001\n"
    "0004     flt  KFLT    inf\n"
    "0005     flt  KFLT    4.9406564584124654e-324\n"
    "0006     flt  KFLT    0.10000000000000001\n"
    "0007     ptr  KPTR    0xdeadbeef\n"
    "0008     bool KINT    1\n"
    "0009     u8   SLOADT  #-1 #2\n"
    "0010     ptr  SLOAD   #7 #0\n"
    ".... SNAP #0 pc=0x1000 { 7=0009:0010 -1=0001:- } frames { 4:0x99:0x2000:-1 } down=2 top=-3 exits=3\n"
    "0011 >   void EQ      0009 0008  ->0\n"
    "0012     ptr  FREF    0010 #-16\n"
    "0013     ptr  AREF    0010 0001\n"
    "0014 +   int  LOAD    0012\n"
    "0015     void STORE   0013 0014\n"
    "0016 >   int  ADDOV   0014 0001  ->0\n"
    "0017     flt  I2F     0016\n"
    "0018     void CARG    - 0017\n"
    "0019     void CARG    0018 0002\n"
    "0020     flt  CALLN   0007 0019\n"
    "0021     void CALLS   0007 -\n"
    "0022     void SSTORET #7 0009\n"
    "0023     void SSTORE  #7 0020\n"
    "0024     void LOOP\n"
    "0025 *   int  PHI     0014 0016\n"
    "0026     void NOP\n"
    ".... SNAP #1 pc=0x1004 { }\n";

START_TEST(text_round_trip)
{
    Trace T;
    parse_ok(&T, every_op, "every_op");
    ck_assert_uint_eq(T.nins, 27);
    ck_assert_uint_eq(T.nsnaps, 2);
    ck_assert_uint_eq(T.loop, 24);
    ck_assert_int_eq((int32_t)T.ir[9].a, -1);
    ck_assert_int_eq((int32_t)T.ir[12].b, -16);
    ck_assert(T.ir[14].flags & IRF_INV);
    ck_assert(T.ir[25].flags & IRF_MARK);
    ck_assert_uint_eq(T.snaps[0].exits, 3);
    ck_assert_int_eq(T.snapframes[0].nresults, -1);
    ck_assert(T.snaps[0].has_top);
    ck_assert_int_eq(T.snaps[0].top, -3);
    ck_assert(!T.snaps[1].has_top);
    ck_assert_uint_eq(T.snaps[1].ref, 27);
    double n = T.ir[5].k.n;
    ck_assert(n == 4.9406564584124654e-324);
    ck_assert(signbit(T.ir[2].k.n));
    char *once = ir_dump_str(&T);
    Trace U;
    parse_ok(&U, once, "dumped");
    char *twice = ir_dump_str(&U);
    ck_assert_str_eq(once, twice);
    ck_assert(memcmp(T.ir, U.ir, T.nins * sizeof(IRIns)) == 0);
    free(once);
    free(twice);
    ir_free(&T);
    ir_free(&U);
}
END_TEST

START_TEST(dump_is_readable)
{
    Trace T;
    parse_ok(&T, "1 int KINT 5\n2 int SLOAD #3 #0\nSNAP #0 pc=0x40 { 3=1:2 }\n"
                 "3 > void LT 2 1\n", "readable");
    char *s = ir_dump_str(&T);
    ck_assert_str_eq(s, "0001     int  KINT    5\n"
                        "0002     int  SLOAD   #3 #0\n"
                        ".... SNAP #0 pc=0x40 { 3=0001:0002 }\n"
                        "0003 >   void LT      0002 0001  ->0\n");
    free(s);
    ir_free(&T);
}
END_TEST

START_TEST(parse_accepts_braces_without_spaces)
{
    Trace T;
    parse_ok(&T, "1 int SLOAD #0 #0\nSNAP #0 {0=-:1} frames {0:0x1:0x2:0}\n", "tight");
    ck_assert_uint_eq(T.nsnapmap, 1);
    ck_assert_uint_eq(T.nsnapframes, 1);
    ir_free(&T);
}
END_TEST

static const struct { const char *text, *msg; } bad_texts[] = {
    {"2 int KINT 1\n", "line 1: expected ref 0001"},
    {"1 int KINT 1\n2 int KINT 1\n", "line 2: constant repeats 0001"},
    {"1 int FOO 1 2\n", "line 1: bad op 'FOO'"},
    {"1 i64 KINT 1\n", "line 1: bad type 'i64'"},
    {"1 int KINT 1\n2 int ADD 1\n", "line 2: ADD needs operand b"},
    {"1 int KINT 1\n2 int NEG 1 1\n", "line 2: unexpected '1'"},
    {"1 int SLOAD 3 0\n", "line 1: bad literal '3'"},
    {"1 int KINT x\n", "line 1: bad integer 'x'"},
    {"1 flt KFLT 1.5q\n", "line 1: bad float '1.5q'"},
    {"1 ptr KPTR 12\n", "line 1: bad pointer '12'"},
    {"1 int KINT 1\n2 > void EQ 1 1\n", "line 2: guard before any snapshot"},
    {"SNAP #0 { }\n1 int KINT 1\n2 > void EQ 1 1 ->1\n", "line 3: no snapshot #1 yet"},
    {"SNAP #1 { }\n", "line 1: expected snapshot number #0"},
    {"SNAP #0 { 3=1 }\n", "line 1: bad snapshot entry '3=1'"},
    {"SNAP #0 { 3=-:- \n", "line 1: expected '}'"},
    {"1 int KINT 1\n2 int ADD 1 3\n", "structure: 0002: operand b = 3 is not earlier"},
    {"1 > int KINT 1\n", "line 1: constants take no flags"},
    {"SNAP #0 { } { }\n", "line 1: entries given twice"},
    {"SNAP #0 pc=0x4 frames { } frames { }\n", "line 1: frames given twice"},
    {"SNAP #0 pc=4 { }\n", "line 1: bad pc 'pc=4'"},
    {"SNAP #0 top=x { }\n", "line 1: bad top slot 'top=x'"},
    {"SNAP #0 { 1=-:- } frames { 1:2:3:4 }\n", "line 1: bad frame '1:2:3:4'"},
    {"SNAP #0 { 0=5:- }\n", "structure: snapshot 0: slot 0 names a later ref"},
};

START_TEST(parse_errors)
{
    Trace T;
    char err[200];
    ck_assert(!ir_parse(&T, bad_texts[_i].text, err, sizeof err));
    ck_assert_msg(strncmp(err, bad_texts[_i].msg, strlen(bad_texts[_i].msg)) == 0,
                  "got '%s', want '%s'", err, bad_texts[_i].msg);
    ir_free(&T);
}
END_TEST

START_TEST(check_finds_malformed_traces)
{
    Trace T;
    char err[200];
    ir_init(&T);
    IRRef x = ir_emit(&T, IR_SLOAD, IRT_INT, 0, 0);
    ck_assert(ir_check(&T, err, sizeof err));
    T.ir[x].flags |= IRF_GUARD;   /* a guard with no snapshot */
    ck_assert(!ir_check(&T, err, sizeof err));
    ck_assert_str_eq(err, "0001: guard names snapshot 0 of 0");
    T.ir[x].flags = 0;
    ir_emit(&T, IR_NEG, IRT_INT, 5, 0);
    ck_assert(!ir_check(&T, err, sizeof err));
    T.ir[2].a = x;
    ir_emit(&T, IR_LOOP, IRT_VOID, 0, 0);
    T.loop = 1;
    ck_assert(!ir_check(&T, err, sizeof err));
    ck_assert_str_eq(err, "0003: LOOP but trace.loop = 1");
    ir_free(&T);
}
END_TEST

/* ---- rebuilding ---- */

static const char *const rb_text =
    "SNAP #0 pc=0x10 { }\n1 int SLOAD #0 #0\n2 int SLOAD #1 #0\n3 int ADD 1 2\n"
    "SNAP #1 pc=0x14 { 0=-:3 1=-:2 }\n4 > void LT 3 2\n5 int MUL 3 3\n6 void SSTORE #0 5\n"
    "SNAP #2 pc=0x18 { 0=-:5 }\n";

START_TEST(rebuild_identity)
{
    Trace T;
    parse_ok(&T, rb_text, "rb");
    char *before = ir_dump_str(&T);
    IRRebuild rb;
    ir_rb_begin(&rb, &T);
    for (IRRef i = 1; i < rb.old.nins; i++)
        ck_assert_uint_eq(ir_rb_copy(&rb, i), i);
    ir_rb_end(&rb);
    char *after = ir_dump_str(&T);
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    ir_free(&T);
}
END_TEST

/* Replacing ADD (3) by SLOAD #0 (1) renames later operands and snapshot
 * entries, and snapshots move with the instructions they precede. */
START_TEST(rebuild_substitutes)
{
    Trace T;
    parse_ok(&T, rb_text, "rb");
    IRRebuild rb;
    ir_rb_begin(&rb, &T);
    for (IRRef i = 1; i < rb.old.nins; i++) {
        if (i == 3)
            rb.map[i] = rb.map[1];
        else
            ir_rb_copy(&rb, i);
    }
    ir_rb_end(&rb);
    expect_ir(&T,
              "SNAP #0 pc=0x10 { }\n1 int SLOAD #0 #0\n2 int SLOAD #1 #0\n"
              "SNAP #1 pc=0x14 { 0=-:1 1=-:2 }\n3 > void LT 1 2 ->1\n4 int MUL 1 1\n"
              "5 void SSTORE #0 4\nSNAP #2 pc=0x18 { 0=-:4 }\n",
              "substituted");
    ir_free(&T);
}
END_TEST

/* ---- the pipeline ---- */

START_TEST(config_by_name)
{
    OptConfig cfg;
    char err[100];
    opt_config_default(&cfg);
    for (int i = 0; i < OPT__COUNT; i++)
        ck_assert(cfg.enabled[i]);
    ck_assert(opt_config_parse(&cfg, "-cse", err, sizeof err));
    ck_assert(cfg.enabled[OPT_FOLD] && !cfg.enabled[OPT_CSE] && cfg.enabled[OPT_DCE]);
    ck_assert(opt_config_parse(&cfg, "none,+fold,dce", err, sizeof err));
    ck_assert(cfg.enabled[OPT_FOLD] && !cfg.enabled[OPT_CSE] && cfg.enabled[OPT_DCE]);
    ck_assert(opt_config_parse(&cfg, "all,-dce,", err, sizeof err));
    ck_assert(cfg.enabled[OPT_CSE] && !cfg.enabled[OPT_DCE]);
    ck_assert(!opt_config_parse(&cfg, "fold,-licm", err, sizeof err));
    ck_assert_str_eq(err, "unknown optimisation pass 'licm'");
    ck_assert_str_eq(opt_names[OPT_CSE], "cse");
}
END_TEST

static const char *const pipeline_in =
    "SNAP #0 pc=0x10 { }\n"
    "1 int SLOAD #0 #0\n2 int KINT 1\n3 int KINT 2\n4 int ADD 2 3\n"
    "5 int ADD 1 4\n6 int ADD 1 4\n7 int MUL 5 6\n8 int SUB 5 5\n"
    "9 > int ADDOV 1 8\n10 void SSTORE #0 9\n11 int BXOR 7 7\n";

START_TEST(pipeline_runs_enabled_passes)
{
    OptConfig cfg;
    opt_config_default(&cfg);
    Trace T;
    parse_ok(&T, pipeline_in, "pipeline");
    OptResult res = opt_run(&T, &cfg);
    expect_ir(&T, "SNAP #0 pc=0x10 { }\n1 int SLOAD #0 #0\n2 void SSTORE #0 1\n", "all passes");
    ck_assert(!res.always_exits);
    ck_assert_uint_gt(res.removed[OPT_FOLD], 0);
    ck_assert_uint_gt(res.removed[OPT_DCE], 0);
    ir_free(&T);

    opt_config_parse(&cfg, "none", NULL, 0);
    parse_ok(&T, pipeline_in, "pipeline");
    char *before = ir_dump_str(&T);
    res = opt_run(&T, &cfg);
    char *after = ir_dump_str(&T);
    ck_assert_str_eq(before, after);
    free(before);
    free(after);
    ir_free(&T);
}
END_TEST

/* The always-failing guard found by fold is followed through later passes. */
START_TEST(pipeline_tracks_the_failing_guard)
{
    OptConfig cfg;
    opt_config_default(&cfg);
    Trace T;
    parse_ok(&T, "SNAP #0 { }\n1 int SLOAD #0 #0\n2 int NEG 1\n3 int KINT 1\n4 int KINT 2\n"
                 "5 > void EQ 3 4\n6 void SSTORE #0 1\n", "failing");
    OptResult res = opt_run(&T, &cfg);
    ck_assert(res.always_exits);
    expect_ir(&T, "SNAP #0 { }\n1 int SLOAD #0 #0\n2 int KINT 1\n3 int KINT 2\n"
                  "4 > void EQ 2 3\n5 void SSTORE #0 1\n", "failing");
    ck_assert_uint_eq(res.exit_ref, 4);
    ir_free(&T);
}
END_TEST

static Suite *ir_suite(void)
{
    Suite *s = suite_create("ir");
    TCase *tc = tcase_create("ir");
    tcase_add_test(tc, tables_follow_the_x_macros);
    tcase_add_test(tc, operand_kinds);
    tcase_add_test(tc, init_and_emit);
    tcase_add_test(tc, constants_are_interned);
    tcase_add_test(tc, many_constants_survive_rehashing);
    tcase_add_test(tc, guards_take_the_current_snapshot);
    tcase_add_test(tc, snapshots_merge_without_a_guard_between);
    tcase_add_test(tc, snapshot_without_instructions_between_merges);
    tcase_add_test(tc, text_round_trip);
    tcase_add_test(tc, dump_is_readable);
    tcase_add_test(tc, parse_accepts_braces_without_spaces);
    tcase_add_loop_test(tc, parse_errors, 0, (int)(sizeof bad_texts / sizeof bad_texts[0]));
    tcase_add_test(tc, check_finds_malformed_traces);
    tcase_add_test(tc, rebuild_identity);
    tcase_add_test(tc, rebuild_substitutes);
    tcase_add_test(tc, config_by_name);
    tcase_add_test(tc, pipeline_runs_enabled_passes);
    tcase_add_test(tc, pipeline_tracks_the_failing_guard);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(ir_suite(), "test_ir");
}
