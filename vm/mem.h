/* mem.h — every allocation goes through here so the GC knows the heap size. */
#ifndef MT_MEM_H
#define MT_MEM_H

#include "state.h"

/* Never returns NULL: out of memory throws a memory error. */
void *mt_realloc(State *S, void *block, size_t oldsize, size_t newsize);
#define mt_alloc(S, n) mt_realloc((S), NULL, 0, (n))
#define mt_free(S, p, n) ((void)mt_realloc((S), (p), (n), 0))
#define mt_newvector(S, n, T) ((T *)mt_alloc((S), (size_t)(n) * sizeof(T)))
#define mt_freevector(S, p, n, T) mt_free((S), (p), (size_t)(n) * sizeof(T))
#define mt_resizevector(S, p, oldn, newn, T) \
    ((T *)mt_realloc((S), (p), (size_t)(oldn) * sizeof(T), (size_t)(newn) * sizeof(T)))

/* Throws the memory error now if `bytes` more would pass the memory limit:
 * for a caller that must not fail between two allocations. */
void mt_reserve(State *S, size_t bytes);

/* A new collectable object of `size` bytes and type `tt`, linked into
 * S->allgc. Allocation never collects: collection happens only at
 * gc_check() points, where every live value is reachable from a root. */
GCObj *mt_newobj(State *S, uint8_t tt, size_t size);

/* Returns the small-block pool's chunks to malloc (mt_close, after every
 * object is freed). */
void mt_freepool(State *S);
/* Bytes the pool holds from malloc (0 when the build bypasses the pool). */
size_t mt_pool_footprint(State *S);

#endif
