/* mem.c — the allocator behind every VM allocation. */
#include "mem.h"

#include <stdlib.h>

void *mt_realloc(State *S, void *block, size_t oldsize, size_t newsize)
{
    if (newsize == 0) {
        free(block);
        S->totalbytes -= oldsize;
        return NULL;
    }
    bool over_limit = S->mem_limit != 0 && newsize > oldsize &&
                      S->totalbytes + (newsize - oldsize) > S->mem_limit;
    void *p = over_limit ? NULL : realloc(block, newsize);
    if (p == NULL) {
        mt_pushstr(S, S->memerrmsg);
        mt_throw(S, MT_ERRMEM);
    }
    S->totalbytes += newsize - oldsize;
    if (newsize > oldsize)
        S->bytes_allocated += newsize - oldsize;
    return p;
}

GCObj *mt_newobj(State *S, uint8_t tt, size_t size)
{
    GCObj *o = mt_alloc(S, size);
    o->gctt = tt;
    o->marked = 0;
    o->gcnext = S->allgc;
    S->allgc = o;
    return o;
}
