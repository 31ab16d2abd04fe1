/* record.h — the software recorder: the RECORD meaning of vm/handlers.h.
 *
 * A recording session follows one iteration of a loop (a root trace) or
 * the path from a hot exit to the next loop header that has a trace (a
 * side trace). Each rec_step executes ONE bytecode instruction concretely,
 * on the real frames, exactly as the interpreter would, and appends IR for
 * its red operations (tracer/mop_record.h):
 *
 *   * the pc and the instruction are green: no IR for dispatch or operand
 *     decoding, constants K[] become IR constants;
 *   * frame slots are forwarded: reads come from SLOADT/SLOAD once, writes
 *     only update the recorder's slot table; each guard's snapshot lists
 *     the slots modified before the instruction being recorded and the
 *     inlined frames, and resumes AT that instruction (an exit re-executes
 *     it in the interpreter);
 *   * each IF becomes a guard in the direction taken;
 *   * calls of mt functions are followed (record_call.c): the callee is
 *     guarded, its frame gets the slots after the caller's, and returns
 *     copy the results back (all of them, with the top of stack, to a
 *     call keeping all results); tail calls replace the inlined frame;
 *     pure math builtins, s:byte(i) and string.char(c) become calls of C
 *     functions;
 *   * helpers on the whitelist become calls (CALLN/CALLL), table lookups of
 *     string keys found in a node become guarded loads; any other helper
 *     (the REC_H_ table of record.c) aborts the trace after executing
 *     concretely, so the program is unaffected.
 *
 * Files: mop_record.h (the meta types and operations), record_ops.c (their
 * implementation), record_call.c (frames), record.c (the helper table, the
 * control macros, the handlers included with them, the session).
 *
 * Recordable opcodes (rec_recordable): everything but SETGLOBAL, NEWTABLE,
 * CONCAT, CLOSE, TFORPREP/TFORCALL/TFORLOOP, SETLIST, CLOSURE, VARARG and
 * EXTRAARG; a recordable opcode can still abort in its slow path. Any other
 * opcode, and a call the recorder cannot follow, makes rec_step abort
 * BEFORE executing it (executed = false): the interpreter runs it.
 *
 * Where a trace ends: a root trace closes when it comes back to its
 * header in its own frame (REC_CLOSED; the loop pass then peels it); any
 * trace may end at another header that has a trace (REC_LINKED), in any
 * frame (a root trace in an inlined call only once it has followed
 * REC_MAXUNROLL back-edges: links_here): the trace it links to runs on
 * that frame. A root trace follows at
 * most REC_MAXUNROLL back-edges of inner loops (unrolling them) and aborts
 * if its own loop ends; a side trace follows back-edges freely, its length
 * being the limit. rec_finish emits the stores of every modified slot at
 * the end, and for a trace that ends in another frame than its base frame
 * a call of frame_shift_end (frame_shift.h), which makes the interpreter's
 * frames what they are there.
 *
 * Returning below the base frame: a side trace may return from its base
 * frame (a loop's exit path usually does), guarded on the frame's status
 * (not entered from C) and on its caller's saved pc (the call it returns
 * to), and go on in the caller, whose slots have negative indices. Its
 * snapshots then count the frames returned from (Snapshot.down). A root
 * trace may not: it must come back to its loop.
 *
 * Flaws of the vocabulary found while writing this (vm/handlers.h):
 *   * `(String *)GCP(key)` (GETGLOBAL, GETFIELD, SELF, SETFIELD) casts a red
 *     pointer, so MPTR cannot be a struct; `CURRENT_TOP() - ra` (SETLIST,
 *     RETURN) subtracts locations, so MVAL cannot be either.
 *     mop_record.h explains the representation chosen instead.
 *   * CLOSURE (`base`) uses interpreter state directly.
 *   * LT/LE on an integer and a float (`f < 0`) take the slow helper
 *     mt_lessthan/mt_lessequal, so they abort; a mixed fast path (I2F and a
 *     float compare) would make them recordable. */
#ifndef MT_RECORD_H
#define MT_RECORD_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "ir.h"
#include "object.h"
#include "opcodes.h"
#include "state.h"

#define REC_MAXSLOTS 256       /* frame slots a trace can track */
#define REC_MAXDEPTH 8         /* inlined calls in progress at once */
#define REC_MAXPTRS 16         /* pointers/locations live in one handler */
#define REC_DEFAULT_MAXINSNS 200   /* bytecodes in one trace */
#define REC_MAXUNROLL 16       /* inner-loop back-edges a root trace follows */
#define REC_MAXDOWN 8          /* frames a side trace may return below its base */
#define REC_MAXCHAIN 4         /* hash-chain nodes an absent key's guards check */
#define REC_MAXDOWNSLOTS 256   /* slots below the base those frames may use */

/* REC_CLOSED: back at the loop header (a root trace's end); REC_LINKED: at
 * another header that has a trace (R->link), where a trace may end. */
typedef enum { REC_CONTINUE, REC_ABORT, REC_CLOSED, REC_LINKED } RecStatus;

/* What the trace knows of one frame slot: the refs of its current tag and
 * payload (NONE = not read yet, or a nil payload), the payload's IR type,
 * and whether the trace wrote it. */
typedef struct RecSlot {
    IRRef tag, val;
    uint8_t vtype;
    bool modified;
} RecSlot;

typedef struct RecPtr {
    const void *p;
    IRRef ref;
} RecPtr;

typedef enum { COND_NONE, COND_GREEN, COND_RED } RecCondKind;

