/* asm_int.h — state shared by the backend's files (internal to asm_*.c).
 *
 * The allocator (asm_regalloc.c) runs first over the whole trace and gives
 * every value one location for its whole live range: a register, or its
 * own 8-byte stack slot (slot index = ref, so no slot is ever shared).
 * Code generation (asm_x64.c) then only reads `loc`. Constants have no
 * location: they are materialised at each use. */
#ifndef MT_ASM_INT_H
#define MT_ASM_INT_H

#include "asm.h"
#include "x64.h"

/* Locations: 0..15 a GPR, 16..31 an XMM register, or these. */
#define LOC_NONE 0xff       /* no value (constants, VOID, dead code) */
#define LOC_SPILL 0xfe      /* its stack slot */
#define LOC_XMM 16

/* Scratch registers, never allocated: every op computes in them. */
#define SCR_A X64_RAX
#define SCR_B X64_R11
#define SCR_FA X64_XMM15
#define SCR_FB X64_XMM14
/* The frame base lives in r15 for the whole trace. */
#define REG_BASE X64_R15

typedef struct Asm {
    const Trace *T;
    uint8_t *loc;           /* per ref */
    bool *hoisted;          /* per ref: a float constant with a location */
    IRRef cur;              /* the instruction being emitted */
    uint32_t *end;          /* per ref: last position the value is needed */
    uint32_t *cost;         /* per ref: what keeping it in memory costs
                               (asm_regalloc.c) */
    uint32_t nspilled;
    /* stack frame, from rsp: temp area, spill slots (one per ref) */
    int32_t temp_off, spill_off, frame_size;
    X64Buf b;
    uint8_t *epilogue;
    AsmCode *out;           /* its address is the trace's identity (rdx) */
    AsmEntry *counts;       /* the tree's counters (asm.h) */
    uint8_t **site;         /* per snapshot + completion: patchable site */
    /* guard branches to patch: field address and snapshot number */
    uint8_t **exit_field;
    uint32_t *exit_snap;
    uint32_t nexits, maxexits;
    char *err;
    size_t errlen;
    bool failed;
} Asm;

bool asm_fail(Asm *A, const char *fmt, ...);

/* asm_regalloc.c */
bool asm_regalloc(Asm *A);
/* The refs a call passes, in argument order; the count, or -1 if > max. */
int asm_call_args(const Trace *T, const IRIns *call, IRRef *args, int max);

static inline int32_t asm_spill_disp(const Asm *A, IRRef r)
{
    return A->spill_off + 8 * (int32_t)r;
}

#endif

/* asm_x64.c: operands and results. Every op reads its operands into the
 * scratch registers (or uses the register an operand already lives in)
 * and writes its result to its location only after any guard passed, so
 * an exit always sees the values as they were before the instruction. */
bool asm_in_gpr(const Asm *A, IRRef ref);
void asm_gpr_to(Asm *A, X64Reg dst, IRRef ref);        /* raw 64 bits */
X64Reg asm_gpr_in(Asm *A, IRRef ref, X64Reg scratch);
void asm_xmm_to(Asm *A, X64Xmm dst, IRRef ref);        /* clobbers SCR_B for constants */
X64Xmm asm_xmm_in(Asm *A, IRRef ref, X64Xmm scratch);
void asm_put_gpr(Asm *A, IRRef r, X64Reg src);          /* normalises to r's type */
void asm_put_canonical(Asm *A, IRRef r, X64Reg src);    /* src already is */
void asm_put_xmm(Asm *A, IRRef r, X64Xmm src);
/* A constant that fits an instruction's sign-extended 32-bit immediate. */
bool asm_imm32(const Asm *A, IRRef ref, int32_t *imm);
/* mov [m], val (sz bytes of it): an immediate when the constant fits. */
void asm_store(Asm *A, X64Size sz, X64Mem m, IRRef val, X64Reg scratch);
/* A conditional branch to the exit of snapshot `snap`, patched later. */
void asm_guard_jcc(Asm *A, X64Cond cc, uint32_t snap);

/* asm_ops.c: one instruction (not LOOP or PHI, which the driver handles). */
void asm_ins(Asm *A, IRRef r);
/* Is AREF ins one lea (a constant index whose offset fits)? Otherwise its
 * code writes the result before it reads the array (asm_regalloc.c must
 * know). */
static inline bool asm_aref_is_lea(const Trace *T, const IRIns *ins)
{
    const IRIns *k = &T->ir[ins->b];
    return ir_isk(T, ins->b) && k->k.i >= -(1 << 26) && k->k.i < (1 << 26);
}

/* asm_exit.c: the exit stubs, after the trace's code; patches the guards. */
void asm_exit_stubs(Asm *A);
/* A patchable site ("movabs r11, 0; jmp next") for site number n. */
void asm_emit_site(Asm *A, uint32_t n);
/* The shared tails a chained site jumps to: count the transition, pop the
 * frame, jmp r11 (asm_x64.c); asm_emit_link_tail jumps through the
 * AsmEntry in r11 instead. */
uint8_t *asm_emit_chain_tail(Asm *A, uint64_t *counter);
uint8_t *asm_emit_link_tail(Asm *A);
