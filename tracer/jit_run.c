/* jit_run.c — recording traces, and running them: entering a root trace,
 * following completed traces to the trace they link to, leaving through a
 * snapshot, and going on in the side trace of a hot exit.
 *
 * Side traces. Each exit of a trace counts how often it is taken; once an
 * exit has been taken --hot-exit times, a side trace is recorded from the
 * state the exit restored, starting at its bytecode. It ends where it
 * reaches the header of a loop that has a trace (usually its own root, or
 * the inner loop of a nest), and is compiled to store its slots and
 * complete; the dispatcher below then enters that trace. The exit is
 * patched to jump into its side trace (asm_chain), and a completion to
 * jump into the trace of the loop it goes on at (asm_link), so that work
 * stays in machine code; the code counts what it does there into its
 * tree's AsmEntry, by which the dispatcher judges each root (account).
 *
 * A side trace starts in the frames its exit restores (inlined calls, or
 * frames below its base frame that the trace returned from), and runs on
 * the base of the trace it leaves, whose exit jumps into it. */
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "debug.h"
#include "ir_text.h"
#include "jit_int.h"

/* ---- recording and compiling ---- */

/* Where a trace starts, for dumps and events: read before recording, which
 * may pop the frame it starts in. */
typedef struct TraceOrigin {
    const Proto *proto;
    const Instr *pc;
} TraceOrigin;

static void dump(JitHooks *J, const Trace *T, TraceOrigin at, const char *stage)
{
    fprintf(stderr, "---- trace %llu, %s:%d, %s\n",
            (unsigned long long)(J->traces + J->side_traces + 1),
            at.proto->source->data, jit_line(at.proto, at.pc), stage);
    ir_dump(stderr, T);
}

/* The machine code as hex lines "address: bytes", which
 * scripts/disasm-trace turns into an objdump listing (mtvm links no
 * disassembler). */
static void dump_code(JitHooks *J, const AsmCode *code, TraceOrigin at)
{
    const uint8_t *p = (const uint8_t *)(uintptr_t)code->fn;
    fprintf(stderr, "---- trace %llu, %s:%d, machine code, %zu bytes\n",
            (unsigned long long)(J->traces + J->side_traces + 1),
            at.proto->source->data, jit_line(at.proto, at.pc), code->size);
    for (size_t i = 0; i < code->size; i += 16) {
        fprintf(stderr, "%016llx:", (unsigned long long)(uintptr_t)(p + i));
        for (size_t j = i; j < i + 16 && j < code->size; j++)
            fprintf(stderr, " %02x", p[j]);
        fputc('\n', stderr);
    }
}

static JitTrace *compile(JitHooks *J, Trace *T, TraceOrigin at, LoopInfo *tree)
{
    double t0 = jit_now();
    J->ir_recorded += T->nins;
    if (J->p.dump_ir)
        dump(J, T, at, "recorded");
    OptConfig cfg = J->opt;
    if (J->p.bounded)
        cfg.enabled[OPT_LOOP] = false;
    opt_run(T, &cfg);
    J->ir_optimised += T->nins;
    if (J->p.dump_ir)
        dump(J, T, at, "optimised");
    double t1 = jit_now();
    JitTrace *jt = calloc(1, sizeof *jt);
    char err[200];
    bool ok = jt != NULL &&
              asm_trace_counted(T, &J->mc, &tree->entry, &jt->code, err, sizeof err);
    double t2 = jit_now();
    J->t_optimise += t1 - t0;
    J->t_assemble += t2 - t1;
    J->last_optimise = t1 - t0;
    J->last_assemble = t2 - t1;
    if (ok) {
        jt->side = calloc(T->nsnaps + 1, sizeof *jt->side);
        jt->side_tries = calloc(T->nsnaps + 1, 1);
        ok = jt->side != NULL && jt->side_tries != NULL;
        if (!ok) {
            mcode_free(&J->mc, jt->code.area);
            snprintf(err, sizeof err, "out of memory");
        }
    }
    if (!ok) {
        jit_count_abort(J, jt == NULL ? "out of memory" : err);
        if (jt != NULL) {
            free(jt->side);
            free(jt->side_tries);
        }
        free(jt);
        return NULL;
    }
    jt->T = *T;    /* the trace keeps the IR: exits restore from it */
    if (J->p.dump_asm)
        dump_code(J, &jt->code, at);
    J->code_bytes += jt->code.size;
    return jt;
}

static bool has_trace(State *S, const Instr *pc)
{
    LoopInfo *l = jit_find_loop(S->jit, pc);
    return l != NULL && l->trace != NULL;
}

/* Where a side trace starts: the exit it leaves through, and the base of
 * the trace it leaves. */
