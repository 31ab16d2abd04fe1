/* x64_encode.c — the encoder's core (prefixes, REX, ModRM, SIB) and the
 * general-register instructions: moves, ALU operations, multiply, divide,
 * shifts, setcc and cmov.
 *
 * Facts used (Intel SDM vol. 2, ch. 2): REX is 0100WRXB and must directly
 * precede the opcode (after any mandatory prefix); an r/m field of 100
 * means "a SIB byte follows", so RSP/R12 as a base need a SIB byte; mod=00
 * with r/m (or SIB base) 101 means "disp32, no base" (RIP-relative without
 * SIB), so RBP/R13 as a base need an explicit zero disp8; a SIB index of 100
 * means "no index", so RSP cannot be an index; a byte-register operand
 * numbered 4-7 names SPL/BPL/SIL/DIL only when a REX prefix is present
 * (AH/CH/DH/BH otherwise). */
#include "x64_core.h"

/* ---- buffer and primitives ------------------------------------------- */

void x64_buf_init(X64Buf *b, uint8_t *mem, size_t size)
{
    b->start = b->p = mem;
    b->end = mem + size;
    b->overflow = false;
    b->invalid = false;
}

void x64_put8(X64Buf *b, uint8_t v)
{
    if (b->p < b->end)
        *b->p++ = v;
    else
        b->overflow = true;
}

void x64_put_le(X64Buf *b, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        x64_put8(b, (uint8_t)(v >> (8 * i)));
}

void x64_invalid(X64Buf *b) { b->invalid = true; }

static void put_opcode(X64Buf *b, uint32_t op)
{
    for (int i = (int)(op >> 24) - 1; i >= 0; i--)
        x64_put8(b, (uint8_t)(op >> (8 * i)));
}

/* REX.R/X/B extend reg/index/base to four bits; `force` asks for an empty
 * REX so that byte registers 4-7 mean SPL..DIL. */
static void put_rex(X64Buf *b, int flags, int reg, int index, int base, bool force)
{
    uint8_t rex = 0x40;
    if (flags & X64F_W)
        rex |= 8;
    if (reg >= 8)
        rex |= 4;
    if (index >= 8)
        rex |= 2;
    if (base >= 8)
        rex |= 1;
    if (rex != 0x40 || force)
        x64_put8(b, rex);
}

static bool is_high_byte_alias(int r) { return r >= 4 && r <= 7; }

void x64_emit_rr(X64Buf *b, uint8_t prefix, int flags, uint32_t op, int reg, int rm)
{
    bool force = ((flags & X64F_BYTE_REG) && is_high_byte_alias(reg)) ||
                 ((flags & X64F_BYTE_RM) && is_high_byte_alias(rm));
    if (prefix)
        x64_put8(b, prefix);
    put_rex(b, flags, reg, 0, rm, force);
    put_opcode(b, op);
    x64_put8(b, (uint8_t)(0xC0 | (reg & 7) << 3 | (rm & 7)));
}

void x64_emit_oreg(X64Buf *b, uint8_t prefix, int flags, uint8_t op, int reg)
{
    bool force = (flags & X64F_BYTE_RM) && is_high_byte_alias(reg);
    if (prefix)
        x64_put8(b, prefix);
    put_rex(b, flags, 0, 0, reg, force);
    x64_put8(b, (uint8_t)(op + (reg & 7)));
}

static bool mem_is_valid(X64Mem m)
{
    if (m.base == X64_RIP)
        return m.index == X64_NOREG;
    if (m.base < X64_RAX || m.base > X64_R15)
        return false;
    if (m.index == X64_NOREG)
        return true;
    if (m.index < X64_RAX || m.index > X64_R15 || m.index == X64_RSP)
        return false;
    return m.scale == 1 || m.scale == 2 || m.scale == 4 || m.scale == 8;
}

