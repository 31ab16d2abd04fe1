/* opt_loop.c — loop peeling: one recorded iteration becomes a loop.
 *
 * The recorder hands over one iteration of a loop (a trace marked
 * `looping`): SLOADT/SLOAD read slots at entry, guards exit through
 * snapshots, and a trailing group of SSTORET/SSTORE writes each modified
 * slot's end-of-iteration value. Run as it is, the trace does one
 * iteration per call and reloads and stores every slot each time. This
 * pass lays it out as LuaJIT's loop optimisation does (the idea, not its
 * code):
 *
 *   pre-roll   the recorded iteration, without the trailing stores
 *   LOOP
 *   body       a second copy of it, operands renamed (map below)
 *   PHIs       for the values carried round the loop
 *
 * The body reads no frame slot: `SLOADT s` stands for the tag slot s had
 * at the end of the previous iteration, which is endtag[s] (the pre-roll
 * ref the trailing store wrote) when s was stored, or else what the
 * pre-roll loaded (the slot never changes); `SLOAD s` likewise with
 * endval[s]. Every other body instruction is a copy renamed through the
 * body map. Inside the body a pre-roll ref r in endtag/endval stands for
 * "r as of the previous iteration", so at the back-edge it takes its body
 * image: PHI(r, map[r]). Pure ops that depend on no carried value compute
 * the same in both copies, and CSE (which runs after this pass) merges the
 * body copy into the pre-roll one: that is the loop-invariant code motion.
 *
 * Exits restore the frame from snapshots, as there are no stores left. A
 * body guard's snapshot lists every stored slot with its carried refs
 * (what the frame holds at the start of the iteration), overridden by the
 * original snapshot's entries renamed through the body map. Pre-roll
 * snapshots keep their numbers; body ones are added after them.
 *
 * Left as it was (one iteration per call): a trace not marked looping or
 * already peeled; stores to frame slots before the trailing group or slot
 * loads of inlined frames (the body's slot forwarding would not hold); a
 * loop that is not type-stable (a stored slot the pre-roll loaded ends
 * with another type, or nil where a payload was loaded, or a body guard
 * on constants that always fails: the second iteration would always exit),
 * which OptResult.loop_unstable reports; and a result too big for the
 * backend.
 *
 * The pre-roll is copied into a fresh trace, so refs are renamed as ir.h's
 * IRRebuild would, but the old trace survives until the new one is known
 * to be wanted (IRRebuild frees it), and snapshots are copied as they are
 * (snap_add would merge guard-less ones and renumber). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opt.h"

#define LOOP_MAX_INS 8192     /* asm.h's ASM_MAX_INS (the backend refuses more);
                                 a copy keeps opt code free of backend headers */
#define LOOP_MAX_ENTRIES 256  /* asm.h's ASM_EXIT_MAXVALS / 2: entries per exit */
#define LOOP_MAX_SLOT 65535   /* stored slots beyond this: not peeled */
#define SNAP_NONE UINT32_MAX

typedef struct Peel {
    const Trace *old;
    Trace N;                  /* the trace being built */
    IRRef nstart;             /* first ref of the trailing store group */
    uint32_t nslots;          /* endtag/endval cover slots 0 .. nslots-1 */
    IRRef *endtag, *endval;   /* per slot, old refs; endtag NONE: not stored */
    IRRef *pmap, *bmap;       /* old ref -> new pre-roll / body ref */
    bool *guarded;            /* old snapshot -> a guard exits through it */
    uint32_t *bsnap;          /* old snapshot -> its body snapshot */
    uint32_t nextsnap;        /* next old snapshot to place */
    bool unstable, refused;
} Peel;

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (p == NULL) {
        fprintf(stderr, "mtvm: out of memory optimising a trace\n");
        abort();
    }
    return p;
}

static void *xgrow(void *p, uint32_t *max, uint32_t need, size_t elem)
{
    if (need <= *max)
        return p;
    uint32_t n = *max ? *max : 16;
    while (n < need)
        n *= 2;
    p = realloc(p, (size_t)n * elem);
    if (p == NULL) {
        fprintf(stderr, "mtvm: out of memory optimising a trace\n");
        abort();
    }
    *max = n;
    return p;
}

static bool is_sstore(IROp op) { return op == IR_SSTORE || op == IR_SSTORET; }
static bool is_sload(IROp op) { return op == IR_SLOAD || op == IR_SLOADT; }

/* ---- the end state: the trailing store group ---- */

static bool stored(const Peel *P, int32_t slot)
{
    return slot >= 0 && (uint32_t)slot < P->nslots && P->endtag[slot] != IRREF_NONE;
}

