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
            asm_store(A, X64_S64, payload, se->val, SCR_B);
        asm_store(A, X64_S8, tag, se->tag, SCR_B);
    }
    asm_emit_site(A, snap);
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


/* movabs r11, imm64 (10 bytes) then jmp rel32 (5 bytes) to the next
 * instruction: asm_chain rewrites the immediate and the branch. */
#define SITE_BYTES 15

void asm_emit_site(Asm *A, uint32_t n)
{
    A->site[n] = A->b.p;
    x64_movabs(&A->b, SCR_B, 0);
    x64_jmp32(&A->b, A->b.p + 5);
}

/* Rewrites a site: r11 := target, then jmp to `next` (the chain tail, or
 * the instruction right after the site for the default). */
static bool patch_site(AsmCode *from, uint32_t site, uint64_t target, const uint8_t *next)
{
    if (site >= from->nsites || from->site[site] == NULL || next == NULL)
        return false;
    uint8_t *p = from->site[site];
    int64_t rel = (int64_t)(next - (p + SITE_BYTES));
    if (rel < INT32_MIN || rel > INT32_MAX)
        return false;
    int32_t rel32 = (int32_t)rel;
    uint8_t bytes[SITE_BYTES];
    memcpy(bytes, p, SITE_BYTES);
    memcpy(bytes + 2, &target, 8);
    memcpy(bytes + 11, &rel32, 4);
    return mcode_patch(from->area, p, bytes, SITE_BYTES);
}

bool asm_chain(AsmCode *from, uint32_t site, const AsmCode *to, AsmChainKind kind)
{
    const uint8_t *inner = (const uint8_t *)(uintptr_t)to->fn + ASM_INNER_ENTRY;
    return patch_site(from, site, (uint64_t)(uintptr_t)inner, from->chain_tail[kind]);
}

bool asm_link(AsmCode *from, uint32_t site, AsmEntry *to)
{
    return patch_site(from, site, (uint64_t)(uintptr_t)to, from->link_tail);
}

bool asm_unchain(AsmCode *from, uint32_t site)
{
    return site < from->nsites && from->site[site] != NULL &&
           patch_site(from, site, 0, from->site[site] + SITE_BYTES);
}

void asm_code_free(AsmCode *code)
{
    free(code->site);
    code->site = NULL;
    code->nsites = 0;
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
