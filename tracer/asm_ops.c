/* asm_ops.c — instruction selection: the x86-64 code for each IR op.
 *
 * Each op computes straight into its result's register when it has one
 * (gpr_dest/xmm_dest), reading operands where they live; a spilled result
 * is computed in a scratch register (rax, r11; xmm15, xmm14) and stored.
 * Writing the result register before a guard of the same op is safe: the
 * allocator only hands a register to a value after the last use of its
 * previous value, and every value the op's snapshot needs is used at the
 * op, so none of them is there. Anything not handled here fails the
 * compilation with the op's name, so an unsupported op can never produce
 * wrong code. */
#include <string.h>

#include "asm_int.h"

/* Where r's result is computed: its register, or the scratch register. */
static X64Reg gpr_dest(const Asm *A, IRRef r)
{
    uint8_t l = A->loc[r];
    return l < LOC_XMM ? (X64Reg)l : SCR_A;
}

static X64Xmm xmm_dest(const Asm *A, IRRef r)
{
    uint8_t l = A->loc[r];
    return l >= LOC_XMM && l < LOC_XMM + 16 ? (X64Xmm)(l - LOC_XMM) : SCR_FA;
}

/* A float constant the loop body keeps in its location. */
static void emit_hoisted_const(Asm *A, IRRef r)
{
    uint64_t bits;
    memcpy(&bits, &A->T->ir[r].k.n, sizeof bits);
    x64_mov_ri(&A->b, SCR_B, (int64_t)bits);
    if (A->loc[r] == LOC_SPILL)
        x64_mov_mr(&A->b, X64_S64, x64_mem(X64_RSP, asm_spill_disp(A, r)), SCR_B);
    else
        x64_movq_xr(&A->b, (X64Xmm)(A->loc[r] - LOC_XMM), SCR_B);
}

static X64Mem slot_mem(int32_t slot, int32_t extra)
{
    return x64_mem(REG_BASE, 16 * slot + extra);
}

/* Loads a value of type t from m into r's location; loads of narrow types
 * extend, so the result is already in its canonical form. */
static void load_typed(Asm *A, IRRef r, X64Mem m)
{
    X64Buf *b = &A->b;
    IRType t = (IRType)A->T->ir[r].type;
    if (t == IRT_FLT) {
        X64Xmm x = xmm_dest(A, r);
        x64_movsd_xm(b, x, m);
        asm_put_xmm(A, r, x);
        return;
    }
    X64Reg d = gpr_dest(A, r);
    if (t == IRT_U8 || t == IRT_BOOL)
        x64_movzx_rm(b, X64_S8, d, m);
    else if (t == IRT_U32)
        x64_mov_rm(b, X64_S32, d, m);
    else if (t == IRT_I32)
        x64_movsx_rm(b, X64_S32, d, m);
    else
        x64_mov_rm(b, X64_S64, d, m);
    asm_put_canonical(A, r, d);
}

static X64Size store_size(IRType t)
{
    return t == IRT_U8 || t == IRT_BOOL ? X64_S8
           : t == IRT_U32 || t == IRT_I32 ? X64_S32
                                         : X64_S64;
}

static void emit_store(Asm *A, const IRIns *ins)
{
    X64Size sz = store_size((IRType)A->T->ir[ins->b].type);
    asm_store(A, sz, x64_mem(asm_gpr_in(A, ins->a, SCR_A), 0), ins->b, SCR_B);
}

/* The address of element b (16 bytes each) of the array at a. */
static void emit_aref(Asm *A, IRRef r, const IRIns *ins)
{
    X64Reg d = gpr_dest(A, r);
    if (asm_aref_is_lea(A->T, ins)) {
        int32_t disp = (int32_t)(16 * A->T->ir[ins->b].k.i);
        x64_lea(&A->b, d, x64_mem(asm_gpr_in(A, ins->a, SCR_B), disp));
    } else {
        asm_gpr_to(A, d, ins->b);
        x64_shift_ri(&A->b, X64_S64, X64_SHL, d, 4);
        x64_alu_rr(&A->b, X64_S64, X64_ADD, d, asm_gpr_in(A, ins->a, SCR_B));
    }
    asm_put_gpr(A, r, d);
}

