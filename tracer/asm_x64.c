/* asm_x64.c — the backend's driver: allocation, the stack frame, prologue
 * and epilogue, the loop's back-edge, and reading and writing values at
 * their locations. Code is emitted forwards in one pass; guard branches
 * are patched to their exit stubs at the end (asm_exit.c).
 *
 * Frame (from rsp after the prologue): a temp area (call arguments and
 * the cycles of the back-edge's parallel move pass through it) and one
 * 8-byte spill slot per ref. The six callee-saved GPRs are always pushed:
 * r15 holds the frame base, the others may be allocated. */
#include "asm_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const X64Reg saved_regs[] = {X64_RBX, X64_RBP, X64_R12, X64_R13, X64_R14, X64_R15};
#define NSAVED 6

bool asm_fail(Asm *A, const char *fmt, ...)
{
    if (!A->failed) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(A->err, A->errlen, fmt, ap);
        va_end(ap);
    }
    A->failed = true;
    return false;
}

static X64Mem spill_mem(const Asm *A, IRRef r)
{
    return x64_mem(X64_RSP, asm_spill_disp(A, r));
}

static uint64_t kbits(const IRIns *k)
{
    if (k->op == IR_KPTR)
        return (uint64_t)(uintptr_t)k->k.p;
    uint64_t v;
    memcpy(&v, &k->k, sizeof v);   /* KINT's i or KFLT's bits */
    return v;
}

bool asm_in_gpr(const Asm *A, IRRef ref)
{
    return !ir_isk(A->T, ref) && A->loc[ref] < LOC_XMM;
}

void asm_gpr_to(Asm *A, X64Reg dst, IRRef ref)
{
    uint8_t l = A->loc[ref];
    if (ir_isk(A->T, ref))
        x64_mov_ri(&A->b, dst, (int64_t)kbits(&A->T->ir[ref]));
    else if (l == LOC_SPILL)
        x64_mov_rm(&A->b, X64_S64, dst, spill_mem(A, ref));
    else if (l >= LOC_XMM && l < LOC_XMM + 16)
        x64_movq_rx(&A->b, dst, (X64Xmm)(l - LOC_XMM));
    else if (l < LOC_XMM && (X64Reg)l != dst)
        x64_mov_rr(&A->b, X64_S64, dst, (X64Reg)l);
    else if (l == LOC_NONE)
        asm_fail(A, "ref %u is used but has no value", ref);
}

X64Reg asm_gpr_in(Asm *A, IRRef ref, X64Reg scratch)
{
    if (asm_in_gpr(A, ref))
        return (X64Reg)A->loc[ref];
    asm_gpr_to(A, scratch, ref);
    return scratch;
}

/* A hoisted float constant is in its location once its definition has
 * been emitted; before that (and any other constant) it is an immediate. */
static bool const_in_place(const Asm *A, IRRef ref)
{
    return A->loc[ref] != LOC_NONE && A->cur > ref;
}

bool asm_imm32(const Asm *A, IRRef ref, int32_t *imm)
{
    const IRIns *k = &A->T->ir[ref];
    if (!ir_isk(A->T, ref) || k->op != IR_KINT || k->k.i < INT32_MIN || k->k.i > INT32_MAX)
        return false;
    *imm = (int32_t)k->k.i;
    return true;
}

void asm_store(Asm *A, X64Size sz, X64Mem m, IRRef val, X64Reg scratch)
{
    int32_t imm;
    if (asm_imm32(A, val, &imm))
        x64_mov_mi(&A->b, sz, m, sz == X64_S8 ? (int32_t)(int8_t)imm : imm);
    else
        x64_mov_mr(&A->b, sz, m, asm_gpr_in(A, val, scratch));
}

void asm_xmm_to(Asm *A, X64Xmm dst, IRRef ref)
{
    uint8_t l = A->loc[ref];
    if ((ir_isk(A->T, ref) && !const_in_place(A, ref)) || l < LOC_XMM) {
        asm_gpr_to(A, SCR_B, ref);
        x64_movq_xr(&A->b, dst, SCR_B);
    } else if (l == LOC_SPILL) {
        x64_movsd_xm(&A->b, dst, spill_mem(A, ref));
    } else if (l != LOC_NONE && (X64Xmm)(l - LOC_XMM) != dst) {
        /* the whole register: no merge dependency */
        x64_sse_xx(&A->b, X64_MOVAPD, dst, (X64Xmm)(l - LOC_XMM));
    } else if (l == LOC_NONE) {
        asm_fail(A, "ref %u is used but has no value", ref);
    }
}

