/* test_asm.c — the x86-64 backend, differentially: every trace runs both in
 * the reference evaluator (tracer/ir_eval.c) and as machine code, on the
 * same frame, heap and helper state, and must leave through the same exit
 * with the same frame (after asm_restore), heap and helper state.
 *
 * The frame, heap and helpers are trace_world.h's; slot 8 is a loop's fuel
 * (the loop traces decrement it and exit when it reaches 0, so loops end
 * after a chosen number of iterations). Hand-written traces cover
 * each op; random traces (a generator of typed traces over real memory and
 * real helpers, which the optimiser tests' generator cannot be, since it
 * uses fake addresses and helpers) cover combinations, loops, register
 * pressure, and the optimiser's output.
 *
 * Environment, for debugging and soak runs: ASM_SEED=n draws other random
 * traces; ASM_DEBUG=r prints random trace number r and any heap words that
 * differ. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "asm.h"
#include "ir_eval.h"
#include "ir_testutil.h"
#include "trace_world.h"

typedef struct Run {
    uint32_t exit;
    World w;
} Run;

static Run run_eval(const Trace *T, const World *in)
{
    Run r = {.w = *in};
    IREval ev = {.call = call_helper, .max_iters = 100000};
    world_enter(in);
    r.exit = ir_eval(T, r.w.frame, &ev);
    if (r.exit < IR_EVAL_LIMIT) {
        static ExitState ex;
        memcpy(ex.v, ev.exitvals, sizeof ex.v);
        asm_restore(T, r.exit, &ex, r.w.frame);
    }
    world_leave(&r.w);
    return r;
}

static Run run_code(const Trace *T, const AsmCode *code, const World *in)
{
    Run r = {.w = *in};
    world_enter(in);
    r.exit = (uint32_t)code->fn(r.w.frame).snap;   /* an exit writes the frame itself */
    if (r.exit != ASM_COMPLETED)
        ck_assert_uint_lt(r.exit, T->nsnaps);
    world_leave(&r.w);
    return r;
}

static void same_run(const Run *want, const Run *got, const char *what, int k)
{
    ck_assert_msg(want->exit == got->exit, "%s, input %d: exit %d, compiled %d", what, k,
                  (int)want->exit, (int)got->exit);
    for (int s = 0; s < NFRAME; s++) {
        const TValue *x = &want->w.frame[s], *y = &got->w.frame[s];
        ck_assert_msg(x->tt == y->tt && x->v.i == y->v.i,
                      "%s, input %d, exit %d: slot %d is %d:%" PRIx64 ", compiled %d:%" PRIx64,
                      what, k, (int)want->exit, s, x->tt, (uint64_t)x->v.i, y->tt,
                      (uint64_t)y->v.i);
    }
    if (getenv("ASM_DEBUG") && memcmp(want->w.heap, got->w.heap, sizeof heap) != 0)
        for (int h = 0; h < NHEAP; h++)
            printf("heap[%d] want %llx got %llx\n", h, (unsigned long long)want->w.heap[h],
                   (unsigned long long)got->w.heap[h]);
    fflush(stdout);
    ck_assert_msg(memcmp(want->w.heap, got->w.heap, sizeof heap) == 0,
                  "%s, input %d: heap differs", what, k);
    ck_assert_msg(want->w.counter == got->w.counter, "%s, input %d: helper state differs",
                  what, k);
}

static uint32_t last_spilled;   /* of the latest compiled trace */

/* Whether two runs agree (without failing the test). */
static bool same_outcome(const Run *x, const Run *y)
{
    if (x->exit != y->exit || memcmp(x->w.heap, y->w.heap, sizeof heap) != 0 ||
        x->w.counter != y->w.counter)
        return false;
    for (int s = 0; s < NFRAME; s++)
        if (x->w.frame[s].tt != y->w.frame[s].tt || x->w.frame[s].v.i != y->w.frame[s].v.i)
            return false;
    return true;
}

typedef struct Tally {
    int exits, completes, runs;
} Tally;

/* Compile T and compare it with the evaluator on `inputs` random worlds. */
static Tally differential(const Trace *T, int inputs, const char *what)
{
    MCode mc;
    mcode_init(&mc, 64 << 20);
    AsmCode code;
    char err[200];
    bool ok = asm_trace(T, &mc, &code, err, sizeof err);
    ck_assert_msg(ok, "%s: does not compile: %s", what, err);
    last_spilled = code.spilled;
    Tally t = {0, 0, 0};
    for (int k = 0; k < inputs; k++) {
        World in = random_world(1 + (int)(rnd() % 6));
        Run want = run_eval(T, &in), got = run_code(T, &code, &in);
        same_run(&want, &got, what, k);
        t.exits += want.exit != ASM_COMPLETED;
        t.completes += want.exit == ASM_COMPLETED;
        t.runs++;
    }
    mcode_free_all(&mc);
    ck_assert(!mcode_maps_have_wx());
    return t;
}

/* ---- hand-written traces, one or a few ops each ---- */

/* Refs 1..7 of every hand-written case: two ints, two floats, two tags,
 * the heap pointer; snapshot 0 restores slot 0. */
#define PRE                                                                   \
    "1 int SLOAD #0 #0\n2 int SLOAD #1 #0\n3 flt SLOAD #4 #0\n4 flt SLOAD #5 #0\n" \
    "5 u8 KINT 2\n6 u8 KINT 3\n7 ptr SLOAD #9 #0\nSNAP #0 pc=0x10 { 0=5:1 }\n"

typedef struct AsmCase {
    const char *name, *text;
} AsmCase;

