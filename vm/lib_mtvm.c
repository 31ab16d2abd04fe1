/* lib_mtvm.c — the `mtvm` module: facilities only this VM has (a raw
 * monotonic clock for benchmark harnesses, VM counters, a forced
 * collection). Portable programs never touch it; lua5.4 has no `mtvm`. */
#include <string.h>
#include <time.h>

#include "gc.h"
#include "jit.h"
#include "libaux.h"
#include "table.h"

static int mtvm_clock(State *S, TValue *args, int nargs)
{
    (void)args;
    (void)nargs;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
    mt_pushflt(S, (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9);
    return 1;
}

/* A fresh table each call, so a program can diff two snapshots. */
static int mtvm_stats(State *S, TValue *args, int nargs)
{
    (void)args;
    (void)nargs;
    Table *t = tab_new(S, 0, 8);
    TValue v;
    settable(&v, t);
    mt_push(S, &v);
    lib_setint(S, t, "gc_collections", (int64_t)S->gc_collections);
    lib_setflt(S, t, "gc_time", S->gc_seconds);
    lib_setint(S, t, "bytes_allocated", (int64_t)S->bytes_allocated);
    lib_setint(S, t, "hot_loops", (int64_t)S->hot_loops);
    if (S->jit != NULL)
        jit_stats_table(S, t);
    return 1;
}

static int mtvm_gc(State *S, TValue *args, int nargs)
{
    (void)args;
    (void)nargs;
    gc_collect(S);
    return 0;
}

/* mtvm.tracer is looked up when read (through __index), since the command
 * line may choose the tracer after the libraries are opened. */
static int mtvm_index(State *S, TValue *args, int nargs)
{
    if (nargs >= 2 && isstr(&args[1]) && strcmp(strvalue(&args[1])->data, "tracer") == 0)
        mt_pushcstring(S, S->tracer_name != NULL ? S->tracer_name : "none");
    else
        mt_pushnil(S);
    return 1;
}

static const LibReg mtvm_funcs[] = {
    { "clock", mtvm_clock }, { "stats", mtvm_stats }, { "gc", mtvm_gc },
    { NULL, NULL }
};

void lib_open_mtvm(State *S)
{
    Table *m = lib_newlib(S, "mtvm", mtvm_funcs);
    Table *meta = tab_new(S, 0, 1);
    lib_setcfunc(S, meta, "__index", mtvm_index);
    m->meta = meta;
}
