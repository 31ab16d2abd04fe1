/* record_ops.c — the meta-operations in their RECORD meaning (mop_record.h).
 *
 * Each function computes the concrete result exactly as vm/mop.h's RUN
 * meaning does and appends the IR that computes it in a trace. After an
 * abort the IR is no longer produced (emit returns NONE) but the concrete
 * work continues, so the instruction completes as in the interpreter. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "frame_shift.h"
#include "mop_record.h"
#include "number.h"
#include "table.h"

void rec_vabort(Rec *R, const char *fmt, va_list ap)
{
    if (R->aborted)
        return;
    R->aborted = true;
    vsnprintf(R->reason, sizeof R->reason, fmt, ap);
}

void rec_abort(Rec *R, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rec_vabort(R, fmt, ap);
    va_end(ap);
}

/* ---- emitting ---- */

#define REC_MAXIR 4000u   /* well under the backend's ASM_MAX_INS (8192) */

static IRRef emit(Rec *R, IROp op, IRType t, IRRef a, IRRef b)
{
    if (R->aborted)
        return IRREF_NONE;
    if (R->T.nins >= REC_MAXIR) {
        rec_abort(R, "trace has too many IR instructions");
        return IRREF_NONE;
    }
    return ir_emit(&R->T, op, t, a, b);
}

static IRRef ktyped(Rec *R, IRType t, int64_t i)
{
    return R->aborted ? IRREF_NONE : ir_ktyped(&R->T, t, i);
}
static IRRef kint(Rec *R, int64_t i) { return R->aborted ? IRREF_NONE : ir_kint(&R->T, i); }
static IRRef kflt(Rec *R, double n) { return R->aborted ? IRREF_NONE : ir_kflt(&R->T, n); }
static IRRef kptr(Rec *R, const void *p)
{
    return R->aborted ? IRREF_NONE : ir_kptr(&R->T, p);
}
static IRRef ktag(Rec *R, int tag) { return ktyped(R, IRT_U8, tag); }
static bool isk(Rec *R, IRRef r) { return ir_isk(&R->T, r); }

/* The snapshot of the state before the instruction being recorded. */
static void take_snapshot(Rec *R)
{
    uint32_t s = snap_add(&R->T, R->insn_pc, R->snapents, R->nsnapents, R->snapframes,
                          (uint32_t)R->depth);
    R->T.snaps[s].down = R->down;
    R->T.snaps[s].has_top = R->top_in.known;
    R->T.snaps[s].top = R->top_in.slot;
}

/* A guard that the condition (op a b) holds, exiting through a snapshot of
 * the state before the instruction being recorded. */
static void guard(Rec *R, IROp op, IRRef a, IRRef b)
{
    if (R->aborted)
        return;
    take_snapshot(R);
    ir_guard(&R->T, op, IRT_VOID, a, b);
}

/* ---- per-instruction maps: pointer -> ref, location -> address ref ----
 * Bindings are appended and looked up newest first: handlers consume a
 * pointer right after producing it, and two equal pointers produced by
 * different operations (PEQ of two slots holding the same string) stay two
 * bindings, each with its own ref. */
static void map_put(Rec *R, RecPtr *m, int *n, const void *p, IRRef ref)
{
    if (*n == REC_MAXPTRS) {
        rec_abort(R, "too many pointers in one instruction");
        return;
    }
    m[*n].p = p;
    m[*n].ref = ref;
    (*n)++;
}

/* The index of the newest binding of p, skipping `skip` newer ones; -1
 * if there is none. */
static int map_index(const RecPtr *m, int n, const void *p, int skip)
{
    for (int i = n - 1; i >= 0; i--)
        if (m[i].p == p && skip-- == 0)
            return i;
    return -1;
}

static IRRef map_find(const RecPtr *m, int n, const void *p, int skip)
{
    int i = map_index(m, n, p, skip);
    return i < 0 ? IRREF_NONE : m[i].ref;
}

static IRRef map_get(Rec *R, const RecPtr *m, int n, const void *p, const char *what)
{
    int i = map_index(m, n, p, 0);
    if (i < 0)
        rec_abort(R, "%s not produced by a meta-operation", what);
    return i < 0 ? IRREF_NONE : m[i].ref;
}

static IRRef obj_ref(Rec *R, const void *p)
{
    return map_get(R, R->objs, R->nobjs, p, "pointer");
}
static void obj_put(Rec *R, const void *p, IRRef r) { map_put(R, R->objs, &R->nobjs, p, r); }
static IRRef loc_ref(Rec *R, const void *p)
{
    return map_get(R, R->locs, R->nlocs, p, "heap location");
}
static void loc_put(Rec *R, const void *p, IRRef r) { map_put(R, R->locs, &R->nlocs, p, r); }