/* Find the trailing group and size the per-slot arrays; false to refuse. */
static bool find_store_group(Peel *P)
{
    const Trace *T = P->old;
    IRRef r = T->nins;
    int32_t most = -1;
    while (r > 1 && is_sstore((IROp)T->ir[r - 1].op)) {
        int32_t s = (int32_t)T->ir[--r].a;
        if (s < 0 || s > LOOP_MAX_SLOT)
            return false;
        most = s > most ? s : most;
    }
    P->nstart = r;
    P->nslots = (uint32_t)(most + 1);
    P->endtag = xcalloc(P->nslots, sizeof(IRRef));
    P->endval = xcalloc(P->nslots, sizeof(IRRef));
    for (; r < T->nins; r++) {
        const IRIns *ins = &T->ir[r];
        (ins->op == IR_SSTORET ? P->endtag : P->endval)[(int32_t)ins->a] = ins->b;
    }
    for (uint32_t s = 0; s < P->nslots; s++)   /* a payload without its tag */
        if (P->endval[s] != IRREF_NONE && P->endtag[s] == IRREF_NONE)
            return false;
    return true;
}

/* What the body's slot forwarding assumes of the pre-roll. */
static bool preroll_ok(const Peel *P)
{
    for (IRRef r = 1; r < P->nstart; r++) {
        const IRIns *ins = &P->old->ir[r];
        if (is_sstore((IROp)ins->op) || ins->op == IR_LOOP || ins->op == IR_PHI)
            return false;
        if (is_sload((IROp)ins->op) && ins->b != 0)   /* an inlined frame's slot */
            return false;
    }
    return true;
}

/* ---- snapshots ---- */

/* Append a snapshot to N as it is given (no merging), applying from the
 * next instruction; returns its number. */
static uint32_t push_snap(Trace *N, const Snapshot *like, const SnapEntry *e, uint32_t ne,
                          const SnapFrame *f, uint32_t nf)
{
    N->snaps = xgrow(N->snaps, &N->maxsnaps, N->nsnaps + 1, sizeof(Snapshot));
    Snapshot *s = &N->snaps[N->nsnaps];
    *s = (Snapshot){.ref = N->nins, .entry = N->nsnapmap, .nentries = ne,
                    .frame = N->nsnapframes, .nframes = nf, .down = like->down,
                    .has_top = like->has_top, .top = like->top, .pc = like->pc,
                    .exits = like->exits};
    N->snapmap = xgrow(N->snapmap, &N->maxsnapmap, N->nsnapmap + ne + 1, sizeof(SnapEntry));
    if (ne)
        memcpy(&N->snapmap[N->nsnapmap], e, ne * sizeof(SnapEntry));
    N->nsnapmap += ne;
    N->snapframes = xgrow(N->snapframes, &N->maxsnapframes, N->nsnapframes + nf + 1,
                          sizeof(SnapFrame));
    if (nf)
        memcpy(&N->snapframes[N->nsnapframes], f, nf * sizeof(SnapFrame));
    N->nsnapframes += nf;
    return N->nsnaps++;
}

static IRRef ren(const IRRef *map, IRRef old) { return map[old]; }

/* Snapshot os's frames in the old trace (NULL when it has none). */
static const SnapFrame *old_frames(const Peel *P, const Snapshot *os)
{
    return os->nframes ? &P->old->snapframes[os->frame] : NULL;
}

/* Old snapshot i in the pre-roll: its entries renamed, its number kept
 * (all are copied in order). */
static void copy_preroll_snap(Peel *P, uint32_t i)
{
    const Snapshot *os = &P->old->snaps[i];
    SnapEntry *e = xcalloc(os->nentries, sizeof(SnapEntry));
    for (uint32_t k = 0; k < os->nentries; k++) {
        e[k] = P->old->snapmap[os->entry + k];
        e[k].tag = ren(P->pmap, e[k].tag);
        e[k].val = ren(P->pmap, e[k].val);
    }
    push_snap(&P->N, os, e, os->nentries, old_frames(P, os), os->nframes);
    free(e);
}

/* The slot's entry in e[0..n), or NULL. */
static SnapEntry *entry_for(SnapEntry *e, uint32_t n, int32_t slot)
{
    for (uint32_t k = 0; k < n; k++)
        if (e[k].slot == slot)
            return &e[k];
    return NULL;
}

/* Old snapshot i in the body: every stored slot with its carried refs,
 * then the snapshot's own entries (renamed through the body map) over
 * them. */