typedef struct SideStart {
    TValue *base;
    const Trace *parent;
    const Snapshot *snap;
} SideStart;

/* Records from ci->savedpc (ci is S->ci) while executing; a root trace
 * (side NULL) until it comes back to its header, a side trace until it
 * reaches a header with a trace. Leaves the innermost frame's savedpc where
 * the interpreter continues. Returns the compiled trace, or NULL (the
 * reason counted). */
static JitTrace *record(State *S, CallInfo *ci, const SideStart *side, LoopInfo *tree)
{
    JitHooks *J = S->jit;
    Rec *R = &J->rec;
    const Instr *start = ci->savedpc;
    TraceOrigin at = {clvalue(ci->func)->p, start};
    double t0 = jit_now();
    if (J->recording)
        rec_free(R);
    if (side != NULL)
        rec_start_side(R, S, side->base, side->parent, side->snap);
    else
        rec_start(R, S, ci, start);
    J->recording = true;
    R->linkable = has_trace;
    if (J->p.max_insns > 0)
        R->maxinsns = (uint32_t)J->p.max_insns;
    RecStatus st;
    while ((st = rec_step(R)) == REC_CONTINUE)
        ;
    double t_rec = jit_now() - t0;
    J->t_record += t_rec;
    /* The interpreter continues in the innermost frame (an inlined callee's
     * after an abort there); on an abort before executing, it runs R->pc. */
    R->ci->savedpc = R->pc;
    J->recording = false;
    if (st != REC_ABORT)
        rec_finish(R);   /* may abort too (IR or memory runs out) */
    if (R->aborted) {
        jit_count_abort(J, R->reason);
        jit_event(J, "abort", clvalue(R->ci->func)->p, R->insn_pc, "%s trace from line %d: %s",
                  side ? "side" : "root", jit_line(at.proto, start), R->reason);
        rec_free(R);
        return NULL;
    }
    JitTrace *jt = compile(J, &R->T, at, tree);
    if (jt == NULL) {
        rec_free(R);
        return NULL;
    }
    jt->shift = R->shift;
    R->shift = NULL;
    jt->start = start;
    jt->loop = tree;
    jt->link = st == REC_LINKED ? R->link : NULL;
    jt->link_loop = jt->link != NULL ? jit_loop(J, jt->link) : NULL;
    uint64_t number = J->traces + J->side_traces + 1;
    jt->proto = at.proto;
    jit_perf_map_add(J, &jt->code, number, jt->proto, start);
    char ends[64];
    if (st == REC_LINKED)
        snprintf(ends, sizeof ends, "links to line %d%s",
                 jit_line(clvalue(R->ci->func)->p, R->link),
                 jt->shift != NULL ? " in another frame" : "");
    else
        snprintf(ends, sizeof ends, "%s",
                 jt->T.loop != IRREF_NONE ? "peeled loop" : "one iteration per call");
    jit_event(J, "trace", jt->proto, start,
              "%llu %s, %u IR, %zu bytes, %s; record %.1f us, optimise %.1f us, assemble %.1f us",
              (unsigned long long)number, side ? "side" : "root", jt->T.nins, jt->code.size, ends,
              t_rec * 1e6, J->last_optimise * 1e6, J->last_assemble * 1e6);
    return jt;
}

/* Adds a loop's counts to the totals and starts them again. */
static void fold_counts(JitHooks *J, LoopInfo *loop)
{
    for (int k = 0; k < ASM_COUNTS; k++)
        J->counted[k] += loop->entry.count[k];
    memset(loop->entry.count, 0, sizeof loop->entry.count);
}

uint64_t jit_iterations(const uint64_t count[ASM_COUNTS])
{
    return 2 * count[ASM_COUNT_ON] + count[ASM_COUNT_DONE] + count[ASM_COUNT_LOOP];
}

void jit_record_root(State *S, CallInfo *ci, LoopInfo *loop)
{
    JitHooks *J = S->jit;
    uint64_t flushes = J->flushes;
    JitTrace *jt = record(S, ci, NULL, loop);
    if (jt != NULL && J->flushes != flushes) {   /* a collection ran meanwhile */
        jit_free_trace(J, jt, false);
        jt = NULL;
    }
    if (jt == NULL) {
        if (++loop->attempts >= (uint32_t)J->p.max_attempts)
            J->blacklisted++;
        else   /* try again soon, out of step with the loop's trip count */
            S->hotcount[mt_hot_index(loop->pc)] = (uint16_t)(1 + 6 * loop->attempts);
        return;
    }
    fold_counts(J, loop);
    jit_set_root(loop, jt);
    jt->root = jt;
    J->traces++;
    S->tracemark[mt_hot_index(loop->pc)] = 1;
}

