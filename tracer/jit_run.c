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
 * patched to jump into its side trace (asm_chain), so a later exit through
 * it runs the side trace without returning here; exits that stay with
 * this dispatcher (see record_side) enter it from here, still without
 * returning to the interpreter.
 *
 * Only exits in the trace's own frame get side traces: one inside an
 * inlined call would start in the callee and return from it, which a
 * trace cannot follow yet. */
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "debug.h"
#include "ir_text.h"
#include "jit_int.h"

/* ---- recording and compiling ---- */

static void dump(JitHooks *J, const Trace *T, const CallInfo *ci, const char *stage)
{
    fprintf(stderr, "---- trace %llu, %s:%d, %s\n",
            (unsigned long long)(J->traces + J->side_traces + 1),
            clvalue(ci->func)->p->source->data, debug_currentline(ci), stage);
    ir_dump(stderr, T);
}

/* The machine code as hex lines "address: bytes", which
 * scripts/disasm-trace turns into an objdump listing (mtvm links no
 * disassembler). */
static void dump_code(JitHooks *J, const AsmCode *code, const CallInfo *ci)
{
    const uint8_t *p = (const uint8_t *)(uintptr_t)code->fn;
    fprintf(stderr, "---- trace %llu, %s:%d, machine code, %zu bytes\n",
            (unsigned long long)(J->traces + J->side_traces + 1),
            clvalue(ci->func)->p->source->data, debug_currentline(ci), code->size);
    for (size_t i = 0; i < code->size; i += 16) {
        fprintf(stderr, "%016llx:", (unsigned long long)(uintptr_t)(p + i));
        for (size_t j = i; j < i + 16 && j < code->size; j++)
            fprintf(stderr, " %02x", p[j]);
        fputc('\n', stderr);
    }
}

static JitTrace *compile(JitHooks *J, Trace *T, const CallInfo *ci)
{
    double t0 = jit_now();
    J->ir_recorded += T->nins;
    if (J->p.dump_ir)
        dump(J, T, ci, "recorded");
    OptConfig cfg = J->opt;
    if (J->p.bounded)
        cfg.enabled[OPT_LOOP] = false;
    opt_run(T, &cfg);
    J->ir_optimised += T->nins;
    if (J->p.dump_ir)
        dump(J, T, ci, "optimised");
    double t1 = jit_now();
    JitTrace *jt = calloc(1, sizeof *jt);
    char err[200];
    bool ok = jt != NULL && asm_trace(T, &J->mc, &jt->code, err, sizeof err);
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
        dump_code(J, &jt->code, ci);
    J->code_bytes += jt->code.size;
    return jt;
}

static bool has_trace(State *S, const Instr *pc)
{
    LoopInfo *l = jit_find_loop(S->jit, pc);
    return l != NULL && l->trace != NULL;
}

/* Records from ci->savedpc while executing; a root trace until it comes
 * back to its header, a side trace until it reaches a header with a trace.
 * Leaves the innermost frame's savedpc where the interpreter continues.
 * Returns the compiled trace, or NULL (the reason counted). */
