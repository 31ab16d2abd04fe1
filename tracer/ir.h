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
 *   X  control and bookkeeping (LOOP, PHI, NOP) */
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
    X(CARG, X, "call argument b after a")                                     \
    X(CALLN, P, "call a pure helper (no effects, cannot raise)")              \
    X(CALLL, L, "call a helper that only reads memory")                       \
    X(CALLA, S, "call a helper that allocates (never collects)")              \
    X(CALLS, S, "call a helper with side effects; it may raise")              \
    /* control */                                                             \
    X(LOOP, X, "start of the loop body; the pre-roll is before it")           \
    X(PHI, X, "loop-carried value: a on entry, b at the back-edge")           \
    X(NOP, X, "removed instruction")

typedef enum {
#define IRO_ENUM(name, mode, doc) IR_##name,
    IR_OPS(IRO_ENUM)
#undef IRO_ENUM
    IR__COUNT
} IROp;

typedef enum { IRM_K, IRM_P, IRM_L, IRM_S, IRM_C, IRM_X } IRMode;

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
 * payload; the frames of inlined calls; and the bytecode to resume at.
 * Slots not listed still hold what the interpreter left there. */
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
    /* constant interning: open addressing over refs */
    IRRef *khash;
    uint32_t khash_size, nk;
} Trace;

#endif
