/* test_opt_loop.c — loop peeling (tracer/opt_loop.c).
 *
 * IR in / IR out: the peeled form of hand-written one-iteration traces
 * (a counted loop, a float accumulator, a swap whose PHIs form a cycle,
 * invariant code that CSE then hoists), and the traces it must leave
 * alone (type-unstable loops, traces not marked looping, already peeled,
 * stores inside the iteration). The IR text has no way to say `looping`,
 * so the cases set it after parsing.
 *
 * Differentially: random one-iteration traces shaped as the recorder
 * shapes them (slots loaded at most once per type and never after being
 * written, tag guards on loads, snapshots of the modified slots, trailing
 * stores, a fuel slot counting the iterations down) run as the JIT runs
 * them unpeeled — call, and call again while they complete — and are
 * compared with the peeled trace in the evaluator and compiled, and with
 * the whole default pipeline's output: same exit pc and frames, same
 * frame, heap and helper state, same number of completed iterations.
 *
 * LOOP_SEED=n draws other random traces; LOOP_DEBUG=r prints trace r as
 * recorded, peeled and optimised.
 *
 * Frame convention (as test_asm.c's): slots 0..3 and 6 hold integers, 4..5
 * floats, 7 nil, slot 8 the fuel, slot 9 the heap's address. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "asm.h"
#include "ir_eval.h"
#include "ir_testutil.h"

/* ---- IR in / IR out ---- */

/* Tags as IR constants: T_NIL 0, T_INT 2, T_FLT 3 (vm/value.h). */
#define KI "u8 KINT 2"
#define KF "u8 KINT 3"

typedef struct LoopCase {
    const char *name, *in, *want;
    bool looping, unstable, then_cse;
} LoopCase;

/* i = i + 1 while i <= n: the tag guard on the counter becomes a guard on
 * two equal constants in the body (fold removes it). */
#define COUNTED                                                               \
    "SNAP #0 pc=0x10 { }\n1 u8 SLOADT #0 #0\n2 " KI "\n3 > void EQ 1 2\n"        \
    "4 int SLOAD #0 #0\n5 int KINT 1\n6 > int ADDOV 4 5\n7 int SLOAD #1 #0\n"    \
    "SNAP #1 pc=0x14 { 0=2:6 }\n8 > void LE 6 7\n"
#define COUNTED_IN COUNTED "9 void SSTORET #0 2\n10 void SSTORE #0 6\n"
#define COUNTED_OUT                                                           \
    COUNTED "9 void LOOP\nSNAP #2 pc=0x10 { 0=2:6 }\n10 > void EQ 2 2 ->2\n"      \
    "11 > int ADDOV 6 5 ->2\nSNAP #3 pc=0x14 { 0=2:11 }\n12 > void LE 11 7 ->3\n"  \
    "13 int PHI 6 11\n"

/* s = s + x while s < 100.0, x loop-invariant. */
#define FLOATS                                                                \
    "SNAP #0 pc=0x10 { }\n1 u8 SLOADT #0 #0\n2 " KF "\n3 > void EQ 1 2\n"        \
    "4 flt SLOAD #0 #0\n5 flt SLOAD #2 #0\n6 flt FADD 4 5\n7 flt KFLT 100\n"     \
    "SNAP #1 pc=0x14 { 0=2:6 }\n8 > void FLT 6 7\n"
#define FLOATS_IN FLOATS "9 void SSTORET #0 2\n10 void SSTORE #0 6\n"
#define FLOATS_OUT                                                            \
    FLOATS "9 void LOOP\nSNAP #2 pc=0x10 { 0=2:6 }\n10 > void EQ 2 2 ->2\n"       \
    "11 flt FADD 6 5\nSNAP #3 pc=0x14 { 0=2:11 }\n12 > void FLT 11 7 ->3\n"       \
    "13 flt PHI 6 11\n"

/* a, b = b, a while a counter in slot 2 runs down: tags and payloads of
 * slots 0 and 1 are carried in two cycles of PHIs. */
#define SWAP                                                                  \
    "SNAP #0 pc=0x10 { }\n1 u8 SLOADT #0 #0\n2 int SLOAD #0 #0\n"                \
    "3 u8 SLOADT #1 #0\n4 int SLOAD #1 #0\n5 u8 SLOADT #2 #0\n6 " KI "\n"        \
    "7 > void EQ 5 6\n8 int SLOAD #2 #0\n9 int KINT 1\n10 > int SUBOV 8 9\n"     \
    "11 int KINT 0\nSNAP #1 pc=0x14 { 0=3:4 1=1:2 2=6:10 }\n12 > void GT 10 11\n"
