/* test_opt_pipeline.c — the passes must not change what a trace does.
 *
 * Random traces over frame slots, a small heap and fake helpers are run by
 * a reference evaluator written here (not shared with the passes) before
 * and after optimisation, for many inputs: both runs must leave through
 * the same snapshot, with the same values in its entries, and leave the
 * same slots and heap behind. Every combination of the passes is tried,
 * so each pass is also checked on its own. Half the traces are loops: a
 * pre-roll, LOOP, a body and PHIs, run for LOOP_ITERS iterations (at the
 * back-edge every PHI's left operand takes its right operand's value, all
 * at once). */
#include <stdio.h>

#include "ir_eval.h"
#include "ir_testutil.h"

#define NSLOTS 4
#define NHEAP 4
#define LOOP_ITERS 3
#define FN_PURE ((const void *)0x1000)
#define FN_READ ((const void *)0x2000)
#define FN_EFFECT ((const void *)0x3000)

typedef struct Machine {
    uint64_t tag[NSLOTS], val[NSLOTS];
    uint64_t heap[NHEAP];
} Machine;

typedef struct Outcome {
    int snap;                  /* the exit taken, -1 when the trace ran to its end */
    Machine m;
    int nentries;
    int32_t slot[64];
    uint64_t tagv[64], valv[64];
} Outcome;

/* ---- the reference evaluator ---- */

static uint64_t *cell(Machine *m, uint64_t addr)
{
    return &m->heap[(addr / 8) % NHEAP];
}

static uint64_t call(Machine *m, const Trace *T, const uint64_t *v, const IRIns *ins)
{
    uint64_t acc = 17;
    for (IRRef c = ins->b; c != IRREF_NONE; c = T->ir[c].a)
        acc = acc * 31 + v[T->ir[c].b];
    const void *fn = T->ir[ins->a].k.p;
    if (fn == FN_READ)
        acc += m->heap[1];
    if (fn == FN_EFFECT)
        m->heap[2] += acc;
    return acc;
}

/* One instruction; false when it is a guard that fails. */
static bool step(Machine *m, const Trace *T, uint64_t *v, IRRef r)
{
    const IRIns *ins = &T->ir[r];
    uint64_t a = ins->a < r ? v[ins->a] : 0, b = ins->b < r ? v[ins->b] : 0;
    int64_t res;
    switch (ins->op) {
    case IR_KINT: v[r] = (uint64_t)ins->k.i; break;
    case IR_KPTR: v[r] = (uint64_t)(uintptr_t)ins->k.p; break;
    case IR_SLOADT: v[r] = m->tag[ins->a]; break;
    case IR_SLOAD: v[r] = m->val[ins->a]; break;
    case IR_SSTORET: m->tag[ins->a] = b; break;
    case IR_SSTORE: m->val[ins->a] = b; break;
    case IR_FREF: v[r] = a + (uint64_t)(int64_t)(int32_t)ins->b; break;
    case IR_LOAD: v[r] = *cell(m, a); break;
    case IR_STORE: *cell(m, a) = b; break;
    case IR_ADD: v[r] = a + b; break;
    case IR_SUB: v[r] = a - b; break;
    case IR_MUL: v[r] = a * b; break;
    case IR_NEG: v[r] = 0 - a; break;
    case IR_BAND: v[r] = a & b; break;
    case IR_BOR: v[r] = a | b; break;
    case IR_BXOR: v[r] = a ^ b; break;
    case IR_BNOT: v[r] = ~a; break;
    case IR_SHL: v[r] = a << b; break;
    case IR_SHR: v[r] = a >> b; break;
    case IR_SAR: v[r] = (a >> 63) && b ? (a >> b) | ~(UINT64_MAX >> b) : a >> b; break;
    case IR_ADDOV:
        if (__builtin_add_overflow((int64_t)a, (int64_t)b, &res))
            return false;
        v[r] = (uint64_t)res;
        break;
    case IR_SUBOV:
        if (__builtin_sub_overflow((int64_t)a, (int64_t)b, &res))
            return false;
        v[r] = (uint64_t)res;
        break;
    case IR_MULOV:
        if (__builtin_mul_overflow((int64_t)a, (int64_t)b, &res))
            return false;
        v[r] = (uint64_t)res;
        break;
    case IR_EQ: case IR_NE: case IR_LT: case IR_LE: case IR_GT: case IR_GE:
    case IR_ULT: case IR_ULE:
        v[r] = (uint64_t)ir_eval_int_compare((IROp)ins->op, a, b);
        if ((ins->flags & IRF_GUARD) && !v[r])
            return false;
        break;
    case IR_CALLN: case IR_CALLL: case IR_CALLS: case IR_CALLA:
        v[r] = call(m, T, v, ins);
        break;
    default:   /* CARG, NOP, LOOP, PHI (PHIs act at the back-edge) */
        break;
    }
    return true;
}

