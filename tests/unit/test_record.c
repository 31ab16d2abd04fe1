/* test_record.c — the software recorder (tracer/record.c), differentially.
 *
 * Each case compiles a small mt program and runs its main chunk with a
 * single-step reference interpreter built here from vm/handlers.h with the
 * RUN meaning (vm/mop.h), the same definitions as vm/interp.c. At the
 * loop's first body instruction on a chosen iteration the recorder takes
 * over for one iteration on the live frame; the trace it produces is checked
 * (ir_check, expected ops, the pc folded away), optimised and compiled.
 * From then on, at every arrival at the loop start, one iteration is run
 * twice from the same frame and heap: (a) by the reference interpreter and
 * (b) by the compiled trace (after a guard exit: asm_restore, then the
 * reference interpreter from the snapshot's pc to the same point); frames,
 * table contents and pcs must agree. Finally the program's results must
 * equal those of a plain run by vm/interp.c. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "asm.h"
#include "call.h"
#include "debug.h"
#include "func.h"
#include "gc.h"
#include "handler_frame.h"
#include "ir_testutil.h"
#include "mop.h"
#include "mtstring.h"
#include "number.h"
#include "opcodes.h"
#include "record.h"
#include "table.h"
#include "vmops.h"

/* ---- the reference: one instruction with the RUN meaning ---- */

#define NEXT() goto next_
#define CLOSURE_SELF() (clvalue(ci->func))
#define GC_SAFEPOINT() (S->top = ci->top, gc_check(S))
#define HOT_BACKEDGE() ((void)0)
#define HOT_LOOPENTRY() ((void)0)
#define CALL_MT(func, nres) ck_abort_msg("the test programs call no mt functions")
#define CALL_OTHER(func, nres)                                                \
    do {                                                                      \
        ck_assert_ptr_null(call_precall(S, (func), (nres)));                  \
        if ((nres) >= 0)                                                      \
            S->top = ci->top;                                                 \
    } while (0)
#define TAILCALL_TO(func) do { (void)(func); ck_abort_msg("no tail calls"); } while (0)
#define RETURN_FROM(first, n)                                                 \
    do {                                                                      \
        (void)(first), (void)(n);                                             \
        ck_abort_msg("the driver stops before RETURN");                       \
    } while (0)

static const Instr *ref_step(State *S, CallInfo *ci, const Instr *pc)
{
    TValue *base = ci->func + 1;
    const TValue *k = clvalue(ci->func)->p->k;
    Instr insn = *pc++;
    switch (GET_OP(insn)) {
#define OP_CASE(name, fmt, doc) case OP_##name: goto L_##name;
        OPCODES(OP_CASE)
#undef OP_CASE
    default:
        ck_abort_msg("bad opcode");
    }
#include "handlers.h"
next_:
    return pc;
}

/* ---- frames and heaps ---- */

static bool same_value(const TValue *a, const TValue *b)
{
    if (a->tt != b->tt)
        return false;
    switch (a->tt) {
    case T_NIL: return true;
    case T_BOOL: return a->v.b == b->v.b;
    case T_INT: return a->v.i == b->v.i;
    case T_FLT: return memcmp(&a->v.n, &b->v.n, sizeof(double)) == 0;
    default: return a->v.gc == b->v.gc;
    }
}

#define MAXSLOTS 64
#define MAXTABLES 4

/* A frame and the contents of the tables its slots point at. */
typedef struct World {
    int nslots;
    TValue slots[MAXSLOTS];
    int ntables;
    Table *tables[MAXTABLES];
    TValue *arrays[MAXTABLES];
    Node *nodes[MAXTABLES];
} World;

static int nnodes(const Table *t) { return 1 << t->lsizenode; }

static void world_save(World *w, const TValue *base, int nslots)
{
    memset(w, 0, sizeof *w);
    ck_assert_int_le(nslots, MAXSLOTS);
    w->nslots = nslots;
    memcpy(w->slots, base, sizeof(TValue) * (size_t)nslots);
    for (int s = 0; s < nslots && w->ntables < MAXTABLES; s++) {
        if (base[s].tt != T_TABLE)
            continue;
        Table *t = (Table *)base[s].v.gc;
        bool seen = false;
        for (int i = 0; i < w->ntables; i++)
            seen |= w->tables[i] == t;
        if (seen)
            continue;
        int i = w->ntables++;
        w->tables[i] = t;
        w->arrays[i] = malloc(sizeof(TValue) * (t->asize + 1u));
        if (t->asize > 0)
            memcpy(w->arrays[i], t->array, sizeof(TValue) * t->asize);
        w->nodes[i] = malloc(sizeof(Node) * (size_t)nnodes(t));
        memcpy(w->nodes[i], t->node, sizeof(Node) * (size_t)nnodes(t));
    }
}

