/* ir_text.h — the trace IR as text: ir_dump writes a readable listing (for
 * --dump=ir,opt) and ir_parse reads the same text back into a Trace, so
 * unit tests can say "this IR in, that IR out".
 *
 * One instruction per line:
 *
 *     REF  [FLAGS]  TYPE  OP  OPERANDS  [->SNAP]
 *     0004 >        int   ADDOV  0003 0001  ->0
 *
 * REF is the instruction's index (leading zeros optional); FLAGS are any of
 * `>` guard, `+` loop-invariant, `*` mark; operands are refs (`-` for NONE),
 * literals `#n` (slots, frame depths, FREF offsets), or a constant's payload
 * (KINT decimal, KFLT `%.17g` or `nan:0x<bits>`, KPTR `0x<hex>`). A guard
 * exits through the snapshot after `->`; written by hand it may be left out
 * and then means the latest snapshot. Snapshots are lines of their own,
 * placed before the instruction they apply to:
 *
 *     .... SNAP #1 pc=0x40 { 3=0002:0004 5=0006:- } frames { 4:0x0:0x44:1 } exits=2
 *
 * with entries slot=tagref:valref and frames base:closure:retpc:nresults;
 * `frames {…}`, `exits=` and `pc=` may be omitted. `;` starts a comment. */
#ifndef MT_IR_TEXT_H
#define MT_IR_TEXT_H

#include <stdio.h>

#include "ir.h"

void ir_dump(FILE *f, const Trace *T);
/* The listing as a malloc'd string (the caller frees it). */
char *ir_dump_str(const Trace *T);

/* Parse `text` into T, which this initialises (the caller always frees it
 * with ir_free). On a syntax or structural error, writes "line N: ..." to
 * err and returns false. */
bool ir_parse(Trace *T, const char *text, char *err, size_t errlen);

#endif
