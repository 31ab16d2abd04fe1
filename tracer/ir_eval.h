/* ir_eval.h — a reference evaluator of trace IR over real memory.
 *
 * It gives each instruction the meaning ir.h states, in plain C, with no
 * knowledge of how the backend compiles it; the backend's tests run both
 * on the same frame and compare (differential testing). Frame slots are
 * TValues at base[slot]; LOAD/STORE touch real addresses; a helper call is
 * made through `call`, because C cannot call a function of unknown
 * signature portably: the caller knows its helpers' signatures.
 *
 * Values are kept as 64-bit patterns (floats as their bits), normalised to
 * the instruction's type: U8 and BOOL zero-extended from 8 bits, U32 from
 * 32, I32 sign-extended from 32. Float arithmetic gives NaNs as SSE2 does
 * (ir_eval.c), since their bits can reach memory and be reread as integers. */
#ifndef MT_IR_EVAL_H
#define MT_IR_EVAL_H

#include <stdint.h>

#include "ir.h"
#include "value.h"

#define IR_EVAL_COMPLETED UINT32_MAX        /* ran to its end (no LOOP) */
#define IR_EVAL_LIMIT (UINT32_MAX - 1)      /* the loop ran max_iters times */

/* Call helper fn with args[0..n) (types[i] says which are FLT); returns the
 * result's 64 bits (ret is its type; VOID: anything). */
typedef uint64_t (*IREvalCall)(void *ud, const void *fn, const uint64_t *args,
                               const IRType *types, int n, IRType ret);

typedef struct IREval {
    IREvalCall call;
    void *ud;
    uint64_t max_iters;     /* loop body runs at most this many times */
    uint64_t iters;         /* out: body runs started */
    /* out: for the exit taken, the snapshot's values as asm.h's ExitState
     * lays them out (tag of entry e at [2e], payload at [2e+1]) */
    uint64_t exitvals[512];
} IREval;

uint64_t ir_eval_normalise(IRType t, uint64_t v);
/* An integer comparison's truth (EQ ... ULE) on 64-bit patterns. */
int ir_eval_int_compare(IROp op, uint64_t x, uint64_t y);

/* Run T on the frame at base; the exit's snapshot number, or one of the
 * two codes above. */
uint32_t ir_eval(const Trace *T, TValue *base, IREval *ev);

#endif
