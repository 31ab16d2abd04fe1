/* record_call.c — following calls: the record meaning of entering and
 * leaving mt frames (CALL_MT and RETURN_FROM in vm/handlers.h).
 *
 * A call of an mt closure is inlined: the trace guards that the callee is
 * the closure seen now, the recorder pushes the real frame (so that it goes
 * on executing concretely, exactly as the interpreter would) and continues
 * in the callee with its slots numbered on from the root frame's. No frame
 * exists at run time: each snapshot taken inside the callee lists the
 * inlined frames (SnapFrame), from which an exit rebuilds the CallInfos
 * (jit.c). A return copies the results into the caller's slots and forgets
 * the callee's, which are dead.
 *
 * A side trace may also return from its base frame, and from the frames
 * below it (return_below): the caller is a real frame, checked by guards,
 * and its slots are numbered below the base frame's. A tail call from such
 * a frame (tailcall_below) leaves it the same way and inlines the callee
 * as a call from the caller.
 *
 * Calls keeping all results (C = 0) and the instruction after them, which
 * takes all values up to the top they leave (B = 0), are followed: the
 * number of values is green (the callee's return instruction fixes it),
 * so the recorder knows that top (Rec.open_top) and the snapshots of the
 * instruction that takes it restore it (Snapshot.has_top).
 *
 * Refused (before any effect, the interpreter then runs the instruction):
 * taking values up to a top the trace does not know, vararg callees,
 * recursion, nesting deeper than REC_MAXDEPTH, builtins, returning or tail
 * calling from a root trace's base frame (the loop was left), and returns
 * and tail calls below the base frame the guards cannot cover. */
#include <stdarg.h>
#include <stdio.h>

#include "call.h"
#include "func.h"
#include "lib.h"
#include "mop_record.h"
#include "number.h"

void rec_refuse(Rec *R, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rec_vabort(R, fmt, ap);
    va_end(ap);
    R->refused = true;
}

static bool recursive(const Rec *R, const Proto *p)
{
    for (int d = 0; d <= R->depth; d++)
        if (clvalue(R->frames[d].ci->func)->p == p)
            return true;
    return false;
}

/* How many values there are from `from` up to the top of stack that the
 * instruction being recorded found (its operand B or C was 0), or -1 when
 * the trace does not know that top (it was not left by a call it
 * followed). */
static int values_to_top(const Rec *R, const TValue *from)
{
    const TValue *top = R->root + R->top_in.slot;
    if (!R->top_in.known || top != R->S->top || top < from)
        return -1;
    return (int)(top - from);
}

/* How many values an operand that counts them plus one (B of CALL,
 * TAILCALL and RETURN) stands for; -1 if it is 0 and the top unknown. */
static int count_operand(const Rec *R, int field, const TValue *from)
{
    return field != 0 ? field - 1 : values_to_top(R, from);
}

/* Why a call of p with nargs arguments (-1: unknown) cannot be inlined,
 * or NULL. */
static const char *call_refusal(const Rec *R, const Proto *p, int nargs, int32_t top)
{
    if (nargs < 0)
        return "call with a variable number of arguments";
    if (p->is_vararg)
        return "call of a vararg function";
    if (R->depth >= REC_MAXDEPTH)
        return "calls nested too deeply to inline";
    if (recursive(R, p))
        return "recursive call";
    if (top > REC_MAXSLOTS)
        return "inlined frames need too many slots";
    return NULL;
}

static void enter_frame(Rec *R, CallInfo *ci, Closure *cl, const Instr *retpc, int nresults)
{
    int32_t base = (int32_t)(ci->func + 1 - R->root);
    const Proto *p = cl->p;
    R->depth++;
    R->frames[R->depth] = (RecFrame){ci, base, p->k, p->nk};
    R->snapframes[R->depth - 1] = (SnapFrame){base, cl, retpc, nresults};
    rec_use_frame(R, R->depth);
    R->pc = p->code;
}

/* Leaves the top of stack at `top` for the next instruction, which takes
 * the values below it. */
static void leave_open_top(Rec *R, TValue *top)
{
    R->S->top = top;
    R->open_top = (RecTop){true, (int32_t)(top - R->root)};
}

/* After a return: goes on in frames[d] (the real frame too) at pc, with
 * the top of stack past the results `end` when the call kept all of them
 * (NULL: the frame's own top). */
static void return_to(Rec *R, int d, const Instr *pc, TValue *end)
{
    rec_use_frame(R, d);
    R->S->ci = R->ci;
    R->S->top = R->ci->top;
    R->pc = pc;
    if (end != NULL)
        leave_open_top(R, end);
}

