/* ir.h — the trace IR, defined once.
 *
 * A trace is a linear SSA program: every instruction is written once, named
 * by its index (an IRRef), and its operands are earlier instructions. It is
 * what every recorder produces (software recording, PT replay), what every
 * optimisation pass rewrites and what the backend compiles; it knows the
 * interpreter only as the meta-operations of vm/mop.h see it (frame slots,
 * loads and stores at offsets, tags, integer and float arithmetic, helper
 * calls, guards), never as mt.
 *
 * Values have machine types (IRType). Constants are instructions too, kept
 * unique (interned) so that "same constant" is "same ref". A guard is a
 * comparison (or an overflow-checked operation) with IRF_GUARD set: it
 * produces no value; if its condition does not hold at run time, the trace
 * leaves through the snapshot named in `snap`, which says how to rebuild
 * the interpreter's frames and where to resume.
 *
 * A loop trace is laid out as LuaJIT and RPython lay theirs out after loop
 * peeling: a pre-roll (the first iteration), LOOP, the loop body, and PHIs
 * after the body for values carried round the loop. */
#ifndef MT_IR_H
#define MT_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t IRRef;
#define IRREF_NONE 0u      /* index 0 is never an instruction */

/* Machine types of IR values. */
#define IR_TYPES(X)                                                           \
    X(VOID, "void") /* no value: stores, guards, LOOP */                      \
    X(INT, "int")   /* 64-bit integer */                                      \
    X(FLT, "flt")   /* IEEE double */                                         \
    X(PTR, "ptr")   /* pointer */                                             \
    X(U8, "u8")     /* a tag byte (zero-extended when loaded) */              \
    X(U32, "u32")   /* 32-bit unsigned field (zero-extended) */               \
    X(I32, "i32")   /* 32-bit signed field (sign-extended) */                 \
    X(BOOL, "bool") /* 0 or 1 */

typedef enum {
#define IRT_ENUM(name, str) IRT_##name,
    IR_TYPES(IRT_ENUM)
#undef IRT_ENUM
    IRT__COUNT
} IRType;

/* Operation modes, which the passes rely on:
 *   K  constant (payload in IRIns.k)
 *   P  pure: result depends only on operands; CSE-able, removable if unused
 *   L  load: like P, but only until an aliasing store or a call intervenes
 *   S  side effect: never removed, orders loads after it
 *   C  comparison: pure as a value; a side effect when IRF_GUARD is set
 *   F  control flow and bookkeeping (CARG, LOOP, PHI, NOP) */
#define IR_OPS(X)                                                             \
    /* constants */                                                           \
    X(KINT, K, "integer constant k.i")                                        \
    X(KFLT, K, "float constant k.n")                                          \
    X(KPTR, K, "pointer constant k.p")                                        \
    /* interpreter frame slots: a = slot index from the trace's base frame,  \
       b = the frame depth of an inlined call (0 = the root frame) */         \
    X(SLOADT, L, "tag of frame slot a")                                       \
    X(SLOAD, L, "payload of frame slot a, of the instruction's type")         \
    X(SSTORET, S, "frame slot a's tag := b")                                  \
    X(SSTORE, S, "frame slot a's payload := b")                               \
    /* memory: addresses are values too, so they are CSE'd and hoisted */     \
    X(FREF, P, "address a + b (b a constant byte offset)")                    \
    X(AREF, P, "address of TValue number b of the array at a (a + 16*b)")     \
    X(LOAD, L, "load a value of the instruction's type from address a")       \
    X(FLOAD, L, "load an object's header field at a + b (b a byte offset);   \
                 no STORE writes one, only helpers (CALLA, CALLS) may")       \
    X(STORE, S, "store b (of b's type) at address a")                         \
    /* integer arithmetic: 64-bit, wrapping as mt's integers do */            \
    X(ADD, P, "a + b") X(SUB, P, "a - b") X(MUL, P, "a * b")                  \
    X(NEG, P, "-a") X(BAND, P, "a & b") X(BOR, P, "a | b")                    \
    X(BXOR, P, "a ^ b") X(BNOT, P, "~a")                                      \
    X(SHL, P, "a << b (b in 0..63)") X(SHR, P, "a >> b, logical")             \
    X(SAR, P, "a >> b, arithmetic")                                           \
    /* overflow-checked integer arithmetic: always guards */                  \
    X(ADDOV, C, "a + b, exit on signed overflow")                             \
    X(SUBOV, C, "a - b, exit on signed overflow")                             \
    X(MULOV, C, "a * b, exit on signed overflow")                             \
    /* float arithmetic */                                                    \
    X(FADD, P, "a + b") X(FSUB, P, "a - b") X(FMUL, P, "a * b")               \
    X(FDIV, P, "a / b") X(FNEG, P, "-a")                                      \
    X(FSQRT, P, "the square root of a (correctly rounded, as C's sqrt)")     \
    /* conversions */                                                         \
    X(I2F, P, "integer a as a float")                                         \
    X(F2I, C, "float a as an integer; as a guard: exit unless exact")         \
    /* comparisons: a BOOL value, or with IRF_GUARD "exit unless true" */     \
    X(EQ, C, "a == b") X(NE, C, "a ~= b")                                     \
    X(LT, C, "a < b, signed") X(LE, C, "a <= b, signed")                      \
    X(GT, C, "a > b, signed") X(GE, C, "a >= b, signed")                      \
    X(ULT, C, "a < b, unsigned") X(ULE, C, "a <= b, unsigned")                \
    X(FEQ, C, "a == b, floats") X(FNE, C, "a ~= b, floats (true for NaN)")    \
    X(FLT, C, "a < b, floats") X(FLE, C, "a <= b, floats")                    \
    /* helper calls: arguments are a chain of CARGs, a = the previous CARG   \
       (or NONE), b = the argument; the call's a = the function (a KPTR),    \
       b = its last CARG (or NONE) */                                         \
    X(CARG, F, "call argument b after a")                                     \
    X(CALLN, P, "call a pure helper (no effects, cannot raise)")              \
    X(CALLL, L, "call a helper that only reads memory")                       \
    X(CALLA, S, "call a helper that allocates (never collects)")              \
    X(CALLS, S, "call a helper with side effects; it may raise")              \
    /* control */                                                             \
    X(LOOP, F, "start of the loop body; the pre-roll is before it")           \
    X(PHI, F, "loop-carried value: a on entry, b at the back-edge")           \
    X(NOP, F, "removed instruction")