static const AsmCase cases[] = {
    {"int_arith", PRE "8 int ADD 1 2\n9 int SUB 1 2\n10 int MUL 8 9\n11 int NEG 10\n"
                  "12 int BAND 1 2\n13 int BOR 12 1\n14 int BXOR 13 2\n15 int BNOT 14\n"
                  "16 void SSTORE #0 10\n17 void SSTORE #1 11\n18 void SSTORE #2 15\n"},
    {"int_immediates", PRE "8 int KINT 100\n9 int KINT -7\n10 int KINT 81985529216486895\n"
                       "11 int ADD 1 8\n12 int SUB 11 9\n13 int BAND 12 10\n"
                       "14 int BXOR 13 10\n15 int MUL 14 9\n16 void SSTORE #0 15\n"
                       "17 void SSTORE #1 13\n"},
    {"shifts", PRE "8 int KINT 63\n9 int BAND 2 8\n10 int SHL 1 9\n11 int SHR 1 9\n"
               "12 int SAR 1 9\n13 int KINT 5\n14 int SHL 1 13\n15 int SAR 10 13\n"
               "16 int SHR 12 13\n17 void SSTORE #0 10\n18 void SSTORE #1 11\n"
               "19 void SSTORE #2 12\n20 void SSTORE #3 14\n21 void SSTORE #6 15\n"
               "22 void SSTORE #7 16\n"},
    {"overflow_guards", PRE "8 > int ADDOV 1 2\n9 > int MULOV 8 2\n"
                        "SNAP #1 pc=0x20 { 0=5:8 1=5:9 }\n10 > int SUBOV 9 1\n"
                        "11 void SSTORE #2 10\n"},
    {"float_arith", PRE "8 flt FADD 3 4\n9 flt FSUB 3 4\n10 flt FMUL 8 9\n"
                    "11 flt FDIV 10 4\n12 flt FNEG 11\n13 flt KFLT 1.5\n14 flt FMUL 12 13\n"
                    "15 void SSTORE #4 14\n16 void SSTORE #5 10\n17 void SSTORE #6 12\n"},
    {"conversions", PRE "8 flt I2F 1\n9 flt FADD 8 3\n10 int F2I 9\n11 void SSTORE #0 10\n"
                    "12 void SSTORE #4 9\nSNAP #1 pc=0x20 { 0=5:10 4=6:9 }\n"
                    "13 > int F2I 3\n14 void SSTORE #1 13\n"},
    {"int_compare_values", PRE "8 bool LT 1 2\n9 bool ULE 1 2\n10 bool EQ 1 2\n"
                           "11 bool NE 1 1\n12 bool GE 1 2\n13 bool GT 1 2\n14 bool LE 1 2\n"
                           "15 bool ULT 1 2\n16 void SSTORE #0 8\n17 void SSTORE #1 9\n"
                           "18 void SSTORE #2 10\n19 void SSTORE #3 11\n"
                           "20 void SSTORE #4 12\n21 void SSTORE #5 13\n"
                           "22 void SSTORE #6 14\n23 void SSTORE #7 15\n"},
    {"int_guards", PRE "8 > void LE 1 2\nSNAP #1 pc=0x20 { 2=5:1 }\n9 > void NE 1 2\n"
                   "SNAP #2 pc=0x30 { 3=6:2 }\n10 int KINT 3\n11 > void ULT 2 10\n"
                   "SNAP #3 pc=0x40 { 1=5:- }\n12 > void LE 1 10\n13 > void EQ 2 2\n"
                   "14 void SSTORE #6 1\n"},
    {"float_compare_values", PRE "8 bool FEQ 3 4\n9 bool FNE 3 4\n10 bool FLT 3 4\n"
                             "11 bool FLE 3 4\n12 bool FEQ 3 3\n13 bool FNE 4 4\n"
                             "14 void SSTORE #0 8\n15 void SSTORE #1 9\n16 void SSTORE #2 10\n"
                             "17 void SSTORE #3 11\n18 void SSTORE #6 12\n19 void SSTORE #7 13\n"},
    {"float_guard_flt", PRE "8 > void FLT 3 4\n9 void SSTORE #6 1\n"},
    {"float_guard_fle", PRE "8 > void FLE 4 3\n9 void SSTORE #6 1\n"},
    {"float_guard_feq", PRE "8 > void FEQ 3 4\n9 void SSTORE #6 1\n"},
    {"float_guard_fne", PRE "8 > void FNE 3 4\n9 void SSTORE #6 1\n"},
    {"float_guard_self", PRE "8 > void FEQ 3 3\nSNAP #1 pc=0x20 { 4=6:3 }\n"
                         "9 > void FNE 4 4\n10 void SSTORE #6 1\n"},
    {"memory", PRE "8 ptr FREF 7 #8\n9 int LOAD 8\n10 u8 LOAD 8\n11 u32 LOAD 8\n"
               "12 i32 LOAD 8\n13 flt LOAD 8\n14 bool LOAD 8\n15 void SSTORE #0 9\n"
               "16 void SSTORE #1 10\n17 void SSTORE #2 11\n18 void SSTORE #3 12\n"
               "19 void SSTORE #4 13\n20 void SSTORE #6 14\n21 ptr FREF 7 #16\n"
               "22 void STORE 21 1\n23 ptr FREF 7 #24\n24 void STORE 23 3\n"
               "25 ptr FREF 7 #33\n26 void STORE 25 10\n27 ptr FREF 7 #42\n"
               "28 void STORE 27 12\n29 u32 KINT 4294967295\n30 ptr FREF 7 #48\n"
               "31 void STORE 30 29\n"},
    {"aref_and_tags", PRE "8 int KINT 2\n9 ptr AREF 7 8\n10 int LOAD 9\n11 int KINT 3\n"
                      "12 int BAND 1 11\n13 ptr AREF 7 12\n14 int LOAD 13\n15 flt LOAD 13\n"
                      "16 u8 SLOADT #0 #0\n17 u8 SLOADT #7 #0\n18 void SSTORET #1 17\n"
                      "19 void SSTORET #2 6\n20 void SSTORE #2 14\n21 void SSTORE #3 10\n"
                      "22 void SSTORET #4 16\n23 void SSTORE #5 15\n24 void STORE 9 2\n"},
    {"sload_types", PRE "8 u8 SLOAD #0 #0\n9 u32 SLOAD #1 #0\n10 i32 SLOAD #2 #0\n"
                    "11 bool SLOAD #3 #0\n12 int ADD 8 9\n13 int ADD 12 10\n"
                    "14 int ADD 13 11\n15 void SSTORE #0 14\n16 void SSTORE #1 10\n"},
    {"counting_loop", PRE "8 int KINT 1\n9 int KINT 0\n10 int ADD 1 8\n11 flt FADD 3 4\n"
                      "12 void LOOP\n13 int SLOAD #8 #0\n14 int SUB 13 8\n"
                      "15 void SSTORE #8 14\n16 > void GT 14 9\n17 int ADD 10 2\n"
                      "18 flt FMUL 11 4\n19 void SSTORE #0 17\n"
                      "SNAP #1 pc=0x20 { 0=5:17 4=6:18 }\n20 int KINT 1000\n"
                      "21 > void LT 17 20\n22 int PHI 10 17\n23 flt PHI 11 18\n"},
    {"swap_loop", PRE "8 int KINT 1\n9 int KINT 0\n10 int ADD 1 8\n11 int ADD 2 8\n"
                  "12 flt FADD 3 4\n13 flt FSUB 3 4\n14 void LOOP\n15 int SLOAD #8 #0\n"
                  "16 int SUB 15 8\n17 void SSTORE #8 16\n"
                  "SNAP #1 pc=0x20 { 0=5:10 1=5:11 4=6:12 5=6:13 }\n18 > void GT 16 9\n"
                  "19 int PHI 10 11\n20 int PHI 11 10\n21 flt PHI 12 13\n22 flt PHI 13 12\n"},
    {"loop_guard_in_body", PRE "8 int KINT 1\n9 int KINT 0\n10 int ADD 1 9\n11 void LOOP\n"
                           "12 int SLOAD #8 #0\n13 int SUB 12 8\n14 void SSTORE #8 13\n"
                           "15 > void GT 13 9\n16 > int ADDOV 10 2\n17 int MUL 16 8\n"
                           "SNAP #1 pc=0x20 { 3=5:16 }\n18 int KINT 7\n19 > void NE 16 18\n"
                           "20 void SSTORE #6 16\n21 int PHI 10 17\n"},
};
#define NCASES (int)(sizeof cases / sizeof cases[0])

