/* ir_dump.c — writes a trace as the text of ir_text.h: one line per
 * instruction, snapshots as lines of their own before the instruction they
 * apply to. Every number is written so that ir_parse reads back exactly the
 * same trace (floats to 17 significant digits, NaNs by their bits). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ir_text.h"

static void put_ref(FILE *f, IRRef r)
{
    if (r == IRREF_NONE)
        fputs("-", f);
    else
        fprintf(f, "%04u", r);
}

static void put_flt(FILE *f, double n)
{
    if (n != n) {   /* a NaN: keep sign and payload */
        uint64_t bits;
        memcpy(&bits, &n, sizeof bits);
        fprintf(f, "nan:0x%016" PRIx64, bits);
    } else {
        fprintf(f, "%.17g", n);
    }
}

static void put_const(FILE *f, const IRIns *ins)
{
    switch (ins->op) {
    case IR_KINT: fprintf(f, "%" PRId64, ins->k.i); break;
    case IR_KFLT: put_flt(f, ins->k.n); break;
    default: fprintf(f, "0x%" PRIxPTR, (uintptr_t)ins->k.p); break;
    }
}

static void put_operand(FILE *f, IROp op, int which, IRRef x)
{
    switch (ir_opnd(op, which)) {
    case IROPND_REF: fputc(' ', f); put_ref(f, x); break;
    case IROPND_LIT: fprintf(f, " #%" PRId32, (int32_t)x); break;
    case IROPND_NONE: break;
    }
}

static void dump_ins(FILE *f, const Trace *T, IRRef r)
{
    const IRIns *ins = &T->ir[r];
    char flags[4];
    int n = 0;
    if (ins->flags & IRF_GUARD) flags[n++] = '>';
    if (ins->flags & IRF_INV) flags[n++] = '+';
    if (ins->flags & IRF_MARK) flags[n++] = '*';
    flags[n] = '\0';
    fprintf(f, "%04u %-3s %-4s %-7s", r, flags, ir_typenames[ins->type],
            ir_opnames[ins->op]);
    if (ir_iskop((IROp)ins->op)) {
        fputc(' ', f);
        put_const(f, ins);
    }
    put_operand(f, (IROp)ins->op, 0, ins->a);
    put_operand(f, (IROp)ins->op, 1, ins->b);
    if (ins->flags & IRF_GUARD)
        fprintf(f, "  ->%u", ins->snap);
    fputc('\n', f);
}

static void dump_snap(FILE *f, const Trace *T, uint32_t i)
{
    const Snapshot *s = &T->snaps[i];
    fprintf(f, ".... SNAP #%u pc=0x%" PRIxPTR " {", i, (uintptr_t)s->pc);
    for (uint32_t e = 0; e < s->nentries; e++) {
        const SnapEntry *se = &T->snapmap[s->entry + e];
        fprintf(f, " %" PRId32 "=", se->slot);
        put_ref(f, se->tag);
        fputc(':', f);
        put_ref(f, se->val);
    }
    fputs(" }", f);
    if (s->nframes) {
        fputs(" frames {", f);
        for (uint32_t k = 0; k < s->nframes; k++) {
            const SnapFrame *fr = &T->snapframes[s->frame + k];
            fprintf(f, " %" PRId32 ":0x%" PRIxPTR ":0x%" PRIxPTR ":%" PRId32, fr->base,
                    (uintptr_t)fr->closure, (uintptr_t)fr->retpc, fr->nresults);
        }
        fputs(" }", f);
    }
    if (s->down)
        fprintf(f, " down=%u", s->down);
    if (s->has_top)
        fprintf(f, " top=%" PRId32, s->top);
    if (s->exits)
        fprintf(f, " exits=%u", s->exits);
    fputc('\n', f);
}

void ir_dump(FILE *f, const Trace *T)
{
    uint32_t s = 0;
    for (IRRef r = 1; r <= T->nins; r++) {
        while (s < T->nsnaps && T->snaps[s].ref <= r)
            dump_snap(f, T, s++);
        if (r < T->nins)
            dump_ins(f, T, r);
    }
    while (s < T->nsnaps)   /* only for malformed traces (ref past the end) */
        dump_snap(f, T, s++);
}

char *ir_dump_str(const Trace *T)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (f == NULL)
        abort();
    ir_dump(f, T);
    fclose(f);
    return buf;
}