static void world_restore(const World *w, TValue *base)
{
    memcpy(base, w->slots, sizeof(TValue) * (size_t)w->nslots);
    for (int i = 0; i < w->ntables; i++) {
        Table *t = w->tables[i];
        if (t->asize > 0)
            memcpy(t->array, w->arrays[i], sizeof(TValue) * t->asize);
        /* an empty hash part is a shared read-only dummy node */
        if (memcmp(t->node, w->nodes[i], sizeof(Node) * (size_t)nnodes(t)) != 0)
            memcpy(t->node, w->nodes[i], sizeof(Node) * (size_t)nnodes(t));
    }
}

static void world_free(World *w)
{
    for (int i = 0; i < w->ntables; i++) {
        free(w->arrays[i]);
        free(w->nodes[i]);
    }
    w->ntables = 0;
}

static void same_world(const World *a, const World *b, const char *what, int iter)
{
    for (int s = 0; s < a->nslots; s++)
        ck_assert_msg(same_value(&a->slots[s], &b->slots[s]),
                      "%s, iteration %d: slot %d differs (tags %d/%d)", what, iter, s,
                      a->slots[s].tt, b->slots[s].tt);
    ck_assert_int_eq(a->ntables, b->ntables);
    for (int i = 0; i < a->ntables; i++) {
        const Table *t = a->tables[i];
        for (uint32_t e = 0; e < t->asize; e++)
            ck_assert_msg(same_value(&a->arrays[i][e], &b->arrays[i][e]),
                          "%s, iteration %d: table %d [%u] differs", what, iter, i, e + 1);
        for (int n = 0; n < nnodes(t); n++)
            ck_assert_msg(same_value(&a->nodes[i][n].val, &b->nodes[i][n].val),
                          "%s, iteration %d: table %d node %d differs", what, iter, i, n);
    }
}

/* ---- the driver ---- */

typedef struct Outcome {
    bool recorded;          /* the recorder closed the loop */
    char reason[96];        /* or why it aborted */
    int completed, exits;   /* compiled iterations: to the end, or exits */
    int nres;
    TValue res[8];          /* the chunk's results */
    /* IR facts of the recorded trace (before optimisation) */
    int nops[IR__COUNT], nguards, nins;
    bool pc_in_ir;          /* a constant points into the bytecode */
} Outcome;

static void ir_facts(Outcome *o, const Trace *T, const Proto *p)
{
    o->nins = (int)T->nins;
    for (IRRef r = 1; r < T->nins; r++) {
        const IRIns *ins = &T->ir[r];
        o->nops[ins->op]++;
        if (ins->flags & IRF_GUARD)
            o->nguards++;
        if (ins->op == IR_KPTR && (const Instr *)ins->k.p >= p->code &&
            (const Instr *)ins->k.p <= p->code + p->ncode)
            o->pc_in_ir = true;
        if (ins->op == IR_KINT && ins->k.i == (int64_t)(uintptr_t)p->code)
            o->pc_in_ir = true;
    }
}

static void load_chunk(State *S, const char *src)
{
    int st = mt_loadbuffer(S, src, strlen(src), "=test");
    ck_assert_msg(st == MT_OK, "does not compile: %s", src);
}

/* The results of a plain run by vm/interp.c. */
static int plain_run(const char *src, TValue *res)
{
    State *S = mt_newstate();
    load_chunk(S, src);
    TValue *func = S->top - 1;
    ck_assert_int_eq(mt_pcall(S, func, MT_MULTRET, NULL), MT_OK);
    int n = (int)(S->top - func);
    ck_assert_int_le(n, 8);
    memcpy(res, func, sizeof(TValue) * (size_t)n);
    mt_close(S);
    return n;
}

/* One iteration from `pc` (at least one instruction) until the loop start
 * or past the loop. */