static void copy_body_snap(Peel *P, uint32_t i)
{
    const Snapshot *os = &P->old->snaps[i];
    SnapEntry *e = xcalloc(P->nslots + os->nentries, sizeof(SnapEntry));
    uint32_t n = 0;
    for (uint32_t s = 0; s < P->nslots; s++)
        if (stored(P, (int32_t)s))
            e[n++] = (SnapEntry){(int32_t)s, P->pmap[P->endtag[s]], P->pmap[P->endval[s]]};
    for (uint32_t k = 0; k < os->nentries; k++) {
        SnapEntry se = P->old->snapmap[os->entry + k];
        se.tag = ren(P->bmap, se.tag);
        se.val = ren(P->bmap, se.val);
        SnapEntry *at = entry_for(e, n, se.slot);
        *(at ? at : &e[n++]) = se;
    }
    if (n > LOOP_MAX_ENTRIES)
        P->refused = true;
    Snapshot like = *os;
    like.exits = 0;
    P->bsnap[i] = push_snap(&P->N, &like, e, n, old_frames(P, os), os->nframes);
    free(e);
}

/* ---- the pre-roll ---- */

static IRIns renamed(const IRIns *in, const IRRef *map)
{
    IRIns ins = *in;
    if (ir_opnd((IROp)ins.op, 0) == IROPND_REF)
        ins.a = ren(map, ins.a);
    if (ir_opnd((IROp)ins.op, 1) == IROPND_REF)
        ins.b = ren(map, ins.b);
    return ins;
}

static void copy_preroll(Peel *P)
{
    const Trace *T = P->old;
    for (IRRef r = 1; r < P->nstart; r++) {
        while (P->nextsnap < T->nsnaps && T->snaps[P->nextsnap].ref <= r)
            copy_preroll_snap(P, P->nextsnap++);
        IRIns ins = renamed(&T->ir[r], P->pmap);
        P->pmap[r] = ir_append(&P->N, &ins);
        if (ins.flags & IRF_GUARD)
            P->guarded[ins.snap] = true;
    }
    /* snapshots after the last instruction kept: they now precede LOOP */
    while (P->nextsnap < T->nsnaps)
        copy_preroll_snap(P, P->nextsnap++);
}

/* ---- the body ---- */

static bool kvalue(const Trace *T, IRRef r, int64_t *i)
{
    if (!ir_isk(T, r))
        return false;
    const IRIns *k = &T->ir[r];
    *i = k->op == IR_KPTR ? (int64_t)(uintptr_t)k->k.p : k->k.i;
    return true;
}

/* A float guard (FEQ..FLE, F2I) on constants: does it fail? */
static bool flt_guard_fails(const Trace *N, const IRIns *g)
{
    const IRIns *a = &N->ir[g->a];
    if (g->op == IR_F2I) {
        double n = a->k.n;   /* in range first: converting others is undefined */
        return !(n >= -9223372036854775808.0 && n < 9223372036854775808.0 &&
                 (double)(int64_t)n == n);
    }
    const IRIns *b = &N->ir[g->b];
    return a->op == IR_KFLT && b->op == IR_KFLT && opt_flt_compare((IROp)g->op, a->k.n, b->k.n) == 0;
}

/* Does a copied guard whose operands are all constants always fail? The
 * body's second iteration would then always exit: the loop is unstable. */
static bool guard_always_fails(const Trace *N, const IRIns *g)
{
    int64_t x = 0, y = 0, r;
    bool kb = ir_opnd((IROp)g->op, 1) != IROPND_REF || ir_isk(N, g->b);
    if (!ir_isk(N, g->a) || !kb)
        return false;
    switch (g->op) {
    case IR_F2I:
    case IR_FEQ: case IR_FNE: case IR_FLT: case IR_FLE:
        return N->ir[g->a].op == IR_KFLT && flt_guard_fails(N, g);
    case IR_ADDOV: case IR_SUBOV: case IR_MULOV:
        kvalue(N, g->a, &x), kvalue(N, g->b, &y);
        return g->op == IR_ADDOV   ? __builtin_add_overflow(x, y, &r)
               : g->op == IR_SUBOV ? __builtin_sub_overflow(x, y, &r)
                                   : __builtin_mul_overflow(x, y, &r);
    default:
        if (N->ir[g->a].op == IR_KFLT || N->ir[g->b].op == IR_KFLT)
            return false;
        kvalue(N, g->a, &x), kvalue(N, g->b, &y);
        return opt_int_compare((IROp)g->op, x, y) == 0;
    }
}

