/* asm_exit.c — leaving a trace: one exit stub per snapshot that a guard
 * uses, placed after the trace's code, and asm_restore.
 *
 * A stub runs with every value still in its location (guards branch before
 * their instruction writes a result), writes each snapshot entry's payload
 * and tag into its frame slot, puts the snapshot number in eax and jumps to
 * the shared epilogue. Knowing the snapshot statically means a stub stores
 * only what its snapshot needs. */
#include "asm_int.h"

#include <stdlib.h>
#include <string.h>

static uint8_t *emit_stub(Asm *A, uint32_t snap)
{
    const Snapshot *s = &A->T->snaps[snap];
    uint8_t *at = A->b.p;
    for (uint32_t e = 0; e < s->nentries; e++) {
        const SnapEntry *se = &A->T->snapmap[s->entry + e];
        X64Mem payload = x64_mem(REG_BASE, 16 * se->slot);
        X64Mem tag = x64_mem(REG_BASE, 16 * se->slot + 8);
        if (se->val == IRREF_NONE)
            x64_mov_mi(&A->b, X64_S64, payload, 0);
        else
            x64_mov_mr(&A->b, X64_S64, payload, asm_gpr_in(A, se->val, SCR_B));
        x64_mov_mr(&A->b, X64_S8, tag, asm_gpr_in(A, se->tag, SCR_B));
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