START_TEST(hand_written)
{
    const AsmCase *c = &cases[_i];
    Trace T;
    parse_ok(&T, c->text, c->name);
    Tally t = differential(&T, 300, c->name);
    ck_assert_int_eq(t.runs, 300);
    ir_free(&T);
}
END_TEST

/* Chaining: an exit site pointed at another trace runs it without
 * returning; the completion site of a one-iteration trace pointed at
 * itself loops; unchaining restores the default; no mapping is ever
 * writable and executable, patches included. Slot 0 counts (an integer:
 * tag 2): A adds 1 while below 100 (else exits), B adds 7 while below 1000. */
static const char *chain_a =
    "SNAP #0 pc=0x10 { }\n1 int SLOAD #0 #0\n2 int KINT 100\n3 > void LT 1 2\n"
    "4 int KINT 1\n5 int ADD 1 4\n6 u8 KINT 2\n7 void SSTORET #0 6\n8 void SSTORE #0 5\n";
static const char *chain_b =
    "SNAP #0 pc=0x20 { }\n1 int SLOAD #0 #0\n2 int KINT 1000\n3 > void LT 1 2\n"
    "4 int KINT 7\n5 int ADD 1 4\n6 u8 KINT 2\n7 void SSTORET #0 6\n8 void SSTORE #0 5\n";

static AsmExit run_from(AsmCode *c, TValue *frame, int64_t start)
{
    frame[0].tt = T_INT;
    frame[0].v.i = start;
    return c->fn(frame);
}

START_TEST(chained_sites)
{
    Trace A, B;
    parse_ok(&A, chain_a, "chain a");
    parse_ok(&B, chain_b, "chain b");
    MCode mc;
    mcode_init(&mc, 1 << 20);
    AsmCode ca, cb;
    char err[200];
    ck_assert_msg(asm_trace(&A, &mc, &ca, err, sizeof err), "%s", err);
    ck_assert_msg(asm_trace(&B, &mc, &cb, err, sizeof err), "%s", err);
    static TValue frame[4];
    AsmExit x = run_from(&ca, frame, 150);            /* unchained: A exits */
    ck_assert(x.snap == 0 && x.code == &ca && frame[0].v.i == 150);
    ck_assert(asm_chain(&ca, 0, &cb, ASM_CHAIN_ON));
    x = run_from(&ca, frame, 150);                    /* A's exit runs B */
    ck_assert(x.snap == ASM_COMPLETED && x.code == &cb && frame[0].v.i == 157);
    ck_assert(asm_chain(&ca, ASM_SITE_COMPLETED(&A), &ca, ASM_CHAIN_ON));
    x = run_from(&ca, frame, 0);                      /* A loops to 100, then B */
    ck_assert(x.snap == ASM_COMPLETED && x.code == &cb && frame[0].v.i == 107);
    ck_assert(!mcode_maps_have_wx());
    ck_assert(asm_unchain(&ca, 0) && asm_unchain(&ca, ASM_SITE_COMPLETED(&A)));
    x = run_from(&ca, frame, 0);                      /* back to one iteration */
    ck_assert(x.snap == ASM_COMPLETED && x.code == &ca && frame[0].v.i == 1);
    ck_assert_int_eq(frame[0].tt, T_INT);
    ck_assert(!asm_chain(&ca, 7, &cb, ASM_CHAIN_ON));           /* no such site */
    asm_code_free(&ca);
    asm_code_free(&cb);
    mcode_free_all(&mc);
    ir_free(&A);
    ir_free(&B);
}
END_TEST