/* ---- locations ---- */

typedef enum { LOC_SLOT, LOC_CONST, LOC_HEAP } LocKind;

static LocKind loc_kind(const Rec *R, const TValue *o, int *slot)
{
    if (o >= R->root + R->minslot && o < R->root + R->nslots) {
        *slot = (int)(o - R->root);
        return LOC_SLOT;
    }
    if ((R->nk > 0 && o >= R->k && o < R->k + R->nk) ||   /* k is NULL without constants */
        o == &mt_nilvalue)                                   /* an absent key's (never written) */
        return LOC_CONST;
    return LOC_HEAP;
}

/* The IR type that carries a payload of this tag bit for bit. */
static IRType raw_type(int tag)
{
    switch (tag) {
    case T_INT: case T_NIL: return IRT_INT;
    case T_FLT: return IRT_FLT;
    case T_BOOL: return IRT_BOOL;
    default: return IRT_PTR;
    }
}

static IRRef slot_tag(Rec *R, int s)
{
    RecSlot *e = rec_slot(R, s);
    if (e->tag == IRREF_NONE)
        e->tag = emit(R, IR_SLOADT, IRT_U8, (IRRef)s, 0);
    return e->tag;
}

static IRRef slot_val(Rec *R, int s, IRType t)
{
    RecSlot *e = rec_slot(R, s);
    if (e->val != IRREF_NONE && e->vtype == t)
        return e->val;
    if (e->modified) {
        rec_abort(R, "slot %d read as %s but holds %s", s, ir_typenames[t],
                  e->val ? ir_typenames[e->vtype] : "nil");
        return IRREF_NONE;
    }
    IRRef r = emit(R, IR_SLOAD, t, (IRRef)s, 0);
    e->val = r;
    e->vtype = (uint8_t)t;
    return r;
}

void rec_know_tag(Rec *R, int s, int tag)
{
    rec_slot(R, s)->tag = ktag(R, tag);
}

static IRRef loc_tag(Rec *R, const TValue *o)
{
    int s;
    switch (loc_kind(R, o, &s)) {
    case LOC_SLOT: return slot_tag(R, s);
    case LOC_CONST: return ktag(R, o->tt);
    default: {
        IRRef addr = loc_ref(R, o);
        return emit(R, IR_LOAD, IRT_U8,
                    emit(R, IR_FREF, IRT_PTR, addr, (IRRef)offsetof(TValue, tt)), 0);
    }
    }
}

static IRRef const_val(Rec *R, const TValue *o, IRType t)
{
    switch (t) {
    case IRT_INT: return kint(R, o->v.i);
    case IRT_FLT: return kflt(R, o->v.n);
    case IRT_BOOL: return ktyped(R, IRT_BOOL, o->v.b);
    default: return kptr(R, o->v.gc);
    }
}

static IRRef loc_val(Rec *R, const TValue *o, IRType t)
{
    int s;
    switch (loc_kind(R, o, &s)) {
    case LOC_SLOT: return slot_val(R, s, t);
    case LOC_CONST: return const_val(R, o, t);
    default: return emit(R, IR_LOAD, t, loc_ref(R, o), 0);
    }
}

static void write_loc(Rec *R, TValue *d, IRRef tag, IRRef val, IRType vt)
{
    int s;
    switch (loc_kind(R, d, &s)) {
    case LOC_SLOT: {
        RecSlot *e = rec_slot(R, s);
        e->tag = tag;
        e->val = val;
        e->vtype = (uint8_t)vt;
        e->modified = true;
        return;
    }
    case LOC_CONST:
        rec_abort(R, "write to a constant");
        return;
    default: {
        IRRef addr = loc_ref(R, d);
        if (val != IRREF_NONE)
            emit(R, IR_STORE, IRT_VOID, addr, val);
        emit(R, IR_STORE, IRT_VOID,
             emit(R, IR_FREF, IRT_PTR, addr, (IRRef)offsetof(TValue, tt)), tag);
    }
    }
}

/* ---- conditions ---- */

static void set_cond(Rec *R, RecCondKind kind, IROp op, IRRef a, IRRef b)
{
    if (R->cond.kind == COND_RED)
        rec_abort(R, "a red condition was used without IF");
    R->cond.kind = kind;
    R->cond.op = op;
    R->cond.a = a;
    R->cond.b = b;
}