typedef enum {
#define IRO_ENUM(name, mode, doc) IR_##name,
    IR_OPS(IRO_ENUM)
#undef IRO_ENUM
    IR__COUNT
} IROp;

typedef enum { IRM_K, IRM_P, IRM_L, IRM_S, IRM_C, IRM_F } IRMode;

extern const char *const ir_opnames[IR__COUNT];
extern const uint8_t ir_opmodes[IR__COUNT];
extern const char *const ir_typenames[IRT__COUNT];

/* Instruction flags. */
#define IRF_GUARD 0x0001u   /* a comparison/checked op that exits if false */
#define IRF_INV 0x0002u     /* loop-invariant (set by the LICM pass) */
#define IRF_MARK 0x0004u    /* scratch bit for passes; clear after use */

typedef struct IRIns {
    uint8_t op;             /* IROp */
    uint8_t type;           /* IRType of the result */
    uint16_t flags;
    IRRef a, b;             /* operands; slot numbers and offsets for some */
    uint32_t snap;          /* guards: the snapshot to exit through */
    union {
        int64_t i;
        double n;
        const void *p;
    } k;                    /* constants' payload */
} IRIns;

/* ---- snapshots ----
 * A snapshot is the interpreter state at one guard, as far as the trace
 * changed it: for each modified frame slot, the refs of its new tag and
 * payload; how many frames below its base frame the trace returned from;
 * the frames of inlined calls; the bytecode to resume at; and, when that
 * bytecode reads the interpreter's top of stack (it takes the values a call
 * before it left there, however many), the slot the top is at. Slots not
 * listed still hold what the interpreter left there; slot indices are
 * negative in frames below the base frame. */
typedef struct SnapEntry {
    int32_t slot;           /* slot index from the trace's base frame */
    IRRef tag;              /* ref of the tag value (often a KINT) */
    IRRef val;              /* ref of the payload (NONE when the tag is nil) */
} SnapEntry;

typedef struct SnapFrame {
    int32_t base;           /* slot index of the inlined frame's base */
    const void *closure;    /* the inlined function (Closure *) */
    const uint32_t *retpc;  /* where the caller resumes when it returns */
    int32_t nresults;
} SnapFrame;

typedef struct Snapshot {
    IRRef ref;              /* the first instruction it applies to */
    uint32_t entry, nentries;   /* range in Trace.snapmap */
    uint32_t frame, nframes;    /* range in Trace.snapframes */
    uint32_t down;          /* frames below the trace's base frame that it
                               returned from first: the interpreter pops
                               them before pushing `frames` */
    bool has_top;           /* the top of stack is slot `top`; otherwise
                               the innermost frame's own top */
    int32_t top;            /* slot index from the trace's base frame */
    const uint32_t *pc;     /* bytecode to resume at */
    uint32_t exits;         /* times taken (for side traces) */
} Snapshot;

/* A trace under construction or compiled. */
typedef struct Trace {
    IRIns *ir;
    uint32_t nins, maxins;
    Snapshot *snaps;
    uint32_t nsnaps, maxsnaps;
    SnapEntry *snapmap;
    uint32_t nsnapmap, maxsnapmap;
    SnapFrame *snapframes;
    uint32_t nsnapframes, maxsnapframes;
    IRRef loop;             /* the LOOP instruction, or NONE */
    bool looping;           /* the trace ends where it starts (its loop's
                               header): set by the recorder; opt_loop peels
                               only such traces */
    int32_t end_base;       /* a trace that completes: slot index of the
                               base of the frame it ends in (0 unless it
                               returned below its base frame or ends in an
                               inlined call); the trace it links to runs
                               there */
    /* constant interning: open addressing over refs */
    IRRef *khash;
    uint32_t khash_size, nk;
} Trace;