static const Instr *ref_iteration(State *S, CallInfo *ci, const Instr *pc,
                                  const Instr *loop_pc, const Instr *loop_end)
{
    do
        pc = ref_step(S, ci, pc);
    while (pc != loop_pc && pc <= loop_end);
    return pc;
}

static uint32_t rec_max_insns;   /* 0: the recorder's default */

typedef struct Jit {
    Rec R;
    MCode mc;
    AsmCode code;
    bool ready;
} Jit;

static void record(Jit *J, Outcome *o, State *S, CallInfo *ci, const Instr **pc)
{
    Rec *R = &J->R;
    rec_start(R, S, ci, *pc);
    if (rec_max_insns != 0)
        R->maxinsns = rec_max_insns;
    RecStatus st;
    while ((st = rec_step(R)) == REC_CONTINUE)
        ;
    if (st == REC_ABORT) {
        snprintf(o->reason, sizeof o->reason, "%s", R->reason);
        *pc = R->executed ? R->pc : ref_step(S, ci, R->pc);
        rec_free(R);
        return;
    }
    *pc = R->pc;
    o->recorded = true;
    rec_finish(R);
    char err[200];
    ck_assert_msg(ir_check(&R->T, err, sizeof err), "recorded IR: %s", err);
    ir_facts(o, &R->T, clvalue(ci->func)->p);
    if (getenv("REC_DEBUG")) {
        char *txt = ir_dump_str(&R->T);
        printf("--- recorded\n%s", txt);
        free(txt);
    }
    /* One iteration per call, so that each can be compared with the
     * interpreter's: the peeled form is test_opt_loop's subject. */
    OptConfig cfg;
    opt_config_default(&cfg);
    ck_assert(opt_config_parse(&cfg, "-loop", NULL, 0));
    OptResult res = opt_run(&R->T, &cfg);
    (void)res;
    ck_assert_msg(ir_check(&R->T, err, sizeof err), "optimised IR: %s", err);
    if (getenv("REC_DEBUG")) {
        char *txt = ir_dump_str(&R->T);
        printf("--- optimised\n%s", txt);
        free(txt);
    }
    mcode_init(&J->mc, 1 << 20);
    ck_assert_msg(asm_trace(&R->T, &J->mc, &J->code, err, sizeof err), "asm: %s", err);
    J->ready = true;
}

/* One iteration both ways from the same state; continues from (b). */
static const Instr *compare_iteration(Jit *J, Outcome *o, State *S, CallInfo *ci,
                                      const Instr *loop_pc, const Instr *loop_end, int iter)
{
    TValue *base = ci->func + 1;
    int nslots = (int)(ci->top - base);
    World w0, wa, wb;
    world_save(&w0, base, nslots);
    const Instr *pca = ref_iteration(S, ci, loop_pc, loop_pc, loop_end);
    world_save(&wa, base, nslots);
    world_restore(&w0, base);

    const Trace *T = &J->R.T;
    uint32_t r = (uint32_t)J->code.fn(base).snap;   /* an exit writes the frame itself */
    const Instr *pcb = loop_pc;
    if (r == ASM_COMPLETED) {
        o->completed++;
    } else {
        ck_assert_uint_lt(r, T->nsnaps);
        o->exits++;
        pcb = ref_iteration(S, ci, T->snaps[r].pc, loop_pc, loop_end);
    }
    world_save(&wb, base, nslots);
    ck_assert_msg(pca == pcb, "iteration %d: pc %td vs %td", iter, pca - loop_pc,
                  pcb - loop_pc);
    same_world(&wa, &wb, "trace vs interpreter", iter);
    world_free(&w0);
    world_free(&wa);
    world_free(&wb);
    return pcb;
}

/* Runs src's main chunk; records its first numeric for loop on arrival
 * number `at` at the loop start; compares every later iteration. */
