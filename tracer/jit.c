/* jit.c — the software tracing strategy: the trace cache, set-up and
 * statistics. Recording, running and side traces are in jit_run.c.
 *
 * A loop is known by the address of its header instruction. Every arrival
 * at a header (a back-edge taken) comes here: a compiled trace is run; else
 * the arrival is counted, and a hot loop is recorded by the record meaning
 * of the handlers, which executes the iteration as it records it.
 *
 * Traces hold raw pointers (bytecode, constants' strings, promoted tables,
 * inlined closures), so every collection flushes the whole cache: no trace
 * outlives an object it names, and a freed prototype's address can never
 * find a stale trace. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jit_int.h"
#include "mtstring.h"
#include "table.h"

double jit_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

double jit_t_traces(const JitHooks *J)
{
    uint64_t ticks = jit_ticks() - J->tsc_start;
    double seconds = jit_now() - J->t_start_clock;
    return ticks == 0 ? 0.0 : (double)J->tsc_traces * (seconds / (double)ticks);
}

/* ---- the cache ---- */

static LoopInfo *probe(JitHooks *J, const Instr *pc, bool add)
{
    uint32_t h = (uint32_t)((uintptr_t)pc >> 2) * 2654435761u;
    for (uint32_t i = 0; i < JIT_LOOPS; i++) {
        LoopInfo *l = &J->loops[(h + i) & (JIT_LOOPS - 1)];
        if (l->pc == pc)
            return l;
        if (l->pc == NULL) {
            if (!add)
                return NULL;
            l->pc = pc;
            return l;
        }
    }
    return NULL;   /* full: this loop is not traced until the next flush */
}

LoopInfo *jit_loop(JitHooks *J, const Instr *pc) { return probe(J, pc, true); }
LoopInfo *jit_find_loop(JitHooks *J, const Instr *pc) { return probe(J, pc, false); }

void jit_free_trace(JitHooks *J, JitTrace *jt, bool keep_code)
{
    for (uint32_t i = 0; jt->side != NULL && i < jt->T.nsnaps; i++)
        if (jt->side[i] != NULL)
            jit_free_trace(J, jt->side[i], keep_code);
    if (!keep_code)
        mcode_free(&J->mc, jt->code.area);
    asm_code_free(&jt->code);
    ir_free(&jt->T);
    free(jt->shift);
    free(jt->side);
    free(jt->side_tries);
    free(jt);
}

/* Frees every trace. The loops' abort counts stay: a loop whose recording
 * failed would fail again, and a stale entry for a freed prototype's
 * address can only keep a loop from being traced, never run wrong code. */
static void flush(State *S)
{
    JitHooks *J = S->jit;
    for (int i = 0; i < JIT_LOOPS; i++) {
        if (J->loops[i].trace != NULL) {
            jit_free_trace(J, J->loops[i].trace, true);
            jit_set_root(&J->loops[i], NULL);
        }
    }
    memset(S->tracemark, 0, sizeof S->tracemark);
    mcode_free_all(&J->mc);
    mcode_init(&J->mc, JIT_CODE_LIMIT);
    J->flushes++;
    if (J->log != NULL)
        fprintf(J->log, "%.6f flush all traces (a collection ran)\n", jit_now() - J->t_start);
}

static void on_gc(State *S)
{
    flush(S);
}

void jit_count_abort(JitHooks *J, const char *reason)
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

void jit_backedge(State *S, CallInfo *ci, bool hot)
{
    JitHooks *J = S->jit;
    LoopInfo *loop = jit_loop(J, ci->savedpc);
    if (loop == NULL)
        return;
    if (loop->trace != NULL)
        jit_run(S, ci, loop);
    else if (hot && loop->attempts < (uint32_t)J->p.max_attempts)
        jit_record_root(S, ci, loop);
}

