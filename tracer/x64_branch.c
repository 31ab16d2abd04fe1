/* x64_branch.c — control flow: conditional and unconditional jumps, calls,
 * returns, the stack, traps and padding, and the rel8/rel32 arithmetic and
 * patching that trace linking needs.
 *
 * Every relative branch here ends with its displacement, and x86 measures
 * the displacement from the end of the instruction, so "end of field" and
 * "end of instruction" coincide: x64_rel32 needs only the field's address. */
#include <string.h>

#include "x64_core.h"

/* Address arithmetic through uintptr_t: the target may lie in another
 * object (a C helper, another code area), where pointer subtraction would
 * be undefined. */
static int64_t distance(const void *from, const void *to)
{
    return (int64_t)((uintptr_t)to - (uintptr_t)from);
}

bool x64_rel32(const uint8_t *field, const void *target, int32_t *rel)
{
    int64_t d = distance((const void *)((uintptr_t)field + 4), target);
    if (!x64_fits32(d))
        return false;
    *rel = (int32_t)d;
    return true;
}

bool x64_patch_rel32(uint8_t *field, const void *target)
{
    int32_t rel;
    if (!x64_rel32(field, target, &rel))
        return false;
    memcpy(field, &rel, 4); /* x86 is little-endian, as the field is */
    return true;
}

bool x64_patch_rel8(uint8_t *field, const void *target)
{
    int64_t d = distance((const void *)((uintptr_t)field + 1), target);
    if (!x64_fits8(d))
        return false;
    field[0] = (uint8_t)d;
    return true;
}

/* Emit opcode bytes then an n-byte displacement from the instruction's
 * end to `target` (0 when target is NULL). Returns the field's address, or
 * NULL if the buffer has overflowed. */
static uint8_t *branch(X64Buf *b, const uint8_t *op, int nop, int n, const void *target)
{
    uint8_t *insn = b->p;
    int64_t rel = 0;
    if (target) {
        rel = distance((const void *)((uintptr_t)insn + (uintptr_t)(nop + n)), target);
        if (n == 1 ? !x64_fits8(rel) : !x64_fits32(rel)) {
            x64_invalid(b);
            rel = 0;
        }
    }
    for (int i = 0; i < nop; i++)
        x64_put8(b, op[i]);
    x64_put_le(b, (uint64_t)rel, n);
    return b->overflow ? NULL : insn + nop; /* once full, p no longer moves */
}

uint8_t *x64_jcc8(X64Buf *b, X64Cond cc, const uint8_t *target)
{
    uint8_t op[] = {(uint8_t)(0x70 + cc)};
    return branch(b, op, 1, 1, target);
}

uint8_t *x64_jcc32(X64Buf *b, X64Cond cc, const uint8_t *target)
{
    uint8_t op[] = {0x0F, (uint8_t)(0x80 + cc)};
    return branch(b, op, 2, 4, target);
}

uint8_t *x64_jmp8(X64Buf *b, const uint8_t *target)
{
    uint8_t op[] = {0xEB};
    return branch(b, op, 1, 1, target);
}

uint8_t *x64_jmp32(X64Buf *b, const uint8_t *target)
{
    uint8_t op[] = {0xE9};
    return branch(b, op, 1, 4, target);
}

uint8_t *x64_call32(X64Buf *b, const void *target)
{
    uint8_t op[] = {0xE8};
    return branch(b, op, 1, 4, target);
}

/* FF /4 is jmp r/m64 and FF /2 call r/m64; both are 64-bit without REX.W. */
void x64_jmp_r(X64Buf *b, X64Reg r) { x64_emit_rr(b, 0, 0, X64_OP1(0xFF), 4, r); }
void x64_call_r(X64Buf *b, X64Reg r) { x64_emit_rr(b, 0, 0, X64_OP1(0xFF), 2, r); }
void x64_jmp_m(X64Buf *b, X64Mem m) { x64_emit_rm(b, 0, 0, X64_OP1(0xFF), 4, m); }
void x64_call_m(X64Buf *b, X64Mem m) { x64_emit_rm(b, 0, 0, X64_OP1(0xFF), 2, m); }

void x64_push(X64Buf *b, X64Reg r) { x64_emit_oreg(b, 0, 0, 0x50, r); }
void x64_pop(X64Buf *b, X64Reg r) { x64_emit_oreg(b, 0, 0, 0x58, r); }
void x64_ret(X64Buf *b) { x64_put8(b, 0xC3); }
void x64_int3(X64Buf *b) { x64_put8(b, 0xCC); }

void x64_ud2(X64Buf *b)
{
    x64_put8(b, 0x0F);
    x64_put8(b, 0x0B);
}

/* The single-instruction NOPs of 1 to 9 bytes that the Intel SDM
 * recommends (NOP r/m with growing ModRM/SIB/displacement, 0x66 for 6 and
 * 9): one instruction decodes faster than many one-byte NOPs. */
static const uint8_t NOPS[9][9] = {
    {0x90},
    {0x66, 0x90},
    {0x0F, 0x1F, 0x00},
    {0x0F, 0x1F, 0x40, 0x00},
    {0x0F, 0x1F, 0x44, 0x00, 0x00},
    {0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00},
    {0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00},
    {0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
    {0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
};

void x64_nop(X64Buf *b, size_t n)
{
    while (n > 0) {
        size_t k = n > 9 ? 9 : n;
        for (size_t i = 0; i < k; i++)
            x64_put8(b, NOPS[k - 1][i]);
        n -= k;
    }
}