static Outcome run_traced(const char *src, int at)
{
    Outcome o;
    memset(&o, 0, sizeof o);
    State *S = mt_newstate();
    load_chunk(S, src);
    CallInfo *ci = call_enter_mt(S, S->top - 1, MT_MULTRET);
    Proto *p = clvalue(ci->func)->p;
    const Instr *loop_end = NULL;
    for (int i = 0; i < p->ncode && !loop_end; i++)
        if (GET_OP(p->code[i]) == OP_FORLOOP)
            loop_end = &p->code[i];
    ck_assert_ptr_nonnull(loop_end);
    const Instr *loop_pc = loop_end + 1 - GET_Bx(*loop_end);

    static Jit J;
    memset(&J, 0, sizeof J);
    const Instr *pc = ci->savedpc;
    int arrivals = 0;
    while (GET_OP(*pc) != OP_RETURN) {
        if (pc == loop_pc) {
            arrivals++;
            if (arrivals == at) {
                record(&J, &o, S, ci, &pc);
                continue;
            }
            if (J.ready) {
                pc = compare_iteration(&J, &o, S, ci, loop_pc, loop_end, arrivals);
                continue;
            }
        }
        pc = ref_step(S, ci, pc);
    }
    TValue *base = ci->func + 1;
    Instr ret = *pc;
    o.nres = GET_B(ret) - 1;
    ck_assert_int_ge(o.nres, 0);
    memcpy(o.res, base + GET_A(ret), sizeof(TValue) * (size_t)o.nres);
    if (J.ready) {
        mcode_free_all(&J.mc);
        rec_free(&J.R);
    }
    mt_close(S);
    if (getenv("REC_DEBUG"))
        printf("recorded %d (%s), completed %d, exits %d\n", o.recorded, o.reason,
               o.completed, o.exits);
    return o;
}

static void same_results(const char *src, const Outcome *o)
{
    TValue want[8];
    int n = plain_run(src, want);
    ck_assert_int_eq(n, o->nres);
    for (int i = 0; i < n; i++)
        ck_assert_msg(same_value(&want[i], &o->res[i]), "result %d differs", i + 1);
}

/* ---- the cases ---- */

static const char *src_int =
    "local s, x, n = 0, 7, 40\n"
    "for i = 1, 100 do\n"
    "  x = x * 3 + i\n"
    "  x = x ~ (i << 2)\n"
    "  if i < n then s = s + x else s = s - i end\n"
    "  if s <= i then s = -s end\n"
    "end\n"
    "return s, x\n";

START_TEST(integer_loop)
{
    Outcome o = run_traced(src_int, 2);
    ck_assert_msg(o.recorded, "aborted: %s", o.reason);
    ck_assert_int_gt(o.nops[IR_SLOADT], 0);
    ck_assert_int_gt(o.nops[IR_SLOAD], 0);
    ck_assert_int_gt(o.nops[IR_ADD], 0);
    ck_assert_int_gt(o.nops[IR_MUL], 0);
    ck_assert_int_gt(o.nops[IR_BXOR], 0);
    ck_assert_int_gt(o.nops[IR_CALLN], 0);   /* << is num_shiftl */
    ck_assert_int_gt(o.nops[IR_SSTORE], 0);
    ck_assert_int_gt(o.nguards, 3);
    ck_assert_int_eq(o.nops[IR_LOOP], 0);
    ck_assert(!o.pc_in_ir);
    ck_assert_int_lt(o.nins, 120);           /* no dispatch or decoding */
    ck_assert_int_gt(o.completed, 30);
    ck_assert_int_gt(o.exits, 0);            /* i reaches n: the LT guard */
    same_results(src_int, &o);
}
END_TEST

static const char *src_float =
    "local f, g = 0.5, 1\n"
    "for i = 1, 60 do\n"
    "  f = f * 1.01 + i / 3\n"
    "  g = g - 0.25 * f\n"
    "  g = g - (-2) - 1\n"   /* SUBK with float operands (FSUB_INTK) */
    "  if f < 0.0 then g = g + 1.5 end\n"   /* never: a negated float guard */
    "end\n"
    "return f, g\n";

START_TEST(float_loop)
{
    Outcome o = run_traced(src_float, 6);
    ck_assert_msg(o.recorded, "aborted: %s", o.reason);
    ck_assert_int_gt(o.nops[IR_FMUL], 0);
    ck_assert_int_gt(o.nops[IR_FADD] + o.nops[IR_FSUB], 0);
    ck_assert_int_gt(o.nops[IR_FDIV], 0);
    ck_assert_int_gt(o.nops[IR_I2F], 0);
    ck_assert(!o.pc_in_ir);
    ck_assert_int_gt(o.completed, 50);
    same_results(src_float, &o);
}
END_TEST

