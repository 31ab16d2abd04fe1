/* opt_dce.c — dead-code elimination.
 *
 * Live are: instructions with side effects (S mode), guards, LOOP and PHI,
 * every ref a snapshot names (the exit restores it), and, transitively,
 * the operands of live instructions. Everything else — unused pure ops,
 * loads, value comparisons, constants, calls to pure or read-only helpers
 * and the CARG chains of removed calls, NOPs — is dropped.
 *
 * PHIs are kept even when only the loop itself uses the value they carry:
 * telling that apart needs the loop pass's view of the body, and a dead PHI
 * costs a register move, not a wrong result. Snapshots are all kept, also
 * those no guard names any more (the backend may want the trace's last
 * one), so their values stay live; pruning them belongs with the pass that
 * knows which exits exist.
 *
 * Operands always precede their users, so one backward sweep marks
 * everything; the trace is then rebuilt with the live instructions only. */
#include <stdlib.h>

#include "opt.h"

static bool is_root(const IRIns *ins)
{
    IRMode m = ir_mode((IROp)ins->op);
    return m == IRM_S || (ins->flags & IRF_GUARD) || ins->op == IR_LOOP ||
           ins->op == IR_PHI;
}

static void mark_snapshots(const Trace *T, bool *live)
{
    for (uint32_t e = 0; e < T->nsnapmap; e++) {
        live[T->snapmap[e].tag] = true;
        live[T->snapmap[e].val] = true;
    }
}

static bool *mark_live(const Trace *T)
{
    bool *live = calloc(T->nins, sizeof(bool));
    if (live == NULL)
        abort();
    mark_snapshots(T, live);
    for (IRRef r = T->nins - 1; r > 0; r--) {
        const IRIns *ins = &T->ir[r];
        if (ins->op == IR_NOP || !(live[r] || is_root(ins))) {
            live[r] = false;
            continue;
        }
        live[r] = true;
        if (ir_opnd((IROp)ins->op, 0) == IROPND_REF)
            live[ins->a] = true;
        if (ir_opnd((IROp)ins->op, 1) == IROPND_REF)
            live[ins->b] = true;
    }
    live[IRREF_NONE] = false;
    return live;
}

void opt_dce(Trace *T, OptResult *res)
{
    bool *live = mark_live(T);
    IRRebuild rb;
    ir_rb_begin(&rb, T);
    for (IRRef i = 1; i < rb.old.nins; i++) {
        if (live[i])
            ir_rb_copy(&rb, i);
        else
            (void)ir_rb_at(&rb, i);   /* still places snapshots in order */
    }
    if (res->always_exits)
        opt_remap_exit(res, &rb, res->exit_ref);
    ir_rb_end(&rb);
    free(live);
}
