/* record.c — the recording session, and vm/handlers.h in its RECORD meaning.
 *
 * rec_exec includes handlers.h with the meta-operations of mop_record.h and
 * control macros that execute ONE instruction: NEXT() ends it, SKIP/JUMP
 * move the recorder's (green) pc, and the frame transitions go to
 * record_call.c. Opcodes that allocate or call arbitrary code are refused
 * before they execute (rec_recordable). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "debug.h"
#include "frame_shift.h"
#include "func.h"
#include "gc.h"
#include "handler_frame.h"
#include "mop_record.h"
#include "mtstring.h"
#include "number.h"
#include "table.h"
#include "vmops.h"

/* ---- the record meaning of each helper the handlers call ----
 * Whitelisted helpers become IR calls; all others run concretely and abort
 * the trace (metamethod slow paths, allocation, calls, frame work...). */
#define REC_ABORTING(fn, ...) (rec_abort(R, "helper %s", #fn), fn(__VA_ARGS__))

#define REC_H_tab_getstr(fn, t, key) rec_h_tab_getstr(R, (t), (key))
#define REC_H_tab_getint(fn, t, key) rec_h_tab_getint(R, (t), (key))
#define REC_H_tab_len(fn, t) rec_h_tab_len(R, (t))
#define REC_H_num_fmod(fn, a, b) rec_h_fmath2(R, num_fmod, (a), (b))
#define REC_H_pow(fn, a, b) rec_h_fmath2(R, pow, (a), (b))
#define REC_H_floor(fn, a) rec_h_fmath1(R, floor, (a))
#define REC_H_num_shiftl(fn, a, b) rec_h_shiftl(R, (a), (b))
#define REC_H_num_imod_nz(fn, a, b) rec_h_imod(R, (a), (b))
#define REC_H_num_idiv_nz(fn, a, b) rec_h_idiv(R, (a), (b))
#define REC_H_num_forcount(fn, a, b, c) rec_h_forcount(R, (a), (b), (c))
/* reached only with a zero divisor: they raise */
#define REC_H_num_imod(fn, S_, a, b)                                          \
    ((MINT){(rec_abort(R, "integer %% by zero"), fn((S_), (a).v, (b).v)), IRREF_NONE})
#define REC_H_num_idiv(fn, S_, a, b)                                          \
    ((MINT){(rec_abort(R, "integer // by zero"), fn((S_), (a).v, (b).v)), IRREF_NONE})

#define REC_H_tab_get REC_ABORTING
#define REC_H_tab_setstr REC_ABORTING
#define REC_H_tab_new REC_ABORTING
#define REC_H_vm_finishget REC_ABORTING
#define REC_H_vm_getglobal_slow REC_ABORTING
#define REC_H_vm_setglobal REC_ABORTING
#define REC_H_vm_geti REC_ABORTING
#define REC_H_vm_seti REC_ABORTING
#define REC_H_vm_rawset_checked REC_ABORTING
#define REC_H_vm_arith REC_ABORTING
#define REC_H_vm_forprep REC_ABORTING
#define REC_H_vm_setlist REC_ABORTING
#define REC_H_vm_closure REC_ABORTING
#define REC_H_vm_vararg REC_ABORTING
#define REC_H_mt_gettable REC_ABORTING
#define REC_H_mt_settable REC_ABORTING
#define REC_H_mt_objlen REC_ABORTING
#define REC_H_mt_concat REC_ABORTING
#define REC_H_mt_equal REC_ABORTING
#define REC_H_mt_rawequal REC_ABORTING
#define REC_H_mt_lessthan REC_ABORTING
#define REC_H_mt_lessequal REC_ABORTING
#define REC_H_mt_call REC_ABORTING
#define REC_H_upval_close REC_ABORTING

/* ---- control macros for one instruction (the rest: handler_frame.h) ---- */
#define NEXT() goto rec_next_
#define CLOSURE_SELF() rec_closure(R, clvalue(ci->func))
#define GC_SAFEPOINT()                                                        \
    (rec_abort(R, "GC safepoint (allocation is not traced)"), S->top = ci->top, gc_check(S))
#define HOT_BACKEDGE() ((void)0)   /* interpreter bookkeeping: not recorded */
#define HOT_LOOPENTRY() ((void)0)

/* Frame transitions (record_call.c): mt calls and returns are followed;
 * the others are refused before they have any effect. */
#define CALL_MT(func, nres)                                                   \
    do {                                                                      \
        rec_call_mt(R, (func), (nres), ARG_B, pc);                            \
        return;                                                               \
    } while (0)
#define CALL_OTHER(func, nres)                                                \
    do {                                                                      \
        rec_call_builtin(R, (func), (nres), ARG_B, pc);                       \
        return;                                                               \
    } while (0)
#define TAILCALL_TO(func)                                                     \
    do {                                                                      \
        rec_tailcall(R, (func), ARG_B);                                       \
        return;                                                               \
    } while (0)
#define RETURN_FROM(first, n)                                                 \
    do {                                                                      \
        rec_return(R, (first), (n), ARG_B);                                   \
        return;                                                               \
    } while (0)