/* Links: A's completion linked through B's AsmEntry runs B, counting the
 * link as A's completion and B's entry; with no tree in the entry (fn
 * NULL) A completes as if unlinked. Chains count into the tree's entry. */
START_TEST(linked_completion)
{
    Trace A, B;
    parse_ok(&A, chain_a, "chain a");
    parse_ok(&B, chain_b, "chain b");
    MCode mc;
    mcode_init(&mc, 1 << 20);
    AsmEntry ea = {0}, eb = {0};
    AsmCode ca, cb;
    char err[200];
    ck_assert_msg(asm_trace_counted(&A, &mc, &ea, &ca, err, sizeof err), "%s", err);
    ck_assert_msg(asm_trace_counted(&B, &mc, &eb, &cb, err, sizeof err), "%s", err);
    eb.fn = cb.fn;
    ck_assert(asm_link(&ca, ASM_SITE_COMPLETED(&A), &eb));
    static TValue frame[4];
    AsmExit x = run_from(&ca, frame, 0);               /* A adds 1, then B adds 7 */
    ck_assert(x.snap == ASM_COMPLETED && x.code == &cb && frame[0].v.i == 8);
    ck_assert_int_eq(ea.count[ASM_COUNT_DONE], 1);
    ck_assert_int_eq(eb.count[ASM_COUNT_ENTRY], 1);
    eb.fn = NULL;                                      /* B's tree is gone */
    x = run_from(&ca, frame, 0);
    ck_assert(x.snap == ASM_COMPLETED && x.code == &ca && frame[0].v.i == 1);
    ck_assert_int_eq(ea.count[ASM_COUNT_DONE], 1);
    ck_assert(asm_chain(&ca, 0, &cb, ASM_CHAIN_FIRST));
    x = run_from(&ca, frame, 150);                     /* A exits into B */
    ck_assert(x.code == &cb && frame[0].v.i == 157);
    ck_assert_int_eq(ea.count[ASM_COUNT_FIRST], 1);
    ck_assert_int_eq(ea.count[ASM_COUNT_ON], 0);
    ck_assert(!mcode_maps_have_wx());
    asm_code_free(&ca);
    asm_code_free(&cb);
    mcode_free_all(&mc);
    ir_free(&A);
    ir_free(&B);
}
END_TEST

/* Guards that must be seen both failing and passing on random inputs. */
START_TEST(guards_take_both_ways)
{
    static const char *const names[] = {"overflow_guards", "conversions", "int_guards",
                                        "float_guard_feq", "loop_guard_in_body"};
    for (int n = 0; n < 5; n++)
        for (int i = 0; i < NCASES; i++)
            if (strcmp(cases[i].name, names[n]) == 0) {
                Trace T;
                parse_ok(&T, cases[i].text, names[n]);
                Tally t = differential(&T, 400, names[n]);
                ck_assert_msg(t.exits > 0, "%s never exits", names[n]);
                if (T.loop == IRREF_NONE)
                    ck_assert_msg(t.completes > 0, "%s never completes", names[n]);
                ir_free(&T);
            }
}
END_TEST


/* A loop whose guard fails at iteration `limit` (slot 1): the exit must
 * come exactly then, with the counter and the fuel slot as far as they got. */
START_TEST(loop_exits_at_chosen_iteration)
{
    static const char *const text =
        PRE "8 int KINT 1\n9 int KINT 0\n10 int ADD 1 9\n11 void LOOP\n12 int SLOAD #8 #0\n"
            "13 int SUB 12 8\n14 void SSTORE #8 13\nSNAP #1 pc=0x20 { 0=5:10 }\n"
            "15 > void LT 10 2\n16 int ADD 10 8\n17 int PHI 10 16\n";
    Trace T;
    parse_ok(&T, text, "counted");
    MCode mc;
    mcode_init(&mc, 1 << 20);
    AsmCode code;
    char err[200];
    ck_assert_msg(asm_trace(&T, &mc, &code, err, sizeof err), "%s", err);
    static const int limits[] = {0, 1, 2, 7, 100, 5000};
    for (int k = 0; k < 6; k++) {
        World in = random_world(100000);
        set(&in.frame[0], T_INT, 0);
        set(&in.frame[1], T_INT, (uint64_t)limits[k]);
        Run want = run_eval(&T, &in), got = run_code(&T, &code, &in);
        same_run(&want, &got, "counted", k);
        ck_assert_uint_eq(got.exit, 1);
        ck_assert_int_eq(got.w.frame[0].v.i, limits[k]);
        ck_assert_int_eq(got.w.frame[FUEL].v.i, 100000 - (limits[k] + 1));
    }
    mcode_free_all(&mc);
    ir_free(&T);
}
END_TEST

/* ---- calls: built with the API, since helper addresses are run-time ---- */

static IRRef kfn(Trace *T, const void *fn) { return ir_kptr(T, fn); }

static IRRef call(Trace *T, IROp op, IRType t, const void *fn, const IRRef *args, int n)
{
    IRRef chain = IRREF_NONE;
    for (int i = 0; i < n; i++)
        chain = ir_emit(T, IR_CARG, IRT_VOID, chain, args[i]);
    return ir_emit(T, op, t, kfn(T, fn), chain);
}

/* The prelude of PRE, through the API; returns snapshot 0's trace. */
static void prelude(Trace *T, IRRef *i0, IRRef *i1, IRRef *f0, IRRef *f1)
{
    ir_init(T);
    *i0 = ir_emit(T, IR_SLOAD, IRT_INT, 0, 0);
    *i1 = ir_emit(T, IR_SLOAD, IRT_INT, 1, 0);
    *f0 = ir_emit(T, IR_SLOAD, IRT_FLT, 4, 0);
    *f1 = ir_emit(T, IR_SLOAD, IRT_FLT, 5, 0);
    SnapEntry e = {0, ir_ktyped(T, IRT_U8, T_INT), *i0};
    snap_add(T, (const uint32_t *)0x10, &e, 1, NULL, 0);
}