X64Xmm asm_xmm_in(Asm *A, IRRef ref, X64Xmm scratch)
{
    uint8_t l = A->loc[ref];
    if ((!ir_isk(A->T, ref) || const_in_place(A, ref)) && l >= LOC_XMM && l < LOC_XMM + 16)
        return (X64Xmm)(l - LOC_XMM);
    asm_xmm_to(A, scratch, ref);
    return scratch;
}

/* Keep narrow values in their canonical 64-bit form (ir_eval.h). */
static void normalise(Asm *A, IRType t, X64Reg r)
{
    if (t == IRT_U8 || t == IRT_BOOL)
        x64_movzx_rr(&A->b, X64_S8, r, r);
    else if (t == IRT_U32)
        x64_mov_rr(&A->b, X64_S32, r, r);
    else if (t == IRT_I32)
        x64_movsx_rr(&A->b, X64_S32, r, r);
}

void asm_put_gpr(Asm *A, IRRef r, X64Reg src)
{
    if (A->loc[r] == LOC_NONE)
        return;
    normalise(A, (IRType)A->T->ir[r].type, src);
    asm_put_canonical(A, r, src);
}

void asm_put_canonical(Asm *A, IRRef r, X64Reg src)
{
    uint8_t l = A->loc[r];
    if (l == LOC_NONE)
        return;
    if (l == LOC_SPILL)
        x64_mov_mr(&A->b, X64_S64, spill_mem(A, r), src);
    else if (l >= LOC_XMM)
        x64_movq_xr(&A->b, (X64Xmm)(l - LOC_XMM), src);
    else if ((X64Reg)l != src)
        x64_mov_rr(&A->b, X64_S64, (X64Reg)l, src);
}

void asm_put_xmm(Asm *A, IRRef r, X64Xmm src)
{
    uint8_t l = A->loc[r];
    if (l == LOC_NONE)
        return;
    if (l == LOC_SPILL)
        x64_movsd_mx(&A->b, spill_mem(A, r), src);
    else if (l < LOC_XMM)
        x64_movq_rx(&A->b, (X64Reg)l, src);
    else if ((X64Xmm)(l - LOC_XMM) != src)
        x64_sse_xx(&A->b, X64_MOVAPD, (X64Xmm)(l - LOC_XMM), src);
}

void asm_guard_jcc(Asm *A, X64Cond cc, uint32_t snap)
{
    if (snap >= A->T->nsnaps) {
        asm_fail(A, "guard exits through missing snapshot %u", snap);
        return;
    }
    uint8_t *field = x64_jcc32(&A->b, cc, NULL);
    if (field == NULL)
        return;   /* the buffer is full; the whole attempt is retried */
    if (A->nexits == A->maxexits) {
        A->maxexits = A->maxexits ? 2 * A->maxexits : 32;
        A->exit_field = realloc(A->exit_field, A->maxexits * sizeof *A->exit_field);
        A->exit_snap = realloc(A->exit_snap, A->maxexits * sizeof *A->exit_snap);
    }
    A->exit_field[A->nexits] = field;
    A->exit_snap[A->nexits++] = snap;
}

/* The temp area holds the widest call's arguments or all PHI values. */
static uint32_t temp_slots(const Trace *T)
{
    uint32_t most = 1, phis = 0;
    for (IRRef r = 1; r < T->nins; r++) {
        const IRIns *ins = &T->ir[r];
        if (ins->op == IR_PHI)
            phis++;
        if (ins->op == IR_CALLN || ins->op == IR_CALLL || ins->op == IR_CALLA ||
            ins->op == IR_CALLS) {
            IRRef args[16];
            int n = asm_call_args(T, ins, args, 16);
            if (n > (int)most)
                most = (uint32_t)n;
        }
    }
    return phis > most ? phis : most;
}