/* A body slot load: the slot's value carried from the previous iteration
 * (stored slots) or the pre-roll's load of it (slots that never change). */
static IRRef forward_slot(Peel *P, IRRef r)
{
    const IRIns *ins = &P->old->ir[r];
    int32_t s = (int32_t)ins->a;
    if (!stored(P, s))
        return P->pmap[r];
    IRRef end = ins->op == IR_SLOADT ? P->endtag[s] : P->endval[s];
    if (end == IRREF_NONE || P->old->ir[end].type != ins->type)
        P->unstable = true;   /* nil, or another type, where this was loaded */
    return P->pmap[end];
}

static IRRef copy_body_ins(Peel *P, IRRef r)
{
    const IRIns *old = &P->old->ir[r];
    if (old->op == IR_NOP)
        return IRREF_NONE;
    if (ir_iskop((IROp)old->op))
        return P->pmap[r];   /* constants are shared */
    if (is_sload((IROp)old->op))
        return forward_slot(P, r);
    IRIns ins = renamed(old, P->bmap);
    if (ins.flags & IRF_GUARD) {
        ins.snap = P->bsnap[old->snap];
        if (ins.snap == SNAP_NONE) {   /* names a snapshot taken after it */
            P->refused = true;
            ins.snap = 0;
        }
        if (guard_always_fails(&P->N, &ins))
            P->unstable = true;
    }
    return ir_append(&P->N, &ins);
}

static void copy_body(Peel *P)
{
    const Trace *T = P->old;
    ir_emit(&P->N, IR_LOOP, IRT_VOID, 0, 0);
    P->nextsnap = 0;
    for (IRRef r = 1; r < P->nstart; r++) {
        for (; P->nextsnap < T->nsnaps && T->snaps[P->nextsnap].ref <= r; P->nextsnap++)
            if (P->guarded[P->nextsnap])
                copy_body_snap(P, P->nextsnap);
        P->bmap[r] = copy_body_ins(P, r);
    }
}

/* ---- PHIs ---- */

static void add_phi(Peel *P, IRRef r, bool *done)
{
    if (r == IRREF_NONE || ir_isk(P->old, r) || done[r])
        return;
    done[r] = true;   /* one PHI per carried ref, however many slots hold it */
    IRRef pre = P->pmap[r], post = P->bmap[r];
    if (pre != post)   /* else it is the same in every iteration */
        ir_emit(&P->N, IR_PHI, (IRType)P->N.ir[pre].type, pre, post);
}

static void add_phis(Peel *P)
{
    bool *done = xcalloc(P->old->nins, sizeof(bool));
    for (uint32_t s = 0; s < P->nslots; s++)
        if (stored(P, (int32_t)s)) {
            add_phi(P, P->endtag[s], done);
            add_phi(P, P->endval[s], done);
        }
    free(done);
}

/* ---- the pass ---- */

static void peel_free(Peel *P)
{
    free(P->endtag);
    free(P->endval);
    free(P->pmap);
    free(P->bmap);
    free(P->guarded);
    free(P->bsnap);
}

static void peel(Peel *P)
{
    const Trace *T = P->old;
    P->pmap = xcalloc(T->nins, sizeof(IRRef));
    P->bmap = xcalloc(T->nins, sizeof(IRRef));
    P->guarded = xcalloc(T->nsnaps, sizeof(bool));
    P->bsnap = xcalloc(T->nsnaps, sizeof(uint32_t));
    for (uint32_t i = 0; i < T->nsnaps; i++)
        P->bsnap[i] = SNAP_NONE;
    ir_init(&P->N);
    copy_preroll(P);
    if (P->N.nins + (P->nstart - 1) + 1 > LOOP_MAX_INS) {   /* checked before copying */
        P->refused = true;
        return;
    }
    copy_body(P);
    add_phis(P);
    if (P->N.nins > LOOP_MAX_INS)
        P->refused = true;
}

void opt_loop(Trace *T, OptResult *res)
{
    if (!T->looping || T->loop != IRREF_NONE)
        return;
    Peel P;
    memset(&P, 0, sizeof P);
    P.old = T;
    if (find_store_group(&P) && preroll_ok(&P))
        peel(&P);
    else
        P.refused = true;
    if (P.unstable)
        res->loop_unstable = true;
    if (P.unstable || P.refused) {
        ir_free(&P.N);
        peel_free(&P);
        return;
    }
    if (res->always_exits && res->exit_ref < T->nins)
        res->exit_ref = P.pmap[res->exit_ref];
    P.N.looping = true;
    ir_free(T);
    *T = P.N;
    peel_free(&P);
}