/* Int and float arguments, float results, values live across calls in
 * both register classes, a helper with effects, one with a narrow result. */
START_TEST(calls_int_and_float)
{
    Trace T;
    IRRef i0, i1, f0, f1;
    prelude(&T, &i0, &i1, &f0, &f1);
    IRRef sum = ir_emit(&T, IR_ADD, IRT_INT, i0, i1);       /* live across calls */
    IRRef prod = ir_emit(&T, IR_FMUL, IRT_FLT, f0, f1);     /* likewise, a float */
    IRRef a3[] = {i0, i1, sum};
    IRRef m = call(&T, IR_CALLN, IRT_INT, (const void *)h_mix3, a3, 3);
    IRRef af[] = {prod, m, f0};
    IRRef fm = call(&T, IR_CALLN, IRT_FLT, (const void *)h_fmix, af, 3);
    IRRef as[] = {m};
    IRRef se = call(&T, IR_CALLS, IRT_INT, (const void *)h_side, as, 1);
    IRRef rd = call(&T, IR_CALLL, IRT_INT, (const void *)h_read, as, 1);
    IRRef a6[] = {sum, m, se, rd, i0, ir_kint(&T, -9)};
    IRRef six = call(&T, IR_CALLS, IRT_INT, (const void *)h_six, a6, 6);
    IRRef a8[] = {prod, fm, f0, f1, prod, ir_kflt(&T, 0.25), fm, f1};
    IRRef f8 = call(&T, IR_CALLN, IRT_FLT, (const void *)h_fsum8, a8, 8);
    IRRef nar = call(&T, IR_CALLN, IRT_I32, (const void *)h_narrow, &sum, 1);
    SnapEntry e[] = {{0, ir_ktyped(&T, IRT_U8, T_INT), sum},
                     {4, ir_ktyped(&T, IRT_U8, T_FLT), prod}};
    snap_add(&T, (const uint32_t *)0x20, e, 2, NULL, 0);
    ir_guard(&T, IR_LT, IRT_VOID, six, ir_kint(&T, 40));
    ir_emit(&T, IR_SSTORE, IRT_VOID, 1, m);
    ir_emit(&T, IR_SSTORE, IRT_VOID, 2, six);
    ir_emit(&T, IR_SSTORE, IRT_VOID, 3, nar);
    ir_emit(&T, IR_SSTORE, IRT_VOID, 5, fm);
    ir_emit(&T, IR_SSTORE, IRT_VOID, 6, f8);
    ir_emit(&T, IR_SSTORE, IRT_VOID, 7, sum);
    ir_emit(&T, IR_SSTORE, IRT_VOID, 4, prod);
    char err[200];
    ck_assert_msg(ir_check(&T, err, sizeof err), "%s", err);
    Tally t = differential(&T, 400, "calls");
    ck_assert_int_gt(t.exits, 0);
    ck_assert_int_gt(t.completes, 0);
    ir_free(&T);
}
END_TEST

/* What the backend cannot do it must refuse, with a reason. */
START_TEST(refuses_cleanly)
{
    Trace T;
    IRRef i0, i1, f0, f1;
    prelude(&T, &i0, &i1, &f0, &f1);
    IRRef a7[] = {i0, i1, i0, i1, i0, i1, i0};
    IRRef r = call(&T, IR_CALLN, IRT_INT, (const void *)h_six, a7, 7);
    ir_emit(&T, IR_SSTORE, IRT_VOID, 0, r);
    MCode mc;
    mcode_init(&mc, 1 << 20);
    AsmCode code;
    char err[200] = "";
    ck_assert(!asm_trace(&T, &mc, &code, err, sizeof err));
    ck_assert_msg(strstr(err, "integer arguments") != NULL, "reason: %s", err);
    ck_assert_uint_eq(mc.areas_now, 0);     /* nothing left mapped */
    ir_free(&T);
    /* a call through a computed pointer */
    prelude(&T, &i0, &i1, &f0, &f1);
    ir_emit(&T, IR_CALLN, IRT_INT, i0, IRREF_NONE);
    err[0] = 0;
    ck_assert(!asm_trace(&T, &mc, &code, err, sizeof err));
    ck_assert_msg(strstr(err, "KPTR") != NULL, "reason: %s", err);
    ir_free(&T);
    mcode_free_all(&mc);
}
END_TEST

/* More live values than registers, of both classes, some across a call
 * and some carried round a loop. */