static int scale_bits(uint8_t scale)
{
    return scale == 8 ? 3 : scale == 4 ? 2 : scale == 2 ? 1 : 0;
}

/* mod=00 r/m=101: disp32 from the end of the instruction, which is the
 * end of this field plus the immediate still to come. */
static void put_rip_disp(X64Buf *b, int reg, X64Mem m, int nimm)
{
    x64_put8(b, (uint8_t)((reg & 7) << 3 | 5));
    uintptr_t end = (uintptr_t)b->p + 4 + (uintptr_t)nimm;
    int64_t d = (int64_t)((uintptr_t)m.target - end);
    if (!x64_fits32(d)) {
        x64_invalid(b);
        d = 0;
    }
    x64_put_le(b, (uint64_t)d, 4);
}

/* ModRM (+ SIB + displacement) for a memory operand, choosing the shortest
 * displacement the base register allows. */
static void put_modrm_mem(X64Buf *b, int reg, X64Mem m, int nimm)
{
    if (m.base == X64_RIP) {
        put_rip_disp(b, reg, m, nimm);
        return;
    }
    int base = m.base & 7;
    bool sib = m.index != X64_NOREG || base == 4;
    int mod = m.disp == 0 && base != 5 ? 0 : x64_fits8(m.disp) ? 1 : 2;
    x64_put8(b, (uint8_t)(mod << 6 | (reg & 7) << 3 | (sib ? 4 : base)));
    if (sib) {
        int index = m.index == X64_NOREG ? 4 : (m.index & 7);
        x64_put8(b, (uint8_t)(scale_bits(m.scale) << 6 | index << 3 | base));
    }
    if (mod == 1)
        x64_put8(b, (uint8_t)m.disp);
    else if (mod == 2)
        x64_put_le(b, (uint32_t)m.disp, 4);
}

bool x64_emit_rm_imm(X64Buf *b, uint8_t prefix, int flags, uint32_t op, int reg, X64Mem m,
                     int nimm)
{
    if (!mem_is_valid(m)) {
        x64_invalid(b);
        return false;
    }
    bool force = (flags & X64F_BYTE_REG) && is_high_byte_alias(reg);
    if (prefix)
        x64_put8(b, prefix);
    put_rex(b, flags, reg, m.index == X64_NOREG ? 0 : m.index, m.base == X64_RIP ? 0 : m.base,
            force);
    put_opcode(b, op);
    put_modrm_mem(b, reg, m, nimm);
    return true;
}

bool x64_emit_rm(X64Buf *b, uint8_t prefix, int flags, uint32_t op, int reg, X64Mem m)
{
    return x64_emit_rm_imm(b, prefix, flags, op, reg, m, 0);
}

/* ---- operand sizes ----------------------------------------------------- */

/* Most integer instructions come in pairs: the byte form's opcode is one
 * less than the word/dword/qword form's, which 0x66 or REX.W then sizes. */
static uint8_t size_prefix(X64Size sz) { return sz == X64_S16 ? 0x66 : 0; }

static int size_flags(X64Size sz, int byte_flags)
{
    return sz == X64_S64 ? X64F_W : sz == X64_S8 ? byte_flags : 0;
}

static uint32_t sized_op(uint8_t op, X64Size sz)
{
    return X64_OP1(sz == X64_S8 ? op - 1 : op);
}

/* Immediates are at most 32 bits, sign-extended for 64-bit operations. */
static int imm_bytes(X64Size sz) { return sz == X64_S64 ? 4 : (int)sz; }

/* r/m op reg with a register r/m. */
static void sized_rr(X64Buf *b, X64Size sz, uint8_t op, int reg, int rm)
{
    x64_emit_rr(b, size_prefix(sz), size_flags(sz, X64F_BYTE_REG | X64F_BYTE_RM),
                sized_op(op, sz), reg, rm);
}

