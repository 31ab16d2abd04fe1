/* jit.h — the software tracing strategy: hot loops are recorded with the
 * record meaning of the handlers, optimised, compiled, and then entered at
 * their loop header instead of interpreting. */
#ifndef MT_JIT_H
#define MT_JIT_H

#include <stdio.h>

#include "state.h"

typedef struct JitParams {
    int max_insns;          /* bytecodes in one trace */
    int max_attempts;       /* aborted recordings before a loop or an exit
                               is left alone */
    int hot_exit;           /* exits taken before one gets a side trace */
    const char *opt_spec;   /* --opt=..., NULL for the default passes */
    bool dump_ir;           /* --dump=ir: each trace's IR before and after
                               optimisation, on stderr */
    bool dump_asm;          /* --dump=asm: each trace's machine code, in hex */
    const char *log_path;   /* --log=FILE: timestamped JIT events, or NULL */
    bool perf_map;          /* --perf-map: /tmp/perf-PID.map for perf */
    bool bounded;           /* every iteration returns to the dispatcher,
                               which charges S->step_budget (fuzzing): no
                               peeled loops, no chains */
} JitParams;

/* Creates the JIT for S (S->jit). On a bad parameter writes a message and
 * returns false. */
bool jit_open(State *S, const JitParams *params, char *err, size_t errlen);
void jit_close(State *S);
/* Called by the interpreter when a back-edge reached the loop header at
 * ci->savedpc and either the header may have a trace (S->tracemark) or its
 * counter ran out (hot): runs the loop's trace, or maybe records one.
 * Leaves ci->savedpc at the instruction the interpreter continues with. */
void jit_backedge(State *S, CallInfo *ci, bool hot);
/* Called when a FORPREP enters a loop whose header (ci->savedpc) may have
 * a trace: runs it if it has one. Same contract as jit_backedge. */
void jit_loopentry(State *S, CallInfo *ci);
void jit_print_stats(State *S, FILE *out, bool json);
/* Adds the JIT's counters to a stats table (mtvm.stats()): traces, aborts,
 * exits, trace_entries, trace_iterations, code_bytes, and the seconds spent
 * in t_record, t_optimise, t_assemble and t_traces. */
void jit_stats_table(State *S, Table *t);

#endif
