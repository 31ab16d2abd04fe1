/* jit.c — the software tracing strategy: the trace cache, hot counting,
 * the recording loop, and entering and leaving compiled traces.
 *
 * A loop is known by the address of its header instruction. Every arrival
 * at a header (a back-edge taken) comes here: a compiled trace is run; else
 * the arrival is counted, and a hot loop is recorded for one iteration by
 * the record meaning of the handlers, which executes the iteration as it
 * records it. The trace is optimised and compiled; it runs one iteration per
 * call and leaves through a snapshot (asm_restore) when a guard fails, the
 * interpreter resuming at the snapshot's bytecode.
 *
 * Traces hold raw pointers (bytecode, constants' strings, promoted tables),
 * so every collection flushes the whole cache: no trace outlives an object
 * it names, and a freed prototype's address can never find a stale trace. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "asm.h"
#include "debug.h"
#include "ir_text.h"
#include "jit.h"
#include "mcode.h"
#include "mtstring.h"
#include "opt.h"
#include "record.h"
#include "table.h"

#define JIT_LOOPS 4096          /* loop headers tracked (power of two) */
#define JIT_REASONS 32          /* distinct abort reasons counted */
#define JIT_CODE_LIMIT (64u << 20)

typedef struct JitTrace {
    Trace T;
    AsmCode code;
    uint64_t entries, iterations;   /* in the current window */
} JitTrace;

/* A trace that leaves almost every time it is entered costs more than it
 * saves (entry, exit and restore per iteration): over each window of this
 * many entries, one averaging fewer than two iterations is dropped. Re-recording it along
 * the path now taken is the re-optimisation strategy's job. */
#define JIT_PROFIT_ENTRIES 64

typedef struct LoopInfo {
    const Instr *pc;            /* NULL: a free entry */
    uint32_t attempts;
    JitTrace *trace;
} LoopInfo;

typedef struct Reason {
    char text[96];
    uint64_t count;
} Reason;

