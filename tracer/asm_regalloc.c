/* asm_regalloc.c — linear-scan register allocation (Poletto & Sarkar) over
 * whole live ranges.
 *
 * A value's live range runs from its definition to its last use. Uses are
 * operands, a call's arguments (used at the call, not at their CARG),
 * snapshot entries (used at every guard exiting through that snapshot: the
 * exit stub reads them), and, in a loop trace, anything the loop body or a
 * PHI reads that was defined before LOOP: such a value must survive every
 * iteration, so it lives to the end of the trace. A PHI's left operand
 * likewise lives to the end, which is what makes "the same location on
 * both edges" hold: the back-edge writes the PHI's value into that
 * location, and the body reads it there.
 *
 * Ranges are visited in order of definition (which is ref order); when no
 * register is free, the cheapest range to keep in memory is spilled: the
 * one whose definition and operand uses would cost the fewest loads and
 * stores, those in a loop body counting LOOP_WEIGHT times (uses by
 * snapshots cost nothing: only exits read them). Ties go to the range that
 * ends last, the classic heuristic. Spilling by end alone kept a loop's
 * carried values, which all end with the trace, in memory while values
 * only its exits needed sat in registers. A spilled value lives in its own
 * stack slot for its whole life. Every XMM register and 7 GPRs are caller-saved in the System
 * V ABI, so a range that spans a call may only get a callee-saved GPR (or
 * a slot): nothing then needs saving around calls. */
#include "asm_int.h"

#include <stdlib.h>

/* Allocation order: caller-saved first, keeping the callee-saved ones for
 * ranges that span calls. rax/r11 are scratch, rsp the stack, r15 base. */
static const X64Reg gpr_order[] = {X64_RCX, X64_RDX, X64_RSI, X64_RDI, X64_R8,  X64_R9,
                                   X64_R10, X64_RBX, X64_RBP, X64_R12, X64_R13, X64_R14};
#define NGPR (int)(sizeof gpr_order / sizeof gpr_order[0])
#define NXMM 14   /* xmm0..xmm13; xmm14/15 are scratch */

static bool callee_saved(int reg)
{
    return reg == X64_RBX || reg == X64_RBP || (reg >= X64_R12 && reg <= X64_R15);
}

static bool has_value(const IRIns *ins)
{
    IROp op = (IROp)ins->op;
    return ins->type != IRT_VOID && !ir_iskop(op) && op != IR_CARG && op != IR_LOOP &&
           op != IR_PHI && op != IR_NOP;
}

int asm_call_args(const Trace *T, const IRIns *call, IRRef *args, int max)
{
    int n = 0;
    for (IRRef c = call->b; c != IRREF_NONE; c = T->ir[c].a)
        if (++n > max)
            return -1;
    int i = n;
    for (IRRef c = call->b; c != IRREF_NONE; c = T->ir[c].a)
        args[--i] = T->ir[c].b;
    return n;
}

static bool is_call(IROp op)
{
    return op == IR_CALLN || op == IR_CALLL || op == IR_CALLA || op == IR_CALLS;
}

/* A value that gets a location: an instruction's result, or a float
 * constant the loop body uses (A->hoisted). */
static bool allocated(const Asm *A, IRRef ref)
{
    return has_value(&A->T->ir[ref]) || A->hoisted[ref];
}

#define LOOP_WEIGHT 8

/* What keeping ref in memory costs at an access at pos. */
static uint32_t access_cost(const Trace *T, uint32_t pos)
{
    return T->loop && pos > T->loop ? LOOP_WEIGHT : 1;
}

static void use(Asm *A, IRRef ref, uint32_t pos)
{
    const Trace *T = A->T;
    if (ref == IRREF_NONE || ref >= T->nins || !allocated(A, ref))
        return;
    if (T->loop && ref < T->loop && pos > T->loop)
        pos = T->nins;
    if (pos > A->end[ref])
        A->end[ref] = pos;
}

/* A use by an instruction (not a snapshot): it costs an access if ref is
 * kept in memory. */