static const char *src_array =
    "local t = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}\n"
    "local s = 0\n"
    "for i = 2, #t do\n"
    "  t[i] = t[i] + t[i - 1]\n"
    "  s = s + t[i]\n"
    "end\n"
    "return s, t[12], t[5]\n";

START_TEST(table_array_loop)
{
    Outcome o = run_traced(src_array, 2);
    ck_assert_msg(o.recorded, "aborted: %s", o.reason);
    ck_assert_int_gt(o.nops[IR_AREF], 0);
    ck_assert_int_gt(o.nops[IR_LOAD], 0);
    ck_assert_int_gt(o.nops[IR_STORE], 0);
    ck_assert_int_gt(o.nops[IR_ULT], 0);      /* the bounds check */
    ck_assert(!o.pc_in_ir);
    ck_assert_int_gt(o.completed, 5);
    same_results(src_array, &o);
}
END_TEST

static const char *src_field =
    "local p = {x = 3, y = 4}\n"
    "local s = 0\n"
    "for i = 1, 30 do\n"
    "  s = s + p.x * i\n"
    "  p.y = p.y + s\n"
    "end\n"
    "return s, p.y\n";

START_TEST(table_field_loop)
{
    Outcome o = run_traced(src_field, 2);
    ck_assert_msg(o.recorded, "aborted: %s", o.reason);
    /* the keys are found in their nodes: guards and loads, no lookup */
    ck_assert_int_eq(o.nops[IR_CALLL], 0);
    ck_assert_int_gt(o.nops[IR_FLOAD], 2);
    ck_assert_int_gt(o.nops[IR_STORE], 0);
    ck_assert_int_gt(o.completed, 20);
    same_results(src_field, &o);
}
END_TEST

static const char *src_typechange =
    "local x = 1\n"
    "for i = 1, 30 do\n"
    "  if i < 10 then x = x + 1 else x = x + 0.25 end\n"
    "end\n"
    "return x\n";

START_TEST(guard_exits_resume)
{
    Outcome o = run_traced(src_typechange, 2);
    ck_assert_msg(o.recorded, "aborted: %s", o.reason);
    ck_assert_int_gt(o.completed, 5);
    ck_assert_int_gt(o.exits, 15);            /* every iteration from i = 10 */
    same_results(src_typechange, &o);
}
END_TEST

static const char *src_mixed =
    "g = 2.5\n"
    "local t = {4, 5, 6}\n"
    "local str = 'abcd'\n"
    "local f, n, b = 1.5, 0, false\n"
    "for i = 1, 40 do\n"
    "  f = (f * g) % 7.25 + (f // 2) - 2 ^ 0.5\n"
    "  n = n + #t + #str - t[1]\n"
    "  t[2] = -n\n"
    "  b = not b\n"
    "  local c = b and n or -n\n"
    "  if b then n = n + c end\n"
    "end\n"
    "return f, n, t[2], b\n";

START_TEST(mixed_ops)
{
    Outcome o = run_traced(src_mixed, 2);
    ck_assert_msg(o.recorded, "aborted: %s", o.reason);
    ck_assert_int_ge(o.nops[IR_CALLN], 2);    /* num_fmod, floor (2 ^ 0.5 is folded) */
    ck_assert_int_ge(o.nops[IR_CALLL], 1);    /* tab_len (the global's node is guarded) */
    ck_assert_int_gt(o.nops[IR_FLOAD], 0);
    ck_assert_int_gt(o.nops[IR_NEG], 0);
    ck_assert_int_gt(o.completed, 15);
    same_results(src_mixed, &o);
}
END_TEST

static const char *src_more =
    "local a, b, c = 3, 3, nil\n"
    "local t = {0, 0, 0}\n"
    "local u = 1\n"
    "for i = 1, 30 do\n"
    "  if a == b then a = a + 1 else b = b + 1 end\n"
    "  u = nil\n"
    "  local m = (i & 7) | (i >> 1)\n"
    "  local q = ~m\n"
    "  t[1] = -(a * 0.5)\n"
    "  c = i > 15\n"
    "  if c then t[3] = t[3] + m else t[2] = t[2] - q end\n"
    "end\n"
    "return a, b, t[1], t[2], t[3], u\n";

