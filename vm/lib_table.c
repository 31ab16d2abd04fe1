/* lib_table.c — table.insert, remove, concat, unpack, pack and sort, with
 * Lua 5.4's semantics: element access goes through __index/__newindex and
 * lengths through __len (lib_geti/lib_seti/lib_len take the raw fast path
 * for plain tables). */
#include <limits.h>
#include <stdio.h>

#include "libaux.h"
#include "mtstring.h"
#include "number.h"
#include "table.h"

static int tab_insert(State *S, TValue *args, int nargs)
{
    lib_checktable(S, args, nargs, 1);
    int64_t e = (int64_t)((uint64_t)lib_len(S, &args[0]) + 1u);   /* first empty */
    int64_t pos;
    switch (nargs) {
    case 2:
        pos = e;
        break;
    case 3: {
        pos = lib_checkinteger(S, args, nargs, 2);
        /* pos must be in [1, e] */
        lib_argcheck(S, (uint64_t)pos - 1u < (uint64_t)e, 2, "position out of bounds");
        TValue *tmp = lib_pushslot(S);
        for (int64_t i = e; i > pos; i--) {
            lib_geti(S, &args[0], i - 1, tmp);
            lib_seti(S, &args[0], i, tmp);
        }
        break;
    }
    default:
        mt_errorf(S, "wrong number of arguments to 'insert'");
    }
    lib_seti(S, &args[0], pos, &args[nargs - 1]);
    return 0;
}

static int tab_remove(State *S, TValue *args, int nargs)
{
    lib_checktable(S, args, nargs, 1);
    int64_t size = lib_len(S, &args[0]);
    int64_t pos = lib_optinteger(S, args, nargs, 2, size);
    if (pos != size)   /* a given position must be in [1, size + 1] */
        lib_argcheck(S, (uint64_t)pos - 1u <= (uint64_t)size, 1, "position out of bounds");
    TValue *result = lib_pushslot(S);
    TValue *tmp = lib_pushslot(S);
    lib_geti(S, &args[0], pos, result);
    for (; pos < size; pos++) {
        lib_geti(S, &args[0], pos + 1, tmp);
        lib_seti(S, &args[0], pos, tmp);
    }
    setnil(tmp);
    lib_seti(S, &args[0], pos, tmp);
    S->top = result + 1;
    return 1;
}

/* ---- concat ---- */

typedef struct ConcatJob {
    TValue *t;
    String *sep;
    int64_t first, last;
    TValue *tmp;
    LibBuf b;
} ConcatJob;

static void concat_field(State *S, ConcatJob *job, int64_t i)
{
    lib_geti(S, job->t, i, job->tmp);
    const TValue *v = job->tmp;
    if (isstr(v)) {
        buf_addstr(S, &job->b, strvalue(v));
    } else if (isnumber(v)) {
        char num[MT_NUMBUF];
        buf_addmem(S, &job->b, num, (size_t)num_tostr(v, num));
    } else {
        mt_errorf(S, "invalid value (%s) at index %lld in table for 'concat'",
                  mt_tag_names[ttype(v)], (long long)i);
    }
}

static void concat_body(State *S, void *ud)
{
    ConcatJob *job = ud;
    int64_t i = job->first;
    for (; i < job->last; i++) {
        concat_field(S, job, i);
        buf_addstr(S, &job->b, job->sep);
    }
    if (i == job->last)   /* the last one, unless the range was empty */
        concat_field(S, job, i);
}

static int tab_concat(State *S, TValue *args, int nargs)
{
    lib_checktable(S, args, nargs, 1);
    ConcatJob job;
    job.t = &args[0];
    int64_t last = lib_len(S, &args[0]);
    job.sep = lib_optstring(S, args, nargs, 2, NULL);
    if (job.sep == NULL)
        job.sep = str_new(S, "", 0);
    job.first = lib_optinteger(S, args, nargs, 3, 1);
    job.last = lib_optinteger(S, args, nargs, 4, last);
    mt_pushstr(S, job.sep);   /* rooted while __index code may run */
    job.tmp = lib_pushslot(S);
    buf_init(&job.b);
    lib_buildprotected(S, concat_body, &job, &job.b);
    buf_push(S, &job.b);
    return 1;
}

