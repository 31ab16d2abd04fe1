/* mem.c — the allocator behind every VM allocation.
 *
 * Callers always pass a block's size (as with Lua's allocator), which keeps
 * S->totalbytes exact for the GC threshold and the memory limit, and lets
 * small blocks skip malloc: a block of up to MT_POOL_MAX bytes comes from
 * the small-block pool, in MT_POOL_GRAIN-byte size classes. Tables,
 * closures, upvalues and most strings are small and die young, so most
 * malloc/free pairs become a pop and a push.
 *
 * The pool is made of 64 KiB pages, each holding blocks of one class and
 * its own free list; a class allocates from one page until it is full, then
 * from the next page that has room. One free list per class instead (tried
 * first) made binarytrees as fast but havlak twice as slow as with malloc:
 * after a few collections consecutive allocations came from all over the
 * heap, and a structure built together was scattered. A page whose blocks
 * are all free becomes a spare that any class can take; pages go back to
 * malloc, in 1 MiB regions, only when the state is closed.
 *
 * A page header sits at the start of every page, so a block finds its page
 * (and its real class) by masking its address. Whether a block is the
 * pool's or malloc's is decided by the size the caller passes, so callers
 * must record a block's new size as soon as each resize succeeds (a throw
 * between two resizes must not leave a stale size behind; see grow_code and
 * tab_resize).
 *
 * Under AddressSanitizer the pool is bypassed, so that every block is
 * malloc's and a use after free or a leak is reported. */
#include "mem.h"

#include <stdint.h>
#include <stdio.h>
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

#define POOL_PAGE_SIZE ((size_t)64 << 10)
#define REGION_PAGES 16
#define PAGE_HEADER_SIZE 64     /* a multiple of MT_POOL_GRAIN */

typedef struct PoolBlock {
    struct PoolBlock *next;
} PoolBlock;

struct PoolPage {
    PoolBlock *free;            /* blocks freed since the page was set up */
    char *bump;                 /* first block never handed out */
    char *end;                  /* end of the page's last whole block */
    PoolPage *prev, *next;      /* in avail[cls] or in spare */
    PoolPage *region_next;      /* a region's first page: the previous region */
    uint32_t used;              /* blocks handed out */
    uint16_t block_size;
    uint8_t cls;
    bool listed;                /* in avail[cls] */
};
_Static_assert(sizeof(PoolPage) <= PAGE_HEADER_SIZE, "page header too big");

static inline bool is_small(size_t size)
{
    return USE_POOL && size <= MT_POOL_MAX;
}

static inline unsigned size_class(size_t size)
{
    return size == 0 ? 0 : (unsigned)((size - 1) / MT_POOL_GRAIN);
}

static inline PoolPage *page_of(void *block)
{
    return (PoolPage *)((uintptr_t)block & ~(uintptr_t)(POOL_PAGE_SIZE - 1));
}

/* ---- page lists (doubly linked, NULL-terminated) ---- */

static void list_push(PoolPage **list, PoolPage *pg)
{
    pg->prev = NULL;
    pg->next = *list;
    if (*list != NULL)
        (*list)->prev = pg;
    *list = pg;
}

/* After the head: the class keeps allocating from the page it is filling. */
static void list_insert_second(PoolPage **list, PoolPage *pg)
{
    PoolPage *head = *list;
    if (head == NULL) {
        list_push(list, pg);
        return;
    }
    pg->prev = head;
    pg->next = head->next;
    if (head->next != NULL)
        head->next->prev = pg;
    head->next = pg;
}

static void list_remove(PoolPage **list, PoolPage *pg)
{
    if (pg->prev != NULL)
        pg->prev->next = pg->next;
    else
        *list = pg->next;
    if (pg->next != NULL)
        pg->next->prev = pg->prev;
}

/* ---- pages ---- */

/* A page never used before, from the newest region or a new one; NULL when
 * malloc fails. */
static PoolPage *region_page(MemPool *pool)
{
    if (pool->region_pages_left == 0) {
        char *region = aligned_alloc(POOL_PAGE_SIZE, POOL_PAGE_SIZE * REGION_PAGES);
        if (region == NULL)
            return NULL;
        PoolPage *first = (PoolPage *)region;
        first->region_next = pool->regions;
        pool->regions = first;
        pool->region_rest = region;
        pool->region_pages_left = REGION_PAGES;
    }
    PoolPage *pg = (PoolPage *)pool->region_rest;
    pool->region_rest += POOL_PAGE_SIZE;
    pool->region_pages_left--;
    return pg;
}