static void operand_use(Asm *A, IRRef ref, uint32_t pos)
{
    const Trace *T = A->T;
    use(A, ref, pos);
    if (ref != IRREF_NONE && ref < T->nins && allocated(A, ref))
        A->cost[ref] += access_cost(T, pos);
}

static void uses_of(Asm *A, IRRef p)
{
    const Trace *T = A->T;
    const IRIns *ins = &T->ir[p];
    IROp op = (IROp)ins->op;
    if (op == IR_CARG)
        return;                       /* used at the call instead */
    if (op == IR_PHI) {   /* the back-edge's move */
        operand_use(A, ins->a, T->nins);
        operand_use(A, ins->b, T->nins);
        return;
    }
    if (allocated(A, p))
        A->cost[p] += access_cost(T, p);   /* its definition */
    for (int w = 0; w < 2; w++)
        if (ir_opnd(op, w) == IROPND_REF && !(is_call(op) && w == 1))
            operand_use(A, w ? ins->b : ins->a, p);
    if (is_call(op)) {
        IRRef args[64];
        int n = asm_call_args(T, ins, args, 64);
        for (int i = 0; i < n; i++)
            operand_use(A, args[i], p);
    }
    if ((ins->flags & IRF_GUARD) && ins->snap < T->nsnaps) {
        const Snapshot *s = &T->snaps[ins->snap];
        for (uint32_t e = 0; e < s->nentries; e++) {
            use(A, T->snapmap[s->entry + e].tag, p);
            use(A, T->snapmap[s->entry + e].val, p);
        }
    }
}

typedef struct Scan {
    Asm *A;
    uint32_t *ncalls;   /* calls at positions < x */
    IRRef owner[32];    /* the value in each register, or NONE */
} Scan;

static bool spans_call(const Scan *S, IRRef r)
{
    uint32_t e = S->A->end[r];
    return e > r + 1 && S->ncalls[e] > S->ncalls[r + 1];
}

static bool allowed(const Scan *S, IRRef r, int reg)
{
    bool flt = S->A->T->ir[r].type == IRT_FLT;
    if (flt != (reg >= LOC_XMM))
        return false;
    return !spans_call(S, r) || (!flt && callee_saved(reg));
}

/* Free the registers of ranges that ended before position r. */
static void expire(Scan *S, IRRef r)
{
    for (int reg = 0; reg < 32; reg++)
        if (S->owner[reg] != IRREF_NONE && S->A->end[S->owner[reg]] < r)
            S->owner[reg] = IRREF_NONE;
}

static int free_reg(const Scan *S, IRRef r)
{
    if (S->A->T->ir[r].type == IRT_FLT) {
        for (int x = 0; x < NXMM; x++)
            if (S->owner[LOC_XMM + x] == IRREF_NONE && allowed(S, r, LOC_XMM + x))
                return LOC_XMM + x;
        return -1;
    }
    for (int i = 0; i < NGPR; i++)
        if (S->owner[gpr_order[i]] == IRREF_NONE && allowed(S, r, gpr_order[i]))
            return gpr_order[i];
    return -1;
}

/* Is a a better range to spill than b: cheaper in memory, or as cheap
 * and ending later? */
static bool better_spill(const Asm *A, IRRef a, IRRef b)
{
    return A->cost[a] != A->cost[b] ? A->cost[a] < A->cost[b] : A->end[a] > A->end[b];
}

/* No register free: spill whichever of r and the allowed holders is the
 * better spill. */
static void spill_one(Scan *S, IRRef r)
{
    Asm *A = S->A;
    int victim = -1;
    for (int reg = 0; reg < 32; reg++) {
        IRRef o = S->owner[reg];
        if (o != IRREF_NONE && allowed(S, r, reg) &&
            (victim < 0 || better_spill(A, o, S->owner[victim])))
            victim = reg;
    }
    if (victim >= 0 && better_spill(A, S->owner[victim], r)) {
        A->loc[S->owner[victim]] = LOC_SPILL;
        S->owner[victim] = r;
        A->loc[r] = (uint8_t)victim;
    } else {
        A->loc[r] = LOC_SPILL;
    }
}