void rec_call_mt(Rec *R, TValue *func, int nresults, int nargs_field, const Instr *retpc)
{
    Closure *cl = clvalue(func);
    Proto *p = cl->p;
    int32_t top = (int32_t)(func + 1 - R->root) + p->maxstack;
    int nargs = count_operand(R, nargs_field, func + 1);
    const char *why = call_refusal(R, p, nargs, top);
    if (why != NULL) {
        rec_refuse(R, "%s", why);
        return;
    }
    rec_guard_ptr(R, func, cl);
    if (top > R->nslots)
        R->nslots = top;
    CallInfo *ci = call_enter_mt(R->S, func, nresults);   /* pads with nils */
    for (int i = nargs; i < p->numparams; i++)
        rec_set_nil(R, func + 1 + i);
    enter_frame(R, ci, cl, retpc, nresults);
}

/* The slots a tail call's callee cl reaches in frame ci's place. */
static int32_t tail_top(const Rec *R, const CallInfo *ci, const Closure *cl)
{
    return (int32_t)(ci->func + 1 - R->root) + cl->p->maxstack;
}

/* A tail call's callee takes frame ci's place: the function and its nargs
 * arguments move down to ci's function slot, the frame's other slots die,
 * and the callee is entered there from ci's caller, wanting the same
 * results and returning to retpc. R->depth is already the caller's. */
static void replace_frame(Rec *R, CallInfo *ci, TValue *func, int nargs, const Instr *retpc)
{
    State *S = R->S;
    Closure *cl = clvalue(func);
    TValue *dest = ci->func;
    int32_t top = tail_top(R, ci, cl);
    for (int i = 0; i <= nargs; i++)   /* the function and its arguments */
        rec_copy(R, dest + i, func + i);
    rec_forget_slots(R, (int)(dest + nargs + 1 - R->root), (int)(ci->top - R->root));
    if (top > R->nslots)
        R->nslots = top;
    int nresults = ci->nresults;
    S->top = dest + nargs + 1;
    S->ci = ci - 1;
    CallInfo *callee = call_enter_mt(S, dest, nresults);   /* pads with nils */
    callee->callstatus |= CIST_TAIL;
    for (int i = nargs; i < cl->p->numparams; i++)
        rec_set_nil(R, dest + 1 + i);
    enter_frame(R, callee, cl, retpc, nresults);
}

static void tailcall_below(Rec *R, TValue *func, int nargs_field);

/* A tail call from an inlined frame returns to the same caller. */
void rec_tailcall(Rec *R, TValue *func, int nargs_field)
{
    State *S = R->S;
    CallInfo *ci = R->ci;
    if (R->depth == 0) {
        tailcall_below(R, func, nargs_field);
        return;
    }
    if (func->tt != T_LCL || (S->openupval != NULL && S->openupval->v >= ci->func)) {
        rec_refuse(R, func->tt != T_LCL ? "tail call of a builtin" : "tail call closes upvalues");
        return;
    }
    Closure *cl = clvalue(func);
    int nargs = count_operand(R, nargs_field, func + 1);
    /* the frame it replaces is no caller: leave it out of the recursion check */
    R->depth--;
    const char *why = call_refusal(R, cl->p, nargs, tail_top(R, ci, cl));
    R->depth++;
    if (why != NULL) {
        rec_refuse(R, "tail %s", why);
        return;
    }
    (void)IF(IS(func, T_LCL));
    rec_guard_ptr(R, func, cl);
    const Instr *retpc = R->snapframes[R->depth - 1].retpc;
    R->depth--;
    replace_frame(R, ci, func, nargs, retpc);
}

/* Copies frame ci's n results at `first` to where its caller wants them
 * (non-vararg frames: where the function was), nil-padded, and forgets the
 * frame's other slots, which are dead. Returns the end of the results
 * when the caller keeps them all (it takes them up to the top), else
 * NULL. */
static TValue *copy_results(Rec *R, CallInfo *ci, TValue *first, int n)
{
    TValue *dest = ci->func;
    int wanted = ci->nresults < 0 ? n : ci->nresults;
    for (int i = 0; i < wanted; i++) {
        if (i < n)
            rec_copy(R, dest + i, first + i);
        else
            rec_set_nil(R, dest + i);
    }
    rec_forget_slots(R, (int)(dest + wanted - R->root), (int)(ci->top - R->root));
    return ci->nresults < 0 ? dest + wanted : NULL;
}

/* Why the bottom frame ci cannot return to its caller in this trace, or
 * NULL. The guards (rec_guard_return_below) cover a caller that is the
 * same call of an mt function; a vararg frame's results go elsewhere. A
 * function with closures may have open upvalues into its frame: the
 * returning one would have to close them, and the caller's would alias
 * the slots the trace keeps in registers (so no upvalue ever points into
 * a frame below the base frame). */
