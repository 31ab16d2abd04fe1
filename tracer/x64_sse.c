/* x64_sse.c — SSE2 scalar double instructions (mt floats are IEEE
 * doubles held in XMM registers), moves between XMM and general registers,
 * conversions, and SSE4.1 roundsd behind a CPU check.
 *
 * They all share "[prefix] [REX] 0F op ModRM": the mandatory prefix (F2 for
 * scalar-double, 66 for packed-double) selects the instruction as much as
 * the opcode does, and must come before REX. */
#include <cpuid.h>

#include "x64_core.h"

typedef struct {
    uint8_t prefix;
    uint8_t op; /* the byte after 0F */
} SseEncoding;

static const SseEncoding SSE_OPS[] = {
    [X64_ADDSD] = {0xF2, 0x58},   [X64_SUBSD] = {0xF2, 0x5C},
    [X64_MULSD] = {0xF2, 0x59},   [X64_DIVSD] = {0xF2, 0x5E},
    [X64_SQRTSD] = {0xF2, 0x51},  [X64_MINSD] = {0xF2, 0x5D},
    [X64_MAXSD] = {0xF2, 0x5F},   [X64_UCOMISD] = {0x66, 0x2E},
    [X64_XORPD] = {0x66, 0x57},   [X64_ANDPD] = {0x66, 0x54},
    [X64_ANDNPD] = {0x66, 0x55},  [X64_ORPD] = {0x66, 0x56},
    [X64_MOVAPD] = {0x66, 0x28},
};

void x64_sse_xx(X64Buf *b, X64SseOp op, X64Xmm dst, X64Xmm src)
{
    SseEncoding e = SSE_OPS[op];
    x64_emit_rr(b, e.prefix, 0, X64_OP2(0x0F, e.op), dst, src);
}

/* The packed forms (xorpd, andpd, ...) read 16 bytes that must be 16-byte
 * aligned; the scalar ones read 8. */
void x64_sse_xm(X64Buf *b, X64SseOp op, X64Xmm dst, X64Mem src)
{
    SseEncoding e = SSE_OPS[op];
    x64_emit_rm(b, e.prefix, 0, X64_OP2(0x0F, e.op), dst, src);
}

/* movsd between registers only replaces the low half (a dependency on the
 * destination's old value); movapd copies the whole register. */
void x64_movsd_xx(X64Buf *b, X64Xmm dst, X64Xmm src)
{
    x64_emit_rr(b, 0xF2, 0, X64_OP2(0x0F, 0x10), dst, src);
}

void x64_movsd_xm(X64Buf *b, X64Xmm dst, X64Mem src)
{
    x64_emit_rm(b, 0xF2, 0, X64_OP2(0x0F, 0x10), dst, src);
}

void x64_movsd_mx(X64Buf *b, X64Mem dst, X64Xmm src)
{
    x64_emit_rm(b, 0xF2, 0, X64_OP2(0x0F, 0x11), src, dst);
}

/* movq with REX.W: 66 0F 6E loads an XMM from a GPR, 66 0F 7E the
 * reverse; in both the XMM is the ModRM reg operand. */
void x64_movq_xr(X64Buf *b, X64Xmm dst, X64Reg src)
{
    x64_emit_rr(b, 0x66, X64F_W, X64_OP2(0x0F, 0x6E), dst, src);
}

void x64_movq_rx(X64Buf *b, X64Reg dst, X64Xmm src)
{
    x64_emit_rr(b, 0x66, X64F_W, X64_OP2(0x0F, 0x7E), src, dst);
}

void x64_cvtsi2sd(X64Buf *b, X64Xmm dst, X64Reg src)
{
    x64_emit_rr(b, 0xF2, X64F_W, X64_OP2(0x0F, 0x2A), dst, src);
}

void x64_cvttsd2si(X64Buf *b, X64Reg dst, X64Xmm src)
{
    x64_emit_rr(b, 0xF2, X64F_W, X64_OP2(0x0F, 0x2C), dst, src);
}

/* Immediate bit 3 suppresses the precision exception; bit 2 clear means
 * "use the mode in bits 0-1, not MXCSR's". */
void x64_roundsd(X64Buf *b, X64Xmm dst, X64Xmm src, X64Round mode)
{
    x64_emit_rr(b, 0x66, 0, X64_OP3(0x0F, 0x3A, 0x0B), dst, src);
    x64_put8(b, (uint8_t)(mode | 8));
}

bool x64_cpu_has_sse41(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return false;
    return (c & bit_SSE4_1) != 0;
}
