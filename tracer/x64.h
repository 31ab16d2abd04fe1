/* x64.h — an x86-64 instruction encoder for the trace backend.
 *
 * Instructions are appended, in program order, to an X64Buf. The encoder
 * never writes past the buffer's end: when space runs out it sets
 * `overflow` and drops the remaining bytes, so a caller can emit a whole
 * trace and check once at the end (then retry with more space). Operands
 * that cannot be encoded (RSP as an index, a scale that is not 1/2/4/8, a
 * byte-sized imul, a branch or RIP-relative target out of range) set
 * `invalid` instead of silently producing other code.
 *
 * Naming: x64_<insn>_<form> where the form names the operands in Intel
 * order: r = general register, x = XMM register, m = memory, i = immediate
 * (so `x64_mov_rm` is a load, `x64_mov_mr` a store). Sized integer
 * instructions take an X64Size; 32-bit results zero the upper half of the
 * 64-bit register, as the hardware does. Immediates of 8- and 16-bit
 * instructions are truncated to that size; 64-bit instructions take a
 * 32-bit immediate that the CPU sign-extends (only movabs takes 64 bits).
 *
 * Branches are emitted with the address of their target (which must be the
 * final address: code is written in place, see mcode.h). They return the
 * address of their displacement field so that a later patch can retarget
 * them (x64_patch_rel32, or mcode_patch once the code is executable). A NULL
 * target emits a zero displacement, to be patched. */
#ifndef MT_X64_H
#define MT_X64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint8_t *p;     /* next byte to write */
    uint8_t *start; /* first byte of the buffer */
    uint8_t *end;   /* one past the last byte */
    bool overflow;  /* some bytes did not fit and were dropped */
    bool invalid;   /* some operand could not be encoded */
} X64Buf;

/* General registers, numbered as the hardware numbers them. */
typedef enum {
    X64_NOREG = -1,
    X64_RAX, X64_RCX, X64_RDX, X64_RBX, X64_RSP, X64_RBP, X64_RSI, X64_RDI,
    X64_R8, X64_R9, X64_R10, X64_R11, X64_R12, X64_R13, X64_R14, X64_R15,
    X64_RIP /* only as a memory base: see x64_mem_rip */
} X64Reg;

typedef enum {
    X64_XMM0, X64_XMM1, X64_XMM2, X64_XMM3, X64_XMM4, X64_XMM5, X64_XMM6,
    X64_XMM7, X64_XMM8, X64_XMM9, X64_XMM10, X64_XMM11, X64_XMM12, X64_XMM13,
    X64_XMM14, X64_XMM15
} X64Xmm;

/* Operand sizes in bytes. */
typedef enum { X64_S8 = 1, X64_S16 = 2, X64_S32 = 4, X64_S64 = 8 } X64Size;

/* A memory operand [base + index*scale + disp]; index may be X64_NOREG.
 * With base X64_RIP it is the absolute address `target`, reached
 * RIP-relatively (constants and jump slots placed near the code). */
typedef struct {
    X64Reg base;
    X64Reg index;
    uint8_t scale;
    int32_t disp;
    const void *target;
} X64Mem;

/* Condition codes, in the hardware's order: cc ^ 1 is the negation. */
typedef enum {
    X64_CC_O, X64_CC_NO, X64_CC_B, X64_CC_AE, X64_CC_E, X64_CC_NE,
    X64_CC_BE, X64_CC_A, X64_CC_S, X64_CC_NS, X64_CC_P, X64_CC_NP,
    X64_CC_L, X64_CC_GE, X64_CC_LE, X64_CC_G
} X64Cond;

static inline X64Cond x64_cc_invert(X64Cond cc) { return (X64Cond)(cc ^ 1); }

/* The eight classic ALU operations; the value is the ModRM /digit. */
typedef enum {
    X64_ADD, X64_OR, X64_ADC, X64_SBB, X64_AND, X64_SUB, X64_XOR, X64_CMP
} X64Alu;

/* Shifts and rotates; the value is the ModRM /digit. */
typedef enum {
    X64_ROL = 0, X64_ROR = 1, X64_SHL = 4, X64_SHR = 5, X64_SAR = 7
} X64Shift;