/* ---- pack / unpack ---- */

static int tab_pack(State *S, TValue *args, int nargs)
{
    Table *t = tab_new(S, (uint32_t)nargs, 1);
    TValue tv;
    settable(&tv, t);
    for (int i = 0; i < nargs; i++)
        tab_setint(S, t, i + 1, &args[i]);
    lib_setint(S, t, "n", nargs);
    mt_push(S, &tv);
    return 1;
}

static int tab_unpack(State *S, TValue *args, int nargs)
{
    if (nargs == 0) {   /* unpack() gets the length of nil, as in Lua */
        mt_pushnil(S);
        nargs = 1;
    }
    int64_t i = lib_optinteger(S, args, nargs, 2, 1);
    int64_t e = lib_noneornil(args, nargs, 3) ? lib_len(S, &args[0])
                                              : lib_checkinteger(S, args, nargs, 3);
    if (i > e)
        return 0;
    uint64_t n = (uint64_t)e - (uint64_t)i;   /* count - 1, without overflow */
    if (n >= (uint64_t)INT_MAX || (uint64_t)(S->stack_last - S->top) <= n + 1)
        mt_errorf(S, "too many results to unpack");
    mt_checkstack(S, (int)n + 1);
    TValue *t = &args[0];
    for (; i < e; i++)
        lib_geti(S, t, i, lib_pushslot(S));
    lib_geti(S, t, e, lib_pushslot(S));
    return (int)n + 1;
}

/* ---- sort ----
 * Quicksort as Lua 5.4's ltablib.c describes it: median of three, the
 * pivot parked at up-1, recursion into the smaller half. Comparing exactly
 * as Lua does keeps the order of equal elements the same as lua5.4's. An
 * inconsistent comparator is detected when a scan would run past the
 * partition bounds, and raises "invalid order function for sorting". */

typedef struct Sorter {
    TValue *t;       /* the table (a stack slot) */
    TValue *cmp;     /* the comparator, or NULL for '<' */
    TValue *a, *b;   /* scratch slots */
    TValue *pivot;
    uint64_t rnd;    /* pivot randomisation once a partition is unbalanced */
} Sorter;

/* a < b, by the comparator or the '<' operator; a and b are stack slots */
static bool sort_less(State *S, Sorter *so, TValue *a, TValue *b)
{
    if (so->cmp == NULL)
        return mt_lessthan(S, a, b);
    TValue *func = S->top;
    mt_push(S, so->cmp);
    mt_push(S, a);
    mt_push(S, b);
    mt_call(S, func, 1);
    bool res = !isfalsy(func);
    S->top = func;
    return res;
}

static void sort_get(State *S, Sorter *so, int64_t i, TValue *dst)
{
    lib_geti(S, so->t, i, dst);
}

static void sort_set(State *S, Sorter *so, int64_t i, TValue *v)
{
    lib_seti(S, so->t, i, v);
}

static noreturn void invalid_order(State *S)
{
    mt_errorf(S, "invalid order function for sorting");
}

/* Partitions [lo, up] around the pivot P = a[up-1]; returns its final
 * index. Invariant: a[lo..i] <= P <= a[j..up]. */
static int64_t sort_partition(State *S, Sorter *so, int64_t lo, int64_t up)
{
    int64_t i = lo, j = up - 1;
    for (;;) {
        /* scan up while a[i] < P; a[up-1] == P must stop it */
        for (;;) {
            sort_get(S, so, ++i, so->a);
            if (!sort_less(S, so, so->a, so->pivot))
                break;
            if (i >= up - 1)
                invalid_order(S);
        }
        /* scan down while P < a[j]; it must stop before crossing i */
        for (;;) {
            sort_get(S, so, --j, so->b);
            if (!sort_less(S, so, so->pivot, so->b))
                break;
            if (j < i || j <= lo)
                invalid_order(S);
        }
        if (j < i) {
            /* swap the pivot (at up-1) into place */
            sort_set(S, so, up - 1, so->a);
            sort_set(S, so, i, so->pivot);
            return i;
        }
        sort_set(S, so, i, so->b);
        sort_set(S, so, j, so->a);
    }
}