#define SWAP_IN                                                               \
    SWAP "13 void SSTORET #0 3\n14 void SSTORE #0 4\n15 void SSTORET #1 1\n"     \
    "16 void SSTORE #1 2\n17 void SSTORET #2 6\n18 void SSTORE #2 10\n"
#define SWAP_OUT                                                              \
    SWAP "13 void LOOP\nSNAP #2 pc=0x10 { 0=3:4 1=1:2 2=6:10 }\n"                 \
    "14 > void EQ 6 6 ->2\n15 > int SUBOV 10 9 ->2\n"                            \
    "SNAP #3 pc=0x14 { 0=1:2 1=3:4 2=6:15 }\n16 > void GT 15 11 ->3\n"           \
    "17 u8 PHI 3 1\n18 int PHI 4 2\n19 u8 PHI 1 3\n20 int PHI 2 4\n"             \
    "21 int PHI 10 15\n"

/* s = s + t[1] * k with t and k never written: after CSE the body keeps
 * only the load (LOOP kills loads) and what depends on s. */
#define INVARIANT                                                             \
    "SNAP #0 pc=0x10 { }\n1 ptr SLOAD #3 #0\n2 ptr FREF 1 #16\n3 int LOAD 2\n"   \
    "4 int SLOAD #4 #0\n5 int MUL 4 4\n6 int MUL 3 5\n7 int SLOAD #0 #0\n"       \
    "8 int ADD 7 6\n9 " KI "\nSNAP #1 pc=0x14 { 0=9:8 }\n10 > void LT 8 4\n"
#define INVARIANT_IN INVARIANT "11 void SSTORET #0 9\n12 void SSTORE #0 8\n"
/* The trace stores nothing, so CSE keeps even the heap load (and the
 * product using it) across LOOP. */
#define INVARIANT_OUT                                                         \
    INVARIANT "11 void LOOP\n12 int ADD 8 6\n"                                  \
    "SNAP #2 pc=0x14 { 0=9:12 }\n13 > void LT 12 4 ->2\n14 int PHI 8 12\n"

/* Slot 0 is loaded as an integer and ends as a float. */
#define RETYPED                                                               \
    "SNAP #0 pc=0x10 { }\n1 u8 SLOADT #0 #0\n2 " KI "\n3 > void EQ 1 2\n"        \
    "4 int SLOAD #0 #0\n5 flt I2F 4\n6 " KF "\n7 void SSTORET #0 6\n"            \
    "8 void SSTORE #0 5\n"
/* Slot 0's payload alone is loaded as an integer; it ends as a float. */
#define RETYPED_PAYLOAD                                                       \
    "1 int SLOAD #0 #0\n2 flt I2F 1\n3 " KF "\n4 void SSTORET #0 3\n"            \
    "5 void SSTORE #0 2\n"
/* Only slot 0's tag is loaded (and checked); it ends as a float. */
#define RETAGGED                                                              \
    "SNAP #0 pc=0x10 { }\n1 u8 SLOADT #0 #0\n2 " KI "\n3 > void EQ 1 2\n"        \
    "4 " KF "\n5 flt KFLT 1.5\n6 void SSTORET #0 4\n7 void SSTORE #0 5\n"
/* Slot 0's payload is loaded; it ends nil. */
#define NILLED                                                                \
    "SNAP #0 pc=0x10 { }\n1 int SLOAD #0 #0\n2 u8 KINT 0\n"                     \
    "SNAP #1 pc=0x14 { 0=2:- }\n3 > void GT 1 1\n4 void SSTORET #0 2\n"
/* A store inside the iteration: slot forwarding would not hold. */
#define MIDSTORE                                                              \
    "1 int SLOAD #0 #0\n2 void SSTORE #1 1\n3 int SLOAD #1 #0\n4 " KI "\n"       \
    "5 void SSTORET #0 4\n6 void SSTORE #0 3\n"
