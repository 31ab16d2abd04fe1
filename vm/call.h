/* call.h — the call machinery shared by call.c and the interpreter. */
#ifndef MT_CALL_H
#define MT_CALL_H

#include "state.h"

CallInfo *call_precall(State *S, TValue *func, int nresults);
void call_insert_callmeta(State *S, TValue *func);

/* Entering and leaving mt frames is on every call's path, so these are
 * inline for the interpreter. */
/* The slot where a frame's caller expects its results: below the moved-up
 * copy of the function for vararg frames (see enter_mt). */
static inline TValue *call_resultslot(const CallInfo *ci)
{
    if (ci->callstatus & CIST_C)
        return ci->func;
    const Proto *p = clvalue(ci->func)->p;
    return p->is_vararg ? ci->func - ci->nextra - p->numparams - 1 : ci->func;
}

static inline CallInfo *call_next_ci(State *S)
{
    if (S->ci + 1 >= S->base_ci + MT_MAXCALLS)
        mt_runerror(S, "stack overflow");
    return S->ci + 1;
}

static inline void call_note_top(State *S, TValue *top)
{
    if (top > S->stack_hwm)
        S->stack_hwm = top;
}

/* Sets up a frame for an mt closure whose arguments run from func+1 to
 * S->top. Vararg functions get their fixed parameters copied above the
 * extra arguments (as Lua 5.4), so registers stay base-relative and the
 * extras sit just below the frame. */
static inline CallInfo *call_enter_mt(State *S, TValue *func, int nresults)
{
    Proto *p = clvalue(func)->p;
    int nargs = (int)(S->top - func) - 1;
    if (func + nargs + 2 + p->maxstack + p->numparams >= S->stack_last)
        mt_runerror(S, "stack overflow");
    CallInfo *ci = call_next_ci(S);
    for (; nargs < p->numparams; nargs++)
        setnil(S->top++);
    int nextra = 0;
    if (p->is_vararg) {
        nextra = nargs - p->numparams;
        TValue *moved = func + nargs + 1;
        for (int i = 0; i <= p->numparams; i++) {
            setobj(moved + i, func + i);
            setnil(func + i);   /* the originals are dead; don't root them */
        }
        func = moved;
    }
    ci->func = func;
    ci->top = func + 1 + p->maxstack;
    ci->savedpc = p->code;
    ci->nresults = nresults;
    ci->nextra = nextra;
    ci->callstatus = 0;
    S->ci = ci;
    S->top = ci->top;
    call_note_top(S, ci->top);
    return ci;
}

/* Moves n results starting at `first` to where the caller of `ci` wants
 * them, pops the frame, and leaves S->top just past the results. */
static inline void call_finish(State *S, CallInfo *ci, TValue *first, int n)
{
    TValue *dest = call_resultslot(ci);
    int wanted = ci->nresults;
    if (wanted == MT_MULTRET)
        wanted = n;
    int i = 0;
    for (; i < n && i < wanted; i++)
        setobj(dest + i, first + i);
    for (; i < wanted; i++)
        setnil(dest + i);
    S->ci = ci - 1;
    S->top = dest + wanted;
}


#endif
