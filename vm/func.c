/* func.c — prototypes, closures and upvalues.
 *
 * Open upvalues live on S->openupval, sorted by the address of the stack
 * slot they capture (highest first), so closing a frame's upvalues only
 * looks at the head of the list. The GC keeps every open upvalue alive (see
 * gc.c): one is reachable from a live frame until upval_close unlinks it. */
#include "func.h"

#include <string.h>

#include "mem.h"

Proto *proto_new(State *S)
{
    Proto *p = (Proto *)mt_newobj(S, T_PROTO, sizeof(Proto));
    /* Every field after the header starts zero/NULL: the front end fills
     * in arrays and their counts as it finishes the function. */
    memset((char *)p + offsetof(Proto, numparams), 0,
           sizeof(Proto) - offsetof(Proto, numparams));
    return p;
}

void proto_free(State *S, Proto *p)
{
    mt_freevector(S, p->code, p->ncode, Instr);
    mt_freevector(S, p->lineinfo, p->ncode, int);
    mt_freevector(S, p->k, p->nk, TValue);
    mt_freevector(S, p->protos, p->nprotos, Proto *);
    mt_freevector(S, p->upvals, p->nupvals, UpvalDesc);
    mt_freevector(S, p->locvars, p->nlocvars, LocVar);
    mt_free(S, p, sizeof(Proto));
}

static size_t closure_size(int nupvals)
{
    return sizeof(Closure) + (size_t)nupvals * sizeof(UpVal *);
}

Closure *closure_new(State *S, Proto *p)
{
    Closure *c = (Closure *)mt_newobj(S, T_LCL, closure_size(p->nupvals));
    c->nupvals = (uint8_t)p->nupvals;
    c->p = p;
    for (int i = 0; i < p->nupvals; i++)
        c->upvals[i] = NULL;
    return c;
}

void closure_free(State *S, Closure *c)
{
    mt_free(S, c, closure_size(c->nupvals));
}

UpVal *upval_find(State *S, TValue *slot)
{
    UpVal **pp = &S->openupval;
    UpVal *uv;
    while ((uv = *pp) != NULL && uv->v >= slot) {
        if (uv->v == slot)
            return uv;
        pp = &uv->open_next;
    }
    uv = (UpVal *)mt_newobj(S, T_UPVAL, sizeof(UpVal));
    uv->v = slot;
    setnil(&uv->closed);
    uv->open_next = *pp;        /* keeps the list sorted */
    *pp = uv;
    return uv;
}

void upval_close(State *S, TValue *level)
{
    UpVal *uv;
    while ((uv = S->openupval) != NULL && uv->v >= level) {
        S->openupval = uv->open_next;
        uv->closed = *uv->v;
        uv->v = &uv->closed;
        uv->open_next = NULL;
    }
}

void upval_free(State *S, UpVal *uv)
{
    mt_free(S, uv, sizeof(UpVal));
}