#define PEELED "1 int SLOAD #0 #0\n2 void LOOP\n3 int PHI 1 1\n"
/* A guard naming an older snapshot, and a snapshot after the last guard
 * (no guard uses it): it keeps its number and now lies before LOOP; the
 * body gets a copy of snapshot 0 only. */
#define SNAPS                                                                 \
    "SNAP #0 pc=0x10 { }\n1 int SLOAD #0 #0\n2 int KINT 1\n3 > int ADDOV 1 2 ->0\n" \
    "4 " KI "\nSNAP #1 pc=0x14 { 0=4:3 }\n5 > void NE 3 2 ->0\n"                    \
    "SNAP #2 pc=0x18 { 0=4:3 }\n"
#define SNAPS_IN SNAPS "6 void SSTORET #0 4\n7 void SSTORE #0 3\n"
#define SNAPS_OUT                                                             \
    SNAPS "6 void LOOP\nSNAP #3 pc=0x10 { 0=4:3 }\n7 > int ADDOV 3 2 ->3\n"        \
    "8 > void NE 7 2 ->3\n9 int PHI 3 7\n"

static const LoopCase cases[] = {
    {"counted_integer_loop", COUNTED_IN, COUNTED_OUT, true, false, false},
    {"float_accumulator", FLOATS_IN, FLOATS_OUT, true, false, false},
    {"slot_swap_phi_cycle", SWAP_IN, SWAP_OUT, true, false, false},
    {"invariant_code_hoisted_by_cse", INVARIANT_IN, INVARIANT_OUT, true, false, true},
    {"type_unstable_payload", RETYPED, RETYPED, true, true, false},
    {"type_unstable_payload_only", RETYPED_PAYLOAD, RETYPED_PAYLOAD, true, true, false},
    {"type_unstable_tag_guard", RETAGGED, RETAGGED, true, true, false},
    {"type_unstable_nil", NILLED, NILLED, true, true, false},
    {"snapshots_kept_in_order", SNAPS_IN, SNAPS_OUT, true, false, false},
    {"not_looping_unchanged", COUNTED_IN, COUNTED_IN, false, false, false},
    {"already_peeled_unchanged", PEELED, PEELED, true, false, false},
    {"store_inside_unchanged", MIDSTORE, MIDSTORE, true, false, false},
};
#define NCASES ((int)(sizeof cases / sizeof cases[0]))

START_TEST(loop_case)
{
    const LoopCase *c = &cases[_i];
    Trace T;
    OptResult res;
    memset(&res, 0, sizeof res);
    parse_ok(&T, c->in, c->name);
    T.looping = c->looping;
    opt_loop(&T, &res);
    if (c->then_cse)
        opt_cse(&T, &res);
    expect_ir(&T, c->want, c->name);
    ck_assert_msg(res.loop_unstable == c->unstable, "%s: loop_unstable = %d", c->name,
                  res.loop_unstable);
    ck_assert(!res.always_exits);
    ir_free(&T);
}
END_TEST

/* The default pipeline on the counted loop: the body's tag guard folds
 * away, and nothing else changes. */
START_TEST(pipeline_on_counted_loop)
{
    Trace T;
    parse_ok(&T, COUNTED_IN, "pipeline");
    T.looping = true;
    OptConfig cfg;
    opt_config_default(&cfg);
    OptResult res = opt_run(&T, &cfg);
    expect_ir(&T,
              COUNTED "9 void LOOP\nSNAP #2 pc=0x10 { 0=2:6 }\n10 > int ADDOV 6 5 ->2\n"
                      "SNAP #3 pc=0x14 { 0=2:10 }\n11 > void LE 10 7 ->3\n12 int PHI 6 10\n",
              "pipeline");
    ck_assert(!res.loop_unstable && !res.always_exits);
    ir_free(&T);
}
END_TEST

/* Snapshot frames are copied into the body's snapshots as they are. */
START_TEST(frames_copied)
{
    Trace T;
    parse_ok(&T,
             "SNAP #0 pc=0x10 { } frames { 4:0x50:0x60:1 }\n1 int SLOAD #0 #0\n"
             "2 int KINT 1\n3 > int ADDOV 1 2\n4 " KI "\n5 void SSTORET #0 4\n"
             "6 void SSTORE #0 3\n", "frames");
    T.looping = true;
    OptResult res = {0};
    opt_loop(&T, &res);
    ck_assert_uint_eq(T.nsnaps, 2);
    ck_assert_uint_eq(T.snaps[1].nframes, 1);
    const SnapFrame *f = &T.snapframes[T.snaps[1].frame];
    ck_assert_int_eq(f->base, 4);
    ck_assert_ptr_eq(f->closure, (const void *)0x50);
    ck_assert_ptr_eq(f->retpc, (const uint32_t *)0x60);
    ck_assert_int_eq(f->nresults, 1);
    ck_assert(T.looping);
    ir_free(&T);
}
END_TEST