static void cond_compare(Rec *R, IROp op, IRRef a, IRRef b)
{
    if (R->aborted || (isk(R, a) && isk(R, b)))
        set_cond(R, COND_GREEN, op, a, b);
    else
        set_cond(R, COND_RED, op, a, b);
}

/* Raw red values leave the vocabulary: a comparison of them in C is
 * invisible, so forget any stale green condition (IF will then abort). */
static void cond_forget(Rec *R)
{
    if (R->cond.kind == COND_GREEN)
        R->cond.kind = COND_NONE;
}

/* The guard for "not (a op b)". For floats, "not a < b" becomes "b <= a",
 * which also fails on NaN: a stricter guard is still sound (it exits). */
static void negate(IROp *op, IRRef *a, IRRef *b)
{
    IRRef t;
    switch (*op) {
    case IR_EQ: *op = IR_NE; return;
    case IR_NE: *op = IR_EQ; return;
    case IR_LT: *op = IR_GE; return;
    case IR_GE: *op = IR_LT; return;
    case IR_LE: *op = IR_GT; return;
    case IR_GT: *op = IR_LE; return;
    case IR_FEQ: *op = IR_FNE; return;
    case IR_FNE: *op = IR_FEQ; return;
    case IR_ULT: *op = IR_ULE; break;
    case IR_ULE: *op = IR_ULT; break;
    case IR_FLT: *op = IR_FLE; break;
    case IR_FLE: *op = IR_FLT; break;
    default: return;
    }
    t = *a;   /* the last four swap their operands */
    *a = *b;
    *b = t;
}

bool rec_if_bool(Rec *R, bool c)
{
    RecCondKind kind = R->cond.kind;
    R->cond.kind = COND_NONE;
    if (kind == COND_NONE) {
        rec_abort(R, "IF on a condition computed in C, not by a meta-operation");
        return c;
    }
    if (kind == COND_RED) {
        IROp op = R->cond.op;
        IRRef a = R->cond.a, b = R->cond.b;
        if (!c)
            negate(&op, &a, &b);
        guard(R, op, a, b);
    }
    return c;
}

bool rec_if_mint(Rec *R, MINT c)
{
    if (!isk(R, c.ref))
        guard(R, c.v ? IR_NE : IR_EQ, c.ref, ktyped(R, IRT_BOOL, 0));
    return c.v != 0;
}

/* ---- reading values ---- */

uint8_t rec_tag_raw(Rec *R, const TValue *o)
{
    cond_forget(R);
    return o->tt;
}

bool rec_is(Rec *R, const TValue *o, int tag)
{
    cond_compare(R, IR_EQ, loc_tag(R, o), ktag(R, tag));
    return o->tt == tag;
}

bool rec_is_num(Rec *R, const TValue *o)
{
    /* Two comparisons cannot be one pending condition; unused by handlers. */
    rec_abort(R, "IS_NUM is not recordable");
    set_cond(R, COND_GREEN, IR_EQ, 0, 0);
    return o->tt == T_INT || o->tt == T_FLT;
}

MINT rec_int(Rec *R, const TValue *o) { return (MINT){o->v.i, loc_val(R, o, IRT_INT)}; }
MFLT rec_flt(Rec *R, const TValue *o) { return (MFLT){o->v.n, loc_val(R, o, IRT_FLT)}; }
MINT rec_boolv(Rec *R, const TValue *o) { return (MINT){o->v.b, loc_val(R, o, IRT_BOOL)}; }

void *rec_gcp(Rec *R, const TValue *o)
{
    cond_forget(R);
    void *p = o->v.gc;
    obj_put(R, p, loc_val(R, o, IRT_PTR));
    return p;
}

/* ---- writing values ---- */

void rec_set_int(Rec *R, TValue *d, MINT x)
{
    setint(d, x.v);
    write_loc(R, d, ktag(R, T_INT), x.ref, IRT_INT);
}

void rec_set_flt(Rec *R, TValue *d, MFLT x)
{
    setflt(d, x.v);
    write_loc(R, d, ktag(R, T_FLT), x.ref, IRT_FLT);
}

/* b is green: every condition it came from was guarded. */
void rec_set_bool(Rec *R, TValue *d, bool b)
{
    setbool(d, b);
    write_loc(R, d, ktag(R, T_BOOL), ktyped(R, IRT_BOOL, b), IRT_BOOL);
}

void rec_set_nil(Rec *R, TValue *d)
{
    setnil(d);
    write_loc(R, d, ktag(R, T_NIL), IRREF_NONE, IRT_INT);
}

/* A pointer to an object that existed before (a helper found it): no
 * allocation, so the trace may hold and store it. */
