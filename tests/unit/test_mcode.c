/* test_mcode.c — executable code memory (tracer/mcode.h): code written,
 * run, patched and run again; W^X checked for real in /proc/self/maps at
 * every stage (after allocation, while writing, after committing, during
 * and after a patch); the total limit, range errors, near placement and the
 * W^X detector itself (which must notice a deliberately RWX mapping). */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "mcode.h"
#include "x64.h"

typedef int64_t (*Fn0)(void);

/* The permissions ("r-xp", ...) of the mapping that contains addr. */
static bool perms_of(const void *addr, char perms[5])
{
    FILE *f = fopen("/proc/self/maps", "r");
    ck_assert_ptr_nonnull(f);
    char line[512];
    bool found = false;
    uintptr_t a = (uintptr_t)addr;
    while (!found && fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        char p[5];
        if (sscanf(line, "%lx-%lx %4s", &lo, &hi, p) == 3 && a >= lo && a < hi) {
            memcpy(perms, p, 5);
            found = true;
        }
    }
    fclose(f);
    return found;
}

static void assert_no_wx(const char *when)
{
    char line[256];
    int r = mcode_maps_find_wx(line, sizeof line);
    ck_assert_msg(r != -1, "%s: /proc/self/maps unreadable", when);
    ck_assert_msg(r == 0, "%s: a mapping is writable and executable: %s", when, line);
    ck_assert(!mcode_maps_have_wx());
}

static void assert_perms(const void *addr, const char *want, const char *when)
{
    char p[5];
    ck_assert_msg(perms_of(addr, p), "%s: no mapping holds the area", when);
    ck_assert_msg(strncmp(p, want, 3) == 0, "%s: area is %s, expected %s", when, p, want);
}

/* mov eax, imm32; ret — the immediate is at offset 1. */
static uint8_t *emit_return_const(X64Buf *b, int32_t v)
{
    uint8_t *entry = b->p;
    x64_mov_ri32(b, X64_S32, X64_RAX, v);
    x64_ret(b);
    return entry;
}

/* Point b at the area's free space, made writable. */
static void start_write(MCodeArea *a, X64Buf *b)
{
    size_t avail;
    uint8_t *p = mcode_begin_write(a, &avail);
    ck_assert_ptr_nonnull(p);
    x64_buf_init(b, p, avail);
}

static int hook_calls;
static void check_during_patch(const MCodeArea *a)
{
    hook_calls++;
    assert_no_wx("during a patch");
    assert_perms(a->base, "rw-", "during a patch");
}

START_TEST(write_run_patch_run_with_wx_checked)
{
    MCode mc;
    mcode_init(&mc, 1 << 20);
    assert_no_wx("before allocation");
    MCodeArea *a = mcode_new(&mc, 4096);
    ck_assert_msg(a != NULL, "%s", mc.error);
    assert_no_wx("after allocation");
    assert_perms(a->base, "r-x", "after allocation");

    size_t avail;
    uint8_t *p = mcode_begin_write(a, &avail);
    ck_assert_ptr_eq(p, a->base);
    ck_assert_uint_eq(avail, a->size);
    assert_no_wx("while writing");
    assert_perms(a->base, "rw-", "while writing");
    X64Buf b;
    x64_buf_init(&b, p, avail);
    Fn0 f = (Fn0)emit_return_const(&b, 41);
    Fn0 g = (Fn0)emit_return_const(&b, 7);
    ck_assert(x64_buf_ok(&b));
    ck_assert(mcode_end_write(a, b.p));
    assert_no_wx("after committing");
    assert_perms(a->base, "r-x", "after committing");
    ck_assert_int_eq(f(), 41);
    ck_assert_int_eq(g(), 7);

    mcode_patch_hook = check_during_patch;
    int32_t v = 42;
    ck_assert(mcode_patch(a, (uint8_t *)f + 1, &v, 4));
    mcode_patch_hook = NULL;
    ck_assert_int_eq(hook_calls, 1);
    assert_no_wx("after a patch");
    assert_perms(a->base, "r-x", "after a patch");
    ck_assert_int_eq(f(), 42);
    ck_assert_uint_eq(mc.patches, 1);
    mcode_free_all(&mc);
    assert_no_wx("after freeing");
}
END_TEST

/* The trace-linking case: a jump's rel32 retargeted from one function to
 * another (in a second write session, as a side trace would be added). */