/* ---- the differential test: the world is trace_world.h's ---- */

#include "trace_world.h"

#define MAXCALLS 1000

/* ---- running: unpeeled as the JIT calls it, peeled once ---- */

typedef struct Run {
    uint32_t exit;          /* snapshot, or IR_EVAL_LIMIT */
    uint64_t iters;         /* iterations completed before the exit */
    World w;
} Run;

static void restore(const Trace *T, uint32_t x, const IREval *ev, TValue *frame)
{
    static ExitState ex;
    memcpy(ex.v, ev->exitvals, sizeof ex.v);
    asm_restore(T, x, &ex, frame);
}

/* The one-iteration trace, called again while it completes. */
static Run run_calls(const Trace *T, const World *in)
{
    Run r = {.exit = IR_EVAL_LIMIT, .w = *in};
    world_enter(in);
    for (r.iters = 0; r.iters < MAXCALLS; r.iters++) {
        IREval ev = {.call = call_helper, .max_iters = 1};
        uint32_t x = ir_eval(T, r.w.frame, &ev);
        if (x != IR_EVAL_COMPLETED) {
            restore(T, x, &ev, r.w.frame);
            r.exit = x;
            break;
        }
    }
    world_leave(&r.w);
    return r;
}

/* A peeled trace in the evaluator: body runs started = iterations done. */
static Run run_peeled(const Trace *T, const World *in)
{
    Run r = {.w = *in};
    IREval ev = {.call = call_helper, .max_iters = MAXCALLS - 1};
    world_enter(in);
    r.exit = ir_eval(T, r.w.frame, &ev);
    ck_assert_msg(r.exit != IR_EVAL_COMPLETED, "a peeled trace completed");
    if (r.exit < IR_EVAL_LIMIT)
        restore(T, r.exit, &ev, r.w.frame);
    r.iters = ev.iters;
    world_leave(&r.w);
    return r;
}

/* A peeled trace compiled (iterations are not observable). */
static Run run_code(const Trace *T, const AsmCode *code, const World *in)
{
    Run r = {.w = *in, .iters = UINT64_MAX};
    world_enter(in);
    r.exit = (uint32_t)code->fn(r.w.frame).snap;   /* an exit writes the frame itself */
    ck_assert_msg(r.exit < T->nsnaps, "compiled peeled trace returned %u", r.exit);
    world_leave(&r.w);
    return r;
}

static bool same_frames(const Trace *A, uint32_t x, const Trace *B, uint32_t y)
{
    const Snapshot *s = &A->snaps[x], *t = &B->snaps[y];
    if (s->pc != t->pc || s->nframes != t->nframes)
        return false;
    for (uint32_t k = 0; k < s->nframes; k++) {   /* field by field: padding */
        const SnapFrame *f = &A->snapframes[s->frame + k], *h = &B->snapframes[t->frame + k];
        if (f->base != h->base || f->closure != h->closure || f->retpc != h->retpc ||
            f->nresults != h->nresults)
            return false;
    }
    return true;
}

/* Same outcome as the reference; a nil slot's payload is not compared (a
 * nil store writes only the tag, a nil snapshot entry a zero payload). */