static void pressure_trace(Trace *T, int nlive, bool with_call, bool loop)
{
    IRRef i0, i1, f0, f1, iv[64], fv[64];
    prelude(T, &i0, &i1, &f0, &f1);
    for (int k = 0; k < nlive; k++) {
        iv[k] = ir_emit(T, IR_ADD, IRT_INT, k ? iv[k - 1] : i0, ir_kint(T, k * 3 + 1));
        iv[k] = ir_emit(T, IR_MUL, IRT_INT, iv[k], k % 2 ? i1 : i0);
        fv[k] = ir_emit(T, IR_FADD, IRT_FLT, k ? fv[k - 1] : f0, ir_kflt(T, k * 0.5));
    }
    if (with_call) {
        IRRef a[] = {iv[0]};
        iv[0] = call(T, IR_CALLS, IRT_INT, (const void *)h_side, a, 1);
    }
    IRRef lp = loop ? ir_emit(T, IR_LOOP, IRT_VOID, 0, 0) : 0;
    IRRef isum = i1, fsum = f1;
    if (loop) {
        IRRef fuel = ir_emit(T, IR_SLOAD, IRT_INT, FUEL, 0);
        fuel = ir_emit(T, IR_SUB, IRT_INT, fuel, ir_kint(T, 1));
        ir_emit(T, IR_SSTORE, IRT_VOID, FUEL, fuel);
        SnapEntry e[] = {{0, ir_ktyped(T, IRT_U8, T_INT), iv[nlive - 1]},
                         {1, ir_ktyped(T, IRT_U8, T_INT), iv[0]},
                         {4, ir_ktyped(T, IRT_U8, T_FLT), fv[nlive / 2]}};
        snap_add(T, (const uint32_t *)0x30, e, 3, NULL, 0);
        ir_guard(T, IR_GT, IRT_VOID, fuel, ir_kint(T, 0));
    }
    IRRef ni[64], nf[64];
    for (int k = 0; k < nlive; k++) {
        isum = ir_emit(T, IR_BXOR, IRT_INT, isum, iv[k]);
        fsum = ir_emit(T, IR_FSUB, IRT_FLT, fsum, fv[k]);
        ni[k] = ir_emit(T, IR_ADD, IRT_INT, iv[k], isum);
        nf[k] = ir_emit(T, IR_FMUL, IRT_FLT, fv[k], ir_kflt(T, 0.5));
    }
    ir_emit(T, IR_SSTORE, IRT_VOID, 2, isum);
    ir_emit(T, IR_SSTORE, IRT_VOID, 5, fsum);
    if (loop)
        for (int k = 0; k < nlive; k++) {
            ir_emit(T, IR_PHI, IRT_INT, iv[k], ni[(k + 1) % nlive]);
            ir_emit(T, IR_PHI, IRT_FLT, fv[k], nf[k]);
        }
    (void)lp;
}

START_TEST(register_pressure)
{
    static const int sizes[] = {4, 13, 20, 40};
    for (int s = 0; s < 4; s++)
        for (int v = 0; v < 4; v++) {
            Trace T;
            pressure_trace(&T, sizes[s], v & 1, v & 2);
            char err[200], what[64];
            ck_assert_msg(ir_check(&T, err, sizeof err), "%s", err);
            snprintf(what, sizeof what, "pressure %d%s%s", sizes[s], v & 1 ? " call" : "",
                     v & 2 ? " loop" : "");
            differential(&T, 60, what);
            if (sizes[s] >= 20)
                ck_assert_uint_gt(last_spilled, 0);
            ir_free(&T);
        }
}
END_TEST

/* ---- random traces ---- */

typedef struct Gen {
    Trace T;
    IRRef ints[256], flts[256];
    int nints, nflts;
    World train;            /* the input most guards are made to pass on */
} Gen;

static IRRef pick_int(Gen *g)
{
    if (rnd() % 5 == 0)
        return ir_kint(&g->T, rnd() % 8 == 0 ? (int64_t)rnd() : small());
    return g->ints[rnd() % (uint64_t)g->nints];
}

static IRRef pick_flt(Gen *g)
{
    if (rnd() % 5 == 0)
        return ir_kflt(&g->T, some_float());
    return g->flts[rnd() % (uint64_t)g->nflts];
}

static void add_int(Gen *g, IRRef r)
{
    if (g->nints < 256)
        g->ints[g->nints++] = r;
}

static void add_flt(Gen *g, IRRef r)
{
    if (g->nflts < 256)
        g->flts[g->nflts++] = r;
}

/* Drop a guard just added if it fails on the training input, so that most
 * traces run long. */
static bool keep_if_passes(Gen *g)
{
    Run r = run_eval(&g->T, &g->train);
    if (r.exit < IR_EVAL_LIMIT && (g->T.ir[g->T.nins - 1].flags & IRF_GUARD)) {
        g->T.nins--;
        return false;
    }
    return true;
}

static void gen_int_arith(Gen *g)
{
    static const IROp ops[] = {IR_ADD, IR_SUB, IR_MUL, IR_BAND, IR_BOR, IR_BXOR,
                               IR_NEG, IR_BNOT, IR_SHL, IR_SHR, IR_SAR};
    IROp op = ops[rnd() % 11];
    IRRef a = pick_int(g), b = pick_int(g);
    if (op == IR_NEG || op == IR_BNOT)
        b = IRREF_NONE;
    if ((op == IR_SHL || op == IR_SHR || op == IR_SAR) && rnd() % 2)
        b = ir_kint(&g->T, (int64_t)(rnd() % 64));
    else if (op == IR_SHL || op == IR_SHR || op == IR_SAR)
        b = ir_emit(&g->T, IR_BAND, IRT_INT, b, ir_kint(&g->T, 63));
    add_int(g, ir_emit(&g->T, op, IRT_INT, a, b));
}

static void gen_flt_arith(Gen *g)
{
    static const IROp ops[] = {IR_FADD, IR_FSUB, IR_FMUL, IR_FDIV, IR_FNEG, IR_FSQRT};
    IROp op = ops[rnd() % 6];
    IRRef b = op == IR_FNEG || op == IR_FSQRT ? IRREF_NONE : pick_flt(g);
    add_flt(g, ir_emit(&g->T, op, IRT_FLT, pick_flt(g), b));
}

static void gen_convert(Gen *g)
{
    if (rnd() % 2)
        add_flt(g, ir_emit(&g->T, IR_I2F, IRT_FLT, pick_int(g), 0));
    else
        add_int(g, ir_emit(&g->T, IR_F2I, IRT_INT, pick_flt(g), 0));
}

static void gen_compare_value(Gen *g)
{
    if (rnd() % 2)
        add_int(g, ir_emit(&g->T, (IROp)(IR_EQ + rnd() % 8), IRT_BOOL, pick_int(g),
                           pick_int(g)));
    else
        add_int(g, ir_emit(&g->T, (IROp)(IR_FEQ + rnd() % 4), IRT_BOOL, pick_flt(g),
                           pick_flt(g)));
}

