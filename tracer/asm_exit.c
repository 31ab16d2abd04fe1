/* asm_exit.c — leaving a trace: one exit stub per snapshot that a guard
 * uses, placed after the trace's code, and asm_restore.
 *
 * A stub runs with every value still in its location (guards branch before
 * their instruction writes a result), stores each snapshot entry's tag and
 * payload into the ExitState in entry order (asm.h), puts the snapshot
 * number in eax and jumps to the shared epilogue. Knowing the snapshot
 * statically means a stub stores only what its snapshot needs. */
#include "asm_int.h"

#include <stdlib.h>
#include <string.h>

static void store_exit_value(Asm *A, IRRef ref, int32_t disp)
{
    X64Mem m = x64_mem(SCR_A, disp);
    if (ref == IRREF_NONE) {
        x64_mov_mi(&A->b, X64_S64, m, 0);
        return;
    }
    x64_mov_mr(&A->b, X64_S64, m, asm_gpr_in(A, ref, SCR_B));
}

static uint8_t *emit_stub(Asm *A, uint32_t snap)
{
    const Snapshot *s = &A->T->snaps[snap];
    if (2 * s->nentries > ASM_EXIT_MAXVALS) {
        asm_fail(A, "snapshot %u has %u entries (at most %d)", snap, s->nentries,
                 ASM_EXIT_MAXVALS / 2);
        return NULL;
    }
    uint8_t *at = A->b.p;
    x64_mov_rm(&A->b, X64_S64, SCR_A, x64_mem(X64_RSP, A->ex_off));
    for (uint32_t e = 0; e < s->nentries; e++) {
        const SnapEntry *se = &A->T->snapmap[s->entry + e];
        store_exit_value(A, se->tag, (int32_t)(16 * e));
        store_exit_value(A, se->val, (int32_t)(16 * e + 8));
    }
    x64_mov_ri32(&A->b, X64_S32, X64_RAX, (int32_t)snap);
    x64_jmp32(&A->b, A->epilogue);
    return at;
}

void asm_exit_stubs(Asm *A)
{
    uint8_t **stub = calloc(A->T->nsnaps + 1, sizeof *stub);
    for (uint32_t i = 0; i < A->nexits && !A->failed; i++) {
        uint32_t snap = A->exit_snap[i];
        if (stub[snap] == NULL)
            stub[snap] = emit_stub(A, snap);
        if (stub[snap] && !x64_patch_rel32(A->exit_field[i], stub[snap]))
            asm_fail(A, "exit stub out of branch range");
    }
    free(stub);
}

void asm_restore(const Trace *T, uint32_t snap, const ExitState *ex, TValue *base)
{
    const Snapshot *s = &T->snaps[snap];
    for (uint32_t e = 0; e < s->nentries; e++) {
        const SnapEntry *se = &T->snapmap[s->entry + e];
        TValue *slot = &base[se->slot];
        slot->tt = (uint8_t)ex->v[2 * e];
        memcpy(&slot->v, &ex->v[2 * e + 1], sizeof(uint64_t));
    }
}