/* Is exit e of jt one from a root's first iteration (its pre-roll, or
 * anywhere in a root that runs one iteration per call)? */
static bool first_iteration_exit(const JitTrace *jt, uint32_t e)
{
    return jt == jt->root &&
           (jt->T.loop == IRREF_NONE || jt->T.snaps[e].ref <= jt->T.loop);
}

/* A side trace for exit e of jt, which ran on `base`, recorded from the
 * state just restored. */
static void record_side(State *S, JitTrace *jt, uint32_t e, TValue *base)
{
    JitHooks *J = S->jit;
    uint64_t flushes = J->flushes;
    const Snapshot *snap = &jt->T.snaps[e];
    SideStart from = {base, &jt->T, snap};
    JitTrace *side = record(S, S->ci, &from, jt->loop);
    if (J->flushes != flushes) {   /* jt itself is gone */
        if (side != NULL)
            jit_free_trace(J, side, false);
        return;
    }
    if (side == NULL) {
        if (++jt->side_tries[e] >= (uint8_t)(J->p.max_attempts > 255 ? 255 : J->p.max_attempts))
            J->blacklisted++;
        return;
    }
    jt->side[e] = side;
    side->root = jt->root;
    J->side_traces++;
    /* An exit from the root's first iteration is counted apart: when it is
     * the common case, the root's path went out of use (see account). */
    if (!J->p.bounded)   /* if refused, jit_run follows it */
        asm_chain(&jt->code, e, &side->code,
                  first_iteration_exit(jt, e) ? ASM_CHAIN_FIRST : ASM_CHAIN_ON);
}

/* ---- running ---- */

/* After an exit: the CallInfos the interpreter would have, from the
 * snapshot's frames (frame_shift.h); the innermost resumes at the
 * snapshot's pc, with the top of stack where an open call left it when
 * the instruction there reads it (Snapshot.has_top). */
static void rebuild_frames(State *S, const Snapshot *snap, const SnapFrame *frames)
{
    TValue *base = S->ci->func + 1;   /* the trace's base frame's */
    CallInfo *ci = frame_shift(S, snap->down, frames, snap->nframes);
    ci->savedpc = snap->pc;
    S->top = snap->has_top ? base + snap->top : ci->top;
}

/* A trace with inlined calls writes slots and rebuilds frames above its
 * base; traces chained to it may reach further. Every trace stays within
 * the recorder's limits, so entering only where those fit covers a whole
 * chain. */
static bool room_for(const State *S, const TValue *base)
{
    return base + REC_MAXSLOTS + 1 < S->stack_last &&
           S->ci + REC_MAXDEPTH + 1 < S->base_ci + MT_MAXCALLS;
}

static JitTrace *trace_of(AsmCode *code)
{
    return (JitTrace *)(void *)((char *)code - offsetof(JitTrace, code));
}

/* Chains from exits stay inside one tree: a tree is freed as a whole (a
 * dropped root takes its side traces along, a flush takes everything), so
 * no such chain can outlive its target. A completion links to the loop it
 * goes on at through that loop's AsmEntry, which stays valid while trees
 * come and go (asm.h). */
static void link_end(JitHooks *J, JitTrace *jt, LoopInfo *to)
{
    if (!jt->chained_end && !J->p.bounded)
        jt->chained_end = asm_link(&jt->code, ASM_SITE_COMPLETED(&jt->T), &to->entry);
}

/* Judges a root by its counts since the last judgement, once they cover
 * a window of JIT_PROFIT_ENTRIES entries. Iterations: an exit chained on
 * (or one from a loop body that came here) counts two (the one it left and
 * the one that goes on), one from the root's first iteration none (the
 * root did no work), a completion one, a back-edge one. False if the root
 * was dropped (its tree is freed: no trace of it may be used after). */
static bool account(State *S, LoopInfo *loop)
{
    JitHooks *J = S->jit;
    JitTrace *jt = loop->trace;
    uint64_t *c = loop->entry.count;
    if (jt == NULL || c[ASM_COUNT_ENTRY] < JIT_PROFIT_ENTRIES)
        return jt != NULL;
    uint64_t entries = c[ASM_COUNT_ENTRY], first_exits = c[ASM_COUNT_FIRST];
    uint64_t iterations = jit_iterations(c);
    fold_counts(J, loop);
    if (8 * first_exits < 7 * entries || iterations >= 2 * entries) {
        jt->windows++;
        return true;
    }
    if (jt->windows < JIT_USEFUL_WINDOWS)
        loop->drops++;
    loop->attempts = loop->drops <= JIT_MAX_REDROPS ? 0 : (uint32_t)J->p.max_attempts;
    J->dropped++;
    jit_event(J, "drop", jt->proto, loop->pc,
              "%llu of %llu entries left in the first iteration, %llu iterations%s",
              (unsigned long long)first_exits, (unsigned long long)entries,
              (unsigned long long)iterations, loop->attempts == 0 ? "; may be recorded again" : "");
    jit_free_trace(J, jt, false);
    jit_set_root(loop, NULL);
    uint32_t idx = mt_hot_index(loop->pc);
    for (int i = 0; i < JIT_LOOPS; i++)
        if (J->loops[i].trace != NULL && mt_hot_index(J->loops[i].pc) == idx)
            return false;
    S->tracemark[idx] = 0;   /* back-edges here cost only the counter again */
    return false;
}