/* Orders a[lo], a[p], a[up] so that the median ends at p. */
static void sort_median3(State *S, Sorter *so, int64_t lo, int64_t p, int64_t up)
{
    sort_get(S, so, p, so->a);
    sort_get(S, so, lo, so->b);
    if (sort_less(S, so, so->a, so->b)) {   /* a[p] < a[lo] */
        sort_set(S, so, p, so->b);
        sort_set(S, so, lo, so->a);
        return;
    }
    sort_get(S, so, up, so->b);
    if (sort_less(S, so, so->b, so->a)) {   /* a[up] < a[p] */
        sort_set(S, so, p, so->b);
        sort_set(S, so, up, so->a);
    }
}

static int64_t sort_choose_pivot(Sorter *so, int64_t lo, int64_t up)
{
    if (up - lo < 100 || so->rnd == 0)
        return lo + (up - lo) / 2;
    so->rnd ^= so->rnd << 13;   /* xorshift: any spread of pivots will do */
    so->rnd ^= so->rnd >> 7;
    so->rnd ^= so->rnd << 17;
    int64_t r4 = (up - lo) / 4;
    return (int64_t)(so->rnd % (uint64_t)(r4 * 2)) + lo + r4;
}

static void sort_range(State *S, Sorter *so, int64_t lo, int64_t up)
{
    while (lo < up) {
        sort_get(S, so, lo, so->a);
        sort_get(S, so, up, so->b);
        if (sort_less(S, so, so->b, so->a)) {   /* a[up] < a[lo] */
            sort_set(S, so, lo, so->b);
            sort_set(S, so, up, so->a);
        }
        if (up - lo == 1)
            break;
        int64_t p = sort_choose_pivot(so, lo, up);
        sort_median3(S, so, lo, p, up);
        if (up - lo == 2)
            break;
        /* park the pivot at up-1 */
        sort_get(S, so, p, so->pivot);
        sort_get(S, so, up - 1, so->b);
        sort_set(S, so, p, so->b);
        sort_set(S, so, up - 1, so->pivot);
        p = sort_partition(S, so, lo, up);
        int64_t smaller;
        if (p - lo < up - p) {
            sort_range(S, so, lo, p - 1);
            smaller = p - lo;
            lo = p + 1;
        } else {
            sort_range(S, so, p + 1, up);
            smaller = up - p;
            up = p - 1;
        }
        if ((up - lo) / 128 > smaller)   /* badly unbalanced: randomise */
            so->rnd = (uint64_t)(up - lo) * 0x9E3779B97F4A7C15u | 1u;
    }
}

static int tab_sort(State *S, TValue *args, int nargs)
{
    lib_checktable(S, args, nargs, 1);
    int64_t n = lib_len(S, &args[0]);
    if (n > 1) {
        lib_argcheck(S, n < INT_MAX, 1, "array too big");
        if (!lib_noneornil(args, nargs, 2))
            lib_checktype(S, args, nargs, 2, T_LCL);
        Sorter so;
        so.t = &args[0];
        so.cmp = lib_noneornil(args, nargs, 2) ? NULL : &args[1];
        so.a = lib_pushslot(S);
        so.b = lib_pushslot(S);
        so.pivot = lib_pushslot(S);
        so.rnd = 0;
        sort_range(S, &so, 1, n);
    }
    return 0;
}

static const LibReg table_funcs[] = {
    { "insert", tab_insert }, { "remove", tab_remove },
    { "concat", tab_concat }, { "pack", tab_pack },
    { "unpack", tab_unpack }, { "sort", tab_sort },
    { NULL, NULL }
};

void lib_open_table(State *S)
{
    lib_newlib(S, "table", table_funcs);
}