static JitTrace *record(State *S, CallInfo *ci, bool side)
{
    JitHooks *J = S->jit;
    Rec *R = &J->rec;
    const Instr *start = ci->savedpc;
    double t0 = jit_now();
    if (J->recording)
        rec_free(R);
    rec_start(R, S, ci, start);
    J->recording = true;
    R->side = side;
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
    if (st == REC_ABORT) {
        jit_count_abort(J, R->reason);
        jit_event(J, "abort", clvalue(R->ci->func)->p, R->insn_pc, "%s trace from line %d: %s",
                  side ? "side" : "root", jit_line(clvalue(ci->func)->p, start), R->reason);
        rec_free(R);
        return NULL;
    }
    rec_finish(R);
    JitTrace *jt = compile(J, &R->T, ci);
    if (jt == NULL) {
        rec_free(R);
        return NULL;
    }
    jt->start = start;
    jt->link = st == REC_LINKED ? R->link : NULL;
    jt->link_loop = jt->link != NULL ? jit_loop(J, jt->link) : NULL;
    uint64_t number = J->traces + J->side_traces + 1;
    jt->proto = clvalue(ci->func)->p;
    jit_perf_map_add(J, &jt->code, number, jt->proto, start);
    char ends[64];
    if (st == REC_LINKED)
        snprintf(ends, sizeof ends, "links to line %d", jit_line(jt->proto, R->link));
    else
        snprintf(ends, sizeof ends, "%s",
                 jt->T.loop != IRREF_NONE ? "peeled loop" : "one iteration per call");
    jit_event(J, "trace", jt->proto, start,
              "%llu %s, %u IR, %zu bytes, %s; record %.1f us, optimise %.1f us, assemble %.1f us",
              (unsigned long long)number, side ? "side" : "root", jt->T.nins, jt->code.size, ends,
              t_rec * 1e6, J->last_optimise * 1e6, J->last_assemble * 1e6);
    return jt;
}