static void gen_guard(Gen *g)
{
    switch (rnd() % 4) {
    case 0: {
        static const IROp ops[] = {IR_ADDOV, IR_SUBOV, IR_MULOV};
        IRRef r = ir_guard(&g->T, ops[rnd() % 3], IRT_INT, pick_int(g), pick_int(g));
        if (keep_if_passes(g))
            add_int(g, r);
        break;
    }
    case 1: {
        IRRef r = ir_guard(&g->T, IR_F2I, IRT_INT, pick_flt(g), 0);
        if (keep_if_passes(g))
            add_int(g, r);
        break;
    }
    case 2:
        ir_guard(&g->T, (IROp)(IR_FEQ + rnd() % 4), IRT_VOID, pick_flt(g), pick_flt(g));
        keep_if_passes(g);
        break;
    default:
        ir_guard(&g->T, (IROp)(IR_EQ + rnd() % 8), IRT_VOID, pick_int(g), pick_int(g));
        keep_if_passes(g);
        break;
    }
}

static IRRef heap_addr(Gen *g)
{
    IRRef base = ir_emit(&g->T, IR_SLOAD, IRT_PTR, HEAPSLOT, 0);
    if (rnd() % 2)
        return ir_emit(&g->T, IR_FREF, IRT_PTR, base, (IRRef)(8 * (rnd() % NHEAP)));
    IRRef i = ir_emit(&g->T, IR_BAND, IRT_INT, pick_int(g), ir_kint(&g->T, NHEAP / 2 - 1));
    return ir_emit(&g->T, IR_AREF, IRT_PTR, base, i);
}

static void gen_memory(Gen *g)
{
    static const IRType types[] = {IRT_INT, IRT_U8, IRT_U32, IRT_I32, IRT_FLT};
    IRType t = types[rnd() % 5];
    switch (rnd() % 6) {
    case 0:
        add_int(g, ir_emit(&g->T, IR_SLOAD, IRT_INT, (IRRef)(rnd() % 4), 0));
        break;
    case 1:
        ir_emit(&g->T, IR_SSTORE, IRT_VOID, (IRRef)(rnd() % 8),
                rnd() % 3 ? pick_int(g) : pick_flt(g));
        break;
    case 2:
        ir_emit(&g->T, IR_SSTORET, IRT_VOID, (IRRef)(rnd() % 8),
                rnd() % 2 ? ir_ktyped(&g->T, IRT_U8, T_FLT)
                          : ir_emit(&g->T, IR_SLOADT, IRT_U8, (IRRef)(rnd() % 8), 0));
        break;
    case 3: {
        IRRef v = ir_emit(&g->T, IR_LOAD, t, heap_addr(g), 0);
        if (t == IRT_FLT)
            add_flt(g, v);
        else
            add_int(g, v);
        break;
    }
    case 4: {
        IRRef addr = heap_addr(g);
        IRRef v = t == IRT_FLT ? pick_flt(g) : pick_int(g);
        if (t != IRT_FLT && t != IRT_INT)
            v = ir_emit(&g->T, IR_BAND, t, v, ir_ktyped(&g->T, t, 0xff));
        ir_emit(&g->T, IR_STORE, IRT_VOID, addr, v);
        break;
    }
    default:
        add_flt(g, ir_emit(&g->T, IR_SLOAD, IRT_FLT, (IRRef)(4 + rnd() % 2), 0));
        break;
    }
}

static void gen_call(Gen *g)
{
    IRRef a[3] = {pick_int(g), pick_int(g), pick_int(g)};
    switch (rnd() % 4) {
    case 0: add_int(g, call(&g->T, IR_CALLN, IRT_INT, (const void *)h_mix3, a, 3)); break;
    case 1: {
        IRRef f[3] = {pick_flt(g), pick_int(g), pick_flt(g)};
        add_flt(g, call(&g->T, IR_CALLN, IRT_FLT, (const void *)h_fmix, f, 3));
        break;
    }
    case 2: add_int(g, call(&g->T, IR_CALLS, IRT_INT, (const void *)h_side, a, 1)); break;
    default: add_int(g, call(&g->T, IR_CALLL, IRT_INT, (const void *)h_read, a, 1)); break;
    }
}

static void gen_snapshot(Gen *g)
{
    SnapEntry e[8];
    uint32_t n = 0;
    for (int s = 0; s < 8; s++)
        if (rnd() % 3 == 0) {
            bool flt = rnd() % 3 == 0;
            e[n++] = (SnapEntry){.slot = s,
                                 .tag = ir_ktyped(&g->T, IRT_U8, flt ? T_FLT : T_INT),
                                 .val = flt ? pick_flt(g) : pick_int(g)};
        }
    snap_add(&g->T, (const uint32_t *)(uintptr_t)(4 * g->T.nins), e, n, NULL, 0);
}

/* The loop's fuel: decrement slot FUEL and leave when it reaches 0. */
static void gen_fuel(Gen *g)
{
    IRRef f = ir_emit(&g->T, IR_SLOAD, IRT_INT, FUEL, 0);
    f = ir_emit(&g->T, IR_SUB, IRT_INT, f, ir_kint(&g->T, 1));
    ir_emit(&g->T, IR_SSTORE, IRT_VOID, FUEL, f);
    ir_guard(&g->T, IR_GT, IRT_VOID, f, ir_kint(&g->T, 0));
}

static bool phi_ok(Gen *g, IRRef a, const IRRef *used, int n)
{
    if (a >= g->T.loop || ir_isk(&g->T, a))
        return false;
    for (int k = 0; k < n; k++)
        if (used[k] == a)
            return false;
    return true;
}