/* The back-edge: every PHI at once. */
static void back_edge(const Trace *T, uint64_t *v)
{
    uint64_t moved[256];
    int n = 0;
    for (IRRef r = T->loop; r < T->nins; r++)
        if (T->ir[r].op == IR_PHI && n < 256)
            moved[n++] = v[T->ir[r].b];
    n = 0;
    for (IRRef r = T->loop; r < T->nins; r++)
        if (T->ir[r].op == IR_PHI && n < 256)
            v[T->ir[r].a] = moved[n++];
}

/* Runs refs [from, to); the exit's snapshot, or -1. */
static int run_range(Machine *m, const Trace *T, uint64_t *v, IRRef from, IRRef to)
{
    for (IRRef r = from; r < to; r++)
        if (!step(m, T, v, r))
            return (int)T->ir[r].snap;
    return -1;
}

static Outcome run(const Trace *T, const Machine *in)
{
    Outcome o;
    memset(&o, 0, sizeof o);
    o.m = *in;
    uint64_t *v = calloc(T->nins, sizeof(uint64_t));
    IRRef body = T->loop ? T->loop : T->nins;
    o.snap = run_range(&o.m, T, v, 1, body);
    for (int it = 0; T->loop && o.snap < 0 && it < LOOP_ITERS; it++) {
        if (it > 0)
            back_edge(T, v);
        o.snap = run_range(&o.m, T, v, T->loop + 1, T->nins);
    }
    if (o.snap >= 0) {
        const Snapshot *s = &T->snaps[o.snap];
        o.nentries = (int)s->nentries;
        for (uint32_t e = 0; e < s->nentries && e < 64; e++) {
            const SnapEntry *se = &T->snapmap[s->entry + e];
            o.slot[e] = se->slot;
            o.tagv[e] = v[se->tag];
            o.valv[e] = v[se->val];
        }
    }
    free(v);
    return o;
}

/* ---- random traces ---- */

static uint64_t rng = 0x2545f4914f6cdd1du;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int64_t small(void)
{
    return (int64_t)(rnd() % 7) - 3;
}

typedef struct Gen {
    Trace T;
    IRRef pool[256];
    int npool;
    Machine train;          /* the input the guards are made to pass on */
} Gen;

static IRRef pick(Gen *g)
{
    if (rnd() % 4 == 0)
        return ir_kint(&g->T, small());
    return g->pool[rnd() % (uint64_t)g->npool];
}

static void add(Gen *g, IRRef r)
{
    if (g->npool < 256)
        g->pool[g->npool++] = r;
}

/* Undo the last instruction when, on the training input, it is a guard
 * that fails: most guards must hold so that traces run long. */
static void keep_if_passes(Gen *g)
{
    Outcome o = run(&g->T, &g->train);
    if (o.snap >= 0 && g->T.ir[g->T.nins - 1].flags & IRF_GUARD)
        g->T.nins--;
}

static void gen_arith(Gen *g)
{
    static const IROp ops[] = {IR_ADD, IR_SUB, IR_MUL, IR_BAND, IR_BOR, IR_BXOR,
                               IR_NEG, IR_BNOT, IR_SHL, IR_SHR, IR_SAR};
    IROp op = ops[rnd() % (sizeof ops / sizeof ops[0])];
    IRRef a = pick(g), b = pick(g);
    if (op == IR_NEG || op == IR_BNOT)
        b = IRREF_NONE;
    if (op == IR_SHL || op == IR_SHR || op == IR_SAR)
        b = ir_kint(&g->T, (int64_t)(rnd() % 64));
    add(g, ir_emit(&g->T, op, IRT_INT, a, b));
}