void jit_record_root(State *S, CallInfo *ci, LoopInfo *loop)
{
    JitHooks *J = S->jit;
    uint64_t flushes = J->flushes;
    JitTrace *jt = record(S, ci, false);
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
    loop->trace = jt;
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

/* A side trace for exit e of jt, recorded from the state just restored. */
static void record_side(State *S, JitTrace *jt, uint32_t e)
{
    JitHooks *J = S->jit;
    uint64_t flushes = J->flushes;
    JitTrace *side = record(S, S->ci, true);
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
    /* An exit from the root's first iteration stays with the dispatcher
     * (which follows it just the same): when it is the common case, the
     * root's path went out of use, and only there is that seen. */
    if (!first_iteration_exit(jt, e) && !J->p.bounded)
        asm_chain(&jt->code, e, &side->code);   /* if refused, jit_run follows it */
}

/* ---- running ---- */

/* After an exit inside inlined calls: the CallInfos the interpreter would
 * have, from the snapshot's frames. The caller frame resumes after its
 * call; the innermost at the snapshot's pc. */
static void rebuild_frames(State *S, const Trace *T, const Snapshot *snap, TValue *base)
{
    CallInfo *ci = S->ci;
    for (uint32_t f = 0; f < snap->nframes; f++) {
        const SnapFrame *sf = &T->snapframes[snap->frame + f];
        ci->savedpc = sf->retpc;
        ci = ci + 1;
        ci->func = base + sf->base - 1;
        ci->top = base + sf->base + ((const Closure *)sf->closure)->p->maxstack;
        ci->nresults = sf->nresults;
        ci->nextra = 0;
        ci->callstatus = 0;
        call_note_top(S, ci->top);
    }
    ci->savedpc = snap->pc;
    S->ci = ci;
    S->top = ci->top;
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

/* Chains stay inside one tree: a tree is freed as a whole (a dropped root
 * takes its side traces along, a flush takes everything), so no chain can
 * outlive its target. Only a trace that runs one iteration per call and
 * then loops chains its end, to itself: a side trace's link back into its
 * root is a new entry of the root, which the dispatcher counts (account). */
static void chain_to_itself(JitHooks *J, JitTrace *jt)
{
    if (!jt->chained_end && !J->p.bounded &&
        asm_chain(&jt->code, ASM_SITE_COMPLETED(&jt->T), &jt->code))
        jt->chained_end = true;
}

/* A bounded run (fuzzing) pays for every iteration; an exhausted budget
 * raises, with the interpreter's state as the trace left it at pc. */
static void charge_budget(State *S, CallInfo *ci, const Instr *pc)
{
    if (--S->step_budget == 0) {
        S->step_budget = 1;   /* stay exhausted */
        ci->savedpc = pc;
        mt_runerror(S, "execution budget exhausted");
    }
}

/* The profitability window of a root trace (see JIT_PROFIT_ENTRIES). */
static void account(State *S, LoopInfo *loop, uint64_t iterations)
{
    JitHooks *J = S->jit;
    JitTrace *jt = loop->trace;
    J->entries++;
    J->iterations += iterations;
    if (jt == NULL)   /* dropped while it ran */
        return;
    jt->entries++;
    jt->iterations += iterations;
    if (jt->entries < JIT_PROFIT_ENTRIES)
        return;
    if (jt->iterations < 2 * jt->entries) {
        loop->attempts = ++loop->drops <= JIT_MAX_REDROPS ? 0 : (uint32_t)J->p.max_attempts;
        J->dropped++;
        jit_event(J, "drop", jt->proto, loop->pc, "%llu iterations in %llu entries%s",
                  (unsigned long long)jt->iterations, (unsigned long long)jt->entries,
                  loop->attempts == 0 ? "; may be recorded again" : "");
        jit_free_trace(J, jt, false);
        loop->trace = NULL;
        uint32_t idx = mt_hot_index(loop->pc);
        for (int i = 0; i < JIT_LOOPS; i++)
            if (J->loops[i].trace != NULL && mt_hot_index(J->loops[i].pc) == idx)
                return;
        S->tracemark[idx] = 0;   /* back-edges here cost only the counter again */
        return;
    }
    jt->entries = jt->iterations = 0;
}

/* Runs the loop's trace and whatever it leads to; leaves the interpreter
 * state (S->ci and its savedpc) where execution goes on. Iterations are
 * counted as completed runs plus one per exit, and two for an exit from a
 * peeled loop's body (it went round at least once) or from another trace
 * (a chain led there), plus two per transition made through a chain in
 * machine code (counted by the chain tails). */
void jit_run(State *S, CallInfo *ci, LoopInfo *loop)
{
    JitHooks *J = S->jit;
    JitTrace *jt = loop->trace;
    TValue *base = ci->func + 1;
    uint64_t n = 0;
    uint64_t t0 = jit_ticks();
    bool recorded = false;
    while (room_for(S, base)) {
        uint64_t chained = asm_chained;
        AsmExit x = jt->code.fn(base);
        jt = trace_of(x.code);   /* chains may have led to another trace */
        chained = asm_chained - chained;
        J->chained += chained;
        n += 2 * chained;
        uint32_t e = (uint32_t)x.snap;
        if (e == ASM_COMPLETED) {
            n++;
            if (S->step_budget != 0)
                charge_budget(S, ci, jt->link != NULL ? jt->link : jt->start);
            if (jt->link == NULL) {
                chain_to_itself(J, jt);
                continue;
            }
            ci->savedpc = jt->link;
            LoopInfo *next = jt->link_loop;
            if (next == loop) {   /* round again: a new entry of the root */
                account(S, loop, n);
                n = 0;
            }
            if (next == NULL || next->trace == NULL)
                break;
            jt = next->trace;
            J->links++;
            continue;
        }
        Snapshot *snap = &jt->T.snaps[e];
        rebuild_frames(S, &jt->T, snap, base);
        J->exits++;
        snap->exits++;
        if (S->step_budget != 0)
            charge_budget(S, S->ci, S->ci->savedpc);
        /* Only an exit from the root's first iteration went nowhere; an exit
         * from a loop body or from a trace reached by a chain did work. */
        n += jt == loop->trace && first_iteration_exit(jt, e) ? 1 : 2;
        if (jt->side[e] != NULL) {
            jt = jt->side[e];
            J->side_entries++;
            continue;
        }
        if (snap->nframes == 0 && snap->exits >= (uint32_t)J->p.hot_exit &&
            jt->side_tries[e] < J->p.max_attempts) {
            J->tsc_traces += jit_ticks() - t0;
            account(S, loop, n);   /* may drop the root: jt is not used after */
            if (loop->trace != NULL)
                record_side(S, jt, e);
            recorded = true;
        }
        break;
    }
    if (!recorded) {
        J->tsc_traces += jit_ticks() - t0;
        account(S, loop, n);
    }
}