/* Ops whose code reads operand a before writing the result and has no
 * guard (asm_ops.c): their result may take the register of an a that
 * dies with them, saving the move of a into the result's register. */
static bool may_reuse_a(const Trace *T, const IRIns *ins)
{
    if (ins->flags & IRF_GUARD)
        return false;
    switch ((IROp)ins->op) {
    case IR_ADD: case IR_SUB: case IR_MUL: case IR_BAND: case IR_BOR: case IR_BXOR:
    case IR_NEG: case IR_BNOT:
    case IR_FADD: case IR_FSUB: case IR_FMUL: case IR_FDIV: case IR_FNEG: case IR_FSQRT:
    case IR_LOAD: case IR_FLOAD: case IR_FREF:
        return true;
    case IR_AREF:
        return asm_aref_is_lea(T, ins);   /* otherwise a is read last */
    default:
        return false;
    }
}

/* The register of r's operand a when a's range ends at r, or -1. */
static int dying_operand_reg(const Scan *S, IRRef r)
{
    const Asm *A = S->A;
    const IRIns *ins = &A->T->ir[r];
    if (!may_reuse_a(A->T, ins) || ir_isk(A->T, ins->a) || A->end[ins->a] != r)
        return -1;
    uint8_t l = A->loc[ins->a];
    if (l >= 32 || S->owner[l] != ins->a || !allowed(S, r, l))
        return -1;
    return l;
}

static void scan(Scan *S)
{
    Asm *A = S->A;
    for (int reg = 0; reg < 32; reg++)
        S->owner[reg] = IRREF_NONE;
    for (IRRef r = 1; r < A->T->nins; r++) {
        if (!allocated(A, r))
            continue;
        expire(S, r);
        int reg = dying_operand_reg(S, r);
        if (reg < 0)
            reg = free_reg(S, r);
        if (reg >= 0) {
            A->loc[r] = (uint8_t)reg;
            S->owner[reg] = r;
        } else {
            spill_one(S, r);
        }
    }
}

/* Float constants defined before LOOP that the body uses are kept in a
 * register (or a stack slot) from their definition on, like any loop
 * invariant, instead of being built from an immediate in every iteration
 * (asm_ops.c materialises them where they are defined). */
static void hoist_float_constants(Asm *A)
{
    const Trace *T = A->T;
    for (IRRef r = 0; r < T->nins; r++)
        A->hoisted[r] = false;
    if (!T->loop)
        return;
    for (IRRef p = T->loop + 1; p < T->nins; p++) {
        const IRIns *ins = &T->ir[p];
        for (int w = 0; w < 2; w++) {
            IRRef k = w ? ins->b : ins->a;
            if (ir_opnd((IROp)ins->op, w) == IROPND_REF && k != IRREF_NONE && k < T->loop &&
                T->ir[k].op == IR_KFLT && ins->op != IR_CARG && ins->op != IR_PHI)
                A->hoisted[k] = true;
        }
    }
}

bool asm_regalloc(Asm *A)
{
    const Trace *T = A->T;
    hoist_float_constants(A);
    for (IRRef r = 0; r < T->nins; r++) {
        A->loc[r] = LOC_NONE;
        A->end[r] = r;
        A->cost[r] = 0;
    }
    for (IRRef p = 1; p < T->nins; p++)
        uses_of(A, p);
    Scan S = {.A = A, .ncalls = calloc(T->nins + 2, sizeof(uint32_t))};
    for (IRRef x = 1; x <= T->nins; x++)
        S.ncalls[x] = S.ncalls[x - 1] + is_call((IROp)T->ir[x - 1].op);
    scan(&S);
    free(S.ncalls);
    A->nspilled = 0;
    for (IRRef r = 1; r < T->nins; r++)
        A->nspilled += A->loc[r] == LOC_SPILL;
    return true;
}