/* PHIs for up to six distinct pre-roll values of either class. */
static void gen_phis(Gen *g)
{
    IRRef used[6];
    int n = 0;
    for (int tries = 0; tries < 30 && n < 6; tries++) {
        bool flt = rnd() % 3 == 0;
        IRRef a = flt ? g->flts[rnd() % (uint64_t)g->nflts] : g->ints[rnd() % (uint64_t)g->nints];
        if (!phi_ok(g, a, used, n))
            continue;
        used[n++] = a;
        IRRef b = flt ? pick_flt(g) : pick_int(g);
        if (g->T.ir[b].type != g->T.ir[a].type)
            continue;   /* e.g. a BOOL carried: keep PHIs typed alike */
        ir_emit(&g->T, IR_PHI, (IRType)g->T.ir[a].type, a, b);
    }
}

static void gen_op(Gen *g)
{
    switch (rnd() % 20) {
    case 0: case 1: case 2: case 3: gen_int_arith(g); break;
    case 4: case 5: case 6: gen_flt_arith(g); break;
    case 7: gen_convert(g); break;
    case 8: gen_compare_value(g); break;
    case 9: case 10: case 11: gen_memory(g); break;
    case 12: case 13: gen_call(g); break;
    case 14: case 15: case 16: gen_guard(g); break;
    default: gen_snapshot(g); break;
    }
}

static void gen_trace(Gen *g, int nops, bool loop)
{
    ir_init(&g->T);
    g->nints = g->nflts = 0;
    g->train = random_world(3);
    for (int s = 0; s < 4; s++)
        add_int(g, ir_emit(&g->T, IR_SLOAD, IRT_INT, (IRRef)s, 0));
    for (int s = 4; s < 6; s++)
        add_flt(g, ir_emit(&g->T, IR_SLOAD, IRT_FLT, (IRRef)s, 0));
    gen_snapshot(g);
    for (int i = 0; i < nops; i++) {
        if (loop && i == nops / 2) {
            ir_emit(&g->T, IR_LOOP, IRT_VOID, 0, 0);
            gen_fuel(g);
        }
        gen_op(g);
    }
    if (loop)
        gen_phis(g);
}

static Tally random_traces(int rounds, int nops, bool optimise)
{
    static Gen g;
    Tally all = {0, 0, 0};
    /* the same traces with or without fork; ASM_SEED=n for a soak run */
    rng = optimise ? 0x2545f4914f6cdd1du : 0x9e3779b97f4a7c15u;
    if (getenv("ASM_SEED"))
        rng ^= strtoull(getenv("ASM_SEED"), NULL, 0) * 0x100000001b3u;
    if (rng == 0)
        rng = 1;   /* xorshift's one dead state */
    OptConfig cfg;
    opt_config_default(&cfg);
    for (int round = 0; round < rounds; round++) {
        gen_trace(&g, nops, round % 2);
        char err[200], what[64];
        ck_assert_msg(ir_check(&g.T, err, sizeof err), "%s", err);
        snprintf(what, sizeof what, "random %d%s", round, optimise ? " (optimised)" : "");
        if (getenv("ASM_DEBUG") && atoi(getenv("ASM_DEBUG")) == round) {
            char *d = ir_dump_str(&g.T);
            printf("%s\n", d);
            fflush(stdout);
            free(d);
        }
        if (optimise) {
            Trace before = g.T;   /* the original is the reference */
            Trace opt;
            char *text = ir_dump_str(&g.T);
            parse_ok(&opt, text, what);
            free(text);
            OptResult res = opt_run(&opt, &cfg);
            (void)res;
            ck_assert_msg(ir_check(&opt, err, sizeof err), "%s: %s", what, err);
            MCode mc;
            mcode_init(&mc, 64 << 20);
            AsmCode code;
            ck_assert_msg(asm_trace(&opt, &mc, &code, err, sizeof err), "%s: %s", what, err);
            for (int k = 0; k < 8; k++) {
                World in = k == 0 ? g.train : random_world(1 + (int)(rnd() % 6));
                Run want = run_eval(&before, &in), mid = run_eval(&opt, &in),
                    got = run_code(&opt, &code, &in);
                same_run(&mid, &got, what, k);   /* the backend's part */
                ck_assert_msg(same_outcome(&want, &mid),
                              "%s: the optimiser changed the outcome (input %d)", what, k);
                all.exits += want.exit != ASM_COMPLETED;
                all.completes += want.exit == ASM_COMPLETED;
                all.runs++;
            }
            mcode_free_all(&mc);
            ir_free(&opt);
        } else {
            Tally t = differential(&g.T, 8, what);
            all.exits += t.exits;
            all.completes += t.completes;
            all.runs += t.runs;
        }
        ir_free(&g.T);
    }
    return all;
}

START_TEST(random_differential)
{
    Tally t = random_traces(400, 90, false);
    ck_assert_int_gt(t.exits, 400);
    ck_assert_int_gt(t.completes, 200);
}
END_TEST

/* The optimiser's output compiles and does what the unoptimised trace does
 * in the evaluator: passes and backend checked end to end. */
START_TEST(optimised_end_to_end)
{
    Tally t = random_traces(300, 90, true);
    ck_assert_int_gt(t.exits, 300);
    ck_assert_int_gt(t.completes, 150);
    ck_assert(!mcode_maps_have_wx());
}
END_TEST

static Suite *asm_suite(void)
{
    Suite *s = suite_create("asm");
    TCase *tc = tcase_create("asm");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, hand_written, 0, NCASES);
    tcase_add_test(tc, guards_take_both_ways);
    tcase_add_test(tc, chained_sites);
    tcase_add_test(tc, linked_completion);
    tcase_add_test(tc, loop_exits_at_chosen_iteration);
    tcase_add_test(tc, calls_int_and_float);
    tcase_add_test(tc, refuses_cleanly);
    tcase_add_test(tc, register_pressure);
    tcase_add_test(tc, random_differential);
    tcase_add_test(tc, optimised_end_to_end);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(asm_suite(), "test_asm");
}
