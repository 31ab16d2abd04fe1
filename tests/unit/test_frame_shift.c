/* test_frame_shift.c — making the interpreter's frames what a trace reached
 * (tracer/frame_shift.h): popping the frames a trace returned from below its
 * base frame, pushing its inlined calls with their callers resuming after
 * the call, and the end-of-trace helper that also resets the stack top. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frame_shift.h"
#include "func.h"

static State *S;
static Closure *cl;   /* any closure: frame_shift reads its maxstack */

static const Instr *pc_at(int n) { return cl->p->code + n; }

static void setup(void)
{
    S = mt_newstate();
    const char *src = "local a, b, c = 1, 2, 3 return a";
    ck_assert_int_eq(mt_loadbuffer(S, src, strlen(src), "=t"), MT_OK);
    cl = clvalue(S->top - 1);
    /* three mt frames: bases at slots 10, 20 and 30 */
    for (int i = 1; i <= 3; i++) {
        CallInfo *ci = S->base_ci + i;
        ci->func = S->stack + 10 * i - 1;
        ci->top = ci->func + 1 + cl->p->maxstack;
        ci->savedpc = pc_at(0);
        ci->nresults = 1;
        ci->callstatus = 0;
    }
    S->ci = S->base_ci + 3;
}
static void teardown(void) { mt_close(S); }

static SnapFrame frame_at(int32_t base, int ret, int nresults)
{
    return (SnapFrame){base, cl, pc_at(ret), nresults};
}

START_TEST(pushes_inlined_frames)
{
    SnapFrame f[2] = {frame_at(5, 1, 2), frame_at(9, 2, -1)};
    CallInfo *ci = frame_shift(S, 0, f, 2);
    ck_assert_ptr_eq(ci, S->base_ci + 5);
    ck_assert_ptr_eq(S->ci, ci);
    /* each caller resumes after its call */
    ck_assert_ptr_eq(S->base_ci[3].savedpc, pc_at(1));
    ck_assert_ptr_eq(S->base_ci[4].savedpc, pc_at(2));
    /* bases are relative to the base frame's (slot 30) */
    ck_assert_ptr_eq(S->base_ci[4].func, S->stack + 30 + 5 - 1);
    ck_assert_ptr_eq(ci->func, S->stack + 30 + 9 - 1);
    ck_assert_ptr_eq(ci->top, S->stack + 30 + 9 + cl->p->maxstack);
    ck_assert_int_eq(S->base_ci[4].nresults, 2);
    ck_assert_int_eq(ci->nresults, -1);
    ck_assert_int_eq(ci->callstatus, 0);
    ck_assert(S->stack_hwm >= ci->top);
}
END_TEST

START_TEST(pops_frames_below_the_base)
{
    CallInfo *ci = frame_shift(S, 2, NULL, 0);
    ck_assert_ptr_eq(ci, S->base_ci + 1);
    ck_assert_ptr_eq(S->ci, ci);
    ck_assert_ptr_eq(ci->func, S->stack + 9);   /* untouched */
}
END_TEST

/* Returned from the base frame, then called again from the caller: the
 * new frame takes the popped one's CallInfo, its base still counted from
 * the base frame's. */
START_TEST(pops_then_pushes)
{
    SnapFrame f = frame_at(-4, 3, 1);
    CallInfo *ci = frame_shift(S, 1, &f, 1);
    ck_assert_ptr_eq(ci, S->base_ci + 3);
    ck_assert_ptr_eq(S->base_ci[2].savedpc, pc_at(3));
    ck_assert_ptr_eq(ci->func, S->stack + 30 - 4 - 1);
}
END_TEST

START_TEST(end_helper_sets_the_top)
{
    SnapFrame f = frame_at(6, 1, 1);
    FrameShift *fs = frame_shift_new(1, &f, 1);
    ck_assert_ptr_nonnull(fs);
    ck_assert_uint_eq(fs->down, 1);
    ck_assert_uint_eq(fs->nframes, 1);
    S->top = S->stack;
    frame_shift_end(S, fs);
    ck_assert_ptr_eq(S->ci, S->base_ci + 3);
    ck_assert_ptr_eq(S->ci->func, S->stack + 30 + 6 - 1);
    ck_assert_ptr_eq(S->top, S->ci->top);
    free(fs);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("frame_shift");
    TCase *tc = tcase_create("frame_shift");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, pushes_inlined_frames);
    tcase_add_test(tc, pops_frames_below_the_base);
    tcase_add_test(tc, pops_then_pushes);
    tcase_add_test(tc, end_helper_sets_the_top);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int run = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    printf("test_frame_shift: %d passed, %d failed\n", run - failed, failed);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