static bool same_outcome(const Trace *RT, const Run *want, const Trace *T, const Run *got,
                         char *why, size_t n)
{
    if ((want->exit == IR_EVAL_LIMIT) != (got->exit == IR_EVAL_LIMIT))
        return snprintf(why, n, "one hit the iteration limit"), false;
    if (want->exit != IR_EVAL_LIMIT && !same_frames(RT, want->exit, T, got->exit))
        return snprintf(why, n, "exit pc/frames differ (%u vs %u)", want->exit, got->exit),
               false;
    if (got->iters != UINT64_MAX && got->iters != want->iters)
        return snprintf(why, n, "%" PRIu64 " iterations, want %" PRIu64, got->iters,
                        want->iters), false;
    for (int s = 0; s < NFRAME; s++) {
        const TValue *x = &want->w.frame[s], *y = &got->w.frame[s];
        if (x->tt != y->tt || (x->tt != T_NIL && x->v.i != y->v.i))
            return snprintf(why, n, "slot %d is %d:%" PRIx64 ", want %d:%" PRIx64, s, y->tt,
                            (uint64_t)y->v.i, x->tt, (uint64_t)x->v.i), false;
    }
    if (memcmp(want->w.heap, got->w.heap, sizeof heap) != 0)
        return snprintf(why, n, "heap differs"), false;
    if (want->w.counter != got->w.counter)
        return snprintf(why, n, "helper state differs"), false;
    return true;
}

/* ---- the generator: one iteration, as the recorder shapes it ---- */

typedef struct GSlot {
    IRRef tag, val;         /* forwarded refs; NONE: not loaded or nil */
    bool modified;
} GSlot;

typedef struct Gen {
    Trace T;
    GSlot slot[NFRAME];
    IRRef ints[256], flts[256], heapref;
    int nints, nflts;
    World train;            /* the input most guards are made to pass on */
} Gen;

static bool slot_is_flt(const Gen *g, int s)
{
    if (g->slot[s].modified)
        return g->slot[s].val && g->T.ir[g->slot[s].val].type == IRT_FLT;
    return s == 4 || s == 5;
}

static void add_ref(Gen *g, IRRef r)
{
    if (g->T.ir[r].type == IRT_FLT && g->nflts < 256)
        g->flts[g->nflts++] = r;
    else if (g->T.ir[r].type == IRT_INT && g->nints < 256)
        g->ints[g->nints++] = r;
}

static IRRef pick_int(Gen *g)
{
    if (g->nints == 0 || rnd() % 5 == 0)
        return ir_kint(&g->T, rnd() % 8 == 0 ? (int64_t)rnd() : small());
    return g->ints[rnd() % (uint64_t)g->nints];
}

static IRRef pick_flt(Gen *g)
{
    if (g->nflts == 0 || rnd() % 5 == 0)
        return ir_kflt(&g->T, some_float());
    return g->flts[rnd() % (uint64_t)g->nflts];
}

/* A snapshot of the modified slots, sometimes with an inlined frame. */
static void gen_snapshot(Gen *g)
{
    SnapEntry e[NFRAME];
    uint32_t n = 0;
    for (int s = 0; s < NFRAME; s++)
        if (g->slot[s].modified)
            e[n++] = (SnapEntry){s, g->slot[s].tag, g->slot[s].val};
    uintptr_t pc = 4 * (uintptr_t)g->T.nins + 0x1000;
    SnapFrame f = {.base = 3, .closure = (const void *)(pc * 3), .retpc =
                   (const uint32_t *)pc, .nresults = (int32_t)(pc % 3)};
    snap_add(&g->T, (const uint32_t *)pc, e, n, &f, rnd() % 4 == 0);
}

/* Drop a guard just added if it fails on the training input. */
static bool keep_if_passes(Gen *g)
{
    World w = g->train;
    world_enter(&w);
    IREval ev = {.call = call_helper, .max_iters = 1};
    uint32_t x = ir_eval(&g->T, w.frame, &ev);
    if (x != IR_EVAL_COMPLETED) {
        g->T.nins--;
        return false;
    }
    return true;
}

static IRRef guard(Gen *g, IROp op, IRType t, IRRef a, IRRef b)
{
    gen_snapshot(g);
    return ir_guard(&g->T, op, t, a, b);
}

/* Load slot s at entry, with its tag guard, as a recorder would. */
static IRRef load_slot(Gen *g, int s)
{
    GSlot *e = &g->slot[s];
    bool flt = slot_is_flt(g, s);
    if (e->val != IRREF_NONE || e->modified)
        return e->val;   /* forwarded (NONE: nil) */
    if (e->tag == IRREF_NONE) {
        e->tag = ir_emit(&g->T, IR_SLOADT, IRT_U8, (IRRef)s, 0);
        guard(g, IR_EQ, IRT_VOID, e->tag, ir_ktyped(&g->T, IRT_U8, flt ? T_FLT : T_INT));
    }
    e->val = ir_emit(&g->T, IR_SLOAD, flt ? IRT_FLT : IRT_INT, (IRRef)s, 0);
    add_ref(g, e->val);
    return e->val;
}