/* A bounded run pays for every exit. When the budget runs out, the error
 * is raised in the frames the exit restores. */
static void charge_exit(State *S, const Trace *T, const Snapshot *snap)
{
    if (S->step_budget > 1) {
        S->step_budget--;
    } else if (S->step_budget == 1) {
        rebuild_frames(S, snap, &T->snapframes[snap->frame]);
        mt_charge_budget(S, S->ci, S->ci->savedpc);
    }
}

/* Runs the loop's trace and whatever it leads to; leaves the interpreter
 * state (S->ci and its savedpc) where execution goes on. While a trace
 * runs, S->ci is its base frame: a trace that ends in another frame makes
 * that S->ci (frame_shift_end) before the next one runs, and an exit into
 * a side trace leaves it (the side trace starts where its parent was).
 * What passes through here is counted as the machine code counts it, and
 * the tree it ends in and the loop it began at are judged (account) before
 * a hot exit gets its side trace. */
void jit_run(State *S, CallInfo *ci, LoopInfo *loop)
{
    JitHooks *J = S->jit;
    JitTrace *jt = loop->trace;
    uint64_t t0 = jit_ticks();
    loop->entry.count[ASM_COUNT_ENTRY]++;
    J->runs++;
    LoopInfo *tree = loop;
    JitTrace *hot = NULL;   /* with hot_exit: an exit that wants a side trace */
    uint32_t hot_exit = 0;
    TValue *hot_base = NULL;
    while (room_for(S, ci->func + 1)) {
        AsmExit x = jt->code.fn(ci->func + 1);
        jt = trace_of(x.code);   /* chains may have led to another trace */
        tree = jt->loop;
        ci = S->ci;              /* the base frame of the trace that returned */
        TValue *base = ci->func + 1;
        uint32_t e = (uint32_t)x.snap;
        if (e == ASM_COMPLETED) {
            tree->entry.count[ASM_COUNT_DONE]++;
            const Instr *next_pc = jt->link != NULL ? jt->link : jt->start;
            if (S->step_budget != 0)
                mt_charge_budget(S, ci, next_pc);
            LoopInfo *next = jt->link != NULL ? jt->link_loop : tree;
            ci->savedpc = next_pc;
            if (next == NULL)
                break;
            next->entry.count[ASM_COUNT_ENTRY]++;
            link_end(J, jt, next);
            J->links++;
            if ((!account(S, tree) && tree == next) || next->trace == NULL)
                break;
            jt = next->trace;
            continue;
        }
        Snapshot *snap = &jt->T.snaps[e];
        J->exits++;
        snap->exits++;
        charge_exit(S, &jt->T, snap);
        tree->entry.count[first_iteration_exit(jt, e) ? ASM_COUNT_FIRST : ASM_COUNT_ON]++;
        if (jt->side[e] != NULL) {
            /* account may free jt: keep what the interpreter would need */
            Snapshot kept = *snap;
            SnapFrame frames[REC_MAXDEPTH];
            memcpy(frames, &jt->T.snapframes[snap->frame], snap->nframes * sizeof *frames);
            JitTrace *side = jt->side[e];
            if (!account(S, tree)) {   /* jt and side are gone */
                rebuild_frames(S, &kept, frames);
                break;
            }
            jt = side;
            J->side_entries++;
            continue;
        }
        rebuild_frames(S, snap, &jt->T.snapframes[snap->frame]);
        if (snap->exits >= (uint32_t)J->p.hot_exit && jt->side_tries[e] < J->p.max_attempts) {
            hot = jt;
            hot_exit = e;
            hot_base = base;
        }
        break;
    }
    J->tsc_traces += jit_ticks() - t0;
    bool alive = account(S, tree);   /* if not, hot's tree is gone */
    if (tree != loop)
        account(S, loop);
    if (hot != NULL && alive)
        record_side(S, hot, hot_exit, hot_base);
}