/* Scalar double operations that share the "op xmm, xmm/m64" shape. */
typedef enum {
    X64_ADDSD, X64_SUBSD, X64_MULSD, X64_DIVSD, X64_SQRTSD, X64_MINSD,
    X64_MAXSD, X64_UCOMISD, X64_XORPD, X64_ANDPD, X64_ANDNPD, X64_ORPD,
    X64_MOVAPD
} X64SseOp;

/* roundsd rounding modes (the immediate also suppresses the inexact
 * exception, as floor/ceil must not raise it). */
typedef enum {
    X64_ROUND_NEAREST = 0, X64_ROUND_FLOOR = 1, X64_ROUND_CEIL = 2,
    X64_ROUND_TRUNC = 3
} X64Round;

/* ---- buffer ---------------------------------------------------------- */
void x64_buf_init(X64Buf *b, uint8_t *mem, size_t size);
static inline size_t x64_buf_len(const X64Buf *b) { return (size_t)(b->p - b->start); }
static inline bool x64_buf_ok(const X64Buf *b) { return !b->overflow && !b->invalid; }

static inline X64Mem x64_mem(X64Reg base, int32_t disp)
{
    return (X64Mem){base, X64_NOREG, 1, disp, NULL};
}
static inline X64Mem x64_mem_idx(X64Reg base, X64Reg index, int scale, int32_t disp)
{
    return (X64Mem){base, index, (uint8_t)scale, disp, NULL};
}
/* [rip + (target - end of instruction)]: the buffer must be at its final
 * address, and target within ±2 GiB of it (else the buffer is invalid). */
static inline X64Mem x64_mem_rip(const void *target)
{
    return (X64Mem){X64_RIP, X64_NOREG, 1, 0, target};
}

/* ---- moves (x64_encode.c) -------------------------------------------- */
void x64_mov_rr(X64Buf *b, X64Size sz, X64Reg dst, X64Reg src);
/* mov r, imm: for S64 the immediate is sign-extended (C7 /0). */
void x64_mov_ri32(X64Buf *b, X64Size sz, X64Reg dst, int32_t imm);
void x64_movabs(X64Buf *b, X64Reg dst, uint64_t imm);
/* The shortest 64-bit move of any constant (never touches the flags). */
void x64_mov_ri(X64Buf *b, X64Reg dst, int64_t imm);
void x64_mov_rm(X64Buf *b, X64Size sz, X64Reg dst, X64Mem src);
void x64_mov_mr(X64Buf *b, X64Size sz, X64Mem dst, X64Reg src);
void x64_mov_mi(X64Buf *b, X64Size sz, X64Mem dst, int32_t imm);
/* Zero-extend a byte or word into a 32-bit (hence 64-bit) register. */
void x64_movzx_rr(X64Buf *b, X64Size from, X64Reg dst, X64Reg src);
void x64_movzx_rm(X64Buf *b, X64Size from, X64Reg dst, X64Mem src);
/* Sign-extend a byte, word or dword (movsxd) into a 64-bit register. */
void x64_movsx_rr(X64Buf *b, X64Size from, X64Reg dst, X64Reg src);
void x64_movsx_rm(X64Buf *b, X64Size from, X64Reg dst, X64Mem src);
void x64_lea(X64Buf *b, X64Reg dst, X64Mem src);