/* d op= b, using an immediate when b is a constant that fits. */
static void alu_b(Asm *A, X64Alu op, X64Reg d, IRRef bref)
{
    int32_t imm;
    if (asm_imm32(A, bref, &imm))
        x64_alu_ri(&A->b, X64_S64, op, d, imm);
    else
        x64_alu_rr(&A->b, X64_S64, op, d, asm_gpr_in(A, bref, SCR_B));
}

static bool alu_of(IROp op, X64Alu *alu)
{
    switch (op) {
    case IR_ADD: case IR_ADDOV: *alu = X64_ADD; return true;
    case IR_SUB: case IR_SUBOV: *alu = X64_SUB; return true;
    case IR_BAND: *alu = X64_AND; return true;
    case IR_BOR: *alu = X64_OR; return true;
    case IR_BXOR: *alu = X64_XOR; return true;
    default: return false;
    }
}

/* ADD/SUB of a constant without an overflow check: one lea, which leaves
 * the operand where it is. */
static bool emit_lea_add(Asm *A, IRRef r, const IRIns *ins)
{
    int32_t imm;
    if ((ins->op != IR_ADD && ins->op != IR_SUB) || !asm_imm32(A, ins->b, &imm) ||
        !asm_in_gpr(A, ins->a) || imm == INT32_MIN)
        return false;
    X64Reg d = gpr_dest(A, r);
    x64_lea(&A->b, d, x64_mem((X64Reg)A->loc[ins->a], ins->op == IR_ADD ? imm : -imm));
    asm_put_gpr(A, r, d);
    return true;
}

/* Integer arithmetic, overflow-checked or not. */
static void emit_arith(Asm *A, IRRef r, const IRIns *ins)
{
    if (emit_lea_add(A, r, ins))
        return;
    IROp op = (IROp)ins->op;
    X64Alu alu;
    X64Reg d = gpr_dest(A, r);
    asm_gpr_to(A, d, ins->a);
    if (alu_of(op, &alu))
        alu_b(A, alu, d, ins->b);
    else if (op == IR_MUL || op == IR_MULOV)
        x64_imul_rr(&A->b, X64_S64, d, asm_gpr_in(A, ins->b, SCR_B));
    else if (op == IR_NEG)
        x64_neg(&A->b, X64_S64, d);
    else
        x64_not(&A->b, X64_S64, d);
    if (op == IR_ADDOV || op == IR_SUBOV || op == IR_MULOV)
        asm_guard_jcc(A, X64_CC_O, ins->snap);
    asm_put_gpr(A, r, d);
}

/* Variable shift counts must be in cl; rcx may hold a value, so it is
 * kept in r11 meanwhile, and the shift is computed in rax (the result is
 * stored after rcx is restored, in case rcx is the result's register). */
static void emit_shift(Asm *A, IRRef r, const IRIns *ins)
{
    X64Shift sh = ins->op == IR_SHL ? X64_SHL : ins->op == IR_SHR ? X64_SHR : X64_SAR;
    asm_gpr_to(A, SCR_A, ins->a);
    if (ir_isk(A->T, ins->b)) {
        x64_shift_ri(&A->b, X64_S64, sh, SCR_A, (uint8_t)(A->T->ir[ins->b].k.i & 63));
    } else {
        x64_mov_rr(&A->b, X64_S64, SCR_B, X64_RCX);
        if (A->loc[ins->b] != X64_RCX)
            asm_gpr_to(A, X64_RCX, ins->b);
        x64_shift_rcl(&A->b, X64_S64, sh, SCR_A);
        x64_mov_rr(&A->b, X64_S64, X64_RCX, SCR_B);
    }
    asm_put_gpr(A, r, SCR_A);
}