static void sized_rm(X64Buf *b, X64Size sz, uint8_t op, int reg, X64Mem m)
{
    x64_emit_rm(b, size_prefix(sz), size_flags(sz, X64F_BYTE_REG), sized_op(op, sz), reg, m);
}

/* An instruction with a /digit, a register operand and an immediate. */
static void sized_ri(X64Buf *b, X64Size sz, uint8_t op, int digit, int rm,
                     int64_t imm, int nimm)
{
    x64_emit_rr(b, size_prefix(sz), size_flags(sz, X64F_BYTE_RM), sized_op(op, sz), digit, rm);
    x64_put_le(b, (uint64_t)imm, nimm);
}

static void sized_mi(X64Buf *b, X64Size sz, uint8_t op, int digit, X64Mem m,
                     int64_t imm, int nimm)
{
    if (x64_emit_rm_imm(b, size_prefix(sz), size_flags(sz, 0), sized_op(op, sz), digit, m, nimm))
        x64_put_le(b, (uint64_t)imm, nimm);
}

/* Instructions without a byte form (imul, cmov, movsx targets). */
static bool check_not_byte(X64Buf *b, X64Size sz)
{
    if (sz != X64_S8)
        return true;
    x64_invalid(b);
    return false;
}

/* ---- moves ------------------------------------------------------------- */

void x64_mov_rr(X64Buf *b, X64Size sz, X64Reg dst, X64Reg src)
{
    sized_rr(b, sz, 0x89, src, dst);
}

void x64_mov_ri32(X64Buf *b, X64Size sz, X64Reg dst, int32_t imm)
{
    if (sz == X64_S64) {
        sized_ri(b, sz, 0xC7, 0, dst, imm, 4);
        return;
    }
    /* B8+r (B0+r for bytes) carries an immediate of the operand's size. */
    uint8_t op = sz == X64_S8 ? 0xB0 : 0xB8;
    x64_emit_oreg(b, size_prefix(sz), size_flags(sz, X64F_BYTE_RM), op, dst);
    x64_put_le(b, (uint64_t)(int64_t)imm, (int)sz);
}

void x64_movabs(X64Buf *b, X64Reg dst, uint64_t imm)
{
    x64_emit_oreg(b, 0, X64F_W, 0xB8, dst);
    x64_put_le(b, imm, 8);
}

void x64_mov_ri(X64Buf *b, X64Reg dst, int64_t imm)
{
    if (imm >= 0 && imm <= (int64_t)UINT32_MAX)
        x64_mov_ri32(b, X64_S32, dst, (int32_t)(uint32_t)imm); /* zero-extends */
    else if (x64_fits32(imm))
        x64_mov_ri32(b, X64_S64, dst, (int32_t)imm);
    else
        x64_movabs(b, dst, (uint64_t)imm);
}

void x64_mov_rm(X64Buf *b, X64Size sz, X64Reg dst, X64Mem src)
{
    sized_rm(b, sz, 0x8B, dst, src);
}

void x64_mov_mr(X64Buf *b, X64Size sz, X64Mem dst, X64Reg src)
{
    sized_rm(b, sz, 0x89, src, dst);
}

void x64_mov_mi(X64Buf *b, X64Size sz, X64Mem dst, int32_t imm)
{
    sized_mi(b, sz, 0xC7, 0, dst, imm, imm_bytes(sz));
}

/* movzx/movsx: 0F B6/B7 and 0F BE/BF; the source is the r/m operand. */
static uint32_t extend_op(X64Size from, bool sign)
{
    uint8_t low = (uint8_t)((sign ? 0xBE : 0xB6) + (from == X64_S16));
    return X64_OP2(0x0F, low);
}

static bool check_extend(X64Buf *b, X64Size from, bool allow32)
{
    if (from == X64_S8 || from == X64_S16 || (allow32 && from == X64_S32))
        return true;
    x64_invalid(b);
    return false;
}

