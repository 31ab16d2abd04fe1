/* libFuzzer target: compile and run. Programs are bounded by a step budget
 * and a memory limit, so a crash, a sanitizer report or a hang past those
 * limits is a VM bug; mt-level errors are ordinary outcomes.
 *
 * Built a second time with FUZZ_WITH_JIT (fuzz_exec_jit): the software
 * tracer at stress thresholds (every loop and every exit hot at once), so
 * the recorder, optimiser, backend and exits see every program too. A loop
 * that runs entirely in compiled code is not charged to the step budget, so
 * a program that loops forever there is reported as a timeout. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mtstring.h"
#ifdef FUZZ_WITH_JIT
#include "jit.h"
#endif
#include "state.h"
#include "table.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* programs print; keep the fuzzer's output readable, and give io.read
     * an empty input rather than the terminal */
    if (freopen("/dev/null", "w", stdout) == NULL || freopen("/dev/null", "r", stdin) == NULL)
        return 1;
    return 0;
}

static void run_chunk(State *S, void *ud)
{
    mt_call(S, (TValue *)ud, 0);
}

/* os.exit would end the fuzzer itself: remove it. */
static void disable_exit(State *S)
{
    const TValue *os = tab_getstr(S->globals, str_newc(S, "os"));
    if (istable(os))
        tab_setstr(S, tabvalue(os), str_newc(S, "exit"), &mt_nilvalue);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    State *S = mt_newstate();
    disable_exit(S);
#ifdef FUZZ_WITH_JIT
    JitParams jp = {.max_insns = 200, .max_attempts = 4, .hot_exit = 1, .bounded = true};
    char err[200];
    mt_sethotthreshold(S, 1);
    if (!jit_open(S, &jp, err, sizeof err))
        __builtin_trap();
#endif
    S->mem_limit = 256u << 20;
    S->step_budget = 20000;
    TValue *func = S->top;
    if (mt_loadbuffer(S, (const char *)data, size, "fuzz") == MT_OK)
        (void)mt_rawrunprotected(S, run_chunk, func);
#ifdef FUZZ_WITH_JIT
    jit_close(S);
#endif
    mt_close(S);
    return 0;
}