static void emit_farith(Asm *A, IRRef r, const IRIns *ins)
{
    X64Xmm d = xmm_dest(A, r);
    asm_xmm_to(A, d, ins->a);
    if (ins->op == IR_FNEG) {
        x64_mov_ri(&A->b, SCR_B, INT64_MIN);
        x64_movq_xr(&A->b, SCR_FB, SCR_B);
        x64_sse_xx(&A->b, X64_XORPD, d, SCR_FB);
    } else if (ins->op == IR_FSQRT) {
        x64_sse_xx(&A->b, X64_SQRTSD, d, d);
    } else {
        X64SseOp op = ins->op == IR_FADD   ? X64_ADDSD
                      : ins->op == IR_FSUB ? X64_SUBSD
                      : ins->op == IR_FMUL ? X64_MULSD
                                           : X64_DIVSD;
        /* x*x: the operand is in d already */
        x64_sse_xx(&A->b, op, d, ins->b == ins->a ? d : asm_xmm_in(A, ins->b, SCR_FB));
    }
    asm_put_xmm(A, r, d);
}

static void emit_i2f(Asm *A, IRRef r, const IRIns *ins)
{
    X64Xmm d = xmm_dest(A, r);
    X64Reg a = asm_gpr_in(A, ins->a, SCR_A);
    x64_sse_xx(&A->b, X64_XORPD, d, d);   /* cvtsi2sd merges: break the chain */
    x64_cvtsi2sd(&A->b, d, a);
    asm_put_xmm(A, r, d);
}

/* F2I truncates; as a guard, converting back must give the same float
 * (cvttsd2si's out-of-range answer, INT64_MIN, only does so for -2^63). */
static void emit_f2i(Asm *A, IRRef r, const IRIns *ins)
{
    X64Reg d = gpr_dest(A, r);
    X64Xmm a = asm_xmm_in(A, ins->a, SCR_FA);
    x64_cvttsd2si(&A->b, d, a);
    if (ins->flags & IRF_GUARD) {
        x64_sse_xx(&A->b, X64_XORPD, SCR_FB, SCR_FB);   /* no dependency on its old value */
        x64_cvtsi2sd(&A->b, SCR_FB, d);
        x64_sse_xx(&A->b, X64_UCOMISD, SCR_FB, a);
        asm_guard_jcc(A, X64_CC_NE, ins->snap);
        asm_guard_jcc(A, X64_CC_P, ins->snap);
    }
    asm_put_gpr(A, r, d);
}

static X64Cond int_cc(IROp op)
{
    switch (op) {
    case IR_EQ: return X64_CC_E;
    case IR_NE: return X64_CC_NE;
    case IR_LT: return X64_CC_L;
    case IR_LE: return X64_CC_LE;
    case IR_GT: return X64_CC_G;
    case IR_GE: return X64_CC_GE;
    case IR_ULT: return X64_CC_B;
    default: return X64_CC_BE;   /* ULE */
    }
}

/* The condition that holds for (b, a) when cc holds for (a, b). */
static X64Cond cc_swapped(X64Cond cc)
{
    switch (cc) {
    case X64_CC_L: return X64_CC_G;
    case X64_CC_G: return X64_CC_L;
    case X64_CC_LE: return X64_CC_GE;
    case X64_CC_GE: return X64_CC_LE;
    case X64_CC_B: return X64_CC_A;
    case X64_CC_A: return X64_CC_B;
    case X64_CC_BE: return X64_CC_AE;
    case X64_CC_AE: return X64_CC_BE;
    default: return cc;   /* E, NE */
    }
}

/* The flags' answer as 0/1 in r's location. */
static void put_cc(Asm *A, IRRef r, X64Cond cc)
{
    X64Reg d = gpr_dest(A, r);
    x64_setcc(&A->b, cc, d);
    x64_movzx_rr(&A->b, X64_S8, d, d);
    asm_put_canonical(A, r, d);
}

/* cmp a, b with the operands where they are (a constant goes right,
 * flipping the condition); the condition to test afterwards. */
