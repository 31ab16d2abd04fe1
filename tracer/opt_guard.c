/* opt_guard.c — guard strengthening.
 *
 * Handlers test a value's type tag more than once on one path: "not nil"
 * where a table lookup found something, then "is a float" where the value
 * is used. A guard `x ~= k1` followed by a guard `x == k2` (k2 ~= k1, both
 * constants) is implied by the later one; so the earlier guard tests
 * `x == k2` instead, and the later one, now the same guard as an earlier
 * one, goes in CSE. Strengthening a guard is always sound: it exits, to
 * its own snapshot (a state the interpreter can resume), in every case it
 * exited before and in some where the trace would have left at the later
 * guard (or at one in between) anyway.
 *
 * Each guard looks for the next EQ guard on the same value, searching
 * backwards through the trace once; it takes that guard's constant only if
 * the constant is defined before it (constants are instructions too). The
 * search stops at LOOP: a value the loop carries is another value in the
 * body than in the pre-roll. */
#include <stdlib.h>

#include "opt.h"

static bool constant_guard(const Trace *T, const IRIns *ins, IROp op)
{
    return ins->op == op && (ins->flags & IRF_GUARD) && !ir_isk(T, ins->a) &&
           ir_isk(T, ins->b) && T->ir[ins->b].op == IR_KINT;
}

void opt_guard(Trace *T, OptResult *res)
{
    (void)res;   /* it removes nothing itself: CSE does */
    IRRef *next_eq = calloc(T->nins, sizeof(IRRef));   /* per value: nearest later EQ guard */
    if (next_eq == NULL)
        abort();
    for (IRRef r = T->nins - 1; r > 0; r--) {
        IRIns *ins = &T->ir[r];
        if (ins->op == IR_LOOP) {
            for (IRRef i = 0; i < T->nins; i++)
                next_eq[i] = IRREF_NONE;
            continue;
        }
        if (constant_guard(T, ins, IR_NE) && next_eq[ins->a] != IRREF_NONE) {
            IRRef k2 = T->ir[next_eq[ins->a]].b;
            if (k2 < r && T->ir[k2].k.i != T->ir[ins->b].k.i) {   /* operands come first */
                ins->op = IR_EQ;
                ins->b = k2;
            }
        }
        if (constant_guard(T, ins, IR_EQ))
            next_eq[ins->a] = r;
    }
    free(next_eq);
}