/* ---- integer arithmetic (x64_encode.c) ------------------------------- */
void x64_alu_rr(X64Buf *b, X64Size sz, X64Alu op, X64Reg dst, X64Reg src);
/* Uses the sign-extended imm8 form when the immediate fits. */
void x64_alu_ri(X64Buf *b, X64Size sz, X64Alu op, X64Reg dst, int32_t imm);
void x64_alu_rm(X64Buf *b, X64Size sz, X64Alu op, X64Reg dst, X64Mem src);
void x64_alu_mr(X64Buf *b, X64Size sz, X64Alu op, X64Mem dst, X64Reg src);
void x64_alu_mi(X64Buf *b, X64Size sz, X64Alu op, X64Mem dst, int32_t imm);
void x64_test_rr(X64Buf *b, X64Size sz, X64Reg a, X64Reg c);
void x64_test_ri(X64Buf *b, X64Size sz, X64Reg a, int32_t imm);
void x64_test_mr(X64Buf *b, X64Size sz, X64Mem a, X64Reg c);
void x64_test_mi(X64Buf *b, X64Size sz, X64Mem a, int32_t imm);
void x64_imul_rr(X64Buf *b, X64Size sz, X64Reg dst, X64Reg src);
void x64_imul_rm(X64Buf *b, X64Size sz, X64Reg dst, X64Mem src);
void x64_imul_rri(X64Buf *b, X64Size sz, X64Reg dst, X64Reg src, int32_t imm);
void x64_neg(X64Buf *b, X64Size sz, X64Reg r);
void x64_not(X64Buf *b, X64Size sz, X64Reg r);
void x64_shift_ri(X64Buf *b, X64Size sz, X64Shift op, X64Reg r, uint8_t n);
void x64_shift_rcl(X64Buf *b, X64Size sz, X64Shift op, X64Reg r);
void x64_cqo(X64Buf *b);
void x64_idiv_r(X64Buf *b, X64Size sz, X64Reg r);
void x64_idiv_m(X64Buf *b, X64Size sz, X64Mem m);
void x64_setcc(X64Buf *b, X64Cond cc, X64Reg r8);
void x64_cmov_rr(X64Buf *b, X64Size sz, X64Cond cc, X64Reg dst, X64Reg src);
void x64_cmov_rm(X64Buf *b, X64Size sz, X64Cond cc, X64Reg dst, X64Mem src);

/* ---- control flow (x64_branch.c) ------------------------------------- */
uint8_t *x64_jcc8(X64Buf *b, X64Cond cc, const uint8_t *target);
uint8_t *x64_jcc32(X64Buf *b, X64Cond cc, const uint8_t *target);
uint8_t *x64_jmp8(X64Buf *b, const uint8_t *target);
uint8_t *x64_jmp32(X64Buf *b, const uint8_t *target);
uint8_t *x64_call32(X64Buf *b, const void *target);
void x64_jmp_r(X64Buf *b, X64Reg r);
void x64_jmp_m(X64Buf *b, X64Mem m);
void x64_call_r(X64Buf *b, X64Reg r);
void x64_call_m(X64Buf *b, X64Mem m);
void x64_push(X64Buf *b, X64Reg r);
void x64_pop(X64Buf *b, X64Reg r);
void x64_ret(X64Buf *b);
void x64_ud2(X64Buf *b);
void x64_int3(X64Buf *b);
/* n bytes of the recommended multi-byte NOPs (for alignment). */
void x64_nop(X64Buf *b, size_t n);

/* The displacement a rel32 field at `field` needs to reach `target`
 * (relative to the end of the field, which ends the instruction for every
 * branch this encoder emits); false if it does not fit in 32 bits. */
bool x64_rel32(const uint8_t *field, const void *target, int32_t *rel);
/* Retarget a branch in writable memory; false (nothing written) if out of
 * range. For executable code use x64_rel32 and mcode_patch. */
bool x64_patch_rel32(uint8_t *field, const void *target);
bool x64_patch_rel8(uint8_t *field, const void *target);

/* ---- SSE2 scalar doubles (x64_sse.c) --------------------------------- */
void x64_sse_xx(X64Buf *b, X64SseOp op, X64Xmm dst, X64Xmm src);
void x64_sse_xm(X64Buf *b, X64SseOp op, X64Xmm dst, X64Mem src);
void x64_movsd_xx(X64Buf *b, X64Xmm dst, X64Xmm src);
void x64_movsd_xm(X64Buf *b, X64Xmm dst, X64Mem src);
void x64_movsd_mx(X64Buf *b, X64Mem dst, X64Xmm src);
void x64_movq_xr(X64Buf *b, X64Xmm dst, X64Reg src);
void x64_movq_rx(X64Buf *b, X64Reg dst, X64Xmm src);
void x64_cvtsi2sd(X64Buf *b, X64Xmm dst, X64Reg src);   /* from int64 */
void x64_cvttsd2si(X64Buf *b, X64Reg dst, X64Xmm src);  /* to int64, truncating */
/* SSE4.1: only emit it when x64_cpu_has_sse41() is true. */
void x64_roundsd(X64Buf *b, X64Xmm dst, X64Xmm src, X64Round mode);
bool x64_cpu_has_sse41(void);

#endif