void jit_loopentry(State *S, CallInfo *ci)
{
    LoopInfo *loop = jit_find_loop(S->jit, ci->savedpc);
    if (loop != NULL && loop->trace != NULL)
        jit_run(S, ci, loop);
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
    if (J->p.hot_exit <= 0)
        J->p.hot_exit = 10;
    opt_config_default(&J->opt);
    if (params->opt_spec != NULL && !opt_config_parse(&J->opt, params->opt_spec, err, errlen)) {
        free(J);
        return false;
    }
    J->tsc_start = jit_ticks();
    J->t_start_clock = jit_now();
    if (!jit_events_open(J, err, errlen)) {
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
    if (S->jit->recording)
        rec_free(&S->jit->rec);
    jit_events_close(S->jit);
    mcode_free_all(&S->jit->mc);
    free(S->jit);
    S->jit = NULL;
    S->on_gc = NULL;
}

void jit_count_totals(const JitHooks *J, uint64_t total[ASM_COUNTS])
{
    memcpy(total, J->counted, sizeof J->counted);
    for (int i = 0; i < JIT_LOOPS; i++)
        for (int k = 0; k < ASM_COUNTS; k++)
            total[k] += J->loops[i].entry.count[k];
}

/* Transitions between traces, whether made through chains in machine code
 * or dispatched: every exit counted ON or FIRST went into a side trace
 * unless the dispatcher returned it to the interpreter, and every entry
 * but the dispatcher's own calls came by a link. */
typedef struct Transitions {
    uint64_t total[ASM_COUNTS];
    uint64_t into_side, links, chained;
} Transitions;

static Transitions transitions(const JitHooks *J)
{
    Transitions t;
    jit_count_totals(J, t.total);
    uint64_t to_interp = J->exits - J->side_entries;
    uint64_t exits = t.total[ASM_COUNT_ON] + t.total[ASM_COUNT_FIRST];
    t.into_side = exits > to_interp ? exits - to_interp : 0;
    t.links = t.total[ASM_COUNT_ENTRY] > J->runs ? t.total[ASM_COUNT_ENTRY] - J->runs : 0;
    uint64_t dispatched = J->side_entries + J->links;
    t.chained = t.into_side + t.links > dispatched ? t.into_side + t.links - dispatched : 0;
    return t;
}

void jit_stats_table(State *S, Table *t)
{
    JitHooks *J = S->jit;
    Transitions tr = transitions(J);
    const struct { const char *name; uint64_t v; } counts[] = {
        { "traces", J->traces }, { "side_traces", J->side_traces }, { "aborts", J->aborts },
        { "exits", J->exits }, { "trace_entries", tr.total[ASM_COUNT_ENTRY] },
        { "trace_iterations", jit_iterations(tr.total) }, { "code_bytes", J->code_bytes },
    };
    const struct { const char *name; double v; } times[] = {
        { "t_record", J->t_record }, { "t_optimise", J->t_optimise },
        { "t_assemble", J->t_assemble }, { "t_traces", jit_t_traces(J) },
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

#define U(x) ((unsigned long long)(x))

void jit_print_stats(State *S, FILE *out, bool json)
{
    JitHooks *J = S->jit;
    if (J == NULL)
        return;
    Transitions tr = transitions(J);
    uint64_t entries = tr.total[ASM_COUNT_ENTRY], iterations = jit_iterations(tr.total);
    if (json) {
        fprintf(out, "{\"traces\": %llu, \"side_traces\": %llu, \"aborts\": %llu, "
                     "\"blacklisted\": %llu, \"flushes\": %llu, \"dropped\": %llu, "
                     "\"trace_entries\": %llu, \"trace_iterations\": %llu, \"exits\": %llu, "
                     "\"side_entries\": %llu, \"links\": %llu, \"chained\": %llu, \"ir_recorded\": %llu, "
                     "\"ir_optimised\": %llu, \"code_bytes\": %llu, \"t_record\": %.6f, "
                     "\"t_optimise\": %.6f, \"t_assemble\": %.6f, \"t_traces\": %.6f}",
                U(J->traces), U(J->side_traces), U(J->aborts), U(J->blacklisted),
                U(J->flushes), U(J->dropped), U(entries), U(iterations), U(J->exits),
                U(tr.into_side), U(tr.links), U(tr.chained), U(J->ir_recorded),
                U(J->ir_optimised), U(J->code_bytes), J->t_record, J->t_optimise, J->t_assemble, jit_t_traces(J));
        return;
    }
    fprintf(out,
            "  traces           %llu root, %llu side (%llu flushes, %llu dropped as unprofitable)\n"
            "  aborts           %llu (%llu loops or exits left alone)\n"
            "  trace entries    %llu, iterations %llu, exits through the dispatcher %llu\n"
            "  trace to trace   %llu into side traces, %llu links; %llu of them chained\n"
            "  IR               %llu recorded, %llu after optimisation\n"
            "  code bytes       %llu\n"
            "  time             record %.6f s, optimise %.6f s, assemble %.6f s, in traces %.6f s\n",
            U(J->traces), U(J->side_traces), U(J->flushes), U(J->dropped), U(J->aborts),
            U(J->blacklisted), U(entries), U(iterations), U(J->exits),
            U(tr.into_side), U(tr.links), U(tr.chained), U(J->ir_recorded),
            U(J->ir_optimised), U(J->code_bytes), J->t_record, J->t_optimise, J->t_assemble,
            jit_t_traces(J));
    for (int i = 0; i < J->nreasons; i++)
        fprintf(out, "  abort %-10llu %s\n", U(J->reasons[i].count), J->reasons[i].text);
}
