/* jit_int.h — the software tracing strategy's shared state: the trace
 * cache (jit.c) and running, exiting and side traces (jit_run.c). */
#ifndef MT_JIT_INT_H
#define MT_JIT_INT_H

#include "asm.h"
#include "frame_shift.h"
#include "jit.h"
#include "mcode.h"
#include "opt.h"
#include "record.h"

#define JIT_LOOPS 4096          /* loop headers tracked (power of two) */
#define JIT_REASONS 32          /* distinct abort reasons counted */
#define JIT_CODE_LIMIT (64u << 20)

/* A compiled trace. A root trace starts at a loop header; a side trace at
 * the exit of another trace it was recorded from. Either ends by looping
 * (a peeled loop never completes; a one-iteration loop trace completes and
 * is called again) or by completing and continuing at `link`, the header of
 * another trace. */
typedef struct JitTrace {
    Trace T;
    AsmCode code;
    const Proto *proto;             /* the function it starts in */
    const Instr *start;             /* the bytecode it starts at */
    const Instr *link;              /* where a completed run goes on; NULL: loop */
    struct LoopInfo *link_loop;     /* link's entry (entries never move) */
    struct LoopInfo *loop;          /* the loop whose tree it belongs to */
    struct JitTrace *root;          /* the root of its tree (itself for a root) */
    bool chained_end;               /* its completion site is linked (asm_link) */
    FrameShift *shift;              /* what its end does to the frames, or NULL */
    struct JitTrace **side;         /* per snapshot: its side trace, or NULL */
    uint8_t *side_tries;            /* per snapshot: failed side recordings */
    uint32_t windows;               /* roots: windows judged profitable */
} JitTrace;

/* A root whose first iteration usually exits costs more than it saves:
 * every iteration pays an entry and an exit, and the work is done by
 * whatever runs after (a side trace or the interpreter). This happens when
 * its path went out of use, e.g. a slot that held integers when it was
 * recorded now holds floats. Over each window of this many entries, a
 * root that left in the first iteration at least 7 times in 8 and
 * averaged fewer than two iterations of its own per entry is dropped, and
 * may be recorded again on the path now common. (A root whose first
 * iteration often takes a side trace that links back, and then goes round
 * many times, is kept: richards' xor16.) */
#define JIT_PROFIT_ENTRIES 64

/* A dropped trace's loop may be recorded again this many times (the path
 * it took may have stopped being the common one); then it is left alone.
 * A root that was profitable for JIT_USEFUL_WINDOWS windows before it was
 * dropped does not count: its loop changed phase (spectralnorm's vectors
 * hold integers in the first product of each run and floats after), and
 * a recording per phase change costs little. */
#define JIT_MAX_REDROPS 2
#define JIT_USEFUL_WINDOWS 4

typedef struct LoopInfo {
    const Instr *pc;            /* NULL: a free entry */
    uint32_t attempts;
    uint32_t drops;
    JitTrace *trace;
    AsmEntry entry;             /* trace's code and what its tree counts */
} LoopInfo;

/* A loop's root and the entry point that links into its tree jump
 * through change together. */
static inline void jit_set_root(LoopInfo *loop, JitTrace *jt)
{
    loop->trace = jt;
    loop->entry.fn = jt != NULL ? jt->code.fn : NULL;
}

typedef struct Reason {
    char text[96];
    uint64_t count;
} Reason;

struct JitHooks {
    JitParams p;
    OptConfig opt;
    MCode mc;
    Rec rec;
    bool recording;   /* rec holds IR: an error raised by the code being
                         recorded longjmps past record(), which frees it
                         at the next recording or at close instead */
    LoopInfo loops[JIT_LOOPS];
    Reason reasons[JIT_REASONS];
    int nreasons;
    /* statistics */
    uint64_t traces, side_traces, aborts, blacklisted, flushes, dropped;
    uint64_t runs;                  /* dispatcher calls from the interpreter */
    uint64_t exits, side_entries, links;   /* what the dispatcher passed on */
    uint64_t counted[ASM_COUNTS];   /* the loops' AsmEntry counts, folded */
    uint64_t ir_recorded, ir_optimised, code_bytes;
    double t_record, t_optimise, t_assemble;
    double last_optimise, last_assemble;   /* of the latest compile, for the log */
    uint64_t tsc_traces;            /* time in traces, in TSC ticks */
    uint64_t tsc_start;             /* the TSC and the clock at jit_open, */
    double t_start_clock;           /* to convert ticks into seconds */
    /* jit_events.c */
    double t_start;
    FILE *log, *perf_map;
};

double jit_now(void);
/* Trace entries are too frequent for clock_gettime: the time stamp
 * counter is read instead (a few cycles; invariant on the x86-64 CPUs
 * mtvm targets), and converted with the ratio measured since jit_open. */
static inline uint64_t jit_ticks(void) { return __builtin_ia32_rdtsc(); }
double jit_t_traces(const JitHooks *J);
/* The loop at header pc: found or added (NULL when the table is full), or
 * only found. */
LoopInfo *jit_loop(JitHooks *J, const Instr *pc);
LoopInfo *jit_find_loop(JitHooks *J, const Instr *pc);
void jit_count_abort(JitHooks *J, const char *reason);
/* Frees a trace and its side traces (and their code unless `keep_code`:
 * a flush frees all code at once). */
void jit_free_trace(JitHooks *J, JitTrace *jt, bool keep_code);

/* jit_events.c: --log and --perf-map */
bool jit_events_open(JitHooks *J, char *err, size_t errlen);
void jit_events_close(JitHooks *J);
void jit_event(JitHooks *J, const char *event, const Proto *p, const Instr *pc,
               const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void jit_perf_map_add(JitHooks *J, const AsmCode *code, uint64_t number, const Proto *p,
                      const Instr *pc);
/* The source line of bytecode pc of p (-1 if pc is not p's). */
int jit_line(const Proto *p, const Instr *pc);

/* Totals of the AsmEntry counts (folded and still pending), and the
 * iterations they add up to. */
void jit_count_totals(const JitHooks *J, uint64_t total[ASM_COUNTS]);
uint64_t jit_iterations(const uint64_t count[ASM_COUNTS]);

/* jit_run.c */
void jit_record_root(State *S, CallInfo *ci, LoopInfo *loop);
void jit_run(State *S, CallInfo *ci, LoopInfo *loop);

#endif