static int any_slot(void) { return (int)(rnd() % 8); }

static void write_slot(Gen *g, int s, IRRef tag, IRRef val)
{
    g->slot[s] = (GSlot){tag, val, true};
}

/* Writes keep a slot's type mostly, so that most loops are stable. */
static void gen_write(Gen *g)
{
    int s = any_slot(), from = any_slot();
    unsigned how = (unsigned)(rnd() % 16);
    bool flt = slot_is_flt(g, s) != (how == 0);
    if (how == 1 || (s == 7 && how < 4)) {
        write_slot(g, s, ir_ktyped(&g->T, IRT_U8, T_NIL), IRREF_NONE);
    } else if (how < 6 && from != 7) {   /* MOVE: tag and payload as they are */
        IRRef v = load_slot(g, from);
        if (g->slot[from].tag == IRREF_NONE)
            g->slot[from].tag = ir_emit(&g->T, IR_SLOADT, IRT_U8, (IRRef)from, 0);
        write_slot(g, s, g->slot[from].tag, v);
    } else {
        IRRef tag = ir_ktyped(&g->T, IRT_U8, flt ? T_FLT : T_INT);
        write_slot(g, s, tag, flt ? pick_flt(g) : pick_int(g));
    }
}

static void gen_read(Gen *g)
{
    int s = rnd() % 3 ? any_slot() : (int)(rnd() % 2) + 4;
    if (s != 7 || g->slot[s].modified)
        load_slot(g, s);
}

static void gen_arith(Gen *g)
{
    static const IROp iops[] = {IR_ADD, IR_SUB, IR_MUL, IR_BAND, IR_BXOR, IR_NEG};
    static const IROp fops[] = {IR_FADD, IR_FSUB, IR_FMUL, IR_FDIV, IR_FNEG, IR_FSQRT};
    if (rnd() % 3) {
        IROp op = iops[rnd() % 6];
        IRRef a = pick_int(g), b = op == IR_NEG ? 0 : pick_int(g);
        add_ref(g, ir_emit(&g->T, op, IRT_INT, a, b));
    } else {
        IROp op = fops[rnd() % 6];
        IRRef a = pick_flt(g), b = op == IR_FNEG || op == IR_FSQRT ? 0 : pick_flt(g);
        add_ref(g, ir_emit(&g->T, op, IRT_FLT, a, b));
    }
}

/* Operands are picked one statement each: the order in which a call's
 * arguments are evaluated is the compiler's, and the traces should not be. */
static void gen_guard(Gen *g)
{
    static const IROp checked[] = {IR_ADDOV, IR_SUBOV, IR_MULOV};
    unsigned kind = (unsigned)(rnd() % 4);
    bool flt = kind == 1 || kind == 2;
    IRRef a = flt ? pick_flt(g) : pick_int(g);
    IRRef b = kind == 1 ? 0 : flt ? pick_flt(g) : pick_int(g);
    IROp op = kind == 0 ? checked[rnd() % 3] : kind == 1 ? IR_F2I
              : kind == 2 ? (IROp)(IR_FEQ + rnd() % 4) : (IROp)(IR_EQ + rnd() % 8);
    IRRef r = guard(g, op, kind < 2 ? IRT_INT : IRT_VOID, a, b);
    if (keep_if_passes(g) && kind < 2)
        add_ref(g, r);
}

static IRRef heap_addr(Gen *g)
{
    if (g->heapref == IRREF_NONE)   /* slot 9 is never written: load it once */
        g->heapref = ir_emit(&g->T, IR_SLOAD, IRT_PTR, HEAPSLOT, 0);
    if (rnd() % 2)
        return ir_emit(&g->T, IR_FREF, IRT_PTR, g->heapref, (IRRef)(8 * (rnd() % NHEAP)));
    IRRef i = pick_int(g);
    i = ir_emit(&g->T, IR_BAND, IRT_INT, i, ir_kint(&g->T, NHEAP / 2 - 1));
    return ir_emit(&g->T, IR_AREF, IRT_PTR, g->heapref, i);
}

