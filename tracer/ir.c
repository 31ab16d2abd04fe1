/* ir.c — the trace IR's machinery: the tables derived from ir.h's X-macros,
 * growing the trace's arrays, emitting instructions and guards, interning
 * constants, taking (sparse) snapshots, checking a trace's structure, and
 * the rebuild utility that every rewriting pass uses to rename refs.
 *
 * Memory comes from malloc, not the VM's allocator: a trace is not a GC
 * object and is built outside any safe point. Running out of memory while
 * building a trace is fatal (as it is for the interpreter's own arrays). */
#include "ir.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- tables derived from the X-macros ---- */

const char *const ir_opnames[IR__COUNT] = {
#define IRO_NAME(name, mode, doc) #name,
    IR_OPS(IRO_NAME)
#undef IRO_NAME
};

const uint8_t ir_opmodes[IR__COUNT] = {
#define MODE_OF(name, mode, doc) IRM_##mode,
    IR_OPS(MODE_OF)
#undef MODE_OF
};

const char *const ir_typenames[IRT__COUNT] = {
#define IRT_NAME(name, str) str,
    IR_TYPES(IRT_NAME)
#undef IRT_NAME
};

/* The operand kinds ir.h's comments give each op; everything not listed
 * takes refs in both operands. */
IROpnd ir_opnd(IROp op, int which)
{
    switch (op) {
    case IR_KINT: case IR_KFLT: case IR_KPTR:
    case IR_LOOP: case IR_NOP:
        return IROPND_NONE;
    case IR_SLOADT: case IR_SLOAD:
        return IROPND_LIT;
    case IR_SSTORET: case IR_SSTORE:
        return which == 0 ? IROPND_LIT : IROPND_REF;
    case IR_FREF: case IR_FLOAD:
        return which == 0 ? IROPND_REF : IROPND_LIT;
    case IR_LOAD: case IR_NEG: case IR_BNOT: case IR_FNEG: case IR_FSQRT:
    case IR_I2F: case IR_F2I:
        return which == 0 ? IROPND_REF : IROPND_NONE;
    default:
        return IROPND_REF;
    }
}

/* ---- arrays ---- */

static void *grow(void *p, uint32_t *max, uint32_t need, size_t elem)
{
    if (need <= *max)
        return p;
    uint32_t n = *max ? *max : 16;
    while (n < need)
        n *= 2;
    void *q = realloc(p, (size_t)n * elem);
    if (q == NULL) {
        fprintf(stderr, "mtvm: out of memory building a trace\n");
        abort();
    }
    *max = n;
    return q;
}

void ir_init(Trace *T)
{
    memset(T, 0, sizeof *T);
    T->ir = grow(NULL, &T->maxins, 64, sizeof(IRIns));
    memset(&T->ir[0], 0, sizeof(IRIns));
    T->ir[0].op = IR_NOP;   /* ref 0 is IRREF_NONE, never a real value */
    T->nins = 1;
    T->looping = false;
}

void ir_free(Trace *T)
{
    free(T->ir);
    free(T->snaps);
    free(T->snapmap);
    free(T->snapframes);
    free(T->khash);
    memset(T, 0, sizeof *T);
}

/* ---- instructions ---- */

static IRRef append_raw(Trace *T, const IRIns *ins)
{
    T->ir = grow(T->ir, &T->maxins, T->nins + 1, sizeof(IRIns));
    IRRef ref = T->nins++;
    T->ir[ref] = *ins;
    if (ins->op == IR_LOOP)
        T->loop = ref;
    return ref;
}

static IRRef intern(Trace *T, IROp op, IRType type, uint64_t bits);

IRRef ir_append(Trace *T, const IRIns *ins)
{
    if (ir_iskop((IROp)ins->op)) {   /* constants stay unique */
        uint64_t bits;
        memcpy(&bits, &ins->k, sizeof bits);
        if (ins->op == IR_KPTR)
            bits = (uint64_t)(uintptr_t)ins->k.p;
        return intern(T, (IROp)ins->op, (IRType)ins->type, bits);
    }
    return append_raw(T, ins);
}

