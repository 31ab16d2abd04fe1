/* state.c — creating and destroying a VM, and pushing values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "lib.h"
#include "mem.h"
#include "mtstring.h"
#include "table.h"

static void init_stack(State *S)
{
    /* calloc of this size is served by fresh zero pages: an all-zero slot is
     * nil, and untouched pages cost nothing. */
    S->stack = calloc(MT_MAXSTACK, sizeof(TValue));
    S->base_ci = calloc(MT_MAXCALLS, sizeof(CallInfo));
    if (S->stack == NULL || S->base_ci == NULL) {
        fprintf(stderr, "mtvm: cannot allocate the value stack\n");
        exit(1);
    }
    S->stack_last = S->stack + MT_MAXSTACK - MT_MINSTACK;
    CallInfo *ci = S->base_ci;
    ci->func = S->stack;
    ci->top = S->stack + 1 + MT_MINSTACK;
    ci->callstatus = CIST_C;
    ci->nresults = 0;
    S->ci = ci;
    S->top = S->stack + 1;
    S->stack_hwm = ci->top;
}

State *mt_newstate(void)
{
    State *S = calloc(1, sizeof(State));
    if (S == NULL)
        return NULL;
    init_stack(S);
    S->gcthreshold = 1u << 20;
    mt_sethotthreshold(S, 56);
    S->tracer_name = "none";
    setnil(&S->errfunc);
    str_init(S);
    S->globals = tab_new(S, 0, 64);
    S->loaded = tab_new(S, 0, 16);
    mt_openlibs(S);
    return S;
}

void mt_sethotthreshold(State *S, int threshold)
{
    S->hot_threshold = threshold;
    for (int i = 0; i < MT_HOTCOUNT_SIZE; i++)
        S->hotcount[i] = (uint16_t)threshold;
}

void mt_close(State *S)
{
    fflush(stdout);
    gc_freeall(S);
    str_freeall(S);
    mt_freepool(S);
    free(S->stack);
    free(S->base_ci);
    free(S);
}

/* ---- pushes ---- */

void mt_checkstack(State *S, int n)
{
    if (S->top + n > S->stack_last + MT_MINSTACK)
        mt_runerror(S, "stack overflow");
    if (S->top + n > S->ci->top)
        S->ci->top = S->top + n;
    if (S->ci->top > S->stack_hwm)
        S->stack_hwm = S->ci->top;
}

static TValue *push_slot(State *S)
{
    if (S->top >= S->ci->top)
        mt_checkstack(S, 1);
    return S->top++;
}

void mt_push(State *S, const TValue *v) { *push_slot(S) = *v; }
void mt_pushnil(State *S) { setnil(push_slot(S)); }
void mt_pushbool(State *S, bool b) { setbool(push_slot(S), b); }
void mt_pushint(State *S, int64_t i) { setint(push_slot(S), i); }
void mt_pushflt(State *S, double n) { setflt(push_slot(S), n); }
void mt_pushstr(State *S, String *s) { setstr(push_slot(S), s); }

String *mt_pushlstring(State *S, const char *s, size_t len)
{
    TValue *slot = push_slot(S);
    String *str = str_new(S, s, len);
    setstr(slot, str);
    return str;
}

String *mt_pushcstring(State *S, const char *s)
{
    return mt_pushlstring(S, s, strlen(s));
}

String *mt_pushvfstring(State *S, const char *fmt, va_list ap)
{
    char small[256];
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(small, sizeof small, fmt, copy);
    va_end(copy);
    if (n < 0)
        n = 0;
    if ((size_t)n < sizeof small)
        return mt_pushlstring(S, small, (size_t)n);
    char *big = malloc((size_t)n + 1);
    if (big == NULL)
        return mt_pushcstring(S, "not enough memory");
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    String *s = mt_pushlstring(S, big, (size_t)n);
    free(big);
    return s;
}

String *mt_pushfstring(State *S, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    String *s = mt_pushvfstring(S, fmt, ap);
    va_end(ap);
    return s;
}