static void gen_memory(Gen *g)
{
    bool flt = rnd() % 4 == 0;
    IRRef addr = heap_addr(g);
    if (rnd() % 2) {
        add_ref(g, ir_emit(&g->T, IR_LOAD, flt ? IRT_FLT : IRT_INT, addr, 0));
    } else {
        IRRef v = flt ? pick_flt(g) : pick_int(g);
        ir_emit(&g->T, IR_STORE, IRT_VOID, addr, v);
    }
}

static IRRef call(Gen *g, IROp op, IRType t, const void *fn, const IRRef *args, int n)
{
    IRRef chain = IRREF_NONE;
    for (int i = 0; i < n; i++)
        chain = ir_emit(&g->T, IR_CARG, IRT_VOID, chain, args[i]);
    return ir_emit(&g->T, op, t, ir_kptr(&g->T, fn), chain);
}

static void gen_call(Gen *g)
{
    IRRef a[3], f[3];
    for (int i = 0; i < 3; i++) {
        a[i] = pick_int(g);
        f[i] = i == 1 ? pick_int(g) : pick_flt(g);
    }
    switch (rnd() % 4) {
    case 0: add_ref(g, call(g, IR_CALLN, IRT_INT, (const void *)h_mix3, a, 3)); break;
    case 1: add_ref(g, call(g, IR_CALLN, IRT_FLT, (const void *)h_fmix, f, 3)); break;
    case 2: add_ref(g, call(g, IR_CALLS, IRT_INT, (const void *)h_side, a, 1)); break;
    default: add_ref(g, call(g, IR_CALLL, IRT_INT, (const void *)h_read, a, 1)); break;
    }
}

/* The loop's fuel: slot FUEL counts down; the loop leaves at 0. */
static void gen_fuel(Gen *g)
{
    IRRef f = load_slot(g, FUEL);
    f = ir_emit(&g->T, IR_SUB, IRT_INT, f, ir_kint(&g->T, 1));
    write_slot(g, FUEL, g->slot[FUEL].tag, f);
    guard(g, IR_GT, IRT_VOID, f, ir_kint(&g->T, 0));
}

static void gen_op(Gen *g)
{
    switch (rnd() % 12) {
    case 0: case 1: gen_read(g); break;
    case 2: case 3: case 4: gen_write(g); break;
    case 5: case 6: gen_arith(g); break;
    case 7: case 8: gen_guard(g); break;
    case 9: gen_memory(g); break;
    default: gen_call(g); break;
    }
}

static void store_slots(Gen *g)
{
    for (int s = 0; s < NFRAME; s++)
        if (g->slot[s].modified) {
            ir_emit(&g->T, IR_SSTORET, IRT_VOID, (IRRef)s, g->slot[s].tag);
            if (g->slot[s].val != IRREF_NONE)
                ir_emit(&g->T, IR_SSTORE, IRT_VOID, (IRRef)s, g->slot[s].val);
        }
}

static void gen_trace(Gen *g, int nops)
{
    memset(g, 0, sizeof *g);
    ir_init(&g->T);
    g->train = random_world(40);
    int fuel_at = (int)(rnd() % (uint64_t)nops);
    for (int i = 0; i < nops; i++) {
        if (i == fuel_at)
            gen_fuel(g);
        gen_op(g);
    }
    store_slots(g);
    g->T.looping = true;
}

/* ---- the differential test ---- */

typedef struct Tally {
    int passed, failed, peeled, unstable, body_exits, iterations;
} Tally;

static void check(Tally *t, bool ok, int round, int k, const char *what, const char *why)
{
    if (ok) {
        t->passed++;
        return;
    }
    t->failed++;
    if (t->failed <= 5)
        printf("random %d, input %d, %s: %s\n", round, k, what, why);
}

/* The peeled trace (and the pipeline's output) for one random trace. */
typedef struct Variant {
    Trace T;
    MCode mc;
    AsmCode code;
    bool compiled;
} Variant;

static void make_variant(Variant *v, const Trace *orig, bool pipeline, OptResult *res)
{
    char *text = ir_dump_str(orig), err[200];
    parse_ok(&v->T, text, "random");
    free(text);
    v->T.looping = true;
    if (pipeline) {
        OptConfig cfg;
        opt_config_default(&cfg);
        *res = opt_run(&v->T, &cfg);
    } else {
        memset(res, 0, sizeof *res);
        opt_loop(&v->T, res);
    }
    ck_assert_msg(ir_check(&v->T, err, sizeof err), "malformed: %s", err);
    mcode_init(&v->mc, 64 << 20);
    v->compiled = v->T.loop != IRREF_NONE;
    if (v->compiled)
        ck_assert_msg(asm_trace(&v->T, &v->mc, &v->code, err, sizeof err), "asm: %s", err);
}