/* ---- building, checking and rewriting traces (tracer/ir.c) ----
 * Added by the IR-machinery work; the data structures above are unchanged.
 *
 * Operand kinds. Most operands are refs; a few are literals stored in the
 * operand field itself: the slot (a) and frame depth (b) of SLOAD/SLOADT,
 * the slot (a) of SSTORE/SSTORET, and the byte offset (b) of FREF (a
 * literal, like a slot number, because it is known when the handler is
 * written). Literals are signed 32-bit numbers kept in the IRRef field. */
typedef enum { IROPND_NONE, IROPND_REF, IROPND_LIT } IROpnd;
IROpnd ir_opnd(IROp op, int which);          /* which: 0 = a, 1 = b */

static inline IRMode ir_mode(IROp op) { return (IRMode)ir_opmodes[op]; }
static inline bool ir_iskop(IROp op)
{
    return op == IR_KINT || op == IR_KFLT || op == IR_KPTR;
}
static inline bool ir_isk(const Trace *T, IRRef ref)
{
    return ref != IRREF_NONE && ref < T->nins && ir_iskop((IROp)T->ir[ref].op);
}

/* A trace starts with nins == 1: ref 0 is a NOP standing for IRREF_NONE. */
void ir_init(Trace *T);
void ir_free(Trace *T);

/* Append an instruction (not a constant: use ir_k* for those). */
IRRef ir_emit(Trace *T, IROp op, IRType type, IRRef a, IRRef b);
/* Append a guard exiting through the current (latest) snapshot. */
IRRef ir_guard(Trace *T, IROp op, IRType type, IRRef a, IRRef b);
/* Append a copy of *ins as it is (flags and snap included); passes use it. */
IRRef ir_append(Trace *T, const IRIns *ins);

/* Interned constants: equal constants are the same ref. Floats are equal
 * when their bit patterns are, so 0.0 and -0.0 differ and a NaN equals only
 * the same NaN. ir_ktyped makes an integer constant of another integer type
 * (BOOL, U8, ...): the type is part of the key. Because a constant's ref is
 * shared by all its uses, a PHI's left operand must never be a constant. */
IRRef ir_kint(Trace *T, int64_t i);
IRRef ir_ktyped(Trace *T, IRType type, int64_t i);
IRRef ir_kflt(Trace *T, double n);
IRRef ir_kptr(Trace *T, const void *p);

/* Take a snapshot of the state the recorder describes (the modified slots,
 * the inlined frames, the pc to resume at); it applies from the next
 * instruction on. When no guard was emitted since the previous snapshot,
 * that one is replaced instead ("sparse snapshots"), so guards share
 * snapshots. Returns the snapshot's number. */
uint32_t snap_add(Trace *T, const uint32_t *pc, const SnapEntry *entries,
                  uint32_t nentries, const SnapFrame *frames, uint32_t nframes);

/* Structural check (SSA order, operand kinds, snapshot ranges); on failure
 * writes a message and returns false. Tests run it after every pass. */
bool ir_check(const Trace *T, char *err, size_t errlen);

/* Rebuilding. A pass that replaces or removes instructions copies the trace
 * forward into a fresh one: for each old ref it emits zero or one new
 * instruction and records old -> new in `map` (NONE when removed; any
 * earlier ref, constants included, when replaced). Operands and snapshot
 * entries are renamed through the map as they are copied, so every pass
 * gets the substitution right in one place, new constants land before
 * their first use, and the result stays in SSA order. Snapshots keep their
 * numbers (guards' `snap` stays valid); each is re-placed before the first
 * new instruction emitted for its old ref.
 *
 *   IRRebuild rb; ir_rb_begin(&rb, T);
 *   for (IRRef i = 1; i < rb.old.nins; i++) {
 *       IRIns ins = ir_rb_at(&rb, i);       // operands already renamed
 *       rb.map[i] = ...ir_append(T, &ins) or a replacement...;
 *   }
 *   ir_rb_end(&rb);                         // frees the old trace */
typedef struct IRRebuild {
    Trace old;              /* the trace as it was (read only) */
    Trace *T;               /* the trace being written */
    IRRef *map;             /* old ref -> new ref */
    uint32_t nextsnap;      /* next old snapshot to place */
} IRRebuild;

void ir_rb_begin(IRRebuild *rb, Trace *T);
IRIns ir_rb_at(IRRebuild *rb, IRRef old);
IRRef ir_rb_copy(IRRebuild *rb, IRRef old);  /* ir_rb_at + append/intern */
void ir_rb_end(IRRebuild *rb);

#endif