static void layout_frame(Asm *A)
{
    A->temp_off = 0;
    A->spill_off = 8 * (int32_t)temp_slots(A->T);
    int32_t size = A->spill_off + 8 * (int32_t)A->T->nins;
    /* The caller's call left rsp at 8 mod 16 and the pushes keep it there;
     * calls we make need it at 0 mod 16. */
    if ((size + 8 * NSAVED + 8) % 16 != 0)
        size += 8;
    A->frame_size = size;
}

/* The pushes, then the inner entry (asm.h): every trace saves the same
 * registers in the same order, so a trace entered from another finds them
 * saved already and only sets up its own frame. */
static void prologue(Asm *A)
{
    const uint8_t *start = A->b.p;
    for (int i = 0; i < NSAVED; i++)
        x64_push(&A->b, saved_regs[i]);
    if (A->b.p - start != ASM_INNER_ENTRY)
        asm_fail(A, "the prologue's pushes take %d bytes, not %d", (int)(A->b.p - start),
                 ASM_INNER_ENTRY);
    x64_alu_ri(&A->b, X64_S64, X64_SUB, X64_RSP, A->frame_size);
    x64_mov_rr(&A->b, X64_S64, REG_BASE, X64_RDI);
}

/* Pops this trace's own frame, leaving the saved registers on the stack,
 * as the inner entry of the next trace expects them. */
static void pop_own_frame(Asm *A)
{
    x64_alu_ri(&A->b, X64_S64, X64_ADD, X64_RSP, A->frame_size);
}

/* Pops the frame and the saved registers, leaving rsp as the caller left
 * it (its return address on top). */
static void pop_frame(Asm *A)
{
    pop_own_frame(A);
    for (int i = NSAVED - 1; i >= 0; i--)
        x64_pop(&A->b, saved_regs[i]);
}

/* add qword [counter], 1, through `via` */
static void count_in(Asm *A, uint64_t *counter, X64Reg via)
{
    x64_movabs(&A->b, via, (uint64_t)(uintptr_t)counter);
    x64_alu_mi(&A->b, X64_S64, X64_ADD, x64_mem(via, 0), 1);
}

/* A chained site: r11 holds the next trace's inner entry, which runs on
 * the same base. */
uint8_t *asm_emit_chain_tail(Asm *A, uint64_t *counter)
{
    uint8_t *at = A->b.p;
    count_in(A, counter, SCR_A);
    x64_mov_rr(&A->b, X64_S64, X64_RDI, REG_BASE);
    pop_own_frame(A);
    x64_jmp_r(&A->b, SCR_B);
    return at;
}

/* A linked completion site: r11 holds the target tree's AsmEntry. While
 * it has no tree, the trace completes as if unlinked. The target runs on
 * the frame the trace ends in (Trace.end_base). */
uint8_t *asm_emit_link_tail(Asm *A)
{
    uint8_t *at = A->b.p;
    x64_mov_rm(&A->b, X64_S64, SCR_A, x64_mem(SCR_B, (int32_t)offsetof(AsmEntry, fn)));
    x64_test_rr(&A->b, X64_S64, SCR_A, SCR_A);
    uint8_t *unlinked = x64_jcc32(&A->b, X64_CC_E, NULL);
    x64_alu_mi(&A->b, X64_S64, X64_ADD,
               x64_mem(SCR_B, (int32_t)offsetof(AsmEntry, count[ASM_COUNT_ENTRY])), 1);
    count_in(A, &A->counts->count[ASM_COUNT_DONE], SCR_B);
    if (A->T->end_base == 0)
        x64_mov_rr(&A->b, X64_S64, X64_RDI, REG_BASE);
    else
        x64_lea(&A->b, X64_RDI, x64_mem(REG_BASE, 16 * A->T->end_base));
    pop_own_frame(A);
    x64_alu_ri(&A->b, X64_S64, X64_ADD, SCR_A, ASM_INNER_ENTRY);
    x64_jmp_r(&A->b, SCR_A);
    if (unlinked != NULL && !x64_patch_rel32(unlinked, A->b.p))
        asm_fail(A, "link tail out of branch range");   /* (a full buffer is retried) */
    x64_mov_ri32(&A->b, X64_S32, X64_RAX, (int32_t)ASM_COMPLETED);
    x64_jmp32(&A->b, A->epilogue);
    return at;
}