static const char *below_refusal(const Rec *R, const CallInfo *ci, int n)
{
    const Proto *p = clvalue(ci->func)->p;
    if (!R->side)
        return "returned from the trace's root frame";
    if (n < 0)
        return "return of a variable number of values";
    if (ci->callstatus & CIST_FRESH)
        return "return to a builtin that called the function";
    if (p->is_vararg)
        return "return from a vararg function";
    if (p->nprotos > 0)
        return "return from a function with closures";
    if (clvalue(ci[-1].func)->p->nprotos > 0)
        return "return to a function with closures";
    if (R->down >= REC_MAXDOWN ||
        ci[-1].func + 1 - R->root < -REC_MAXDOWNSLOTS ||
        ci[-1].top - R->root > REC_MAXSLOTS)
        return "returned too far below the trace's base frame";
    return NULL;
}

/* The bottom frame ci is left (guarded: rec_guard_return_below); its
 * caller's slots join the ones the trace tracks. Returns the caller. */
static CallInfo *leave_bottom_frame(Rec *R, CallInfo *ci)
{
    rec_guard_return_below(R, ci);
    CallInfo *caller = ci - 1;
    int32_t base = (int32_t)(caller->func + 1 - R->root);
    int32_t top = (int32_t)(caller->top - R->root);
    if (base < R->minslot)
        R->minslot = base;
    if (top > R->nslots)
        R->nslots = top;
    return caller;
}

/* The caller of the frame left is the new bottom frame, one further down. */
static void caller_becomes_bottom(Rec *R, CallInfo *caller)
{
    const Proto *p = clvalue(caller->func)->p;
    R->down++;
    R->frames[0] = (RecFrame){caller, (int32_t)(caller->func + 1 - R->root), p->k, p->nk};
}

/* A side trace returns from its bottom frame to the caller, which becomes
 * its bottom frame. */
static void return_below(Rec *R, TValue *first, int n, int nresults_field)
{
    CallInfo *ci = R->ci;
    const char *why = below_refusal(R, R->ci, count_operand(R, nresults_field, first));
    if (why != NULL) {
        rec_refuse(R, "%s", why);
        return;
    }
    CallInfo *caller = leave_bottom_frame(R, ci);
    TValue *end = copy_results(R, ci, first, n);
    caller_becomes_bottom(R, caller);
    return_to(R, 0, caller->savedpc, end);
}

/* A tail call from the bottom frame: the frame is left as by a return
 * (its caller, guarded as for return_below, becomes the bottom frame) and
 * the callee takes its place, as an inlined call from the caller's call
 * instruction wanting the same results. */
static void tailcall_below(Rec *R, TValue *func, int nargs_field)
{
    CallInfo *ci = R->ci;
    if (func->tt != T_LCL) {
        rec_refuse(R, "tail call of a builtin");
        return;
    }
    Closure *cl = clvalue(func);
    int nargs = count_operand(R, nargs_field, func + 1);
    const char *why = !R->side ? "from the trace's root frame" : below_refusal(R, ci, 1);
    if (why == NULL)
        why = call_refusal(R, cl->p, nargs, tail_top(R, ci, cl));
    if (why != NULL) {
        rec_refuse(R, "tail call: %s", why);
        return;
    }
    (void)IF(IS(func, T_LCL));
    rec_guard_ptr(R, func, cl);
    CallInfo *caller = leave_bottom_frame(R, ci);
    caller_becomes_bottom(R, caller);
    replace_frame(R, ci, func, nargs, caller->savedpc);
}

void rec_return(Rec *R, TValue *first, int n, int nresults_field)
{
    State *S = R->S;
    CallInfo *ci = R->ci;
    if (R->depth == 0) {
        return_below(R, first, n, nresults_field);
        return;
    }
    if (count_operand(R, nresults_field, first) < 0) {
        rec_refuse(R, "return of a variable number of values");
        return;
    }
    if (S->openupval != NULL && S->openupval->v >= ci->func) {
        rec_refuse(R, "return closes upvalues");
        return;
    }
    TValue *end = copy_results(R, ci, first, n);
    const Instr *retpc = R->snapframes[R->depth - 1].retpc;
    R->depth--;
    return_to(R, R->depth, retpc, end);
}

/* ---- builtins ----
 * A few builtins have a record meaning: a call of a C function that
 * computes the same result, guarded on the builtin's identity and its
 * arguments' types. Each returns how many results it produced at `func`
 * (green: the guards fix it), or -1 when it is not one of them or not with
 * these arguments; it must then have done nothing. Any other builtin, or
 * any other use of one, is refused. */