static void rec_exec(Rec *R)
{
    State *S = R->S;
    CallInfo *ci = R->ci;
    TValue *base = R->base;
    const TValue *k = R->k;
    const Instr *pc = R->pc;
    Instr insn = *pc++;

    switch (GET_OP(insn)) {
#define OP_CASE(name, fmt, doc) case OP_##name: goto L_##name;
        OPCODES(OP_CASE)
#undef OP_CASE
    default:
        rec_abort(R, "bad opcode");
        return;
    }

#include "handlers.h"

rec_next_:
    R->pc = pc;
}

/* ---- the session ---- */

bool rec_recordable(OpCode op)
{
    switch (op) {
    case OP_GETUPVAL: case OP_SETUPVAL:
    case OP_MOVE: case OP_LOADK: case OP_LOADI: case OP_LOADF: case OP_LOADNIL:
    case OP_LOADBOOL: case OP_GETGLOBAL: case OP_GETTABLE: case OP_GETI:
    case OP_GETFIELD: case OP_SETTABLE: case OP_SETI: case OP_SETFIELD: case OP_SELF:
    case OP_ADD: case OP_SUB: case OP_MUL: case OP_MOD: case OP_POW: case OP_DIV:
    case OP_IDIV: case OP_BAND: case OP_BOR: case OP_BXOR: case OP_SHL: case OP_SHR:
    case OP_ADDK: case OP_SUBK: case OP_MULK: case OP_MODK: case OP_POWK: case OP_DIVK:
    case OP_IDIVK: case OP_BANDK: case OP_BORK: case OP_BXORK: case OP_SHLK: case OP_SHRK:
    case OP_UNM: case OP_BNOT: case OP_NOT: case OP_LEN: case OP_JMP: case OP_JMPBACK:
    case OP_EQ: case OP_LT: case OP_LE: case OP_EQK: case OP_TEST: case OP_TESTSET:
    case OP_FORPREP: case OP_FORLOOP: case OP_CALL: case OP_RETURN: case OP_TAILCALL:
        return true;
    default:
        return false;
    }
}

void rec_start(Rec *R, State *S, CallInfo *ci, const Instr *loop_pc)
{
    memset(R, 0, sizeof *R);
    ir_init(&R->T);
    R->S = S;
    R->ci = ci;
    R->root = R->base = ci->func + 1;
    Proto *p = clvalue(ci->func)->p;
    R->k = p->k;
    R->nk = p->nk;
    R->frames[0] = (RecFrame){ci, 0, p->k, p->nk};
    R->loop_pc = R->pc = loop_pc;
    R->maxinsns = REC_DEFAULT_MAXINSNS;
    long n = (long)(ci->top - R->base);
    R->nslots = n > REC_MAXSLOTS ? REC_MAXSLOTS : (int)n;
    if (n > REC_MAXSLOTS)
        rec_abort(R, "frame of %ld slots is too large", n);
}

/* The tags snapshot snap of parent writes as constants: its exit stub put
 * them in the frame, from which the side trace starts. */
static void know_exit_tags(Rec *R, const Trace *parent, const Snapshot *snap)
{
    for (uint32_t i = 0; i < snap->nentries; i++) {
        const SnapEntry *se = &parent->snapmap[snap->entry + i];
        if (ir_isk(parent, se->tag) && se->slot >= R->minslot && se->slot < R->nslots)
            rec_know_tag(R, se->slot, (int)parent->ir[se->tag].k.i);
    }
}

void rec_start_side(Rec *R, State *S, TValue *base, const Trace *parent, const Snapshot *snap)
{
    const SnapFrame *frames = &parent->snapframes[snap->frame];
    CallInfo *inner = S->ci;
    CallInfo *bottom = inner - snap->nframes;
    rec_start(R, S, bottom, inner->savedpc);
    R->side = true;
    R->root = base;
    R->down = snap->down;
    R->open_top = (RecTop){snap->has_top, snap->top};
    int32_t b = (int32_t)(bottom->func + 1 - base);
    R->frames[0].base = b;
    R->minslot = b;
    R->nslots = b + (int)(bottom->top - (bottom->func + 1));
    for (uint32_t f = 0; f < snap->nframes; f++) {
        const SnapFrame *sf = &frames[f];
        const Proto *p = ((const Closure *)sf->closure)->p;
        R->depth++;
        R->frames[R->depth] = (RecFrame){bottom + 1 + f, sf->base, p->k, p->nk};
        R->snapframes[R->depth - 1] = *sf;
        if (sf->base + p->maxstack > R->nslots)
            R->nslots = sf->base + p->maxstack;
    }
    if (b < -REC_MAXDOWNSLOTS || R->nslots > REC_MAXSLOTS)
        rec_abort(R, "the exit's frames are too large");   /* before any slot is used */
    else
        know_exit_tags(R, parent, snap);
    rec_use_frame(R, R->depth);
}