START_TEST(retarget_a_jump)
{
    MCode mc;
    mcode_init(&mc, 1 << 20);
    MCodeArea *a = mcode_new(&mc, 4096);
    ck_assert_ptr_nonnull(a);
    X64Buf b;
    start_write(a, &b);
    uint8_t *one = emit_return_const(&b, 1);
    Fn0 entry = (Fn0)b.p;
    uint8_t *field = x64_jmp32(&b, one);
    ck_assert(mcode_end_write(a, b.p));
    ck_assert_int_eq(entry(), 1);

    start_write(a, &b);
    ck_assert_ptr_eq(b.p, field + 4); /* appends after the committed code */
    uint8_t *two = emit_return_const(&b, 2);
    ck_assert(mcode_end_write(a, b.p));
    int32_t rel;
    ck_assert(x64_rel32(field, two, &rel));
    ck_assert(mcode_patch(a, field, &rel, 4));
    ck_assert_int_eq(entry(), 2);
    assert_no_wx("after retargeting");
    ck_assert_uint_eq(a->used, (size_t)(b.p - a->base));
    ck_assert_uint_eq(mc.code_bytes, a->used);
    /* The space after the code is int3, so a stray jump traps. */
    ck_assert_uint_eq(a->base[a->used], 0xCC);
    ck_assert_uint_eq(a->base[a->size - 1], 0xCC);
    mcode_free_all(&mc);
}
END_TEST

START_TEST(protection_changes_are_cached)
{
    MCode mc;
    mcode_init(&mc, 1 << 20);
    MCodeArea *a = mcode_new(&mc, 100);
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(a->size % 4096, 0);
    uint64_t base = mc.protect_calls;
    size_t avail;
    uint8_t *p = mcode_begin_write(a, &avail);
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(mcode_begin_write(a, &avail)); /* already RW: no call */
    ck_assert_uint_eq(mc.protect_calls, base + 1);
    uint8_t nop = 0x90;
    ck_assert(mcode_patch(a, p, &nop, 1)); /* inside a write: stays RW */
    ck_assert(a->writable);
    ck_assert_uint_eq(mc.protect_calls, base + 1);
    ck_assert(mcode_end_write(a, p + 1));
    ck_assert(!a->writable);
    ck_assert_uint_eq(mc.protect_calls, base + 2);
    mcode_free_all(&mc);
}
END_TEST

START_TEST(limit_reached_then_flush)
{
    MCode mc;
    mcode_init(&mc, 3 * 4096);
    MCodeArea *a = mcode_new(&mc, 2 * 4096);
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(mc.mapped, 2 * 4096);
    ck_assert_ptr_null(mcode_new(&mc, 2 * 4096));
    ck_assert_int_eq(mc.err, MCODE_ERR_LIMIT);
    ck_assert_ptr_nonnull(strstr(mc.error, "limit"));
    size_t avail;
    uint8_t *p = mcode_begin_write(a, &avail);
    ck_assert(mcode_end_write(a, p + 100));
    ck_assert_uint_eq(mc.code_bytes, 100);
    mcode_free_all(&mc); /* the JIT's flush */
    ck_assert_uint_eq(mc.mapped, 0);
    ck_assert_uint_eq(mc.code_bytes, 0);
    ck_assert_uint_eq(mc.code_bytes_total, 100);
    ck_assert_uint_eq(mc.areas_now, 0);
    ck_assert_ptr_nonnull(mcode_new(&mc, 3 * 4096));
    ck_assert_ptr_null(mcode_new(&mc, SIZE_MAX)); /* no wrap-around when rounding */
    ck_assert_int_eq(mc.err, MCODE_ERR_LIMIT);
    mcode_free_all(&mc);
}
END_TEST

START_TEST(out_of_area_writes_are_refused)
{
    MCode mc;
    mcode_init(&mc, 1 << 20);
    MCodeArea *a = mcode_new(&mc, 4096);
    ck_assert_ptr_nonnull(a);
    size_t avail;
    uint8_t *p = mcode_begin_write(a, &avail);
    const uint8_t *past = (const uint8_t *)((uintptr_t)p + avail + 1);
    ck_assert(!mcode_end_write(a, past));
    ck_assert_int_eq(mc.err, MCODE_ERR_RANGE);
    ck_assert(!a->writable); /* made executable again all the same */
    ck_assert_uint_eq(a->used, 0);
    uint8_t bytes[8] = {0};
    ck_assert(!mcode_patch(a, a->base + a->size - 4, bytes, 8));
    ck_assert(!mcode_patch(a, (uint8_t *)(uintptr_t)((uintptr_t)a->base - 1), bytes, 1));
    ck_assert(mcode_patch(a, a->base + a->size - 8, bytes, 8));
    mcode_free_all(&mc);
}
END_TEST

