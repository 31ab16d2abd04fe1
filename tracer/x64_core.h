/* x64_core.h — the encoder's shared primitives (internal to x64_*.c).
 *
 * Every instruction the encoder emits has the shape
 *     [mandatory prefix] [REX] opcode (1-3 bytes) [ModRM [SIB] [disp]] [imm]
 * so two functions, one for a register r/m operand and one for a memory
 * r/m operand, produce all of them; the instruction files only choose the
 * opcode, the flags and the immediate. */
#ifndef MT_X64_CORE_H
#define MT_X64_CORE_H

#include "x64.h"

/* Opcodes of 1 to 3 bytes, with the length in the top byte. */
#define X64_OP1(a) (0x01000000u | (uint32_t)(a))
#define X64_OP2(a, b) (0x02000000u | (uint32_t)(a) << 8 | (uint32_t)(b))
#define X64_OP3(a, b, c) \
    (0x03000000u | (uint32_t)(a) << 16 | (uint32_t)(b) << 8 | (uint32_t)(c))

enum {
    X64F_W = 1,        /* REX.W: 64-bit operand size */
    X64F_BYTE_REG = 2, /* the ModRM reg operand is a byte register */
    X64F_BYTE_RM = 4,  /* the ModRM r/m operand is a byte register */
};

void x64_put8(X64Buf *b, uint8_t v);
/* The low `n` bytes of v, little-endian (n = 1, 2, 4 or 8). */
void x64_put_le(X64Buf *b, uint64_t v, int n);
/* Mark the buffer unusable: an operand could not be encoded. */
void x64_invalid(X64Buf *b);

/* Emit a whole instruction whose ModRM r/m field is register `rm`. `reg`
 * is a register or a /digit; `prefix` is 0 or 0x66/0xF2/0xF3. */
void x64_emit_rr(X64Buf *b, uint8_t prefix, int flags, uint32_t op, int reg, int rm);
/* The same with a memory r/m operand; false (nothing emitted, buffer
 * marked invalid) if the operand cannot be encoded. */
bool x64_emit_rm(X64Buf *b, uint8_t prefix, int flags, uint32_t op, int reg, X64Mem m);
/* The same for an instruction that ends with an immediate of `nimm` bytes
 * (the caller emits it): a RIP-relative displacement counts from the end
 * of the whole instruction. */
bool x64_emit_rm_imm(X64Buf *b, uint8_t prefix, int flags, uint32_t op, int reg, X64Mem m,
                     int nimm);
/* An opcode with the register in its low three bits (push, pop, mov imm). */
void x64_emit_oreg(X64Buf *b, uint8_t prefix, int flags, uint8_t op, int reg);

static inline bool x64_fits8(int64_t v) { return v >= -128 && v <= 127; }
static inline bool x64_fits32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

#endif