static X64Cond int_compare(Asm *A, const IRIns *ins)
{
    X64Cond cc = int_cc((IROp)ins->op);
    IRRef a = ins->a, bref = ins->b;
    int32_t imm;
    if (asm_imm32(A, a, &imm) && !ir_isk(A->T, bref)) {
        a = ins->b;
        bref = ins->a;
        cc = cc_swapped(cc);
    }
    alu_b(A, X64_CMP, asm_gpr_in(A, a, SCR_A), bref);
    return cc;
}

static void emit_icmp(Asm *A, IRRef r, const IRIns *ins)
{
    X64Cond cc = int_compare(A, ins);
    if (ins->flags & IRF_GUARD)
        asm_guard_jcc(A, x64_cc_invert(cc), ins->snap);
    else
        put_cc(A, r, cc);
}

/* Two flags decide FEQ/FNE (ZF, and PF for unordered): combine two setcc. */
static void put_cc2(Asm *A, IRRef r, X64Cond c1, X64Cond c2, X64Alu combine)
{
    X64Reg d = gpr_dest(A, r);
    x64_setcc(&A->b, c1, d);
    x64_setcc(&A->b, c2, SCR_B);
    x64_alu_rr(&A->b, X64_S8, combine, d, SCR_B);
    x64_movzx_rr(&A->b, X64_S8, d, d);
    asm_put_canonical(A, r, d);
}

/* ucomisd leaves unordered as ZF=PF=CF=1: a < b is tested as b above a,
 * and a <= b as b above-or-equal a, both false for NaN. */
static void emit_fcmp(Asm *A, IRRef r, const IRIns *ins)
{
    IROp op = (IROp)ins->op;
    bool guard = (ins->flags & IRF_GUARD) != 0;
    bool swap = op == IR_FLT || op == IR_FLE;
    X64Xmm left = asm_xmm_in(A, swap ? ins->b : ins->a, SCR_FA);
    x64_sse_xx(&A->b, X64_UCOMISD, left, asm_xmm_in(A, swap ? ins->a : ins->b, SCR_FB));
    if (swap) {
        X64Cond cc = op == IR_FLT ? X64_CC_A : X64_CC_AE;
        if (guard)
            asm_guard_jcc(A, x64_cc_invert(cc), ins->snap);
        else
            put_cc(A, r, cc);
    } else if (op == IR_FEQ) {
        if (!guard) {
            put_cc2(A, r, X64_CC_E, X64_CC_NP, X64_AND);
            return;
        }
        asm_guard_jcc(A, X64_CC_P, ins->snap);
        asm_guard_jcc(A, X64_CC_NE, ins->snap);
    } else if (!guard) {
        put_cc2(A, r, X64_CC_NE, X64_CC_P, X64_OR);
    } else {   /* FNE guard: exit when ordered and equal */
        uint8_t *skip = x64_jcc8(&A->b, X64_CC_P, NULL);
        asm_guard_jcc(A, X64_CC_E, ins->snap);
        if (skip)
            x64_patch_rel8(skip, A->b.p);
    }
}

static const X64Reg int_args[] = {X64_RDI, X64_RSI, X64_RDX, X64_RCX, X64_R8, X64_R9};

/* System V call. Arguments go through the temp area first, so loading the
 * argument registers cannot overwrite a value another argument still
 * needs. No allocated value lives in a caller-saved register across a call
 * (asm_regalloc.c), so nothing needs saving. rsp is 16-byte aligned. */