void rec_set_found(Rec *R, TValue *d, void *p, int tag)
{
    IRRef val = obj_ref(R, p);
    setgc(d, p, (uint8_t)tag);
    write_loc(R, d, ktag(R, tag), val, IRT_PTR);
}

void rec_set_gc(Rec *R, TValue *d, void *p, int tag)
{
    rec_abort(R, "storing a new object (allocation) is not traced");
    setgc(d, p, (uint8_t)tag);
}

/* A copy moves the tag and the payload bits; the payload's IR type follows
 * the tag seen now (a later typed read is preceded by a guard on the tag,
 * so it agrees). */
void rec_copy(Rec *R, TValue *d, const TValue *s)
{
    int slot;
    IRRef tag = loc_tag(R, s), val;
    IRType vt;
    if (loc_kind(R, s, &slot) == LOC_SLOT && rec_slot(R, slot)->modified) {
        val = rec_slot(R, slot)->val;
        vt = (IRType)rec_slot(R, slot)->vtype;
    } else {
        vt = raw_type(s->tt);
        val = loc_val(R, s, vt);
    }
    setobj(d, s);
    write_loc(R, d, tag, val, vt);
}

/* ---- arithmetic ---- */

MINT rec_iarith(Rec *R, IROp op, MINT a, MINT b)
{
    uint64_t x = (uint64_t)a.v, y = (uint64_t)b.v, r;
    switch (op) {
    case IR_ADD: r = x + y; break;
    case IR_SUB: r = x - y; break;
    case IR_MUL: r = x * y; break;
    case IR_BAND: r = x & y; break;
    case IR_BOR: r = x | y; break;
    default: r = x ^ y; break;   /* IR_BXOR */
    }
    return (MINT){(int64_t)r, emit(R, op, IRT_INT, a.ref, b.ref)};
}

MINT rec_iunary(Rec *R, IROp op, MINT a)
{
    uint64_t x = (uint64_t)a.v;
    uint64_t r = op == IR_NEG ? 0u - x : ~x;
    return (MINT){(int64_t)r, emit(R, op, IRT_INT, a.ref, 0)};
}

MINT rec_ineg_int(Rec *R, MINT a) { return rec_iunary(R, IR_NEG, a); }

/* INEG of a float: only SUBK's FSUB_INTK does it, on its integer constant
 * converted to a float (green). The RUN meaning converts the double to
 * uint64_t, which C leaves undefined for negative values; this computes
 * the intended -k. */
MFLT rec_farith(Rec *R, IROp op, MFLT a, MFLT b)
{
    double r;
    switch (op) {
    case IR_FADD: r = a.v + b.v; break;
    case IR_FSUB: r = a.v - b.v; break;
    case IR_FMUL: r = a.v * b.v; break;
    default: r = a.v / b.v; break;   /* IR_FDIV */
    }
    return (MFLT){r, emit(R, op, IRT_FLT, a.ref, b.ref)};
}

MFLT rec_funary(Rec *R, IROp op, MFLT a) { return (MFLT){-a.v, emit(R, op, IRT_FLT, a.ref, 0)}; }
/* A converted constant stays a constant (FSUB_INTK relies on it). */
MFLT rec_i2f(Rec *R, MINT a)
{
    double v = (double)a.v;
    return (MFLT){v, isk(R, a.ref) ? kflt(R, v) : emit(R, IR_I2F, IRT_FLT, a.ref, 0)};
}

bool rec_icmp(Rec *R, IROp op, MINT a, MINT b)
{
    bool r;
    switch (op) {
    case IR_LT: r = a.v < b.v; break;
    case IR_LE: r = a.v <= b.v; break;
    case IR_EQ: r = a.v == b.v; break;
    default: r = (uint64_t)a.v < (uint64_t)b.v; break;   /* IR_ULT */
    }
    cond_compare(R, op, a.ref, b.ref);
    return r;
}

bool rec_fcmp(Rec *R, IROp op, MFLT a, MFLT b)
{
    bool r = op == IR_FLT ? a.v < b.v : op == IR_FLE ? a.v <= b.v : a.v == b.v;
    cond_compare(R, op, a.ref, b.ref);
    return r;
}

bool rec_isnull(Rec *R, const void *p)
{
    cond_compare(R, IR_EQ, obj_ref(R, p), kptr(R, NULL));
    return p == NULL;
}

/* Equal pointers: the two newest bindings are the two operands. */
static bool loc_is_node(Rec *R, const TValue *v);

/* A location from a table lookup against the shared nil: green when the
 * lookup was specialised to a node (its address is never that object). */