static double (*find(const LibPureFloat1 *list, CFunc f))(double)
{
    for (const LibPureFloat1 *p = list; p->builtin != NULL; p++)
        if (p->builtin == f)
            return p->fn;
    return NULL;
}

static bool is_builtin(const TValue *func, CFunc f)
{
    return func->tt == T_CFN && func->v.f == f;
}

/* A rounding builtin (vm/lib.h) on one number. */
static void record_rounding(Rec *R, TValue *func, double (*fn)(double))
{
    TValue *arg = func + 1;
    if (IF(IS(arg, T_INT))) {
        SET_INT(func, INT(arg));
        return;
    }
    if (IF(IS(arg, T_FLT)))
        SET_INT(func, rec_f2i_exact(R, rec_h_fmath1(R, fn, FLT(arg))));
}

/* s:byte(i) / string.byte(s, i): a pure call, then a guard on whether
 * there was a byte (one result) or not (none). */
static int record_byte(Rec *R, TValue *func, int nargs)
{
    if (!is_builtin(func, lib_string_byte) || nargs != 2 || func[1].tt != T_STR ||
        func[2].tt != T_INT)
        return -1;
    rec_guard_ptr(R, func, (const void *)func->v.f);
    (void)IF(IS(func + 1, T_STR));
    (void)IF(IS(func + 2, T_INT));
    MINT b = rec_h_ptr_int(R, lib_str_byte1, GCP(func + 1), INT(func + 2));
    if (!IF(ILE(KINT(0), b)))
        return 0;
    SET_INT(func, b);
    return 1;
}

/* string.char(c) of a byte whose string exists: a lookup, guarded on
 * finding it. Where it is not found (a string to create, which may
 * collect, or an error to raise) the trace exits and the interpreter
 * calls string.char. */
static int record_char(Rec *R, TValue *func, int nargs)
{
    if (!is_builtin(func, lib_string_char) || nargs != 1 || func[1].tt != T_INT ||
        lib_str_char1(R->S, func[1].v.i) == NULL)
        return -1;
    rec_guard_ptr(R, func, (const void *)func->v.f);
    (void)IF(IS(func + 1, T_INT));
    String *s = rec_h_lookup_int(R, lib_str_char1, INT(func + 1));
    (void)IF(ISNULL(s));
    rec_set_found(R, func, s, T_STR);
    return 1;
}

/* A pure float function of one number (vm/lib.h). */
static void record_float1(Rec *R, TValue *func, double (*fn)(double))
{
    TValue *arg = func + 1;
    MFLT x;
    if (IF(IS(arg, T_FLT)))
        x = FLT(arg);
    else if (IF(IS(arg, T_INT)))
        x = I2F(INT(arg));
    SET_FLT(func, rec_h_fmath1(R, fn, x));
}

/* A math builtin on one number, unless its result would not be what the
 * trace computes. */
static int record_math1(Rec *R, TValue *func, int nargs)
{
    double (*fn)(double) = func->tt == T_CFN ? find(lib_pure_float1, func->v.f) : NULL;
    double (*round)(double) = func->tt == T_CFN ? find(lib_rounding, func->v.f) : NULL;
    if ((fn == NULL && round == NULL) || nargs != 1 ||
        (func[1].tt != T_FLT && func[1].tt != T_INT))
        return -1;
    int64_t fits;
    if (round != NULL && func[1].tt == T_FLT && !num_flt2int(round(func[1].v.n), &fits))
        return -1;   /* math.floor's float result: left to the interpreter */
    rec_guard_ptr(R, func, (const void *)func->v.f);
    if (round != NULL)
        record_rounding(R, func, round);
    else
        record_float1(R, func, fn);
    return 1;
}

static int record_builtin(Rec *R, TValue *func, int nargs)
{
    int n = record_byte(R, func, nargs);
    if (n < 0)
        n = record_char(R, func, nargs);
    if (n < 0)
        n = record_math1(R, func, nargs);
    return n;
}

/* The results are left as the interpreter's call_finish leaves them:
 * nil-padded to the number wanted, or all kept up to the top. */
void rec_call_builtin(Rec *R, TValue *func, int nresults, int nargs_field, const Instr *next)
{
    int nargs = count_operand(R, nargs_field, func + 1);
    int n = nargs < 0 ? -1 : record_builtin(R, func, nargs);
    if (n < 0) {
        rec_refuse(R, "call of a builtin");
        return;
    }
    R->S->top = R->ci->top;
    if (nresults < 0)
        leave_open_top(R, func + n);
    for (int i = n; i < nresults; i++)
        rec_set_nil(R, func + i);
    R->pc = next;
}