struct JitHooks {
    JitParams p;
    OptConfig opt;
    MCode mc;
    Rec rec;
    LoopInfo loops[JIT_LOOPS];
    Reason reasons[JIT_REASONS];
    int nreasons;
    /* statistics */
    uint64_t traces, aborts, blacklisted, flushes, entries, iterations, exits, dropped;
    uint64_t ir_recorded, ir_optimised, code_bytes;
    double t_record, t_optimise, t_assemble, t_traces;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- the cache ---- */

/* The interpreter's counter and trace-mark index of a loop header. */
static uint32_t mark_index(const Instr *pc)
{
    return ((uintptr_t)pc >> 2) & (MT_HOTCOUNT_SIZE - 1);
}


static LoopInfo *loop_info(JitHooks *J, const Instr *pc)
{
    uint32_t h = (uint32_t)((uintptr_t)pc >> 2) * 2654435761u;
    for (uint32_t i = 0; i < JIT_LOOPS; i++) {
        LoopInfo *l = &J->loops[(h + i) & (JIT_LOOPS - 1)];
        if (l->pc == pc)
            return l;
        if (l->pc == NULL) {
            l->pc = pc;
            return l;
        }
    }
    return NULL;   /* full: this loop is not traced until the next flush */
}

/* Frees every trace. The loops' abort counts stay: a loop whose recording
 * failed would fail again, and a stale entry for a freed prototype's
 * address can only keep a loop from being traced, never run wrong code. */
static void flush(State *S)
{
    JitHooks *J = S->jit;
    for (int i = 0; i < JIT_LOOPS; i++) {
        JitTrace *jt = J->loops[i].trace;
        if (jt != NULL) {
            ir_free(&jt->T);
            free(jt);
            J->loops[i].trace = NULL;
        }
    }
    memset(S->tracemark, 0, sizeof S->tracemark);
    mcode_free_all(&J->mc);
    mcode_init(&J->mc, JIT_CODE_LIMIT);
    J->flushes++;
}

static void on_gc(State *S)
{
    flush(S);
}

static void count_abort(JitHooks *J, const char *reason)
{
    J->aborts++;
    for (int i = 0; i < J->nreasons; i++) {
        if (strcmp(J->reasons[i].text, reason) == 0) {
            J->reasons[i].count++;
            return;
        }
    }
    if (J->nreasons < JIT_REASONS) {
        Reason *r = &J->reasons[J->nreasons++];
        snprintf(r->text, sizeof r->text, "%s", reason);
        r->count = 1;
    }
}

/* ---- recording and compiling ---- */

static void dump(JitHooks *J, const Trace *T, const CallInfo *ci, const char *stage)
{
    fprintf(stderr, "---- trace %llu, %s:%d, %s\n", (unsigned long long)J->traces + 1,
            clvalue(ci->func)->p->source->data, debug_currentline(ci), stage);
    ir_dump(stderr, T);
}

static JitTrace *compile(JitHooks *J, Trace *T, const CallInfo *ci)
{
    double t0 = now();
    J->ir_recorded += T->nins;
    if (J->p.dump_ir)
        dump(J, T, ci, "recorded");
    opt_run(T, &J->opt);
    J->ir_optimised += T->nins;
    if (J->p.dump_ir)
        dump(J, T, ci, "optimised");
    double t1 = now();
    JitTrace *jt = calloc(1, sizeof *jt);
    char err[200];
    bool ok = jt != NULL && asm_trace(T, &J->mc, &jt->code, err, sizeof err);
    J->t_optimise += t1 - t0;
    J->t_assemble += now() - t1;
    if (!ok) {
        count_abort(J, jt == NULL ? "out of memory" : err);
        free(jt);
        return NULL;
    }
    jt->T = *T;    /* the trace keeps the IR: exits restore from it */
    J->code_bytes += jt->code.size;
    return jt;
}

/* Records the loop at ci->savedpc while executing it; leaves ci->savedpc
 * where the interpreter must continue. */
static void record(State *S, CallInfo *ci, LoopInfo *loop)
{
    JitHooks *J = S->jit;
    Rec *R = &J->rec;
    double t0 = now();
    rec_start(R, S, ci, ci->savedpc);
    if (J->p.max_insns > 0)
        R->maxinsns = (uint32_t)J->p.max_insns;
    RecStatus st;
    while ((st = rec_step(R)) == REC_CONTINUE)
        ;
    J->t_record += now() - t0;
    ci->savedpc = R->pc;   /* on an abort before executing, the interpreter runs it */
    if (st == REC_ABORT) {
        count_abort(J, R->reason);
        rec_free(R);
        if (++loop->attempts >= (uint32_t)J->p.max_attempts)
            J->blacklisted++;
        return;
    }
    rec_finish(R);
    loop->trace = compile(J, &R->T, ci);
    if (loop->trace == NULL) {
        rec_free(R);
        loop->attempts = (uint32_t)J->p.max_attempts;   /* would fail again */
        J->blacklisted++;
        return;
    }
    J->traces++;
    S->tracemark[mark_index(loop->pc)] = 1;
}

/* ---- running traces ---- */

/* Clears a header's trace mark unless another trace shares its index, so
 * that back-edges there cost only the counter again. */
static void unmark(State *S, const Instr *pc)
{
    JitHooks *J = S->jit;
    uint32_t idx = mark_index(pc);
    for (int i = 0; i < JIT_LOOPS; i++)
        if (J->loops[i].trace != NULL && mark_index(J->loops[i].pc) == idx)
            return;
    S->tracemark[idx] = 0;
}

static void drop_trace(State *S, LoopInfo *loop)
{
    JitHooks *J = S->jit;
    JitTrace *jt = loop->trace;
    mcode_free(&J->mc, jt->code.area);
    ir_free(&jt->T);
    free(jt);
    loop->trace = NULL;
    loop->attempts = (uint32_t)J->p.max_attempts;
    J->dropped++;
    unmark(S, loop->pc);
}

static void run_trace(State *S, CallInfo *ci, LoopInfo *loop)
{
    JitHooks *J = S->jit;
    JitTrace *jt = loop->trace;
    TValue *base = ci->func + 1;
    ExitState ex;
    double t0 = now();
    uint32_t e;
    uint64_t n = 0;
    while ((e = jt->code.fn(base, &ex)) == ASM_COMPLETED)
        n++;
    asm_restore(&jt->T, e, &ex, base);
    ci->savedpc = jt->T.snaps[e].pc;
    J->t_traces += now() - t0;
    J->entries++;
    J->iterations += n;
    J->exits++;
    jt->entries++;
    jt->iterations += n + 1;
    if (jt->entries == JIT_PROFIT_ENTRIES) {
        if (jt->iterations < 2 * jt->entries) {
            drop_trace(S, loop);
            return;
        }
        jt->entries = jt->iterations = 0;
    }
}

void jit_backedge(State *S, CallInfo *ci, bool hot)
{
    JitHooks *J = S->jit;
    LoopInfo *loop = loop_info(J, ci->savedpc);
    if (loop == NULL)
        return;
    if (loop->trace != NULL)
        run_trace(S, ci, loop);
    else if (hot && loop->attempts < (uint32_t)J->p.max_attempts)
        record(S, ci, loop);
}

/* ---- set-up and statistics ---- */

bool jit_open(State *S, const JitParams *params, char *err, size_t errlen)
{
    JitHooks *J = calloc(1, sizeof *J);
    if (J == NULL) {
        snprintf(err, errlen, "cannot allocate the JIT");
        return false;
    }
    J->p = *params;
    opt_config_default(&J->opt);
    if (params->opt_spec != NULL && !opt_config_parse(&J->opt, params->opt_spec, err, errlen)) {
        free(J);
        return false;
    }
    mcode_init(&J->mc, JIT_CODE_LIMIT);
    S->jit = J;
    S->on_gc = on_gc;
    return true;
}

void jit_close(State *S)
{
    if (S->jit == NULL)
        return;
    flush(S);
    mcode_free_all(&S->jit->mc);
    free(S->jit);
    S->jit = NULL;
    S->on_gc = NULL;
}

void jit_stats_table(State *S, Table *t)
{
    JitHooks *J = S->jit;
    const struct { const char *name; uint64_t v; } counts[] = {
        { "traces", J->traces }, { "aborts", J->aborts }, { "exits", J->exits },
        { "trace_entries", J->entries }, { "trace_iterations", J->iterations },
        { "code_bytes", J->code_bytes },
    };
    const struct { const char *name; double v; } times[] = {
        { "t_record", J->t_record }, { "t_optimise", J->t_optimise },
        { "t_assemble", J->t_assemble }, { "t_traces", J->t_traces },
    };
    TValue v;
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        setint(&v, (int64_t)counts[i].v);
        tab_setstr(S, t, str_newc(S, counts[i].name), &v);
    }
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        setflt(&v, times[i].v);
        tab_setstr(S, t, str_newc(S, times[i].name), &v);
    }
}