bool rec_absent(Rec *R, const TValue *v)
{
    if (v != &mt_nilvalue && loc_is_node(R, v))
        set_cond(R, COND_GREEN, IR_EQ, 0, 0);
    else
        cond_compare(R, IR_EQ, loc_ref(R, v), kptr(R, &mt_nilvalue));
    return v == &mt_nilvalue;
}

bool rec_peq(Rec *R, const void *p, const void *q)
{
    IRRef a = obj_ref(R, p);
    IRRef b = p == q ? map_find(R->objs, R->nobjs, p, 1) : obj_ref(R, q);
    if (b == IRREF_NONE && !R->aborted)
        rec_abort(R, "pointer not produced by a meta-operation");
    cond_compare(R, IR_EQ, a, b);
    return p == q;
}

MINT rec_kint(Rec *R, int64_t x) { return (MINT){x, kint(R, x)}; }
MFLT rec_kflt(Rec *R, double x) { return (MFLT){x, kflt(R, x)}; }

/* A promoted pointer becomes a constant. One the trace computed (a red
 * value: GCP of a slot) is first guarded to be the object seen now; green
 * interpreter state (S->globals) has no binding and needs no guard. */
void *rec_promote_ptr(Rec *R, const void *p)
{
    IRRef seen = map_find(R->objs, R->nobjs, p, 0);
    IRRef k = kptr(R, p);
    if (seen != IRREF_NONE && seen != k)
        guard(R, IR_EQ, seen, k);
    obj_put(R, p, k);
    return (void *)p;
}

bool rec_iadd_ov(Rec *R, MINT a, MINT b, int64_t *res)
{
    rec_abort(R, "IADD_OV is not traced yet");
    return __builtin_add_overflow(a.v, b.v, res);
}

/* ---- heap ---- */

/* A header field of an object: the trace never stores one (its stores go
 * to values), so FLOAD lets CSE keep it across stores and the loop. */
static IRRef fload(Rec *R, IRType t, const void *p, size_t off)
{
    return emit(R, IR_FLOAD, t, obj_ref(R, p), (IRRef)off);
}

MINT rec_field_u32(Rec *R, const void *p, size_t off)
{
    uint32_t v;
    memcpy(&v, (const char *)p + off, sizeof v);
    return (MINT){v, fload(R, IRT_U32, p, off)};
}

MINT rec_field_size(Rec *R, const void *p, size_t off)
{
    size_t v;
    memcpy(&v, (const char *)p + off, sizeof v);
    return (MINT){(int64_t)v, fload(R, IRT_INT, p, off)};
}

TValue *rec_field_val(Rec *R, const void *p, size_t off)
{
    TValue *v;
    memcpy(&v, (const char *)p + off, sizeof v);
    /* An open upvalue into the trace's own frames: the trace keeps those
     * slots in registers, and nothing guards that the upvalue still points
     * there on a later entry. */
    if (v >= R->root + R->minslot && v < R->root + REC_MAXSLOTS)
        rec_abort(R, "an upvalue refers to a slot of the trace's frames");
    loc_put(R, v, fload(R, IRT_PTR, p, off));
    return v;
}

void *rec_field_ptr(Rec *R, const void *p, size_t off)
{
    void *v;
    memcpy(&v, (const char *)p + off, sizeof v);
    obj_put(R, v, fload(R, IRT_PTR, p, off));
    return v;
}

void *rec_load_ptr(Rec *R, const void *p, size_t off) { return rec_field_ptr(R, p, off); }

/* The bottom frame's closure is red: it is the payload of the frame's
 * function slot (-1 from its base), so one trace serves every closure of
 * the loop's prototype, each reaching its own upvalues. An inlined
 * function's closure is a constant: the call guarded it. */
void *rec_closure(Rec *R, void *cl)
{
    if (R->depth > 0)
        obj_put(R, cl, kptr(R, cl));
    else
        obj_put(R, cl, emit(R, IR_SLOAD, IRT_PTR, (IRRef)(R->frames[0].base - 1), 0));
    return cl;
}

TValue *rec_elem(Rec *R, TValue *arr, MINT i)
{
    TValue *q = arr + i.v;
    loc_put(R, q, emit(R, IR_AREF, IRT_PTR, loc_ref(R, arr), i.ref));
    return q;
}

/* ---- helpers ---- */

static IRRef emit_call(Rec *R, IROp op, IRType rt, const void *fn, const IRRef *args, int n)
{
    IRRef chain = IRREF_NONE;
    for (int i = 0; i < n; i++)
        chain = emit(R, IR_CARG, IRT_VOID, chain, args[i]);
    return emit(R, op, rt, kptr(R, fn), chain);
}