/* The state before the instruction, which each of its guards resumes. */
static void step_begin(Rec *R)
{
    R->nsnapents = 0;
    for (int s = R->minslot; s < R->nslots; s++) {
        const RecSlot *e = rec_slot(R, s);
        if (e->modified)
            R->snapents[R->nsnapents++] = (SnapEntry){s, e->tag, e->val};
    }
    R->nobjs = R->nlocs = 0;
    R->cond.kind = COND_NONE;
    R->top_in = R->open_top;
    R->open_top = (RecTop){false, 0};
}

/* After an instruction that did not close or link the trace: a root trace
 * whose own loop ended is useless; a back-edge to another loop (one with no
 * trace, or in an inlined call, where no link is possible) is followed, so
 * short inner loops are unrolled into the trace, up to REC_MAXUNROLL
 * back-edges. Side traces follow back-edges freely (their length is the
 * limit): they go round outer loops to reach a header with a trace. */
static RecStatus loop_checks(Rec *R, OpCode op)
{
    if (R->side || op == OP_CALL || op == OP_RETURN || op == OP_TAILCALL)
        return REC_CONTINUE;
    Instr insn = *R->insn_pc;
    bool own_forloop = R->depth == 0 && op == OP_FORLOOP &&
                       R->insn_pc + 1 - GET_Bx(insn) == R->loop_pc;
    if (own_forloop) {   /* it fell through: the loop ended */
        rec_abort(R, "the loop ended while it was recorded");
        return REC_ABORT;
    }
    if (R->unrolled > REC_MAXUNROLL) {
        rec_abort(R, "inner loop runs too long to unroll");
        return REC_ABORT;
    }
    return REC_CONTINUE;
}

/* Did the instruction just recorded jump back (to a loop header)? Calls
 * and returns move to other code, not back. */
static bool took_backedge(const Rec *R, OpCode op)
{
    return op != OP_CALL && op != OP_RETURN && op != OP_TAILCALL && R->pc <= R->insn_pc;
}

/* At the header of a loop that has a trace, a trace ends there and links
 * to it, except a root trace in an inlined call while the loops it
 * followed stay short: a callee's short loop (a search that returns
 * early) is better unrolled into its caller's loop than entered at every
 * call through a frame change, and left through an exit at its return.
 * Side traces always link: unrolling there too grew trees without bound
 * (fannkuch_redux: 883 side traces filled the code memory). */
static bool links_here(const Rec *R)
{
    return R->side || R->depth == 0 || R->unrolled >= REC_MAXUNROLL;
}

RecStatus rec_step(Rec *R)
{
    R->executed = false;
    R->refused = false;
    if (R->aborted)
        return REC_ABORT;
    R->insn_pc = R->pc;
    OpCode op = GET_OP(*R->pc);
    if (!rec_recordable(op)) {
        rec_abort(R, "opcode %s is not recordable", mt_opnames[op]);
        return REC_ABORT;
    }
    if (R->ninsns >= R->maxinsns) {
        rec_abort(R, "trace longer than %u instructions", R->maxinsns);
        return REC_ABORT;
    }
    step_begin(R);
    rec_exec(R);
    R->ninsns++;
    R->executed = !R->refused;
    if (R->cond.kind == COND_RED)
        rec_abort(R, "%s: a red condition was never tested with IF", mt_opnames[op]);
    if (R->aborted)
        return REC_ABORT;
    if (R->depth == 0 && R->pc == R->loop_pc && !R->side)
        return REC_CLOSED;
    if (took_backedge(R, op))
        R->unrolled++;
    if (R->linkable != NULL && R->linkable(R->S, R->pc) && links_here(R)) {
        R->link = R->pc;
        return REC_LINKED;
    }
    return loop_checks(R, op);
}

/* A trace that links on in another frame than its base frame: its end
 * state is a snapshot at the link (for the room guard), and its frames
 * become the interpreter's after the stores (frame_shift_end). */
void rec_finish(Rec *R)
{
    R->T.looping = !R->side && R->link == NULL;
    if (R->open_top.known) {   /* a loop header never takes an open call's values */
        rec_abort(R, "trace ends after a call keeping all results");
        return;
    }
    bool shifts = R->link != NULL && (R->depth > 0 || R->down > 0);
    if (shifts && R->depth > 0) {
        step_begin(R);
        R->insn_pc = R->link;
        rec_guard_room(R);
    }
    for (int s = R->minslot; s < R->nslots; s++) {
        const RecSlot *e = rec_slot(R, s);
        if (!e->modified)
            continue;
        ir_emit(&R->T, IR_SSTORET, IRT_VOID, (IRRef)s, e->tag);
        if (e->val != IRREF_NONE)
            ir_emit(&R->T, IR_SSTORE, IRT_VOID, (IRRef)s, e->val);
    }
    if (shifts) {
        R->shift = frame_shift_new(R->down, R->snapframes, (uint32_t)R->depth);
        if (R->shift == NULL) {
            rec_abort(R, "out of memory");
            return;
        }
        rec_call_frame_shift(R, R->shift);
        R->T.end_base = R->frames[R->depth].base;
    }
}

void rec_free(Rec *R)
{
    free(R->shift);
    R->shift = NULL;
    ir_free(&R->T);
}
