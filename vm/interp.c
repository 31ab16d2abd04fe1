/* interp.c — the threaded interpreter: the RUN meaning of handlers.h.
 *
 * Dispatch is computed goto through a table derived from OPCODES. The
 * running frame is cached in locals (base, k, pc, ci); the stack never
 * moves, so `base` stays valid across calls and collections. mt-to-mt calls
 * and returns switch frames inside this loop without C recursion. */
#include <math.h>

#include "call.h"
#include "func.h"
#include "gc.h"
#include "interp.h"
#include "jit.h"
#include "mop.h"
#include "mtstring.h"
#include "number.h"
#include "opcodes.h"
#include "table.h"
#include "vmops.h"
#include "debug.h"
#include "handler_frame.h"

#define NEXT()                                                                \
    do {                                                                      \
        insn = *pc++;                                                         \
        goto *dispatch[GET_OP(insn)];                                         \
    } while (0)
#define CLOSURE_SELF() (clvalue(ci->func))
#define GC_SAFEPOINT() (S->top = ci->top, gc_check(S))

/* The hashed counter and trace-mark index of the loop header at pc. */
#define HOT_INDEX() mt_hot_index(pc)
/* Hands pc to the JIT, which may run traces or record one; either may end
 * in another frame (an inlined callee's) at another pc, so reload both. */
#define IN_JIT(call)                                                          \
    do {                                                                      \
        ci->savedpc = pc;                                                     \
        call;                                                                 \
        ci = S->ci;                                                           \
        LOAD_FRAME();                                                         \
    } while (0)

/* Arrival at a loop header by a back-edge: the header's hashed counter
 * counts down. With a JIT, a header that may have a trace, or whose counter
 * ran out, goes to the JIT; without, the counter only counts. */
#define HOT_BACKEDGE()                                                        \
    INTERP(do {                                                               \
        uint32_t h_ = HOT_INDEX();                                            \
        bool hot_ = UNLIKELY_ZERO(--S->hotcount[h_]);                         \
        if (hot_) {                                                           \
            S->hotcount[h_] = (uint16_t)S->hot_threshold;                     \
            S->hot_loops++;                                                   \
            if (S->step_budget != 0)                                          \
                mt_charge_budget(S, ci, pc);                                  \
        }                                                                     \
        if (S->jit != NULL && (hot_ || S->tracemark[h_]))                     \
            IN_JIT(jit_backedge(S, ci, hot_));                                \
    } while (0))
#define UNLIKELY_ZERO(x) __builtin_expect((x) == 0, 0)
/* Entering a numeric for loop from its FORPREP: a loop that has a trace
 * runs it from the first iteration on (back-edges alone would leave the
 * first iteration of every inner loop to the interpreter). Not counted. */
#define HOT_LOOPENTRY()                                                       \
    INTERP(do {                                                               \
        if (S->jit != NULL && S->tracemark[HOT_INDEX()])                      \
            IN_JIT(jit_loopentry(S, ci));                                     \
    } while (0))

#define LOAD_FRAME()                                                          \
    do {                                                                      \
        base = ci->func + 1;                                                  \
        k = clvalue(ci->func)->p->k;                                          \
        pc = ci->savedpc;                                                     \
    } while (0)

/* An mt closure: push its frame and continue here. A bounded run pays
 * for every call, or recursion without loops would escape the budget. */
#define CALL_MT(func, nres)                                                   \
    do {                                                                      \
        if (S->step_budget != 0)                                              \
            mt_charge_budget(S, ci, pc);                                      \
        ci = call_enter_mt(S, (func), (nres));                                \
        LOAD_FRAME();                                                         \
        NEXT();                                                               \
    } while (0)

/* A builtin (or a __call chain): call_precall runs builtins to completion
 * and returns a frame only when the chain ends at an mt closure. */
#define CALL_OTHER(func, nres)                                                \
    do {                                                                      \
        CallInfo *callee_ = call_precall(S, (func), (nres));                  \
        if (callee_ != NULL) {                                                \
            ci = callee_;                                                     \
            LOAD_FRAME();                                                     \
            NEXT();                                                           \
        }                                                                     \
        if ((nres) >= 0)                                                      \
            S->top = ci->top;                                                 \
        gc_check_after_call(S, ci);                                           \
    } while (0)

#define TAILCALL_TO(func)                                                     \
    do {                                                                      \
        ci = interp_tailcall(S, ci, (func));                                  \
        if (ci == NULL)                                                       \
            return;                                                           \
        LOAD_FRAME();                                                         \
        NEXT();                                                               \
    } while (0)

#define RETURN_FROM(first, n)                                                 \
    do {                                                                      \
        ci = interp_return(S, ci, (first), (n));                              \
        if (ci == NULL)                                                       \
            return;                                                           \
        LOAD_FRAME();                                                         \
        NEXT();                                                               \
    } while (0)

/* A collection after a builtin returned: its results are below S->top,
 * which may be above the frame's top after a multi-result call. */
static void gc_check_after_call(State *S, CallInfo *ci)
{
    TValue *top = S->top;
    if (top < ci->top)
        S->top = ci->top;
    gc_check(S);
    S->top = top;
}

/* Ends frame `ci` with n results at `first`. Returns the caller's frame to
 * continue in, or NULL when `ci` was entered from C. */
/* Inline into the RETURN handler: returning is as frequent as calling. */
static inline __attribute__((always_inline)) CallInfo *
interp_return(State *S, CallInfo *ci, TValue *first, int n)
{
    if (S->openupval != NULL && S->openupval->v >= ci->func)
        upval_close(S, ci->func);
    bool fresh = ci->callstatus & CIST_FRESH;
    int wanted = ci->nresults;
    call_finish(S, ci, first, n);
    if (fresh)
        return NULL;
    ci = S->ci;
    if (wanted >= 0)
        S->top = ci->top;
    return ci;
}

/* A tail call reuses the caller's frame slot: the callee and its arguments
 * move down to where the current function's results would go. */
static CallInfo *interp_tailcall(State *S, CallInfo *ci, TValue *func)
{
    if (S->step_budget != 0)
        mt_charge_budget(S, ci, ci->savedpc);
    while (!isfunction(func))
        call_insert_callmeta(S, func);
    if (ttype(func) == T_CFN) {
        /* A builtin cannot reuse the frame: call it, then return its results. */
        call_precall(S, func, MT_MULTRET);
        return interp_return(S, ci, func, (int)(S->top - func));
    }
    if (S->openupval != NULL && S->openupval->v >= ci->func)
        upval_close(S, ci->func);
    TValue *dest = call_resultslot(ci);
    int n = (int)(S->top - func);
    for (int i = 0; i < n; i++)
        setobj(dest + i, func + i);
    S->top = dest + n;
    uint8_t status = ci->callstatus & CIST_FRESH;
    int nresults = ci->nresults;
    S->ci = ci - 1;
    ci = call_enter_mt(S, dest, nresults);
    ci->callstatus |= status | CIST_TAIL;
    return ci;
}

void interp_execute(State *S, CallInfo *ci)
{
    static const void *const dispatch[NUM_OPCODES] = {
#define OP_LABEL(name, fmt, doc) &&L_##name,
        OPCODES(OP_LABEL)
#undef OP_LABEL
    };
    TValue *base;
    const TValue *k;
    const Instr *pc;
    Instr insn;

    LOAD_FRAME();
    NEXT();

#include "handlers.h"
}
