/* call.c — function calls, returns and protected calls.
 *
 * mt-to-mt calls made by the interpreter never recurse in C: they push a
 * CallInfo and continue in the same interpreter loop. Only calls made from
 * C (builtins calling back, metamethods run from a slow path) re-enter the
 * interpreter, and those are bounded by MT_MAXCCALLS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "debug.h"
#include "func.h"
#include "gc.h"
#include "interp.h"

struct ErrorJmp {
    ErrorJmp *prev;
    jmp_buf buf;
    volatile int status;
};

noreturn void mt_throw(State *S, int status)
{
    if (S->errorjmp == NULL) {
        /* No protected call is active: the host (main.c) always runs code
         * protected, so reaching here is a VM bug. */
        const TValue *msg = S->top - 1;
        fprintf(stderr, "mtvm: PANIC: unprotected error: %s\n",
                isstr(msg) ? strvalue(msg)->data : "(error object is not a string)");
        abort();
    }
    if (S->errorjmp->prev == NULL && S->on_uncaught != NULL)
        S->on_uncaught(S);
    S->errorjmp->status = status;
    longjmp(S->errorjmp->buf, 1);
}

int mt_rawrunprotected(State *S, void (*f)(State *, void *), void *ud)
{
    int saved_nccalls = S->nccalls;
    ErrorJmp jmp;
    jmp.status = MT_OK;
    jmp.prev = S->errorjmp;
    S->errorjmp = &jmp;
    if (setjmp(jmp.buf) == 0)
        f(S, ud);
    S->errorjmp = jmp.prev;
    S->nccalls = saved_nccalls;
    return jmp.status;
}

static void call_c(State *S, TValue *func, int nresults)
{
    CallInfo *ci = call_next_ci(S);
    ci->func = func;
    ci->top = S->top + MT_MINSTACK;
    if (ci->top > S->stack_last + MT_MINSTACK)
        mt_runerror(S, "stack overflow");
    int nargs = (int)(S->top - func) - 1;
    ci->nresults = nresults;
    ci->nextra = nargs;   /* builtins' frames keep their argument count here */
    ci->callstatus = CIST_C;
    ci->savedpc = NULL;
    S->ci = ci;
    call_note_top(S, ci->top);
    int n = cfvalue(func)(S, func + 1, nargs);
    call_finish(S, ci, S->top - n, n);
}

/* Replaces a non-function at `func` by its __call metamethod, shifting the
 * arguments up so the original value becomes the first argument. */
void call_insert_callmeta(State *S, TValue *func)
{
    const TValue *tm = mt_metamethod(S, func, TM_CALL);
    if (tm == NULL)
        debug_callerror(S, func);
    mt_checkstack(S, 1);
    for (TValue *p = S->top; p > func; p--)
        *p = p[-1];
    S->top++;
    *func = *tm;
}

/* Starts a call: an mt closure gets a frame (returned, for the interpreter
 * to run); a builtin runs to completion here (returns NULL). */
CallInfo *call_precall(State *S, TValue *func, int nresults)
{
    for (;;) {
        switch (ttype(func)) {
        case T_LCL:
            return call_enter_mt(S, func, nresults);
        case T_CFN:
            call_c(S, func, nresults);
            return NULL;
        default:
            call_insert_callmeta(S, func);
        }
    }
}

void mt_call(State *S, TValue *func, int nresults)
{
    if (++S->nccalls >= MT_MAXCCALLS) {
        if (S->nccalls >= MT_MAXCCALLS + MT_MAXCCALLS / 10) {
            mt_pushcstring(S, "error in error handling");
            mt_throw(S, MT_ERRERR);
        }
        mt_runerror(S, "C stack overflow");
    }
    CallInfo *ci = call_precall(S, func, nresults);
    if (ci != NULL) {
        ci->callstatus |= CIST_FRESH;
        interp_execute(S, ci);
    }
    S->nccalls--;
}

struct CallArgs {
    TValue *func;
    int nresults;
};

static void do_call(State *S, void *ud)
{
    struct CallArgs *args = ud;
    mt_call(S, args->func, args->nresults);
}

static void call_handler(State *S, void *ud)
{
    mt_call(S, (TValue *)ud, 1);
}

int mt_pcall(State *S, TValue *func, int nresults, const TValue *handler)
{
    CallInfo *saved_ci = S->ci;
    struct CallArgs args = { func, nresults };
    int status = mt_rawrunprotected(S, do_call, &args);
    if (status == MT_OK)
        return MT_OK;
    TValue err = S->top[-1];
    upval_close(S, func);
    S->ci = saved_ci;
    func[0] = err;
    S->top = func + 1;
    if (handler != NULL) {
        /* Call the message handler with the error value; its result (or its
         * own error) becomes the error value. */
        func[1] = *handler;
        func[2] = err;
        S->top = func + 3;
        int hstatus = mt_rawrunprotected(S, call_handler, func + 1);
        S->ci = saved_ci;
        func[0] = func[1];
        if (hstatus != MT_OK)
            status = MT_ERRERR;
        S->top = func + 1;
    }
    return status;
}