void jit_print_stats(State *S, FILE *out, bool json)
{
    JitHooks *J = S->jit;
    if (J == NULL)
        return;
    if (json) {
        fprintf(out, "{\"traces\": %llu, \"aborts\": %llu, \"blacklisted\": %llu, "
                     "\"flushes\": %llu, \"dropped\": %llu, \"trace_entries\": %llu, \"trace_iterations\": %llu, "
                     "\"exits\": %llu, \"ir_recorded\": %llu, \"ir_optimised\": %llu, "
                     "\"code_bytes\": %llu, \"t_record\": %.6f, \"t_optimise\": %.6f, "
                     "\"t_assemble\": %.6f, \"t_traces\": %.6f}",
                (unsigned long long)J->traces, (unsigned long long)J->aborts,
                (unsigned long long)J->blacklisted, (unsigned long long)J->flushes,
                (unsigned long long)J->dropped, (unsigned long long)J->entries, (unsigned long long)J->iterations,
                (unsigned long long)J->exits, (unsigned long long)J->ir_recorded,
                (unsigned long long)J->ir_optimised, (unsigned long long)J->code_bytes,
                J->t_record, J->t_optimise, J->t_assemble, J->t_traces);
        return;
    }
    fprintf(out,
            "  traces           %llu (%llu flushes, %llu dropped as unprofitable)\n"
            "  aborts           %llu (%llu loops left alone)\n"
            "  trace entries    %llu, iterations %llu, exits %llu\n"
            "  IR               %llu recorded, %llu after optimisation\n"
            "  code bytes       %llu\n"
            "  time             record %.6f s, optimise %.6f s, assemble %.6f s, in traces %.6f s\n",
            (unsigned long long)J->traces, (unsigned long long)J->flushes,
            (unsigned long long)J->dropped, (unsigned long long)J->aborts, (unsigned long long)J->blacklisted,
            (unsigned long long)J->entries, (unsigned long long)J->iterations,
            (unsigned long long)J->exits, (unsigned long long)J->ir_recorded,
            (unsigned long long)J->ir_optimised, (unsigned long long)J->code_bytes,
            J->t_record, J->t_optimise, J->t_assemble, J->t_traces);
    for (int i = 0; i < J->nreasons; i++)
        fprintf(out, "  abort %-10llu %s\n", (unsigned long long)J->reasons[i].count,
                J->reasons[i].text);
}