/* rdx: the AsmCode this trace was compiled into (AsmExit.code). */
static void epilogue(Asm *A)
{
    A->epilogue = A->b.p;
    x64_movabs(&A->b, X64_RDX, (uint64_t)(uintptr_t)A->out);
    pop_frame(A);
    x64_ret(&A->b);
}

/* ---- the back-edge: every PHI's left operand takes its right operand's
 * value, all at once (a parallel move). Moves whose destination no other
 * pending move still reads are emitted directly, register to register where
 * the allocator allowed; what is left are cycles (a swap of two carried
 * values), which go through the temp area. */

typedef struct PhiMove {
    IRRef left, right;
} PhiMove;

/* Does writing `left`'s location destroy `src`, which a move still reads? */
static bool clobbers(const Asm *A, IRRef left, IRRef src)
{
    if (ir_isk(A->T, src))
        return false;
    if (A->loc[left] == LOC_SPILL)
        return src == left && A->loc[src] == LOC_SPILL;
    return A->loc[src] == A->loc[left];
}

static void move_to_left(Asm *A, IRRef left, IRRef src)
{
    uint8_t l = A->loc[left];
    if (l == LOC_SPILL) {
        asm_gpr_to(A, SCR_A, src);
        x64_mov_mr(&A->b, X64_S64, spill_mem(A, left), SCR_A);
    } else if (l >= LOC_XMM) {
        asm_xmm_to(A, (X64Xmm)(l - LOC_XMM), src);
    } else {
        asm_gpr_to(A, (X64Reg)l, src);
    }
}

static bool emit_ready_move(Asm *A, PhiMove *m, int *n)
{
    for (int i = 0; i < *n; i++) {
        bool blocked = false;
        for (int j = 0; j < *n && !blocked; j++)
            blocked = j != i && clobbers(A, m[i].left, m[j].right);
        if (!blocked) {
            move_to_left(A, m[i].left, m[i].right);
            m[i] = m[--*n];
            return true;
        }
    }
    return false;
}

static void back_edge(Asm *A, const uint8_t *loop_start)
{
    const Trace *T = A->T;
    int n = 0;
    PhiMove *m = malloc(sizeof *m * (T->nins - T->loop + 1));
    for (IRRef r = T->loop; r < T->nins; r++) {
        if (T->ir[r].op != IR_PHI)
            continue;
        IRRef a = T->ir[r].a, b = T->ir[r].b;
        if (ir_isk(T, a) || A->loc[a] == LOC_NONE) {
            asm_fail(A, "PHI %u: left operand %u has no location", r, a);
            free(m);
            return;
        }
        bool same = A->loc[a] == A->loc[b] && (A->loc[a] != LOC_SPILL || a == b);
        if (!same)
            m[n++] = (PhiMove){a, b};
    }
    while (n > 0 && emit_ready_move(A, m, &n))
        ;
    for (int i = 0; i < n; i++) {   /* cycles: through memory */
        asm_gpr_to(A, SCR_A, m[i].right);
        x64_mov_mr(&A->b, X64_S64, x64_mem(X64_RSP, A->temp_off + 8 * i), SCR_A);
    }
    for (int i = 0; i < n; i++) {
        x64_mov_rm(&A->b, X64_S64, SCR_A, x64_mem(X64_RSP, A->temp_off + 8 * i));
        asm_put_gpr(A, m[i].left, SCR_A);
    }
    free(m);
    count_in(A, &A->counts->count[ASM_COUNT_LOOP], SCR_A);   /* for the dispatcher */
    x64_jmp32(&A->b, loop_start);
}

/* The loop body starts on a 32-byte boundary (code areas are page
 * aligned): where it would otherwise fall moves with every change to the
 * code before it, and the front end fetches in aligned blocks, so an
 * unaligned hot loop made timings vary by 10% between builds. */
#define LOOP_ALIGN 32

static const uint8_t *align_loop(Asm *A)
{
    size_t misalign = (uintptr_t)A->b.p % LOOP_ALIGN;
    if (misalign != 0)
        x64_nop(&A->b, LOOP_ALIGN - misalign);
    return A->b.p;
}