/* Re-emit an earlier pure instruction as it is: CSE's raw material. */
static void gen_repeat(Gen *g)
{
    IRRef r = g->pool[rnd() % (uint64_t)g->npool];
    IRIns ins = g->T.ir[r];
    if (ir_mode((IROp)ins.op) == IRM_P || ins.op == IR_SLOAD || ins.op == IR_LOAD)
        add(g, ir_append(&g->T, &ins));
}

static void gen_memory(Gen *g)
{
    IRRef base = ir_kint(&g->T, 64);
    switch (rnd() % 6) {
    case 0: add(g, ir_emit(&g->T, IR_SLOAD, IRT_INT, (IRRef)(rnd() % NSLOTS), 0)); break;
    case 1: ir_emit(&g->T, IR_SSTORE, IRT_VOID, (IRRef)(rnd() % NSLOTS), pick(g)); break;
    case 2: ir_emit(&g->T, IR_SSTORET, IRT_VOID, (IRRef)(rnd() % NSLOTS), ir_kint(&g->T, 3));
        break;
    case 3: {
        IRRef addr = ir_emit(&g->T, IR_FREF, IRT_PTR, base, (IRRef)(8 * (rnd() % NHEAP)));
        add(g, ir_emit(&g->T, IR_LOAD, IRT_INT, addr, 0));
        break;
    }
    case 4: {
        IRRef addr = ir_emit(&g->T, IR_FREF, IRT_PTR, base, (IRRef)(8 * (rnd() % NHEAP)));
        ir_emit(&g->T, IR_STORE, IRT_VOID, addr, pick(g));
        break;
    }
    default:
        add(g, ir_emit(&g->T, IR_SLOADT, IRT_U8, (IRRef)(rnd() % NSLOTS), 0));
        break;
    }
}

static void gen_call(Gen *g)
{
    static const IROp ops[] = {IR_CALLN, IR_CALLL, IR_CALLS, IR_CALLA};
    static const void *const fns[] = {FN_PURE, FN_READ, FN_EFFECT, FN_EFFECT};
    int k = (int)(rnd() % 4);
    IRRef fn = ir_kptr(&g->T, fns[k]), args = IRREF_NONE;
    for (int n = (int)(rnd() % 3); n > 0; n--)
        args = ir_emit(&g->T, IR_CARG, IRT_VOID, args, pick(g));
    add(g, ir_emit(&g->T, ops[k], IRT_INT, fn, args));
}

static void gen_guard(Gen *g)
{
    if (rnd() % 3 == 0) {
        static const IROp ops[] = {IR_ADDOV, IR_SUBOV, IR_MULOV};
        IRRef r = ir_guard(&g->T, ops[rnd() % 3], IRT_INT, pick(g), pick(g));
        keep_if_passes(g);
        if (r < g->T.nins)
            add(g, r);
        return;
    }
    IROp op = (IROp)(IR_EQ + rnd() % 8);
    if (rnd() % 4 == 0)
        add(g, ir_emit(&g->T, op, IRT_BOOL, pick(g), pick(g)));
    else {
        ir_guard(&g->T, op, IRT_VOID, pick(g), pick(g));
        keep_if_passes(g);
    }
}

static void gen_snapshot(Gen *g)
{
    SnapEntry e[NSLOTS];
    uint32_t n = 0;
    for (int s = 0; s < NSLOTS; s++)
        if (rnd() & 1)
            e[n++] = (SnapEntry){.slot = s, .tag = ir_kint(&g->T, 3), .val = pick(g)};
    snap_add(&g->T, (const uint32_t *)(uintptr_t)(4 * g->T.nins), e, n, NULL, 0);
}

/* PHIs for up to three distinct pre-roll values, carried to body values. */
static void gen_phis(Gen *g)
{
    IRRef loop = g->T.loop, used[3];
    int n = 0;
    for (int tries = 0; tries < 20 && n < 3; tries++) {
        IRRef a = g->pool[rnd() % (uint64_t)g->npool];
        bool dup = false;
        for (int k = 0; k < n; k++)
            dup |= used[k] == a;
        if (a >= loop || ir_isk(&g->T, a) || dup)
            continue;
        used[n++] = a;
        ir_emit(&g->T, IR_PHI, IRT_INT, a, pick(g));
    }
}

