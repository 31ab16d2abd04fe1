/* mop.h — the meta-operations, in their RUN meaning.
 *
 * Every bytecode handler (handlers.h) is written only with the operations
 * below, so that the semantics of mt exist once and can be given three
 * meanings (DESIGN.md, "Meta-tracing"):
 *
 *   run     this file: each operation is the plain C it names, and the
 *           handlers compile to an ordinary threaded interpreter.
 *   record  (tracer/) the same operations also append IR for themselves;
 *           IF(c) becomes a guard in the direction taken, PROMOTE(x) a guard
 *           on the value seen; green operands (the instruction word, the pc,
 *           constants) are known at record time, so decoding folds away.
 *   replay  (tracer/pt) the same, with IF's direction read from the decoded
 *           hardware trace instead of computed.
 *
 * The vocabulary. "green" values are compile-time constants of a trace
 * (instruction operands, K[] entries, the pc); "red" values are data.
 *
 *   frame slots      SLOT(n) -> TValue* of register n (n green);
 *                    KST(n) -> constant n of the running function.
 *   tag checks       TAG(v), IS(v, T), IS_NUM(v): read a value's type tag.
 *   payloads         INT(v), FLT(v), GCP(v), BOOLV(v): read the payload.
 *   slot stores      SET_INT, SET_FLT, SET_BOOL, SET_NIL, SET_GC, COPY.
 *   integer ops      IADD/ISUB/IMUL/INEG (wrapping, as mt's integers),
 *                    IADD_OV (checked: true on signed overflow),
 *                    IAND/IOR/IXOR/INOT, ILT/ILE/IEQ, ULT (unsigned <).
 *   float ops        FADD/FSUB/FMUL/FDIV/FNEG, FLT_LT/FLT_LE/FLT_EQ,
 *                    I2F (int -> float conversion).
 *   heap access      LOAD(T, p, off), FIELD(p, Struct, field) and
 *                    ELEM(arr, i) (a TValue* into a heap array).
 *   helper calls     HELPER(fn, args...): a call to a runtime function.
 *                    Pure helpers (no side effects, cannot raise) are
 *                    written HELPER_PURE so the optimiser may CSE them;
 *                    HELPER_SLOT is a pure lookup returning a value's
 *                    location (a table entry), which may then be stored to.
 *   allocation       ALLOC(fn, args...): a helper that allocates.
 *   branches         IF(cond): every condition on red data passes through
 *                    IF before C's own control flow uses it (so `&&` and
 *                    `?:` are applied to IF results, never to raw tests;
 *                    `!` too: write !IF(c), not IF(!c)). No C operator is
 *                    ever applied to a red value directly, and red values
 *                    are never held in C locals of other types.
 *   promotion        PROMOTE(x): x becomes a trace constant.
 *   constants        KINT(x), KFLT(x): a green C number as a red value.
 *   pointers         ISNULL(p): p is NULL; PEQ(p, q): the same object;
 *                    ABSENT(v): the value location a table lookup gave is
 *                    the shared "no such key" nil (writing it is a bug).
 *   interpreter-only INTERP(stmt): bookkeeping that is not part of the
 *                    language's semantics (hot counters); never recorded.
 *
 * Control transfer (next instruction, jumps, frame push/pop) is expressed by
 * the dispatch macros of interp.c, which the recorder redefines too. */
#ifndef MT_MOP_H
#define MT_MOP_H

#include <stddef.h>

/* Types of red values as the handlers declare them: plain C types here; the
 * recorder's meanings pair each with the IR reference that computes it. */
typedef int64_t MINT;
typedef double MFLT;
typedef TValue *MVAL;      /* a value's location: frame slot, constant, heap */
typedef void *MPTR;        /* a pointer to a heap object */

#define SLOT(n) (base + (n))
#define KST(n) ((TValue *)(k + (n)))   /* never written through */

#define TAG(o) ((o)->tt)
#define IS(o, T) ((o)->tt == (T))
#define IS_NUM(o) ((o)->tt == T_INT || (o)->tt == T_FLT)

#define INT(o) ((o)->v.i)
#define FLT(o) ((o)->v.n)
#define GCP(o) ((void *)(o)->v.gc)
#define BOOLV(o) ((o)->v.b)

#define SET_INT(d, x) setint((d), (x))
#define SET_FLT(d, x) setflt((d), (x))
#define SET_BOOL(d, x) setbool((d), (x))
#define SET_NIL(d) setnil(d)
#define SET_GC(d, p, t) setgc((d), (p), (t))
#define COPY(d, s) setobj((d), (s))

/* mt integers wrap: compute in unsigned arithmetic, which C defines. */
#define IADD(a, b) ((int64_t)((uint64_t)(a) + (uint64_t)(b)))
#define ISUB(a, b) ((int64_t)((uint64_t)(a) - (uint64_t)(b)))
#define IMUL(a, b) ((int64_t)((uint64_t)(a) * (uint64_t)(b)))
#define INEG(a) ((int64_t)(0u - (uint64_t)(a)))
#define IADD_OV(a, b, res) __builtin_add_overflow((a), (b), (res))
#define IAND(a, b) ((a) & (b))
#define IOR(a, b) ((a) | (b))
#define IXOR(a, b) ((a) ^ (b))
#define INOT(a) (~(a))
#define ILT(a, b) ((a) < (b))
#define ILE(a, b) ((a) <= (b))
#define IEQ(a, b) ((a) == (b))
#define ULT(a, b) ((uint64_t)(a) < (uint64_t)(b))

#define FADD(a, b) ((a) + (b))
#define FSUB(a, b) ((a) - (b))
#define FMUL(a, b) ((a) * (b))
#define FDIV(a, b) ((a) / (b))
#define FNEG(a) (-(a))
#define FLT_LT(a, b) ((a) < (b))
#define FLT_LE(a, b) ((a) <= (b))
#define FLT_EQ(a, b) ((a) == (b))
#define I2F(a) ((double)(a))

#define LOAD(T, p, off) (*(T *)((char *)(p) + (off)))
#define FIELD(p, Struct, field) (((Struct *)(p))->field)
#define ELEM(arr, i) ((arr) + (i))

#define HELPER(fn, ...) fn(__VA_ARGS__)
#define HELPER_PURE(fn, ...) fn(__VA_ARGS__)
#define HELPER_SLOT(fn, ...) ((TValue *)fn(__VA_ARGS__))
#define ALLOC(fn, ...) fn(__VA_ARGS__)

/* IF_RARE is IF with the hint that the condition is usually false (error
 * and metamethod paths); the hint changes code layout, not meaning. */
#define IF(c) (!!(c))
#define IF_RARE(c) __builtin_expect(!!(c), 0)
#define PROMOTE(x) (x)
#define KINT(x) ((MINT)(x))
#define KFLT(x) ((MFLT)(x))
#define ISNULL(p) ((p) == NULL)
#define ABSENT(v) ((v) == &mt_nilvalue)
#define PEQ(p, q) ((p) == (q))
#define INTERP(stmt) stmt

#endif