static void free_variant(Variant *v)
{
    mcode_free_all(&v->mc);
    ir_free(&v->T);
}

static void compare_variant(Tally *t, const Trace *orig, const Run *want, const World *in,
                            Variant *v, int round, int k, const char *what)
{
    char why[200] = "";
    Run got = v->compiled ? run_peeled(&v->T, in) : run_calls(&v->T, in);
    check(t, same_outcome(orig, want, &v->T, &got, why, sizeof why), round, k, what, why);
    if (v->compiled) {
        Run code = run_code(&v->T, &v->code, in);
        check(t, same_outcome(orig, want, &v->T, &code, why, sizeof why), round, k,
              "compiled", why);
    }
}

static void debug_dump(const Trace *orig, const Trace *peeled, const Trace *piped)
{
    const Trace *all[] = {orig, peeled, piped};
    for (int i = 0; i < 3; i++) {
        char *d = ir_dump_str(all[i]);
        printf("---- %s\n%s", i == 0 ? "recorded" : i == 1 ? "peeled" : "optimised", d);
        free(d);
    }
    fflush(stdout);
}

static void one_random_trace(Gen *g, Tally *t, int round)
{
    gen_trace(g, 20 + (int)(rnd() % 60));
    char err[200];
    ck_assert_msg(ir_check(&g->T, err, sizeof err), "generator: %s", err);
    Variant peeled, piped;
    OptResult r1, r2;
    make_variant(&peeled, &g->T, false, &r1);
    make_variant(&piped, &g->T, true, &r2);
    ck_assert_msg(peeled.compiled == !r1.loop_unstable && r1.loop_unstable == r2.loop_unstable,
                  "random %d: peeled %d, unstable %d", round, peeled.compiled, r1.loop_unstable);
    if (getenv("LOOP_DEBUG") && atoi(getenv("LOOP_DEBUG")) == round)
        debug_dump(&g->T, &peeled.T, &piped.T);
    t->peeled += peeled.compiled;
    t->unstable += r1.loop_unstable;
    for (int k = 0; k < 6; k++) {
        World in = k == 0 ? g->train : random_world(1 + (int)(rnd() % 12));
        Run want = run_calls(&g->T, &in);
        t->body_exits += peeled.compiled && want.iters > 0;
        t->iterations += (int)want.iters;
        compare_variant(t, &g->T, &want, &in, &peeled, round, k, "peeled");
        compare_variant(t, &g->T, &want, &in, &piped, round, k, "optimised");
    }
    free_variant(&peeled);
    free_variant(&piped);
    ir_free(&g->T);
}

START_TEST(random_differential)
{
    static Gen g;
    Tally t = {0};
    rng = 0x853c49e6748fea9bu;
    if (getenv("LOOP_SEED"))
        rng ^= strtoull(getenv("LOOP_SEED"), NULL, 0) * 0x100000001b3u;
    if (rng == 0)
        rng = 1;
    int rounds = 400;
    for (int round = 0; round < rounds; round++)
        one_random_trace(&g, &t, round);
    printf("random peeling: %d traces (%d peeled, %d type-unstable), %d body exits, "
           "%d iterations; comparisons: %d passed, %d failed\n",
           rounds, t.peeled, t.unstable, t.body_exits, t.iterations, t.passed, t.failed);
    fflush(stdout);
    ck_assert_int_eq(t.failed, 0);
    ck_assert_int_gt(t.peeled, rounds / 2);
    ck_assert_int_gt(t.unstable, 0);
    ck_assert_int_gt(t.body_exits, rounds);
    ck_assert(!mcode_maps_have_wx());
}
END_TEST

static Suite *loop_suite(void)
{
    Suite *s = suite_create("opt_loop");
    TCase *tc = tcase_create("loop");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, loop_case, 0, NCASES);
    tcase_add_test(tc, pipeline_on_counted_loop);
    tcase_add_test(tc, frames_copied);
    tcase_add_test(tc, random_differential);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(loop_suite(), "test_opt_loop");
}
