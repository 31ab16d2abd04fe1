/* opt_cse.c — common-subexpression elimination.
 *
 * An instruction equal to an earlier one (same op, type, operands and guard
 * bit) is replaced by it. In a linear trace every earlier instruction
 * dominates every later one, so for pure (P) ops and value comparisons (C)
 * equality is enough; a repeated guard is redundant because the first one
 * already held. Loads (L) are equal only while nothing may have written
 * what they read:
 *   LOAD, CALLL      killed by any STORE, CALLA or CALLS;
 *   FLOAD            killed by CALLA or CALLS only: no STORE writes an
 *                    object's header field (type-based alias analysis: the
 *                    recorder stores only into values);
 *   SLOAD, SLOADT    killed by an SSTORE/SSTORET to the same slot, and also
 *                    by CALLS: a helper with side effects may be handed a
 *                    frame slot's address (mop.h's HELPER takes SLOT(n)), so
 *                    this is the conservative choice until the recorder
 *                    promises otherwise (see SLOTS_KILLED_BY_CALLS);
 *   loads            killed by LOOP when the trace has anything that kills
 *                    them: the body runs again after its own stores, so a
 *                    pre-roll load then says nothing about the next
 *                    iteration's memory. In a trace without stores (or
 *                    without helpers with effects, for FLOAD) the memory a
 *                    load reads cannot change: the interpreter does not run
 *                    between iterations.
 * Loops: a ref that a PHI carries round the loop (its left operand) holds
 * a new value in every iteration, so it is never merged with anything (the
 * PHI names it), and across LOOP an instruction merges with a pre-roll one
 * only when none of its operands is carried: the pre-roll instruction was
 * computed once, from the first iteration's values. (The loop pass, which
 * adds the PHIs, may do better.)
 * Calls compare their argument lists, not their CARG refs: each call keeps
 * its own CARG chain, and the chain of a call that was replaced is left for
 * DCE. Stores, allocations and control ops are never merged.
 *
 * Search: each op has a chain of its instructions, newest first; a match
 * must lie above the newest operand (nothing earlier can use it) and above
 * the newest kill for loads, so the walk stops there.
 *
 * The pass rebuilds the trace (ir.h's IRRebuild). */
#include <stdlib.h>
#include <string.h>

#include "opt.h"

#define SLOTS_KILLED_BY_CALLS 1
#define MAX_TRACKED_SLOT 65536u   /* larger or negative slots: any store kills */

typedef struct Cse {
    Trace *T;
    IRRef head[IR__COUNT];      /* newest instruction of each op */
    IRRef *prev;                /* new ref -> previous one of its op */
    uint32_t maxprev;
    IRRef mem_kill;             /* newest STORE/CALLA/CALLS/LOOP */
    IRRef field_kill;           /* newest CALLA/CALLS/LOOP */
    bool loop_kills_mem;        /* the trace has a STORE, CALLA or CALLS */
    bool loop_kills_fields;     /* the trace has a CALLA or CALLS */
    IRRef slots_kill;           /* newest kill of every slot load */
    IRRef *slot_kill;           /* per slot: newest SSTORE(T) to it */
    uint32_t nslots;
    IRRef loop;                 /* the new LOOP, once passed */
    bool *variant;              /* new ref -> carried round the loop by a PHI */
    uint32_t nvariant;
} Cse;

static void *grow_zeroed(void *p, uint32_t *n, uint32_t need, size_t elem)
{
    if (need <= *n)
        return p;
    uint32_t m = *n ? *n : 64;
    while (m < need)
        m *= 2;
    char *q = realloc(p, (size_t)m * elem);
    if (q == NULL)
        abort();
    memset(q + (size_t)*n * elem, 0, (size_t)(m - *n) * elem);
    *n = m;
    return q;
}

static bool is_call(IROp op)
{
    return op == IR_CALLN || op == IR_CALLL;
}

/* ---- kills ---- */

static void kill_slot(Cse *c, IRRef slot, IRRef ref)
{
    if (slot >= MAX_TRACKED_SLOT) {
        c->slots_kill = ref;
        return;
    }
    c->slot_kill = grow_zeroed(c->slot_kill, &c->nslots, slot + 1, sizeof(IRRef));
    c->slot_kill[slot] = ref;
}

static IRRef slot_killed_at(const Cse *c, IRRef slot)
{
    IRRef k = c->slots_kill;
    if (slot < c->nslots && c->slot_kill[slot] > k)
        k = c->slot_kill[slot];
    return k;
}

/* Record what the instruction just appended at `ref` may overwrite. */
static void note_kills(Cse *c, const IRIns *ins, IRRef ref)
{
    switch (ins->op) {
    case IR_SSTORE: case IR_SSTORET:
        kill_slot(c, ins->a, ref);
        break;
    case IR_STORE:
        c->mem_kill = ref;
        break;
    case IR_CALLA:
        c->mem_kill = c->field_kill = ref;
        break;
    case IR_CALLS:
        c->mem_kill = c->field_kill = ref;
        if (SLOTS_KILLED_BY_CALLS)
            c->slots_kill = ref;
        break;
    case IR_LOOP:
        c->slots_kill = c->loop = ref;
        if (c->loop_kills_mem)
            c->mem_kill = ref;
        if (c->loop_kills_fields)
            c->field_kill = ref;
        break;
    default:
        break;
    }
}

/* ---- matching ---- */