void x64_movzx_rr(X64Buf *b, X64Size from, X64Reg dst, X64Reg src)
{
    if (check_extend(b, from, false))
        x64_emit_rr(b, 0, from == X64_S8 ? X64F_BYTE_RM : 0, extend_op(from, false), dst, src);
}

void x64_movzx_rm(X64Buf *b, X64Size from, X64Reg dst, X64Mem src)
{
    if (check_extend(b, from, false))
        x64_emit_rm(b, 0, 0, extend_op(from, false), dst, src);
}

void x64_movsx_rr(X64Buf *b, X64Size from, X64Reg dst, X64Reg src)
{
    if (!check_extend(b, from, true))
        return;
    if (from == X64_S32)
        x64_emit_rr(b, 0, X64F_W, X64_OP1(0x63), dst, src); /* movsxd */
    else
        x64_emit_rr(b, 0, X64F_W | (from == X64_S8 ? X64F_BYTE_RM : 0),
                    extend_op(from, true), dst, src);
}

void x64_movsx_rm(X64Buf *b, X64Size from, X64Reg dst, X64Mem src)
{
    if (!check_extend(b, from, true))
        return;
    uint32_t op = from == X64_S32 ? X64_OP1(0x63) : extend_op(from, true);
    x64_emit_rm(b, 0, X64F_W, op, dst, src);
}

void x64_lea(X64Buf *b, X64Reg dst, X64Mem src)
{
    x64_emit_rm(b, 0, X64F_W, X64_OP1(0x8D), dst, src);
}

/* ---- ALU operations ------------------------------------------------------ */

/* The classic eight share one layout: op*8 + {0,1: r/m op= reg; 2,3: reg op=
 * r/m}, and 80/81/83 /op for immediates (83: sign-extended imm8). */
void x64_alu_rr(X64Buf *b, X64Size sz, X64Alu op, X64Reg dst, X64Reg src)
{
    sized_rr(b, sz, (uint8_t)(op * 8 + 1), src, dst);
}

void x64_alu_rm(X64Buf *b, X64Size sz, X64Alu op, X64Reg dst, X64Mem src)
{
    sized_rm(b, sz, (uint8_t)(op * 8 + 3), dst, src);
}

void x64_alu_mr(X64Buf *b, X64Size sz, X64Alu op, X64Mem dst, X64Reg src)
{
    sized_rm(b, sz, (uint8_t)(op * 8 + 1), src, dst);
}

void x64_alu_ri(X64Buf *b, X64Size sz, X64Alu op, X64Reg dst, int32_t imm)
{
    if (sz != X64_S8 && x64_fits8(imm)) {
        x64_emit_rr(b, size_prefix(sz), size_flags(sz, 0), X64_OP1(0x83), op, dst);
        x64_put8(b, (uint8_t)imm);
    } else {
        sized_ri(b, sz, 0x81, op, dst, imm, imm_bytes(sz));
    }
}

void x64_alu_mi(X64Buf *b, X64Size sz, X64Alu op, X64Mem dst, int32_t imm)
{
    if (sz != X64_S8 && x64_fits8(imm)) {
        if (x64_emit_rm_imm(b, size_prefix(sz), size_flags(sz, 0), X64_OP1(0x83), op, dst, 1))
            x64_put8(b, (uint8_t)imm);
    } else {
        sized_mi(b, sz, 0x81, op, dst, imm, imm_bytes(sz));
    }
}

void x64_test_rr(X64Buf *b, X64Size sz, X64Reg a, X64Reg c)
{
    sized_rr(b, sz, 0x85, c, a);
}

void x64_test_mr(X64Buf *b, X64Size sz, X64Mem a, X64Reg c)
{
    sized_rm(b, sz, 0x85, c, a);
}

void x64_test_ri(X64Buf *b, X64Size sz, X64Reg a, int32_t imm)
{
    sized_ri(b, sz, 0xF7, 0, a, imm, imm_bytes(sz));
}