static void body(Asm *A)
{
    const Trace *T = A->T;
    const uint8_t *loop_start = NULL;
    for (IRRef r = 1; r < T->nins && !A->failed; r++) {
        A->cur = r;
        if (T->ir[r].op == IR_LOOP)
            loop_start = align_loop(A);
        else if (T->ir[r].op != IR_PHI)
            asm_ins(A, r);
    }
    A->cur = T->nins;
    if (loop_start) {
        back_edge(A, loop_start);
    } else {
        asm_emit_site(A, ASM_SITE_COMPLETED(T));
        x64_mov_ri32(&A->b, X64_S32, X64_RAX, (int32_t)ASM_COMPLETED);
    }
}

/* One attempt into a fresh area of `size` bytes; false on failure, with
 * *retry set when only space ran out. */
static bool attempt(Asm *A, MCode *mc, size_t size, AsmCode *out, bool *retry)
{
    *retry = false;
    MCodeArea *area = mcode_new(mc, size);
    size_t avail;
    uint8_t *start = area ? mcode_begin_write(area, &avail) : NULL;
    if (start == NULL) {
        if (area)
            mcode_free(mc, area);
        return asm_fail(A, "code memory: %s", mc->error);
    }
    x64_buf_init(&A->b, start, avail);
    A->nexits = 0;
    memset(A->site, 0, sizeof *A->site * (A->T->nsnaps + 1));
    prologue(A);
    body(A);
    epilogue(A);
    uint8_t *chain_tail[2] = {asm_emit_chain_tail(A, &A->counts->count[ASM_COUNT_ON]),
                              asm_emit_chain_tail(A, &A->counts->count[ASM_COUNT_FIRST])};
    uint8_t *link_tail = asm_emit_link_tail(A);
    if (!A->failed)
        asm_exit_stubs(A);
    bool ok = !A->failed && x64_buf_ok(&A->b);
    *retry = !A->failed && A->b.overflow;
    if (!A->failed && A->b.invalid)
        asm_fail(A, "an operand could not be encoded");
    if (!mcode_end_write(area, ok ? A->b.p : start) || !ok) {
        mcode_free(mc, area);
        return ok ? asm_fail(A, "code memory: %s", mc->error) : false;
    }
    *out = (AsmCode){.area = area, .size = x64_buf_len(&A->b), .spilled = A->nspilled,
                     .site = A->site, .nsites = A->T->nsnaps + 1, .link_tail = link_tail};
    memcpy(out->chain_tail, chain_tail, sizeof chain_tail);
    out->fn = (AsmTraceFn)(uintptr_t)start;
    return true;
}

bool asm_trace(const Trace *T, MCode *mc, AsmCode *out, char *err, size_t errlen)
{
    static AsmEntry scratch;
    return asm_trace_counted(T, mc, &scratch, out, err, errlen);
}

bool asm_trace_counted(const Trace *T, MCode *mc, AsmEntry *counts, AsmCode *out, char *err,
                       size_t errlen)
{
    Asm A = {.T = T, .err = err, .errlen = errlen, .out = out, .counts = counts};
    if (T->nins > ASM_MAX_INS) {
        snprintf(err, errlen, "trace too long (%u instructions)", T->nins);
        return false;
    }
    A.loc = malloc(T->nins + 1);
    A.site = malloc(sizeof *A.site * (T->nsnaps + 1));
    A.end = malloc(sizeof(uint32_t) * (T->nins + 1));
    A.cost = malloc(sizeof(uint32_t) * (T->nins + 1));
    A.hoisted = malloc(sizeof(bool) * (T->nins + 1));
    asm_regalloc(&A);
    layout_frame(&A);
    size_t size = 4096 + 64 * (size_t)T->nins + 24 * (size_t)T->nsnapmap + 48 * T->nsnaps;
    bool ok = false, retry = true;
    for (int tries = 0; retry && tries < 4; tries++, size *= 2)
        ok = attempt(&A, mc, size, out, &retry);
    if (!ok && retry)
        asm_fail(&A, "code does not fit in %zu bytes", size);
    if (!ok)
        free(A.site);   /* on success the AsmCode owns it */
    free(A.loc);
    free(A.end);
    free(A.cost);
    free(A.hoisted);
    free(A.exit_field);
    free(A.exit_snap);
    return ok;
}