static IRRef max_ref(IRRef x, IRRef y)
{
    return x > y ? x : y;
}

/* The newest value a call's arguments use (its CARGs themselves are new). */
static IRRef args_bound(const Trace *T, IRRef carg)
{
    IRRef lim = IRREF_NONE;
    for (; carg != IRREF_NONE; carg = T->ir[carg].a)
        lim = max_ref(lim, T->ir[carg].b);
    return lim;
}

static bool is_variant(const Cse *c, IRRef r)
{
    return r < c->nvariant && c->variant[r];
}

/* Does the instruction use a value that changes from one iteration to the
 * next? Only refs below LOOP matter: nothing above it is a candidate. */
static bool uses_variant(const Cse *c, const IRIns *ins)
{
    IROp op = (IROp)ins->op;
    if (ir_opnd(op, 0) == IROPND_REF && is_variant(c, ins->a))
        return true;
    if (is_call(op)) {
        for (IRRef a = ins->b; a != IRREF_NONE; a = c->T->ir[a].a)
            if (is_variant(c, c->T->ir[a].b))
                return true;
        return false;
    }
    return ir_opnd(op, 1) == IROPND_REF && is_variant(c, ins->b);
}

/* No match can lie at or below the returned ref. */
static IRRef search_bound(const Cse *c, const IRIns *ins)
{
    IROp op = (IROp)ins->op;
    IRRef lim = IRREF_NONE;
    if (ir_opnd(op, 0) == IROPND_REF)
        lim = ins->a;
    if (is_call(op))
        lim = max_ref(lim, args_bound(c->T, ins->b));
    else if (ir_opnd(op, 1) == IROPND_REF)
        lim = max_ref(lim, ins->b);
    if (op == IR_LOAD || op == IR_CALLL)
        lim = max_ref(lim, c->mem_kill);
    if (op == IR_FLOAD)
        lim = max_ref(lim, c->field_kill);
    if (op == IR_SLOAD || op == IR_SLOADT)
        lim = max_ref(lim, slot_killed_at(c, ins->a));
    if (c->loop != IRREF_NONE && uses_variant(c, ins))
        lim = max_ref(lim, c->loop);
    return lim;
}

static bool same_args(const Trace *T, IRRef x, IRRef y)
{
    while (x != IRREF_NONE && y != IRREF_NONE) {
        if (T->ir[x].b != T->ir[y].b)
            return false;
        x = T->ir[x].a;
        y = T->ir[y].a;
    }
    return x == y;
}

static bool same(const Trace *T, IRRef r, const IRIns *ins)
{
    const IRIns *old = &T->ir[r];
    if (old->type != ins->type || old->a != ins->a ||
        ((old->flags ^ ins->flags) & IRF_GUARD))
        return false;
    return is_call((IROp)ins->op) ? same_args(T, old->b, ins->b) : old->b == ins->b;
}

static IRRef lookup(const Cse *c, const IRIns *ins)
{
    IRRef lim = search_bound(c, ins);
    for (IRRef r = c->head[ins->op]; r > lim; r = c->prev[r])
        if (same(c->T, r, ins))
            return r;
    return IRREF_NONE;
}

static bool cse_able(IROp op)
{
    IRMode m = ir_mode(op);
    return m == IRM_P || m == IRM_C || m == IRM_L;
}

static IRRef emit(Cse *c, const IRIns *ins)
{
    IRRef ref = ir_append(c->T, ins);
    if (cse_able((IROp)ins->op)) {
        c->prev = grow_zeroed(c->prev, &c->maxprev, ref + 1, sizeof(IRRef));
        c->prev[ref] = c->head[ins->op];
        c->head[ins->op] = ref;
    }
    note_kills(c, ins, ref);
    return ref;
}

static void mark_variant(Cse *c, IRRef r)
{
    c->variant = grow_zeroed(c->variant, &c->nvariant, r + 1, sizeof(bool));
    c->variant[r] = true;
}

void opt_cse(Trace *T, OptResult *res)
{
    Cse c;
    memset(&c, 0, sizeof c);
    c.T = T;
    IRRebuild rb;
    ir_rb_begin(&rb, T);
    bool *carried = opt_phi_operands(&rb.old);
    for (IRRef i = 1; i < rb.old.nins; i++) {
        IROp op = (IROp)rb.old.ir[i].op;
        c.loop_kills_fields |= op == IR_CALLA || op == IR_CALLS;
        c.loop_kills_mem |= op == IR_STORE || op == IR_CALLA || op == IR_CALLS;
    }
    for (IRRef i = 1; i < rb.old.nins; i++) {
        IRIns ins = ir_rb_at(&rb, i);
        if (ins.op == IR_NOP)
            continue;
        if (carried[i]) {   /* its own instruction, and nobody's match */
            rb.map[i] = ir_append(T, &ins);
            note_kills(&c, &ins, rb.map[i]);
            mark_variant(&c, rb.map[i]);
            continue;
        }
        IRRef r = cse_able((IROp)ins.op) ? lookup(&c, &ins) : IRREF_NONE;
        rb.map[i] = r != IRREF_NONE ? r : emit(&c, &ins);
    }
    if (res->always_exits)
        opt_remap_exit(res, &rb, res->exit_ref);
    ir_rb_end(&rb);
    free(carried);
    free(c.prev);
    free(c.slot_kill);
    free(c.variant);
}