IRRef ir_emit(Trace *T, IROp op, IRType type, IRRef a, IRRef b)
{
    IRIns ins;
    memset(&ins, 0, sizeof ins);
    ins.op = (uint8_t)op;
    ins.type = (uint8_t)type;
    ins.a = a;
    ins.b = b;
    return append_raw(T, &ins);
}

IRRef ir_guard(Trace *T, IROp op, IRType type, IRRef a, IRRef b)
{
    if (T->nsnaps == 0) {
        fprintf(stderr, "mtvm: internal error: guard before any snapshot\n");
        abort();
    }
    IRRef ref = ir_emit(T, op, type, a, b);
    T->ir[ref].flags |= IRF_GUARD;
    T->ir[ref].snap = T->nsnaps - 1;
    return ref;
}

/* ---- constants ----
 * khash is an open-addressing table of refs (0 = empty), at most half
 * full. A constant's key is (op, type, 64-bit payload bits); comparing
 * bits, not values, is what keeps -0.0 apart from 0.0. */

static uint64_t k_bits(const IRIns *ins)
{
    if (ins->op == IR_KPTR)
        return (uint64_t)(uintptr_t)ins->k.p;
    uint64_t bits;
    memcpy(&bits, &ins->k, sizeof bits);
    return bits;
}

static uint32_t k_hash(IROp op, IRType type, uint64_t bits)
{
    uint64_t h = bits ^ ((uint64_t)op << 56) ^ ((uint64_t)type << 48);
    h *= 0x9e3779b97f4a7c15u;   /* Fibonacci hashing spreads the high bits */
    return (uint32_t)(h >> 32);
}

static void k_insert(Trace *T, IRRef ref)
{
    const IRIns *ins = &T->ir[ref];
    uint32_t mask = T->khash_size - 1;
    uint32_t i = k_hash((IROp)ins->op, (IRType)ins->type, k_bits(ins)) & mask;
    while (T->khash[i] != IRREF_NONE)
        i = (i + 1) & mask;
    T->khash[i] = ref;
}

static void k_resize(Trace *T)
{
    uint32_t oldsize = T->khash_size;
    IRRef *old = T->khash;
    T->khash_size = oldsize ? oldsize * 2 : 64;
    T->khash = calloc(T->khash_size, sizeof(IRRef));
    if (T->khash == NULL) {
        fprintf(stderr, "mtvm: out of memory building a trace\n");
        abort();
    }
    for (uint32_t i = 0; i < oldsize; i++)
        if (old[i] != IRREF_NONE)
            k_insert(T, old[i]);
    free(old);
}

static IRRef intern(Trace *T, IROp op, IRType type, uint64_t bits)
{
    if (2 * (T->nk + 1) > T->khash_size)
        k_resize(T);
    uint32_t mask = T->khash_size - 1;
    for (uint32_t i = k_hash(op, type, bits) & mask;; i = (i + 1) & mask) {
        IRRef ref = T->khash[i];
        if (ref == IRREF_NONE)
            break;
        const IRIns *k = &T->ir[ref];
        if (k->op == op && k->type == type && k_bits(k) == bits)
            return ref;
    }
    IRIns ins;
    memset(&ins, 0, sizeof ins);
    ins.op = (uint8_t)op;
    ins.type = (uint8_t)type;
    if (op == IR_KPTR)
        ins.k.p = (const void *)(uintptr_t)bits;
    else
        memcpy(&ins.k, &bits, sizeof bits);
    IRRef ref = append_raw(T, &ins);
    T->nk++;
    k_insert(T, ref);
    return ref;
}

IRRef ir_kint(Trace *T, int64_t i)
{
    return intern(T, IR_KINT, IRT_INT, (uint64_t)i);
}

IRRef ir_ktyped(Trace *T, IRType type, int64_t i)
{
    return intern(T, IR_KINT, type, (uint64_t)i);
}

IRRef ir_kflt(Trace *T, double n)
{
    uint64_t bits;
    memcpy(&bits, &n, sizeof bits);
    return intern(T, IR_KFLT, IRT_FLT, bits);
}