/* t's node array, guarded to have the size it has now (so a key hashes to
 * the node it does now). */
static IRRef sized_nodes(Rec *R, Table *t)
{
    IRRef tref = obj_ref(R, t);
    IRRef lsize = emit(R, IR_FLOAD, IRT_U8, tref, (IRRef)offsetof(Table, lsizenode));
    guard(R, IR_EQ, lsize, ktyped(R, IRT_U8, t->lsizenode));
    return emit(R, IR_FLOAD, IRT_PTR, tref, (IRRef)offsetof(Table, node));
}

/* A string key found in node i of the hash part: instead of the lookup,
 * guards that the node array still has its size and that node i still
 * holds this key, then the value's address is node + i (LuaJIT's HREFK).
 * Tables built alike (objects of one "class") share the node index, so one
 * trace serves them all. Keys are only written by helpers (insertion,
 * rehash), so their loads are FLOADs. */
static IRRef node_of_key(Rec *R, Table *t, const Node *n, String *key)
{
    IRRef nodes = sized_nodes(R, t);
    int32_t off = (int32_t)((n - t->node) * (ptrdiff_t)sizeof(Node));
    IRRef keytag = emit(R, IR_FLOAD, IRT_U8, nodes,
                      (IRRef)(off + (int32_t)(offsetof(Node, key) + offsetof(TValue, tt))));
    guard(R, IR_EQ, keytag, ktag(R, T_STR));
    IRRef kval = emit(R, IR_FLOAD, IRT_PTR, nodes,
                      (IRRef)(off + (int32_t)(offsetof(Node, key) + offsetof(TValue, v))));
    guard(R, IR_EQ, kval, kptr(R, key));
    return emit(R, IR_FREF, IRT_PTR, nodes, (IRRef)(off + (int32_t)offsetof(Node, val)));
}

/* Did the newest binding of location v come from node_of_key? */
static bool loc_is_node(Rec *R, const TValue *v)
{
    IRRef r = map_find(R->locs, R->nlocs, v, 0);
    if (r == IRREF_NONE || R->aborted)
        return false;
    const IRIns *ins = &R->T.ir[r];
    return ins->op == IR_FREF && R->T.ir[ins->a].op == IR_FLOAD &&
           R->T.ir[ins->a].b == (IRRef)offsetof(Table, node);
}

/* A string key absent from t, whose chain has at most REC_MAXCHAIN nodes:
 * guards that the node array still has its size and that every node of
 * the key's chain still holds another key and links on as now, so the
 * lookup still ends without finding it (a missing field or method costs
 * a few loads instead of a call). False (nothing emitted) for a longer
 * chain. A payload equal to the key's address under another tag only
 * makes the guard stricter than it needs to be. */
static bool absent_key(Rec *R, Table *t, String *key)
{
    const Node *n = &t->node[key->hash & ((1u << t->lsizenode) - 1)];   /* as tab_getstr */
    const Node *chain[REC_MAXCHAIN];
    int len = 0;
    for (;;) {
        if (len == REC_MAXCHAIN)
            return false;
        chain[len++] = n;
        if (n->next == 0)
            break;
        n += n->next;
    }
    IRRef nodes = sized_nodes(R, t);
    for (int i = 0; i < len; i++) {
        int32_t off = (int32_t)((chain[i] - t->node) * (ptrdiff_t)sizeof(Node));
        IRRef kval = emit(R, IR_FLOAD, IRT_PTR, nodes,
                          (IRRef)(off + (int32_t)(offsetof(Node, key) + offsetof(TValue, v))));
        guard(R, IR_NE, kval, kptr(R, key));
        IRRef next =
            emit(R, IR_FLOAD, IRT_I32, nodes, (IRRef)(off + (int32_t)offsetof(Node, next)));
        guard(R, IR_EQ, next, ktyped(R, IRT_I32, chain[i]->next));
    }
    return true;
}

TValue *rec_h_tab_getstr(Rec *R, void *t, String *key)
{
    const TValue *res = tab_getstr((Table *)t, key);
    if (res != &mt_nilvalue) {
        const Node *n = (const Node *)((const char *)res - offsetof(Node, val));
        loc_put(R, res, node_of_key(R, (Table *)t, n, key));
        return (TValue *)res;
    }
    if (absent_key(R, (Table *)t, key)) {
        loc_put(R, res, kptr(R, res));
        return (TValue *)res;
    }
    IRRef args[2] = {obj_ref(R, t), obj_ref(R, key)};
    loc_put(R, res, emit_call(R, IR_CALLL, IRT_PTR, (const void *)tab_getstr, args, 2));
    return (TValue *)res;
}

