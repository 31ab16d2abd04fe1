/* mem.c — the allocator behind every VM allocation.
 *
 * Callers always pass a block's size (as with Lua's allocator), which keeps
 * S->totalbytes exact for the GC threshold and the memory limit, and lets
 * small blocks skip malloc: a block of up to MT_POOL_MAX bytes is taken from
 * the free list of its size class (MT_POOL_GRAIN-byte steps) or carved from
 * a chunk, and freeing pushes it back. Tables, closures, upvalues and most
 * strings are small and die young, so this replaces most malloc/free pairs
 * by a pop and a push, and a freed block is reused while it is still in
 * cache. Chunks go back to malloc only when the state is closed (a program's
 * small-object high-water mark stays allocated until then).
 *
 * A caller may pass an old size below the block's real size, never above
 * it: a growth that threw half-way (out of memory between two resizes)
 * leaves a size that was not updated. The block is then treated as the
 * smaller one, which is safe; a malloc'd block treated as a small one just
 * joins the pool.
 *
 * Under AddressSanitizer the pool is bypassed, so that every block is
 * malloc's and a use after free or a leak is reported. */
#include "mem.h"

#include <stdlib.h>
#include <string.h>

#if defined(MT_NO_POOL) || defined(__SANITIZE_ADDRESS__)
#define USE_POOL 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define USE_POOL 0
#endif
#endif
#ifndef USE_POOL
#define USE_POOL 1
#endif

/* Large enough that a chunk's uncarved tail (under MT_POOL_MAX bytes, left
 * unused when a new chunk starts) is negligible. */
#define POOL_CHUNK_SIZE ((size_t)64 << 10)

struct PoolBlock {
    PoolBlock *next;
};

static inline bool is_small(size_t size)
{
    return USE_POOL && size <= MT_POOL_MAX;
}

/* Size 0 only comes with a block whose size was not recorded (see above);
 * class 0 is the smallest block, so it is safe for it. */
static inline unsigned size_class(size_t size)
{
    return size == 0 ? 0 : (unsigned)((size - 1) / MT_POOL_GRAIN);
}

static inline size_t class_size(unsigned c)
{
    return (size_t)(c + 1) * MT_POOL_GRAIN;
}

/* A block of class c from the newest chunk, starting a new chunk if it is
 * used up. NULL when malloc fails. */
static void *pool_carve(MemPool *pool, unsigned c)
{
    size_t size = class_size(c);
    if (pool->bump_left < size) {
        char *chunk = malloc(POOL_CHUNK_SIZE);
        if (chunk == NULL)
            return NULL;
        *(void **)chunk = pool->chunks;
        pool->chunks = chunk;
        /* the link takes one grain, so blocks stay MT_POOL_GRAIN-aligned */
        pool->bump = chunk + MT_POOL_GRAIN;
        pool->bump_left = POOL_CHUNK_SIZE - MT_POOL_GRAIN;
    }
    void *block = pool->bump;
    pool->bump += size;
    pool->bump_left -= size;
    return block;
}

static inline void *pool_take(MemPool *pool, unsigned c)
{
    PoolBlock *b = pool->free[c];
    if (b == NULL)
        return pool_carve(pool, c);
    pool->free[c] = b->next;
    /* Swept blocks are scattered, so reading a block's link misses the
     * cache; fetch the next one's now, well before it is needed. */
    __builtin_prefetch(b->next, 1);
    return b;
}

static inline void pool_give(MemPool *pool, void *block, unsigned c)
{
    PoolBlock *b = block;
    b->next = pool->free[c];
    pool->free[c] = b;
}

void mt_freepool(State *S)
{
    void *chunk = S->pool.chunks;
    while (chunk != NULL) {
        void *next = *(void **)chunk;
        free(chunk);
        chunk = next;
    }
    memset(&S->pool, 0, sizeof S->pool);
}

/* ---- blocks of any size ---- */

static inline void *block_new(State *S, size_t size)
{
    return is_small(size) ? pool_take(&S->pool, size_class(size)) : malloc(size);
}

static inline void block_free(State *S, void *block, size_t size)
{
    if (block == NULL)
        return;
    if (is_small(size))
        pool_give(&S->pool, block, size_class(size));
    else
        free(block);
}

/* NULL when out of memory; the old block is then untouched. */
static void *block_resize(State *S, void *block, size_t oldsize, size_t newsize)
{
    if (block == NULL)
        return block_new(S, newsize);
    if (!is_small(oldsize) && !is_small(newsize))
        return realloc(block, newsize);
    if (is_small(oldsize) && is_small(newsize) &&
        size_class(oldsize) == size_class(newsize))
        return block;
    void *p = block_new(S, newsize);
    if (p != NULL) {
        memcpy(p, block, oldsize < newsize ? oldsize : newsize);
        block_free(S, block, oldsize);
    }
    return p;
}

void *mt_realloc(State *S, void *block, size_t oldsize, size_t newsize)
{
    if (newsize == 0) {
        block_free(S, block, oldsize);
        S->totalbytes -= oldsize;
        return NULL;
    }
    bool over_limit = S->mem_limit != 0 && newsize > oldsize &&
                      S->totalbytes + (newsize - oldsize) > S->mem_limit;
    void *p = over_limit ? NULL : block_resize(S, block, oldsize, newsize);
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