static void emit_call(Asm *A, IRRef r, const IRIns *ins)
{
    IRRef args[16];
    int n = asm_call_args(A->T, ins, args, 16), ni = 0, nf = 0;
    if (n < 0)
        return (void)asm_fail(A, "call %u: more than 16 arguments", r);
    if (!ir_isk(A->T, ins->a) || A->T->ir[ins->a].op != IR_KPTR)
        return (void)asm_fail(A, "call %u: the function is not a KPTR", r);
    for (int i = 0; i < n; i++) {
        asm_gpr_to(A, SCR_A, args[i]);
        x64_mov_mr(&A->b, X64_S64, x64_mem(X64_RSP, A->temp_off + 8 * i), SCR_A);
    }
    for (int i = 0; i < n; i++) {
        X64Mem m = x64_mem(X64_RSP, A->temp_off + 8 * i);
        if (A->T->ir[args[i]].type == IRT_FLT) {
            if (nf == 8)
                return (void)asm_fail(A, "call %u: more than 8 float arguments", r);
            x64_movsd_xm(&A->b, (X64Xmm)nf++, m);
        } else {
            if (ni == 6)
                return (void)asm_fail(A, "call %u: more than 6 integer arguments", r);
            x64_mov_rm(&A->b, X64_S64, int_args[ni++], m);
        }
    }
    x64_mov_ri(&A->b, SCR_A, (int64_t)(uintptr_t)A->T->ir[ins->a].k.p);
    x64_call_r(&A->b, SCR_A);
    if (ins->type == IRT_FLT)
        asm_put_xmm(A, r, X64_XMM0);
    else if (ins->type != IRT_VOID)
        asm_put_gpr(A, r, X64_RAX);
}

void asm_ins(Asm *A, IRRef r)
{
    const IRIns *ins = &A->T->ir[r];
    X64Buf *b = &A->b;
    switch ((IROp)ins->op) {
    case IR_KFLT:
        if (A->loc[r] != LOC_NONE)   /* hoisted (asm_regalloc.c) */
            emit_hoisted_const(A, r);
        break;
    case IR_KINT: case IR_KPTR: case IR_CARG: case IR_NOP:
        break;   /* constants are materialised where used */
    case IR_SLOADT:
        x64_movzx_rm(b, X64_S8, gpr_dest(A, r), slot_mem((int32_t)ins->a, 8));
        asm_put_canonical(A, r, gpr_dest(A, r));
        break;
    case IR_SLOAD: load_typed(A, r, slot_mem((int32_t)ins->a, 0)); break;
    case IR_SSTORET: asm_store(A, X64_S8, slot_mem((int32_t)ins->a, 8), ins->b, SCR_A); break;
    case IR_SSTORE: asm_store(A, X64_S64, slot_mem((int32_t)ins->a, 0), ins->b, SCR_A); break;
    case IR_FREF:
        x64_lea(b, gpr_dest(A, r), x64_mem(asm_gpr_in(A, ins->a, SCR_A), (int32_t)ins->b));
        asm_put_gpr(A, r, gpr_dest(A, r));
        break;
    case IR_AREF: emit_aref(A, r, ins); break;
    case IR_LOAD:
        load_typed(A, r, x64_mem(asm_gpr_in(A, ins->a, SCR_A), 0));
        break;
    case IR_FLOAD:
        load_typed(A, r, x64_mem(asm_gpr_in(A, ins->a, SCR_A), (int32_t)ins->b));
        break;
    case IR_STORE: emit_store(A, ins); break;
    case IR_ADD: case IR_SUB: case IR_MUL: case IR_NEG: case IR_BAND: case IR_BOR:
    case IR_BXOR: case IR_BNOT: case IR_ADDOV: case IR_SUBOV: case IR_MULOV:
        emit_arith(A, r, ins);
        break;
    case IR_SHL: case IR_SHR: case IR_SAR: emit_shift(A, r, ins); break;
    case IR_FADD: case IR_FSUB: case IR_FMUL: case IR_FDIV: case IR_FNEG: case IR_FSQRT:
        emit_farith(A, r, ins);
        break;
    case IR_I2F: emit_i2f(A, r, ins); break;
    case IR_F2I: emit_f2i(A, r, ins); break;
    case IR_EQ: case IR_NE: case IR_LT: case IR_LE: case IR_GT: case IR_GE:
    case IR_ULT: case IR_ULE:
        emit_icmp(A, r, ins);
        break;
    case IR_FEQ: case IR_FNE: case IR_FLT: case IR_FLE: emit_fcmp(A, r, ins); break;
    case IR_CALLN: case IR_CALLL: case IR_CALLA: case IR_CALLS: emit_call(A, r, ins); break;
    default:
        asm_fail(A, "%04u: op %s is not supported by the x86-64 backend", r,
                 ir_opnames[ins->op]);
        break;
    }
}
