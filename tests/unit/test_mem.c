/* test_mem.c — the allocator: blocks keep their contents when resized
 * within and across size classes and in and out of the small-block pool,
 * the byte count returns to its level when they are freed, empty pool pages
 * serve other classes, and running out of memory at any point while
 * compiling or growing tables leaves a state that can be used and closed. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "mem.h"
#include "table.h"

static State *S;

static void setup(void)
{
    S = mt_newstate();
    gc_collect(S);
}
static void teardown(void) { mt_close(S); }

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(seed * 31 + i);
}

static bool filled(const unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != (unsigned char)(seed * 31 + i))
            return false;
    return true;
}

START_TEST(resize_keeps_contents)
{
    enum { N = 64 };
    static const size_t path[] = {1, 16, 17, 100, 256, 257, 1000, 200, 48, 15, 300, 8};
    size_t level = S->totalbytes;
    unsigned char *blocks[N];
    size_t size = path[0];
    for (int b = 0; b < N; b++) {
        blocks[b] = mt_alloc(S, size);
        fill(blocks[b], size, (unsigned)b);
    }
    /* every block walks the same path of sizes, interleaved, so blocks of
     * one class are freed and reused while others are live */
    for (size_t step = 1; step < sizeof path / sizeof path[0]; step++) {
        size_t next = path[step];
        size_t kept = size < next ? size : next;
        for (int b = 0; b < N; b++) {
            blocks[b] = mt_realloc(S, blocks[b], size, next);
            ck_assert(filled(blocks[b], kept, (unsigned)b));
            fill(blocks[b], next, (unsigned)b);
        }
        size = next;
    }
    ck_assert_uint_eq(S->totalbytes, level + N * size);
    for (int b = 0; b < N; b++)
        mt_free(S, blocks[b], size);
    ck_assert_uint_eq(S->totalbytes, level);
}
END_TEST

START_TEST(empty_pages_serve_other_classes)
{
    enum { N = 100000 };
    void **small = malloc(N * sizeof(void *));
    for (int i = 0; i < N; i++)
        small[i] = mt_alloc(S, 16);
    if (mt_pool_footprint(S) == 0) {    /* a build without the pool */
        for (int i = 0; i < N; i++)
            mt_free(S, small[i], 16);
        free(small);
        return;
    }
    size_t footprint = mt_pool_footprint(S);
    for (int i = 0; i < N; i++)
        mt_free(S, small[i], 16);
    ck_assert_ptr_nonnull(S->pool.spare);
    /* 1.6 MB of 16-byte blocks freed: 100 KB of 256-byte blocks fit in
     * the pages they left, without a new region */
    for (int i = 0; i < 400; i++)
        small[i] = mt_alloc(S, 256);
    ck_assert_uint_eq(mt_pool_footprint(S), footprint);
    for (int i = 0; i < 400; i++)
        mt_free(S, small[i], 256);
    free(small);
}
END_TEST

/* A function long enough that its code, line info and constants grow many
 * times, so a memory limit stops the compiler in every kind of growth. */
static char *long_source(void)
{
    size_t cap = 1 << 16, n = 0;
    char *src = malloc(cap);
    n += (size_t)snprintf(src + n, cap - n, "local t = {}\n");
    for (int i = 0; i < 300; i++)
        n += (size_t)snprintf(src + n, cap - n,
                              "t[%d] = {%d, 'k%d', x%d = %d.5}\n", i, i, i, i, i);
    n += (size_t)snprintf(src + n, cap - n, "return t\n");
    return src;
}

START_TEST(compile_out_of_memory_anywhere)
{
    char *src = long_source();
    size_t len = strlen(src);
    TValue *top = S->top;
    int failures = 0;
    for (size_t extra = 0; extra < 200000; extra += 512) {
        S->mem_limit = S->totalbytes + extra;
        int status = mt_loadbuffer(S, src, len, "=long");
        S->mem_limit = 0;
        if (status == MT_OK)
            break;
        ck_assert_int_eq(status, MT_ERRMEM);
        failures++;
        S->top = top;
        gc_collect(S);
    }
    ck_assert_int_gt(failures, 10);
    S->top = top;
    ck_assert_int_eq(mt_loadbuffer(S, src, len, "=long"), MT_OK);
    free(src);
}
END_TEST

struct Fill {
    Table *t;
    int64_t n;
};

static void fill_table(State *s, void *ud)
{
    struct Fill *f = ud;
    for (int64_t i = 1; i <= 300; i++) {
        TValue v;
        setint(&v, i * 3);
        tab_setint(s, f->t, i, &v);
        TValue k;
        setint(&k, -i);                 /* and the hash part */
        tab_set(s, f->t, &k, &v);
        f->n = i;
    }
}

START_TEST(table_growth_out_of_memory_anywhere)
{
    int failures = 0;
    for (size_t extra = 0; extra < 100000; extra += 64) {
        struct Fill f = {tab_new(S, 3, 0), 0};
        settable(S->top, f.t);
        S->top++;
        S->mem_limit = S->totalbytes + extra;
        int status = mt_rawrunprotected(S, fill_table, &f);
        S->mem_limit = 0;
        if (status == MT_OK)
            break;
        ck_assert_int_eq(status, MT_ERRMEM);
        failures++;
        /* what was stored before the error is intact */
        for (int64_t i = 1; i <= f.n; i++) {
            ck_assert(ivalue(tab_getint(f.t, i)) == i * 3);
            TValue k;
            setint(&k, -i);
            ck_assert(ivalue(tab_get(f.t, &k)) == i * 3);
        }
        S->top = S->stack + 1;
        gc_collect(S);
    }
    ck_assert_int_gt(failures, 10);
}
END_TEST

static Suite *mem_suite(void)
{
    Suite *s = suite_create("mem");
    TCase *tc = tcase_create("allocator");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, resize_keeps_contents);
    tcase_add_test(tc, empty_pages_serve_other_classes);
    tcase_add_test(tc, compile_out_of_memory_anywhere);
    tcase_add_test(tc, table_growth_out_of_memory_anywhere);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(mem_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    int run = srunner_ntests_run(sr);
    srunner_free(sr);
    printf("test_mem: %d passed, %d failed\n", run - failed, failed);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
