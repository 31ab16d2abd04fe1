/* gc.c — a stop-the-world mark-and-sweep collector.
 *
 * Marking: an object is marked when first seen and, unless it is a string
 * (a leaf), pushed on an explicit gray stack; the loop pops objects and
 * marks what they reference. No C recursion, so a million-long linked list
 * or a deep tree costs heap, not C stack. The gray stack is a plain malloc'd
 * array private to one collection (Closure and UpVal have no gclist field,
 * and an array is also faster to push/pop than an intrusive list).
 *
 * Upvalues: every open upvalue (on S->openupval) is a root. It captures a
 * slot of a live frame, and only upval_close unlinks it, so it cannot be
 * freed while the list still points at it. Once closed it is an ordinary
 * object, kept alive only by the closures that reference it; a closed
 * upvalue no closure references is freed at the next collection.
 *
 * Reserved-word strings (String.reserved != 0, set by the lexer) are never
 * freed, so their keyword marks survive for the life of the state.
 *
 * Threshold: after a collection, the next one happens when the heap reaches
 * GC_PAUSE_FACTOR times the live size (at least GC_MIN_THRESHOLD; the growth
 * is capped at GC_MAX_GROWTH for very large heaps). Measured on the
 * benchmarks (user time, this machine): while malloc served every block, a
 * small minimum won because a heap that stayed in L2/L3 made malloc's reuse
 * of swept memory cheap (binarytrees 0.49 s at 1 MiB vs 0.97 s at 8 MiB).
 * Since mem.c's pool serves small blocks from pages that keep them together,
 * the minimum hardly matters (binarytrees 252 ms per iteration at 1 MiB,
 * 258 ms at 8 MiB); 1 MiB keeps small programs small. A factor of 4 beats 2
 * when the live heap is large, since marking is then paid for by three
 * times the live size in fresh allocation (havlak 2.5 s vs 4.5 s with
 * malloc, 1.9 s vs 2.7 s per iteration with the pool); factors 6 and 8
 * gained nothing and used more memory (with the pool, 8: the same time
 * within noise at twice the peak RSS, 141 MB vs 72 MB). */
#include "gc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "func.h"
#include "mem.h"
#include "mtstring.h"
#include "table.h"

#define GC_PAUSE_FACTOR 4
#define GC_MIN_THRESHOLD ((size_t)1 << 20)
#define GC_MAX_GROWTH ((size_t)1 << 30)

typedef struct Gray {
    GCObj **items;
    size_t n, cap;
} Gray;

static void gray_push(Gray *g, GCObj *o)
{
    if (g->n == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 1024;
        GCObj **items = realloc(g->items, cap * sizeof(GCObj *));
        if (items == NULL) {
            /* The collector cannot unwind half-way through marking. */
            fprintf(stderr, "mtvm: out of memory during garbage collection\n");
            abort();
        }
        g->items = items;
        g->cap = cap;
    }
    g->items[g->n++] = o;
}

static inline void mark_object(Gray *g, GCObj *o)
{
    if (o == NULL || o->marked)
        return;
    o->marked = 1;
    if (o->gctt != T_STR)
        gray_push(g, o);
}

static inline void mark_value(Gray *g, const TValue *v)
{
    if (iscollectable(v))
        mark_object(g, gcvalue(v));
}

/* ---- traversal of each kind of object ---- */

static void traverse_table(Gray *g, Table *t)
{
    for (uint32_t i = 0; i < t->asize; i++)
        mark_value(g, &t->array[i]);
    if (t->lastfree != NULL) {          /* not the shared dummy node */
        uint32_t size = 1u << t->lsizenode;
        for (uint32_t i = 0; i < size; i++) {
            Node *n = &t->node[i];
            if (!isnil(&n->val)) {      /* dead keys stay unmarked */
                mark_value(g, &n->key);
                mark_value(g, &n->val);
            }
        }
    }
    mark_object(g, (GCObj *)t->meta);
}

static void traverse_proto(Gray *g, Proto *p)
{
    mark_object(g, (GCObj *)p->source);
    for (int i = 0; i < p->nk; i++)
        mark_value(g, &p->k[i]);
    for (int i = 0; i < p->nprotos; i++)
        mark_object(g, (GCObj *)p->protos[i]);
    for (int i = 0; i < p->nupvals; i++)
        mark_object(g, (GCObj *)p->upvals[i].name);
    for (int i = 0; i < p->nlocvars; i++)
        mark_object(g, (GCObj *)p->locvars[i].name);
}

static void traverse_closure(Gray *g, Closure *c)
{
    mark_object(g, (GCObj *)c->p);
    for (int i = 0; i < c->nupvals; i++)
        mark_object(g, (GCObj *)c->upvals[i]);
}

