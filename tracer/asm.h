/* asm.h — the x86-64 backend: compiles a trace (ir.h) into machine code.
 *
 * A compiled trace is called like a C function
 *
 *     uint32_t trace(TValue *base, ExitState *ex);
 *
 * `base` is the interpreter frame of the trace's root frame: frame slot s
 * is base[s] (payload at byte 16*s, tag byte at 16*s + 8). The trace runs
 * until a guard fails, then returns that guard's snapshot number after
 * saving the values the snapshot names into *ex; asm_restore then writes
 * them into the frame. A trace without LOOP that runs to its end returns
 * ASM_COMPLETED.
 *
 * ExitState layout: for entry e of the snapshot taken (in snapmap order),
 * v[2e] is the tag value and v[2e+1] the payload (raw 64 bits; 0 when the
 * entry has no payload ref). So the exit stubs store exactly what
 * asm_restore reads, and nothing depends on where the allocator put them.
 * asm_restore writes frame slots only: a snapshot's inlined frames and pc
 * are the interpreter's to rebuild, from the Snapshot itself.
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

typedef uint32_t (*AsmTraceFn)(TValue *base, ExitState *ex);

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

/* Write snapshot `snap`'s entries, as saved in *ex, into the frame. */
void asm_restore(const Trace *T, uint32_t snap, const ExitState *ex, TValue *base);

#endif
