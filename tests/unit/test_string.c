/* test_string.c — the intern table: identity of equal strings, strings with
 * embedded NULs, growth of the table, removal by the GC, and the names that
 * str_init interns. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gc.h"
#include "mem.h"
#include "mtstring.h"

static State *S;

static void setup(void) { S = mt_newstate(); }
static void teardown(void) { mt_close(S); }

START_TEST(equal_strings_are_one_object)
{
    char buf[] = "hello world";
    String *a = str_newc(S, "hello world");
    String *b = str_new(S, buf, strlen(buf));
    ck_assert_ptr_eq(a, b);
    ck_assert(str_eq(a, b));
    ck_assert_uint_eq(a->len, 11);
    ck_assert_str_eq(a->data, "hello world");
    ck_assert_ptr_ne(str_newc(S, "hello worle"), a);
    ck_assert_ptr_ne(str_newc(S, "hello worl"), a);
}
END_TEST

START_TEST(empty_string)
{
    String *a = str_new(S, "", 0);
    String *b = str_newc(S, "");
    ck_assert_ptr_eq(a, b);
    ck_assert_uint_eq(a->len, 0);
    ck_assert_int_eq(a->data[0], '\0');
}
END_TEST

START_TEST(embedded_nuls)
{
    String *a = str_new(S, "a\0b", 3);
    String *b = str_new(S, "a\0c", 3);
    String *c = str_new(S, "a", 1);
    String *d = str_new(S, "a\0b", 3);
    ck_assert_ptr_ne(a, b);
    ck_assert_ptr_ne(a, c);
    ck_assert_ptr_eq(a, d);
    ck_assert_uint_eq(a->len, 3);
    ck_assert(memcmp(a->data, "a\0b", 4) == 0);   /* NUL-terminated too */
}
END_TEST

START_TEST(lengths_around_word_size)
{
    /* the hash reads 8 bytes at a time: strings that differ only in the
     * tail, or only in the first word, must all be distinct */
    char buf[40];
    String *seen[40];
    for (int len = 1; len < 40; len++) {
        memset(buf, 'x', sizeof buf);
        buf[len - 1] = 'y';
        seen[len] = str_new(S, buf, (size_t)len);
        ck_assert_uint_eq(seen[len]->len, (size_t)len);
    }
    for (int len = 1; len < 40; len++) {
        memset(buf, 'x', sizeof buf);
        buf[len - 1] = 'y';
        ck_assert_ptr_eq(str_new(S, buf, (size_t)len), seen[len]);
        for (int other = 1; other < len; other++)
            ck_assert_ptr_ne(seen[other], seen[len]);
    }
}
END_TEST

START_TEST(table_grows_over_100k_strings)
{
    enum { N = 100000 };
    String **all = malloc(N * sizeof(String *));
    char buf[32];
    uint32_t before = S->strt_count;
    for (int i = 0; i < N; i++) {
        int n = snprintf(buf, sizeof buf, "key%d", i);
        all[i] = str_new(S, buf, (size_t)n);
    }
    ck_assert_uint_eq(S->strt_count, before + N);
    ck_assert_uint_ge(S->strt_size, S->strt_count);
    ck_assert((S->strt_size & (S->strt_size - 1)) == 0);
    for (int i = 0; i < N; i++) {
        int n = snprintf(buf, sizeof buf, "key%d", i);
        ck_assert_ptr_eq(str_new(S, buf, (size_t)n), all[i]);
        ck_assert_str_eq(all[i]->data, buf);
    }
    /* the longest chain stays short: the hash spreads similar keys */
    uint32_t longest = 0;
    for (uint32_t b = 0; b < S->strt_size; b++) {
        uint32_t len = 0;
        for (String *s = S->strt[b]; s; s = s->hnext)
            len++;
        if (len > longest)
            longest = len;
    }
    ck_assert_uint_lt(longest, 12);
    free(all);
}
END_TEST

START_TEST(metamethod_names_interned)
{
    ck_assert_ptr_eq(S->tmname[TM_INDEX], str_newc(S, "__index"));
    ck_assert_ptr_eq(S->tmname[TM_MODE], str_newc(S, "__mode"));
    ck_assert_ptr_eq(S->tmname[TM_LT], str_newc(S, "__lt"));
    ck_assert_str_eq(S->memerrmsg->data, "not enough memory");
}
END_TEST

START_TEST(gc_removes_dead_strings)
{
    gc_collect(S);              /* start from a heap without temporaries */
    String *keep = str_newc(S, "kept-by-the-stack");
    mt_pushstr(S, keep);
    String *dead = str_newc(S, "garbage-string");
    (void)dead;
    uint32_t count = S->strt_count;
    gc_collect(S);
    ck_assert_uint_eq(S->strt_count, count - 1);
    ck_assert_ptr_eq(str_newc(S, "kept-by-the-stack"), keep);
    /* the metamethod names survive although nothing else refers to them */
    ck_assert_ptr_eq(str_newc(S, "__index"), S->tmname[TM_INDEX]);
    /* a dead string can be created again, as a fresh object */
    String *again = str_newc(S, "garbage-string");
    ck_assert_str_eq(again->data, "garbage-string");
    ck_assert_uint_eq(S->strt_count, count);
}
END_TEST

START_TEST(reserved_strings_are_fixed)
{
    String *kw = str_newc(S, "while");
    kw->reserved = 5;
    gc_collect(S);
    ck_assert_ptr_eq(str_newc(S, "while"), kw);
    ck_assert_int_eq(kw->reserved, 5);
}
END_TEST

static Suite *string_suite(void)
{
    Suite *s = suite_create("string");
    TCase *tc = tcase_create("intern");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, equal_strings_are_one_object);
    tcase_add_test(tc, empty_string);
    tcase_add_test(tc, embedded_nuls);
    tcase_add_test(tc, lengths_around_word_size);
    tcase_add_test(tc, table_grows_over_100k_strings);
    tcase_add_test(tc, metamethod_names_interned);
    tcase_add_test(tc, gc_removes_dead_strings);
    tcase_add_test(tc, reserved_strings_are_fixed);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(string_suite());
    srunner_run_all(sr, CK_NORMAL);
    int run = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    printf("test_string: %d passed, %d failed\n", run - failed, failed);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