void x64_test_mi(X64Buf *b, X64Size sz, X64Mem a, int32_t imm)
{
    sized_mi(b, sz, 0xF7, 0, a, imm, imm_bytes(sz));
}

/* ---- multiply, divide, unary, shifts --------------------------------------- */

void x64_imul_rr(X64Buf *b, X64Size sz, X64Reg dst, X64Reg src)
{
    if (check_not_byte(b, sz))
        x64_emit_rr(b, size_prefix(sz), size_flags(sz, 0), X64_OP2(0x0F, 0xAF), dst, src);
}

void x64_imul_rm(X64Buf *b, X64Size sz, X64Reg dst, X64Mem src)
{
    if (check_not_byte(b, sz))
        x64_emit_rm(b, size_prefix(sz), size_flags(sz, 0), X64_OP2(0x0F, 0xAF), dst, src);
}

void x64_imul_rri(X64Buf *b, X64Size sz, X64Reg dst, X64Reg src, int32_t imm)
{
    if (!check_not_byte(b, sz))
        return;
    bool short_imm = x64_fits8(imm);
    x64_emit_rr(b, size_prefix(sz), size_flags(sz, 0), X64_OP1(short_imm ? 0x6B : 0x69), dst, src);
    x64_put_le(b, (uint64_t)(int64_t)imm, short_imm ? 1 : imm_bytes(sz));
}

/* Group 3 (F6/F7 /digit): not, neg, idiv. */
static void group3(X64Buf *b, X64Size sz, int digit, X64Reg r)
{
    x64_emit_rr(b, size_prefix(sz), size_flags(sz, X64F_BYTE_RM), sized_op(0xF7, sz), digit, r);
}

void x64_not(X64Buf *b, X64Size sz, X64Reg r) { group3(b, sz, 2, r); }
void x64_neg(X64Buf *b, X64Size sz, X64Reg r) { group3(b, sz, 3, r); }
void x64_idiv_r(X64Buf *b, X64Size sz, X64Reg r) { group3(b, sz, 7, r); }

void x64_idiv_m(X64Buf *b, X64Size sz, X64Mem m)
{
    x64_emit_rm(b, size_prefix(sz), size_flags(sz, 0), sized_op(0xF7, sz), 7, m);
}

/* Sign-extend RAX into RDX:RAX before a 64-bit idiv. */
void x64_cqo(X64Buf *b)
{
    x64_put8(b, 0x48);
    x64_put8(b, 0x99);
}

void x64_shift_ri(X64Buf *b, X64Size sz, X64Shift op, X64Reg r, uint8_t n)
{
    sized_ri(b, sz, 0xC1, op, r, n, 1);
}

void x64_shift_rcl(X64Buf *b, X64Size sz, X64Shift op, X64Reg r)
{
    x64_emit_rr(b, size_prefix(sz), size_flags(sz, X64F_BYTE_RM), sized_op(0xD3, sz), op, r);
}

/* ---- flags to values --------------------------------------------------------- */

void x64_setcc(X64Buf *b, X64Cond cc, X64Reg r8)
{
    x64_emit_rr(b, 0, X64F_BYTE_RM, X64_OP2(0x0F, 0x90 + cc), 0, r8);
}

void x64_cmov_rr(X64Buf *b, X64Size sz, X64Cond cc, X64Reg dst, X64Reg src)
{
    if (check_not_byte(b, sz))
        x64_emit_rr(b, size_prefix(sz), size_flags(sz, 0), X64_OP2(0x0F, 0x40 + cc), dst, src);
}

void x64_cmov_rm(X64Buf *b, X64Size sz, X64Cond cc, X64Reg dst, X64Mem src)
{
    if (check_not_byte(b, sz))
        x64_emit_rm(b, size_prefix(sz), size_flags(sz, 0), X64_OP2(0x0F, 0x40 + cc), dst, src);
}