TValue *rec_h_tab_getint(Rec *R, void *t, MINT key)
{
    const TValue *res = tab_getint((Table *)t, key.v);
    IRRef args[2] = {obj_ref(R, t), key.ref};
    loc_put(R, res, emit_call(R, IR_CALLL, IRT_PTR, (const void *)tab_getint, args, 2));
    return (TValue *)res;
}

MINT rec_h_tab_len(Rec *R, void *t)
{
    IRRef args[1] = {obj_ref(R, t)};
    int64_t n = tab_len((Table *)t);
    return (MINT){n, emit_call(R, IR_CALLL, IRT_INT, (const void *)tab_len, args, 1)};
}

MFLT rec_h_fmath2(Rec *R, double (*fn)(double, double), MFLT a, MFLT b)
{
    IRRef args[2] = {a.ref, b.ref};
    return (MFLT){fn(a.v, b.v), emit_call(R, IR_CALLN, IRT_FLT, (const void *)fn, args, 2)};
}

/* sqrt is an instruction (sqrtsd, correctly rounded like C's sqrt), so it
 * is an op, not a call: a call would push every float live across it out
 * of the XMM registers, which no callee saves. */
MFLT rec_h_fmath1(Rec *R, double (*fn)(double), MFLT a)
{
    if (fn == sqrt)
        return (MFLT){sqrt(a.v), emit(R, IR_FSQRT, IRT_FLT, a.ref, IRREF_NONE)};
    IRRef args[1] = {a.ref};
    return (MFLT){fn(a.v), emit_call(R, IR_CALLN, IRT_FLT, (const void *)fn, args, 1)};
}

/* An integral float as an integer, guarded to be exact (in range): the
 * rounding builtins' "integer when it fits". */
MINT rec_f2i_exact(Rec *R, MFLT a)
{
    int64_t n = 0;
    if (!num_flt2int(a.v, &n))
        rec_abort(R, "a rounded float does not fit an integer");
    if (R->aborted)
        return (MINT){n, IRREF_NONE};
    take_snapshot(R);
    return (MINT){n, ir_guard(&R->T, IR_F2I, IRT_INT, a.ref, 0)};
}

MINT rec_h_ptr_int(Rec *R, int64_t (*fn)(const String *, int64_t), void *p, MINT i)
{
    IRRef args[2] = {obj_ref(R, p), i.ref};
    return (MINT){fn((const String *)p, i.v),
                  emit_call(R, IR_CALLN, IRT_INT, (const void *)fn, args, 2)};
}

/* A lookup in the state's tables (it reads memory, never writes): its
 * result may be NULL, which the caller tests (ISNULL) before use. */
void *rec_h_lookup_int(Rec *R, String *(*fn)(State *, int64_t), MINT i)
{
    IRRef args[2] = {kptr(R, R->S), i.ref};
    void *p = fn(R->S, i.v);
    obj_put(R, p, emit_call(R, IR_CALLL, IRT_PTR, (const void *)fn, args, 2));
    return p;
}

MINT rec_h_shiftl(Rec *R, MINT a, MINT b)
{
    IRRef args[2] = {a.ref, b.ref};
    return (MINT){num_shiftl(a.v, b.v),
                  emit_call(R, IR_CALLN, IRT_INT, (const void *)num_shiftl, args, 2)};
}

MINT rec_h_int2(Rec *R, int64_t (*fn)(int64_t, int64_t), MINT a, MINT b)
{
    IRRef args[2] = {a.ref, b.ref};
    return (MINT){fn(a.v, b.v), emit_call(R, IR_CALLN, IRT_INT, (const void *)fn, args, 2)};
}

/* log2 of a constant positive power of two, or -1. */
static int const_log2(Rec *R, MINT b)
{
    if (!isk(R, b.ref) || b.v <= 0 || (b.v & (b.v - 1)) != 0)
        return -1;
    return __builtin_ctzll((unsigned long long)b.v);
}

/* Floor modulo and division by a constant power of two are a mask and an
 * arithmetic shift (both round towards minus infinity); other divisors
 * call the helper. */
MINT rec_h_imod(Rec *R, MINT a, MINT b)
{
    if (const_log2(R, b) < 0)
        return rec_h_int2(R, num_imod_nz, a, b);
    return (MINT){num_imod_nz(a.v, b.v), emit(R, IR_BAND, IRT_INT, a.ref, kint(R, b.v - 1))};
}