START_TEST(more_ops)
{
    Outcome o = run_traced(src_more, 2);
    ck_assert_msg(o.recorded, "aborted: %s", o.reason);
    ck_assert_int_gt(o.nops[IR_BAND], 0);
    ck_assert_int_gt(o.nops[IR_BOR], 0);
    ck_assert_int_gt(o.nops[IR_BNOT], 0);
    ck_assert_int_gt(o.nops[IR_FNEG], 0);
    ck_assert_int_gt(o.completed, 5);
    ck_assert_int_gt(o.exits, 5);
    same_results(src_more, &o);
}
END_TEST

static const char *src_imod =
    "local s = 0\n"
    "for i = 1, 10 do s = s + i % 3 end\n"
    "return s\n";

/* % by a non-zero divisor: a guard on the divisor, then a pure call. */
START_TEST(integer_modulo_records)
{
    Outcome o = run_traced(src_imod, 2);
    ck_assert_msg(o.recorded, "reason: %s", o.reason);
    ck_assert_int_gt(o.nops[IR_CALLN], 0);
    same_results(src_imod, &o);
}
END_TEST

static const char *src_call =
    "local s = 0\n"
    "for i = 1, 10 do s = s + math.abs(-i) end\n"
    "return s\n";

START_TEST(call_aborts)
{
    Outcome o = run_traced(src_call, 2);
    ck_assert(!o.recorded);
    ck_assert_msg(strstr(o.reason, "builtin") != NULL, "reason: %s", o.reason);
    same_results(src_call, &o);
}
END_TEST


static const char *src_eqk =
    "local s = 0\n"
    "for i = 1, 10 do if i == 5 then s = s + 1 end end\n"
    "return s\n";

/* EQK guards the constant's tag (green, folds) and the slot's tag. */
START_TEST(eqk_records)
{
    Outcome o = run_traced(src_eqk, 2);
    ck_assert_msg(o.recorded, "reason: %s", o.reason);
    same_results(src_eqk, &o);
}
END_TEST

START_TEST(trace_length_limit)
{
    rec_max_insns = 5;
    Outcome o = run_traced(src_int, 2);
    rec_max_insns = 0;
    ck_assert(!o.recorded);
    ck_assert_msg(strstr(o.reason, "longer than 5") != NULL, "reason: %s", o.reason);
    same_results(src_int, &o);
}
END_TEST

static const char *src_short =
    "local s = 0\n"
    "for i = 1, 3 do s = s + i end\n"
    "return s\n";

/* Recording the last iteration: FORLOOP falls through, leaving the loop. */
START_TEST(leaving_the_loop_aborts)
{
    Outcome o = run_traced(src_short, 3);
    ck_assert(!o.recorded);
    ck_assert_msg(strstr(o.reason, "loop ended") != NULL, "reason: %s", o.reason);
    same_results(src_short, &o);
}
END_TEST

START_TEST(recordable_set)
{
    ck_assert(rec_recordable(OP_ADD));
    ck_assert(rec_recordable(OP_FORLOOP));
    ck_assert(rec_recordable(OP_GETTABLE));
    ck_assert(rec_recordable(OP_CALL));       /* followed: record_call.c */
    ck_assert(rec_recordable(OP_RETURN));
    ck_assert(!rec_recordable(OP_NEWTABLE));
    ck_assert(rec_recordable(OP_FORPREP));
    ck_assert(rec_recordable(OP_GETUPVAL));   /* the closure is SLOAD #-1 */
    ck_assert(rec_recordable(OP_SETUPVAL));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("record");
    TCase *tc = tcase_create("record");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, recordable_set);
    tcase_add_test(tc, integer_loop);
    tcase_add_test(tc, float_loop);
    tcase_add_test(tc, table_array_loop);
    tcase_add_test(tc, table_field_loop);
    tcase_add_test(tc, guard_exits_resume);
    tcase_add_test(tc, mixed_ops);
    tcase_add_test(tc, more_ops);
    tcase_add_test(tc, integer_modulo_records);
    tcase_add_test(tc, call_aborts);
    tcase_add_test(tc, eqk_records);
    tcase_add_test(tc, trace_length_limit);
    tcase_add_test(tc, leaving_the_loop_aborts);
    suite_add_tcase(s, tc);
    return run_suite(s, "test_record");
}