/* The interpreter's top of stack as a slot index, when the trace knows
 * it: a call keeping all its results (or such a return) leaves it past
 * the last result, for the next instruction, which takes all the values
 * up to it. How many there are is green: it follows from the path. */
typedef struct RecTop {
    bool known;
    int32_t slot;
} RecTop;

/* An mt function being executed: the root frame (depth 0) or an inlined
 * call. Its slots are the trace's slots from `base` on. */
typedef struct RecFrame {
    CallInfo *ci;             /* the real frame, used for concrete execution */
    int32_t base;             /* slot index of its base from the root base */
    const TValue *k;
    int nk;
} RecFrame;

typedef struct Rec {
    Trace T;
    State *S;
    CallInfo *ci;             /* the current frame (the innermost) */
    TValue *root;             /* the trace's base frame: slot 0; the frame
                                 S->ci is when the trace runs */
    TValue *base;             /* the current frame's base */
    const TValue *k;          /* the current frame's constants */
    int nk;
    /* frames[0] is the base frame, or after returning below it the
     * caller it returned to (`down` frames below); frames 1..depth are
     * inlined calls */
    RecFrame frames[REC_MAXDEPTH + 1];
    SnapFrame snapframes[REC_MAXDEPTH];   /* frames 1..depth, for snapshots */
    int depth;
    uint32_t down;
    const Instr *loop_pc;     /* first body instruction of the loop */
    const Instr *pc;          /* next instruction to record/execute */
    const Instr *insn_pc;     /* the instruction being recorded */
    uint32_t ninsns, maxinsns;
    uint32_t unrolled;        /* back-edges to other loops followed */
    RecSlot slotmem[REC_MAXDOWNSLOTS + REC_MAXSLOTS];   /* see rec_slot */
    int minslot, nslots;      /* the slots tracked: minslot .. nslots-1 */
    /* the snapshot of the instruction being recorded (its start state) */
    SnapEntry snapents[REC_MAXDOWNSLOTS + REC_MAXSLOTS];
    uint32_t nsnapents;
    /* pointers and heap locations produced in the current instruction */
    RecPtr objs[REC_MAXPTRS], locs[REC_MAXPTRS];
    int nobjs, nlocs;
    /* the comparison whose concrete truth IF is about to consume */
    struct {
        RecCondKind kind;
        IROp op;
        IRRef a, b;
    } cond;
    /* the top the instruction being recorded found (its snapshots restore
     * it), and the one it leaves for the next instruction */
    RecTop top_in, open_top;
    bool aborted;
    bool executed;            /* on abort: the instruction was executed */
    bool refused;             /* the handler stopped before any effect */
    bool side;                /* a side trace: starts at an exit, may follow
                                 back-edges, ends only by linking */
    bool (*linkable)(State *S, const Instr *pc);   /* a header with a trace? */
    const Instr *link;        /* after REC_LINKED: that header */
    /* after rec_finish, for a trace that ends in another frame than its
     * base frame: the frame change its end makes (owned by the caller) */
    struct FrameShift *shift;
    char reason[96];
} Rec;

/* Makes frames[d] the frame being recorded in. */
static inline void rec_use_frame(Rec *R, int d)
{
    const RecFrame *f = &R->frames[d];
    R->ci = f->ci;
    R->base = R->root + f->base;
    R->k = f->k;
    R->nk = f->nk;
}

/* What the recorder knows of slot s (minslot <= s < nslots). */
static inline RecSlot *rec_slot(Rec *R, int s) { return &R->slotmem[s + REC_MAXDOWNSLOTS]; }

/* Starts recording the loop whose first body instruction is loop_pc, in
 * frame ci (whose savedpc is irrelevant: recording starts at loop_pc).
 * Calls of mt functions are followed (inlined): the recorder pushes and pops
 * real frames as it executes them, so after an abort the interpreter
 * continues in S->ci, which may be an inlined callee's frame. */
void rec_start(Rec *R, State *S, CallInfo *ci, const Instr *loop_pc);
/* Starts a side trace at exit `snap` of a trace whose base frame's base is
 * `base`, in the state the exit restored: S->ci is the innermost of the
 * snapshot's inlined frames `frames`, below them is the frame the trace
 * had reached (its base frame, or the one snap->down frames below it), and
 * recording starts at S->ci->savedpc. The side trace runs on the same base
 * (it is entered from that exit), so its slots are numbered from `base`
 * and it starts with the same frames. The tags the exit writes as
 * constants are known to it without guards. */
void rec_start_side(Rec *R, State *S, TValue *base, const Trace *parent, const Snapshot *snap);
/* Records and executes the instruction at R->pc. On REC_CONTINUE and
 * REC_CLOSED R->pc is the next instruction. On REC_ABORT, R->reason says
 * why; if R->executed the instruction ran (continue at R->pc), otherwise
 * nothing ran (the interpreter must execute R->pc itself). */
RecStatus rec_step(Rec *R);
/* After REC_CLOSED: emits the slot stores; R->T is then the trace. */
void rec_finish(Rec *R);
void rec_free(Rec *R);
bool rec_recordable(OpCode op);
/* The record meaning of entering and leaving mt frames (record.c). */
void rec_call_mt(Rec *R, TValue *func, int nresults, int nargs_field, const Instr *retpc);
void rec_return(Rec *R, TValue *first, int n, int nresults_field);
void rec_tailcall(Rec *R, TValue *func, int nargs_field);
void rec_call_builtin(Rec *R, TValue *func, int nresults, int nargs_field, const Instr *next);
/* Marks the recording aborted (the first reason is kept). */
void rec_vabort(Rec *R, const char *fmt, va_list ap);
void rec_abort(Rec *R, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
