/* asm.h — the x86-64 backend: compiles a trace (ir.h) into machine code.
 *
 * A compiled trace is called like a C function
 *
 *     AsmExit trace(TValue *base);
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
 * AsmExit also names the AsmCode of the trace that returned: with chaining
 * (below) that may be another trace than the one called.
 *
 * Chaining. Every exit stub, and the end of a trace without LOOP, passes
 * through a patchable site ("movabs r11, 0; jmp default"). asm_chain points
 * a site at another compiled trace: the stub then writes its snapshot into
 * the frame as always, pops this trace's own stack frame and jumps to the
 * other trace's inner entry with the same base, so a side trace or a
 * linked loop runs without returning to C. The inner entry is
 * ASM_INNER_ENTRY bytes into every trace, after the pushes of the
 * callee-saved registers: those stay saved on the stack from the trace the
 * dispatcher called until one returns to it, so a transition between traces
 * costs no pushes or pops. asm_unchain restores the default. The caller
 * keeps chains valid (a trace must not be freed while a chain leads to it)
 * and checks, before entering, that the frame has room for every trace it
 * may chain to.
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
#define ASM_INNER_ENTRY 10            /* bytes of pushes before the inner entry */

typedef struct ExitState {
    uint64_t v[ASM_EXIT_MAXVALS];
} ExitState;

typedef struct AsmCode AsmCode;
typedef struct AsmExit {
    uint64_t snap;            /* the snapshot left through, or ASM_COMPLETED */
    AsmCode *code;            /* the trace it belongs to */
} AsmExit;
typedef AsmExit (*AsmTraceFn)(TValue *base);

/* A compiled trace: its entry point and the code area that holds it. */
struct AsmCode {
    AsmTraceFn fn;
    MCodeArea *area;
    size_t size;          /* bytes of code */
    uint32_t spilled;     /* values the allocator left in stack slots */
    uint8_t **site;       /* per snapshot, then the completion: the
                             patchable site, or NULL (no guard uses it) */
    uint32_t nsites;
    uint8_t *chain_tail[2];   /* per AsmChainKind: counts, pops the frame
                                 and jumps to r11 */
    uint8_t *link_tail;       /* the same through the AsmEntry in r11 */
};

/* The completion site of a trace without LOOP (its number of snapshots). */
#define ASM_SITE_COMPLETED(T) ((T)->nsnaps)

/* The work a trace tree does in machine code, which the dispatcher sees
 * no other sign of, is counted by the code itself into the tree's
 * AsmEntry: exits chained on into side traces (ON), exits chained from the
 * root's first iteration (FIRST: the root did no work), entries of the
 * root through links (ENTRY), completions that link on (DONE), and
 * back-edges taken by its peeled loop (LOOP). A link into a tree also goes
 * through its AsmEntry: it jumps to `fn`'s inner entry, or, while that is
 * NULL (no tree now), completes as if unlinked. So a tree can be freed while other trees
 * link to it: clearing `fn` unlinks them all. The dispatcher adds its own
 * counts of what passes through it to the same counters. */
enum { ASM_COUNT_ON, ASM_COUNT_FIRST, ASM_COUNT_ENTRY, ASM_COUNT_DONE, ASM_COUNT_LOOP,
       ASM_COUNTS };

typedef struct AsmEntry {
    AsmTraceFn fn;               /* the tree's root, or NULL */
    uint64_t count[ASM_COUNTS];
} AsmEntry;

/* Compile T into a fresh area of mc. On failure (an unsupported op or
 * shape, or code memory refused) nothing is left mapped, a reason is
 * written to err and false returned: the JIT then aborts the trace. */
bool asm_trace(const Trace *T, MCode *mc, AsmCode *out, char *err, size_t errlen);
/* The same, counting into `counts` (the tree's; asm_trace counts into a
 * scratch AsmEntry of its own). */
bool asm_trace_counted(const Trace *T, MCode *mc, AsmEntry *counts, AsmCode *out, char *err,
                       size_t errlen);

/* How an exit site is chained to a side trace of its own tree. */
typedef enum AsmChainKind { ASM_CHAIN_ON, ASM_CHAIN_FIRST } AsmChainKind;

/* Point site `site` of `from` at `to`'s entry, or back at its default.
 * False (nothing changed) if the site does not exist or memory refuses. */
bool asm_chain(AsmCode *from, uint32_t site, const AsmCode *to, AsmChainKind kind);
/* Point completion site `site` of `from` at whatever tree `to` holds. */
bool asm_link(AsmCode *from, uint32_t site, AsmEntry *to);
bool asm_unchain(AsmCode *from, uint32_t site);
/* Frees what asm_trace allocated besides the code area. */
void asm_code_free(AsmCode *code);

/* Write snapshot `snap`'s entries, as the evaluator saved them in *ex,
 * into the frame (what a compiled exit stub does itself). */
void asm_restore(const Trace *T, uint32_t snap, const ExitState *ex, TValue *base);

#endif