static void page_setup(PoolPage *pg, unsigned c)
{
    size_t size = (size_t)(c + 1) * MT_POOL_GRAIN;
    size_t nblocks = (POOL_PAGE_SIZE - PAGE_HEADER_SIZE) / size;
    pg->free = NULL;
    pg->bump = (char *)pg + PAGE_HEADER_SIZE;
    pg->end = pg->bump + nblocks * size;
    pg->used = 0;
    pg->block_size = (uint16_t)size;
    pg->cls = (uint8_t)c;
}

/* A page for class c (a spare one if any), made the one it allocates from. */
static PoolPage *page_new(MemPool *pool, unsigned c)
{
    PoolPage *pg = pool->spare;
    if (pg != NULL)
        list_remove(&pool->spare, pg);
    else if ((pg = region_page(pool)) == NULL)
        return NULL;
    page_setup(pg, c);
    list_push(&pool->avail[c], pg);
    pg->listed = true;
    return pg;
}

/* ---- blocks ---- */

static inline void *pool_take(MemPool *pool, unsigned c)
{
    PoolPage *pg = pool->avail[c];
    if (pg == NULL && (pg = page_new(pool, c)) == NULL)
        return NULL;
    PoolBlock *b = pg->free;
    if (b != NULL) {
        pg->free = b->next;
        /* Freed blocks are scattered over the page, so reading a block's
         * link misses the cache; fetch the next one now, well before the
         * next allocation needs it. */
        if (b->next != NULL)
            __builtin_prefetch(b->next, 1);
    } else {
        b = (PoolBlock *)pg->bump;
        pg->bump += pg->block_size;
    }
    pg->used++;
    if (pg->free == NULL && pg->bump == pg->end) {      /* full */
        list_remove(&pool->avail[c], pg);
        pg->listed = false;
    }
    return b;
}

static inline void pool_give(MemPool *pool, void *block)
{
    PoolPage *pg = page_of(block);
    PoolBlock *b = block;
    b->next = pg->free;
    pg->free = b;
    pg->used--;
    if (pg->used == 0) {                /* empty: any class may reuse it */
        if (pg->listed)
            list_remove(&pool->avail[pg->cls], pg);
        pg->listed = false;
        list_push(&pool->spare, pg);
    } else if (!pg->listed) {           /* was full, has room again */
        list_insert_second(&pool->avail[pg->cls], pg);
        pg->listed = true;
    }
}

void mt_freepool(State *S)
{
    PoolPage *region = S->pool.regions;
    while (region != NULL) {
        PoolPage *next = region->region_next;
        free(region);
        region = next;
    }
    memset(&S->pool, 0, sizeof S->pool);
}

size_t mt_pool_footprint(State *S)
{
    size_t n = 0;
    for (PoolPage *r = S->pool.regions; r != NULL; r = r->region_next)
        n++;
    return n * REGION_PAGES * POOL_PAGE_SIZE;
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
        pool_give(&S->pool, block);
    else
        free(block);
}

/* Callers shrink arrays after committing to their new size (tab_resize,
 * code_finish), so a shrink must not throw; only moving a block into the
 * pool can fail, when no 1 MiB region is to be had. */
static noreturn void shrink_failed(void)
{
    fprintf(stderr, "mtvm: out of memory while shrinking a block\n");
    abort();
}

/* NULL when out of memory (never for a shrink); the old block is then
 * untouched. */
static void *block_resize(State *S, void *block, size_t oldsize, size_t newsize)
{
    if (block == NULL)
        return block_new(S, newsize);
    if (!is_small(oldsize) && !is_small(newsize))
        return realloc(block, newsize);
    if (is_small(oldsize) && is_small(newsize) &&
        page_of(block)->cls == size_class(newsize))
        return block;
    void *p = block_new(S, newsize);
    if (p == NULL) {
        if (newsize < oldsize)
            shrink_failed();
        return NULL;
    }
    memcpy(p, block, oldsize < newsize ? oldsize : newsize);
    block_free(S, block, oldsize);
    return p;
}

static noreturn void throw_memerror(State *S)
{
    mt_pushstr(S, S->memerrmsg);
    mt_throw(S, MT_ERRMEM);
}

void mt_reserve(State *S, size_t bytes)
{
    if (S->mem_limit != 0 && S->totalbytes + bytes > S->mem_limit)
        throw_memerror(S);
}

void *mt_realloc(State *S, void *block, size_t oldsize, size_t newsize)
{
    if (newsize == 0) {
        block_free(S, block, oldsize);
        S->totalbytes -= oldsize;
        return NULL;
    }
    if (newsize > oldsize)
        mt_reserve(S, newsize - oldsize);
    void *p = block_resize(S, block, oldsize, newsize);
    if (p == NULL)
        throw_memerror(S);
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