MINT rec_h_idiv(Rec *R, MINT a, MINT b)
{
    int k = const_log2(R, b);
    if (k < 0)
        return rec_h_int2(R, num_idiv_nz, a, b);
    return (MINT){num_idiv_nz(a.v, b.v), emit(R, IR_SAR, IRT_INT, a.ref, kint(R, k))};
}

MINT rec_h_int3(Rec *R, int64_t (*fn)(int64_t, int64_t, int64_t), MINT a, MINT b, MINT c)
{
    IRRef args[3] = {a.ref, b.ref, c.ref};
    return (MINT){fn(a.v, b.v, c.v),
                  emit_call(R, IR_CALLN, IRT_INT, (const void *)fn, args, 3)};
}

/* num_forcount with a step of constant 1 or -1 (nearly every loop) is the
 * difference of init and limit, unsigned, which ISUB's wrapping gives bit
 * for bit; any other step calls it. */
MINT rec_h_forcount(Rec *R, MINT init, MINT limit, MINT step)
{
    if (isk(R, step.ref) && step.v == 1)
        return rec_iarith(R, IR_SUB, limit, init);
    if (isk(R, step.ref) && step.v == -1)
        return rec_iarith(R, IR_SUB, init, limit);
    return rec_h_int3(R, num_forcount, init, limit, step);
}

/* ---- calls ---- */

/* A guard that the payload of *o is the pointer `expect` (an inlined call's
 * callee: the trace is only right for that closure). */
void rec_guard_ptr(Rec *R, const TValue *o, const void *expect)
{
    guard(R, IR_EQ, loc_val(R, o, IRT_PTR), kptr(R, expect));
}

/* Forget what the trace knows of slots [from, to): they are dead (a
 * returned frame's), so exits need not restore them. */
void rec_forget_slots(Rec *R, int from, int to)
{
    for (int s = from < R->minslot ? R->minslot : from; s < to && s < R->nslots; s++)
        *rec_slot(R, s) = (RecSlot){IRREF_NONE, IRREF_NONE, 0, false};
}

/* ---- frames ---- */

/* S->ci at run time: the trace's base frame (frame_shift.h). */
static IRRef base_ci(Rec *R)
{
    return emit(R, IR_FLOAD, IRT_PTR, kptr(R, R->S), (IRRef)offsetof(State, ci));
}

/* Frame `ci`, R->down frames below the base frame, returns to its caller
 * in the trace only if, at run time too, it was called by an mt function
 * (not entered from C) from the same call instruction: its status and its
 * caller's saved pc (the instruction after the call) are guarded. That
 * call fixes the caller's prototype, where its results go and how many. */
void rec_guard_return_below(Rec *R, const CallInfo *ci)
{
    IRRef cis = base_ci(R);
    int32_t at = -(int32_t)R->down * (int32_t)sizeof(CallInfo);
    IRRef status = emit(R, IR_FLOAD, IRT_U8, cis,
                        (IRRef)(at + (int32_t)offsetof(CallInfo, callstatus)));
    guard(R, IR_EQ, status, ktyped(R, IRT_U8, ci->callstatus));
    IRRef retpc = emit(R, IR_FLOAD, IRT_PTR, cis,
                       (IRRef)(at - (int32_t)sizeof(CallInfo) +
                               (int32_t)offsetof(CallInfo, savedpc)));
    guard(R, IR_EQ, retpc, kptr(R, ci[-1].savedpc));
}

/* A trace that ends in inlined frames pushes them, and the trace it links
 * to may inline REC_MAXDEPTH more and write REC_MAXSLOTS slots from its
 * base (the room jit_run checks before it enters a trace). When the
 * frame and slot stacks lack that room, the trace exits at its end and the
 * interpreter goes on (and raises the stack overflow where it would). */
void rec_guard_room(Rec *R)
{
    State *S = R->S;
    IRRef cis = base_ci(R);
    int32_t rise = R->depth - (int32_t)R->down + REC_MAXDEPTH + 1;
    guard(R, IR_ULT, cis, kptr(R, S->base_ci + MT_MAXCALLS - rise));
    IRRef func = emit(R, IR_FLOAD, IRT_PTR, cis, (IRRef)offsetof(CallInfo, func));
    int32_t end_base = R->frames[R->depth].base;
    guard(R, IR_ULT, func, kptr(R, S->stack_last - (REC_MAXSLOTS + 2 + end_base)));
}

void rec_call_frame_shift(Rec *R, const FrameShift *fs)
{
    IRRef args[2] = {kptr(R, R->S), kptr(R, fs)};
    emit_call(R, IR_CALLS, IRT_VOID, (const void *)frame_shift_end, args, 2);
}
