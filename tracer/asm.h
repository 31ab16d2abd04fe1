/* asm.h — the x86-64 backend: compiles a trace (ir.h) into machine code.
 *
 * A compiled trace is called like a C function
 *
 *     uint32_t trace(TValue *base);
 *
 * `base` is the interpreter frame of the trace's root frame: frame slot s
 * is base[s] (payload at byte 16*s, tag byte at 16*s + 8). The trace runs
 * until a guard fails; that guard's exit stub then writes the values its
 * snapshot names into their frame slots itself (a slot whose payload ref
 * is NONE gets a zero payload) and the trace returns the snapshot number.
 * So leaving a trace costs only the stores the snapshot needs, and nothing
 * depends on where the allocator put the values. The snapshot's inlined
 * frames and pc are the interpreter's to rebuild, from the Snapshot
 * itself. A trace without LOOP that runs to its end returns ASM_COMPLETED.
 *
 * ExitState and asm_restore serve the reference evaluator (ir_eval.h),
 * which hands back an exit's values instead of writing them: for entry e
 * of the snapshot (in snapmap order) v[2e] is the tag and v[2e+1] the
 * payload; asm_restore writes them into the frame exactly as an exit stub
 * would.
 *
 * Files: asm_regalloc.c (linear scan), asm_x64.c (driver, frame, moves,
 * back-edge), asm_ops.c (instruction selection), asm_exit.c (exit stubs,
 * asm_restore); asm_int.h is their shared state. */
#ifndef MT_ASM_H
#define MT_ASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ir.h"
#include "mcode.h"
#include "value.h"

#define ASM_COMPLETED UINT32_MAX
#define ASM_EXIT_MAXVALS 512          /* so at most 256 entries per snapshot */
#define ASM_MAX_INS 8192              /* one spill slot per ref: bounds the frame */

typedef struct ExitState {
    uint64_t v[ASM_EXIT_MAXVALS];
} ExitState;

typedef uint32_t (*AsmTraceFn)(TValue *base);

/* A compiled trace: its entry point and the code area that holds it. */
typedef struct AsmCode {
    AsmTraceFn fn;
    MCodeArea *area;
    size_t size;          /* bytes of code */
    uint32_t spilled;     /* values the allocator left in stack slots */
} AsmCode;

/* Compile T into a fresh area of mc. On failure (an unsupported op or
 * shape, or code memory refused) nothing is left mapped, a reason is
 * written to err and false returned: the JIT then aborts the trace. */
bool asm_trace(const Trace *T, MCode *mc, AsmCode *out, char *err, size_t errlen);

/* Write snapshot `snap`'s entries, as the evaluator saved them in *ex,
 * into the frame (what a compiled exit stub does itself). */
void asm_restore(const Trace *T, uint32_t snap, const ExitState *ex, TValue *base);

#endif