static int64_t c_helper(void) { return 1234; }

/* Areas should land within rel32 reach of mtvm's text; when they do, a
 * direct call to a C function must work. Far placement is allowed (the
 * machine's address space decides) but is reported. */
static void placement_and_reach(bool anywhere)
{
    MCode mc;
    mcode_init(&mc, 1 << 20);
    mc.place_anywhere = anywhere;
    MCodeArea *a = mcode_new(&mc, 64 * 1024);
    ck_assert_ptr_nonnull(a);
    printf("test_mcode: %s placement: area at %p is %s the text (%p)\n",
           anywhere ? "unhinted" : "near", (void *)a->base,
           a->near ? "near" : "FAR from", (void *)(uintptr_t)&c_helper);
    ck_assert_uint_eq(mc.far_areas, a->near ? 0 : 1);
    if (a->near)
        ck_assert(mcode_reaches(a, (const void *)&c_helper));
    ck_assert(!mcode_reaches(a, (const void *)((uintptr_t)a->base + ((uintptr_t)3 << 30))));
    ck_assert(mcode_reaches(a, a->base + 10));

    X64Buf b;
    start_write(a, &b);
    Fn0 f = (Fn0)b.p;
    x64_push(&b, X64_RBX); /* keeps the stack 16-byte aligned at the call */
    if (mcode_reaches(a, (const void *)&c_helper)) {
        x64_call32(&b, (const void *)&c_helper);
    } else {
        x64_movabs(&b, X64_RAX, (uint64_t)(uintptr_t)&c_helper);
        x64_call_r(&b, X64_RAX);
    }
    x64_pop(&b, X64_RBX);
    x64_ret(&b);
    ck_assert(mcode_end_write(a, b.p));
    ck_assert_int_eq(f(), 1234);
    mcode_free_all(&mc);
}

START_TEST(near_placement_and_reach) { placement_and_reach(false); }
END_TEST

/* mmap's own choice is usually far from a PIE's text: the indirect call. */
START_TEST(far_placement_and_reach) { placement_and_reach(true); }
END_TEST

/* The detector must see a writable+executable mapping when there is one. */
START_TEST(wx_detector_finds_rwx)
{
    assert_no_wx("at start");
    void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        printf("test_mcode: RWX mmap refused here (a W^X policy): detector positive case skipped\n");
        return;
    }
    char line[256];
    ck_assert_int_eq(mcode_maps_find_wx(line, sizeof line), 1);
    ck_assert(mcode_maps_have_wx());
    ck_assert_ptr_nonnull(strstr(line, "rwx"));
    munmap(p, 4096);
    assert_no_wx("after unmapping");
}
END_TEST

/* Probing goes on past hints already taken: many areas, all near. */
START_TEST(many_areas_all_near)
{
    MCode mc;
    mcode_init(&mc, 64 << 20);
    MCodeArea *first = mcode_new(&mc, 1 << 20);
    ck_assert_ptr_nonnull(first);
    if (!first->near) {
        printf("test_mcode: no near placement on this machine; many_areas_all_near skipped\n");
        mcode_free_all(&mc);
        return;
    }
    for (int i = 0; i < 20; i++) {
        MCodeArea *a = mcode_new(&mc, 1 << 20);
        ck_assert_msg(a != NULL, "%s", mc.error);
        ck_assert_msg(a->near, "area %d placed far", i);
    }
    ck_assert_uint_eq(mc.areas_now, 21);
    ck_assert_uint_eq(mc.mapped, 21u << 20);
    assert_no_wx("with 21 areas");
    mcode_free_all(&mc);
}
END_TEST

static Suite *mcode_suite(void)
{
    Suite *s = suite_create("mcode");
    TCase *tc = tcase_create("mcode");
    tcase_add_test(tc, write_run_patch_run_with_wx_checked);
    tcase_add_test(tc, retarget_a_jump);
    tcase_add_test(tc, protection_changes_are_cached);
    tcase_add_test(tc, limit_reached_then_flush);
    tcase_add_test(tc, out_of_area_writes_are_refused);
    tcase_add_test(tc, near_placement_and_reach);
    tcase_add_test(tc, far_placement_and_reach);
    tcase_add_test(tc, many_areas_all_near);
    tcase_add_test(tc, wx_detector_finds_rwx);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(mcode_suite());
    srunner_run_all(sr, CK_NORMAL);
    int run = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    printf("test_mcode: %d passed, %d failed\n", run - failed, failed);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