static void propagate(Gray *g)
{
    while (g->n > 0) {
        GCObj *o = g->items[--g->n];
        switch (o->gctt) {
        case T_TABLE: traverse_table(g, (Table *)o); break;
        case T_PROTO: traverse_proto(g, (Proto *)o); break;
        case T_LCL: traverse_closure(g, (Closure *)o); break;
        case T_UPVAL: mark_value(g, ((UpVal *)o)->v); break;
        default: break;
        }
    }
}

/* ---- roots ---- */

/* Marks the live part of the stack and clears the dead part above it, so a
 * slot that becomes live again later never names an object freed now.
 * The live part ends at S->top or at the highest top of an mt frame (its
 * registers). A builtin's frame needs no more than S->top: while it runs its
 * values are below S->top, and while it calls out they are below the
 * callee's slot. So values a builtin popped are not kept alive. */
static void mark_stack(Gray *g, State *S)
{
    TValue *limit = S->top;
    for (CallInfo *ci = S->base_ci; ci <= S->ci; ci++)
        if (!(ci->callstatus & CIST_C) && ci->top > limit)
            limit = ci->top;
    for (TValue *v = S->stack; v < limit; v++)
        mark_value(g, v);
    for (TValue *v = limit; v < S->stack_hwm; v++)
        setnil(v);
    if (S->stack_hwm > limit)
        S->stack_hwm = limit;
}

static void mark_roots(Gray *g, State *S)
{
    mark_stack(g, S);
    for (UpVal *uv = S->openupval; uv != NULL; uv = uv->open_next)
        mark_object(g, (GCObj *)uv);
    mark_object(g, (GCObj *)S->globals);
    mark_object(g, (GCObj *)S->loaded);
    mark_object(g, (GCObj *)S->string_meta);
    for (int i = 0; i < TM_N; i++)
        mark_object(g, (GCObj *)S->tmname[i]);
    mark_object(g, (GCObj *)S->memerrmsg);
    mark_value(g, &S->errfunc);
}

/* ---- freeing ---- */

static void free_string(State *S, String *s)
{
    mt_free(S, s, sizeof(String) + s->len + 1);
}

void gc_freeobj(State *S, GCObj *o)
{
    switch (o->gctt) {
    case T_STR:
        str_remove(S, (String *)o);
        free_string(S, (String *)o);
        break;
    case T_TABLE: tab_free(S, (Table *)o); break;
    case T_LCL: closure_free(S, (Closure *)o); break;
    case T_PROTO: proto_free(S, (Proto *)o); break;
    case T_UPVAL: upval_free(S, (UpVal *)o); break;
    default:
        fprintf(stderr, "mtvm: gc: bad object type %d\n", o->gctt);
        abort();
    }
}

static inline bool is_fixed(const GCObj *o)
{
    return o->gctt == T_STR && ((const String *)o)->reserved != 0;
}

static void sweep(State *S)
{
    GCObj **p = &S->allgc;
    GCObj *o;
    while ((o = *p) != NULL) {
        if (o->marked || is_fixed(o)) {
            o->marked = 0;              /* white again for the next cycle */
            p = &o->gcnext;
        } else {
            *p = o->gcnext;
            gc_freeobj(S, o);
        }
    }
}

/* ---- collection ---- */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void gc_collect(State *S)
{
    if (S->gc_running)
        return;
    S->gc_running = true;
    double start = now_seconds();
    if (S->on_gc != NULL)
        S->on_gc(S);
    Gray g = {NULL, 0, 0};
    mark_roots(&g, S);
    propagate(&g);
    free(g.items);
    sweep(S);
    size_t live = S->totalbytes;
    size_t growth = live * (GC_PAUSE_FACTOR - 1);
    if (growth > GC_MAX_GROWTH)
        growth = GC_MAX_GROWTH;
    S->gcthreshold = live + growth > GC_MIN_THRESHOLD ? live + growth : GC_MIN_THRESHOLD;
    S->gc_collections++;
    S->gc_seconds += now_seconds() - start;
    S->gc_running = false;
}

/* Frees every object at mt_close. Strings are not unlinked one by one: the
 * intern table is emptied at the end (str_freeall frees its buckets). */
void gc_freeall(State *S)
{
    GCObj *o = S->allgc;
    while (o != NULL) {
        GCObj *next = o->gcnext;
        if (o->gctt == T_STR)
            free_string(S, (String *)o);
        else
            gc_freeobj(S, o);
        o = next;
    }
    S->allgc = NULL;
    S->openupval = NULL;
    for (uint32_t i = 0; i < S->strt_size; i++)
        S->strt[i] = NULL;
    S->strt_count = 0;
    memset(S->strchar, 0, sizeof S->strchar);
}