IRRef ir_kptr(Trace *T, const void *p)
{
    return intern(T, IR_KPTR, IRT_PTR, (uint64_t)(uintptr_t)p);
}

/* ---- snapshots ---- */

/* A guard emitted since snapshot s names s (ir_guard takes the latest), so
 * "no guard since" is "no guard flag at or after s's first instruction".
 * Merging moves s's ref forward, so this scan never repeats work. */
static bool guard_since(const Trace *T, const Snapshot *s)
{
    for (IRRef r = s->ref; r < T->nins; r++)
        if (T->ir[r].flags & IRF_GUARD)
            return true;
    return false;
}

uint32_t snap_add(Trace *T, const uint32_t *pc, const SnapEntry *entries,
                  uint32_t nentries, const SnapFrame *frames, uint32_t nframes)
{
    Snapshot *s;
    if (T->nsnaps > 0 && !guard_since(T, &T->snaps[T->nsnaps - 1])) {
        /* Replace the previous snapshot: its entries and frames are the last
         * ones in the arrays, so truncating them drops exactly them. */
        s = &T->snaps[T->nsnaps - 1];
        T->nsnapmap = s->entry;
        T->nsnapframes = s->frame;
    } else {
        T->snaps = grow(T->snaps, &T->maxsnaps, T->nsnaps + 1, sizeof(Snapshot));
        s = &T->snaps[T->nsnaps++];
        s->exits = 0;
    }
    s->ref = T->nins;
    s->pc = pc;
    s->entry = T->nsnapmap;
    s->nentries = nentries;
    s->frame = T->nsnapframes;
    s->nframes = nframes;
    s->down = 0;
    s->has_top = false;
    s->top = 0;
    T->snapmap = grow(T->snapmap, &T->maxsnapmap, T->nsnapmap + nentries + 1,
                      sizeof(SnapEntry));
    if (nentries)
        memcpy(&T->snapmap[T->nsnapmap], entries, nentries * sizeof(SnapEntry));
    T->nsnapmap += nentries;
    T->snapframes = grow(T->snapframes, &T->maxsnapframes,
                         T->nsnapframes + nframes + 1, sizeof(SnapFrame));
    if (nframes)
        memcpy(&T->snapframes[T->nsnapframes], frames, nframes * sizeof(SnapFrame));
    T->nsnapframes += nframes;
    return T->nsnaps - 1;
}

/* ---- structural check ---- */

static bool fail(char *err, size_t n, const char *fmt, ...)
{
    if (err && n) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, n, fmt, ap);
        va_end(ap);
    }
    return false;
}

static bool check_ins(const Trace *T, IRRef r, char *err, size_t n)
{
    const IRIns *ins = &T->ir[r];
    if (ins->op >= IR__COUNT || ins->type >= IRT__COUNT)
        return fail(err, n, "%04u: bad op or type", r);
    for (int w = 0; w < 2; w++) {
        IRRef x = w ? ins->b : ins->a;
        if (ir_opnd((IROp)ins->op, w) == IROPND_REF && x >= r)
            return fail(err, n, "%04u: operand %c = %u is not earlier", r, "ab"[w], x);
    }
    if ((ins->flags & IRF_GUARD) && ins->snap >= T->nsnaps)
        return fail(err, n, "%04u: guard names snapshot %u of %u", r, ins->snap,
                    T->nsnaps);
    if (ins->op == IR_LOOP && T->loop != r)
        return fail(err, n, "%04u: LOOP but trace.loop = %u", r, T->loop);
    return true;
}

static bool check_snap(const Trace *T, uint32_t i, char *err, size_t n)
{
    const Snapshot *s = &T->snaps[i];
    if (s->ref > T->nins || s->entry + s->nentries > T->nsnapmap ||
        s->frame + s->nframes > T->nsnapframes)
        return fail(err, n, "snapshot %u: range out of bounds", i);
    if (i > 0 && s->ref < T->snaps[i - 1].ref)
        return fail(err, n, "snapshot %u: ref before the previous one's", i);
    for (uint32_t e = 0; e < s->nentries; e++) {
        const SnapEntry *se = &T->snapmap[s->entry + e];
        if (se->tag >= s->ref || se->val >= s->ref)
            return fail(err, n, "snapshot %u: slot %d names a later ref", i, se->slot);
    }
    return true;
}