static void gen_op(Gen *g)
{
    switch (rnd() % 16) {
    case 0: case 1: case 2: case 3: gen_arith(g); break;
    case 4: case 5: gen_repeat(g); break;
    case 6: case 7: case 8: case 9: gen_memory(g); break;
    case 10: gen_call(g); break;
    case 11: case 12: case 13: gen_guard(g); break;
    default: gen_snapshot(g); break;
    }
}

static void gen_trace(Gen *g, int nops, bool loop)
{
    ir_init(&g->T);
    g->npool = 0;
    for (int s = 0; s < NSLOTS; s++) {
        g->train.tag[s] = 3;
        g->train.val[s] = (uint64_t)small();
        add(g, ir_emit(&g->T, IR_SLOAD, IRT_INT, (IRRef)s, 0));
    }
    memset(g->train.heap, 0, sizeof g->train.heap);
    gen_snapshot(g);
    for (int i = 0; i < nops; i++) {
        if (loop && i == nops / 2)
            ir_emit(&g->T, IR_LOOP, IRT_VOID, 0, 0);
        gen_op(g);
    }
    if (loop)
        gen_phis(g);
}

static Machine random_input(const Machine *train)
{
    Machine m = *train;
    for (int s = 0; s < NSLOTS; s++)
        if (rnd() & 1)
            m.val[s] = rnd() % 5 == 0 ? rnd() : (uint64_t)small();
    for (int h = 0; h < NHEAP; h++)
        m.heap[h] = (uint64_t)small();
    return m;
}

static void same_outcome(const Outcome *x, const Outcome *y, const char *what, int round)
{
    ck_assert_msg(x->snap == y->snap, "%s, round %d: exit %d, optimised %d", what, round,
                  x->snap, y->snap);
    ck_assert_msg(memcmp(&x->m, &y->m, sizeof x->m) == 0, "%s, round %d: memory differs",
                  what, round);
    ck_assert_int_eq(x->nentries, y->nentries);
    for (int e = 0; e < x->nentries && e < 64; e++)
        ck_assert_msg(x->slot[e] == y->slot[e] && x->tagv[e] == y->tagv[e] &&
                          x->valv[e] == y->valv[e],
                      "%s, round %d: snapshot entry %d differs", what, round, e);
}

/* _i is a bit set of the passes to enable. */
START_TEST(passes_preserve_meaning)
{
    OptConfig cfg;
    char what[64] = "passes:";
    for (int p = 0; p < OPT__COUNT; p++) {
        cfg.enabled[p] = (_i >> p) & 1;
        if (cfg.enabled[p])
            snprintf(what + strlen(what), sizeof what - strlen(what), " %s", opt_names[p]);
    }
    static Gen g;
    int exits = 0, completes = 0, loops = 0;
    for (int round = 0; round < 300; round++) {
        gen_trace(&g, 80, round % 2);
        Trace opt;
        char *text = ir_dump_str(&g.T);
        parse_ok(&opt, text, what);   /* a copy, through the text form */
        free(text);
        opt_run(&opt, &cfg);
        char err[200];
        ck_assert_msg(ir_check(&opt, err, sizeof err), "%s: %s", what, err);
        ck_assert_uint_le(opt.nins, g.T.nins + 64);
        for (int k = 0; k < 12; k++) {
            Machine in = k == 0 ? g.train : random_input(&g.train);
            Outcome before = run(&g.T, &in), after = run(&opt, &in);
            same_outcome(&before, &after, what, round);
            exits += before.snap >= 0;
            completes += before.snap < 0;
            loops += before.snap < 0 && g.T.loop != IRREF_NONE;
        }
        ir_free(&opt);
        ir_free(&g.T);
    }
    ck_assert_int_gt(exits, 300);      /* both kinds of run were exercised */
    ck_assert_int_gt(completes, 300);
    ck_assert_int_gt(loops, 100);      /* loops that ran all their iterations */
}
END_TEST

static Suite *pipeline_suite(void)
{
    Suite *s = suite_create("opt_pipeline");
    TCase *tc = tcase_create("pipeline");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, passes_preserve_meaning, 0, 1 << OPT__COUNT);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return run_suite(pipeline_suite(), "test_opt_pipeline");
}