bool ir_check(const Trace *T, char *err, size_t errlen)
{
    if (T->nins == 0 || T->ir[0].op != IR_NOP)
        return fail(err, errlen, "ref 0 is not the NONE placeholder");
    for (IRRef r = 1; r < T->nins; r++)
        if (!check_ins(T, r, err, errlen))
            return false;
    for (uint32_t i = 0; i < T->nsnaps; i++)
        if (!check_snap(T, i, err, errlen))
            return false;
    return true;
}

/* ---- rebuilding ---- */

void ir_rb_begin(IRRebuild *rb, Trace *T)
{
    rb->old = *T;
    rb->T = T;
    rb->nextsnap = 0;
    rb->map = calloc(rb->old.nins, sizeof(IRRef));   /* all NONE */
    if (rb->map == NULL) {
        fprintf(stderr, "mtvm: out of memory building a trace\n");
        abort();
    }
    ir_init(T);
    T->looping = rb->old.looping;   /* a property of the trace, not of its code */
    T->end_base = rb->old.end_base;
}

static IRRef rename_ref(const IRRebuild *rb, IRRef old)
{
    return old < rb->old.nins ? rb->map[old] : IRREF_NONE;
}

/* Copy old snapshot `i` to the end of the new trace's arrays, renaming its
 * entries; its number stays the same because all are copied in order. */
static void place_snap(IRRebuild *rb, uint32_t i)
{
    Trace *T = rb->T;
    const Snapshot *os = &rb->old.snaps[i];
    T->snaps = grow(T->snaps, &T->maxsnaps, T->nsnaps + 1, sizeof(Snapshot));
    Snapshot *s = &T->snaps[T->nsnaps++];
    *s = *os;
    s->ref = T->nins;
    s->entry = T->nsnapmap;
    s->frame = T->nsnapframes;
    T->snapmap = grow(T->snapmap, &T->maxsnapmap, T->nsnapmap + os->nentries + 1,
                      sizeof(SnapEntry));
    for (uint32_t e = 0; e < os->nentries; e++) {
        SnapEntry se = rb->old.snapmap[os->entry + e];
        se.tag = rename_ref(rb, se.tag);
        se.val = rename_ref(rb, se.val);
        T->snapmap[T->nsnapmap++] = se;
    }
    T->snapframes = grow(T->snapframes, &T->maxsnapframes,
                         T->nsnapframes + os->nframes + 1, sizeof(SnapFrame));
    if (os->nframes)
        memcpy(&T->snapframes[T->nsnapframes], &rb->old.snapframes[os->frame],
               os->nframes * sizeof(SnapFrame));
    T->nsnapframes += os->nframes;
}

static void place_snaps_upto(IRRebuild *rb, IRRef old)
{
    while (rb->nextsnap < rb->old.nsnaps && rb->old.snaps[rb->nextsnap].ref <= old)
        place_snap(rb, rb->nextsnap++);
}

IRIns ir_rb_at(IRRebuild *rb, IRRef old)
{
    place_snaps_upto(rb, old);
    IRIns ins = rb->old.ir[old];
    if (ir_opnd((IROp)ins.op, 0) == IROPND_REF)
        ins.a = rename_ref(rb, ins.a);
    if (ir_opnd((IROp)ins.op, 1) == IROPND_REF)
        ins.b = rename_ref(rb, ins.b);
    return ins;
}

IRRef ir_rb_copy(IRRebuild *rb, IRRef old)
{
    IRIns ins = ir_rb_at(rb, old);
    return rb->map[old] = ir_append(rb->T, &ins);
}

void ir_rb_end(IRRebuild *rb)
{
    place_snaps_upto(rb, UINT32_MAX);   /* snapshots at the very end */
    free(rb->map);
    rb->map = NULL;
    ir_free(&rb->old);
}
