/* ir_eval.c — the reference evaluator (see ir_eval.h). Written for
 * obviousness, not speed: one switch over ops, values in an array indexed
 * by ref. */
#include "ir_eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

uint64_t ir_eval_normalise(IRType t, uint64_t v)
{
    switch (t) {
    case IRT_U8: case IRT_BOOL: return v & 0xff;
    case IRT_U32: return v & 0xffffffffu;
    case IRT_I32: return (uint64_t)(int64_t)(int32_t)(uint32_t)v;
    default: return v;
    }
}

static double as_flt(uint64_t v)
{
    double d;
    memcpy(&d, &v, sizeof d);
    return d;
}

static uint64_t from_flt(double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    return v;
}

/* Truncation as cvttsd2si defines it for every input: NaN and out-of-range
 * give INT64_MIN (C leaves those undefined). */
static int64_t flt_to_int(double d)
{
    if (isnan(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0)
        return INT64_MIN;
    return (int64_t)d;
}

static uint64_t load_typed(IRType t, uint64_t addr)
{
    const void *p = (const void *)(uintptr_t)addr;
    uint8_t b;
    uint32_t w;
    uint64_t q;
    switch (t) {
    case IRT_U8: case IRT_BOOL: memcpy(&b, p, 1); return b;
    case IRT_U32: case IRT_I32: memcpy(&w, p, 4); return ir_eval_normalise(t, w);
    default: memcpy(&q, p, 8); return q;
    }
}

static void store_typed(IRType t, uint64_t addr, uint64_t v)
{
    void *p = (void *)(uintptr_t)addr;
    uint8_t b = (uint8_t)v;
    uint32_t w = (uint32_t)v;
    switch (t) {
    case IRT_U8: case IRT_BOOL: memcpy(p, &b, 1); break;
    case IRT_U32: case IRT_I32: memcpy(p, &w, 4); break;
    default: memcpy(p, &v, 8); break;
    }
}

int ir_eval_int_compare(IROp op, uint64_t x, uint64_t y)
{
    int64_t a = (int64_t)x, b = (int64_t)y;
    switch (op) {
    case IR_EQ: return a == b;
    case IR_NE: return a != b;
    case IR_LT: return a < b;
    case IR_LE: return a <= b;
    case IR_GT: return a > b;
    case IR_GE: return a >= b;
    case IR_ULT: return x < y;
    default: return x <= y;   /* ULE */
    }
}

static int flt_compare(IROp op, double a, double b)
{
    switch (op) {
    case IR_FEQ: return a == b;
    case IR_FNE: return !(a == b);
    case IR_FLT: return a < b;
    default: return a <= b;   /* FLE */
    }
}

static uint64_t do_call(const Trace *T, const uint64_t *v, const IRIns *ins, IREval *ev)
{
    uint64_t args[16];
    IRType types[16];
    int n = 0;
    for (IRRef c = ins->b; c != IRREF_NONE && n < 16; c = T->ir[c].a)
        n++;
    int i = n;
    for (IRRef c = ins->b; c != IRREF_NONE && i > 0; c = T->ir[c].a) {
        i--;
        args[i] = v[T->ir[c].b];
        types[i] = (IRType)T->ir[T->ir[c].b].type;
    }
    return ev->call(ev->ud, T->ir[ins->a].k.p, args, types, n, (IRType)ins->type);
}

/* A float operation with NaN results as SSE2 defines them (C leaves the
 * payload unspecified, and the compiler may swap a commutative op's
 * operands): a NaN operand propagates, the first one winning, made quiet;
 * an invalid operation gives the "default NaN", negative and quiet. */
static uint64_t sse_nan(uint64_t a, uint64_t b, double r)
{
    if (isnan(as_flt(a)))
        return a | 0x0008000000000000u;
    if (isnan(as_flt(b)))
        return b | 0x0008000000000000u;
    return isnan(r) ? 0xfff8000000000000u : from_flt(r);
}

static uint64_t sar(uint64_t a, uint64_t b)
{
    return (a >> 63) && b ? (a >> b) | ~(UINT64_MAX >> b) : a >> b;
}

/* Integer and float arithmetic; false if op is not one of them. */
static bool arith(IROp op, uint64_t a, uint64_t b, uint64_t *out)
{
    switch (op) {
    case IR_ADD: *out = a + b; return true;
    case IR_SUB: *out = a - b; return true;
    case IR_MUL: *out = a * b; return true;
    case IR_NEG: *out = 0 - a; return true;
    case IR_BAND: *out = a & b; return true;
    case IR_BOR: *out = a | b; return true;
    case IR_BXOR: *out = a ^ b; return true;
    case IR_BNOT: *out = ~a; return true;
    case IR_SHL: *out = a << (b & 63); return true;
    case IR_SHR: *out = a >> (b & 63); return true;
    case IR_SAR: *out = sar(a, b & 63); return true;
    case IR_FADD: *out = sse_nan(a, b, as_flt(a) + as_flt(b)); return true;
    case IR_FSUB: *out = sse_nan(a, b, as_flt(a) - as_flt(b)); return true;
    case IR_FMUL: *out = sse_nan(a, b, as_flt(a) * as_flt(b)); return true;
    case IR_FDIV: *out = sse_nan(a, b, as_flt(a) / as_flt(b)); return true;
    case IR_FNEG: *out = a ^ 0x8000000000000000u; return true;
    case IR_FSQRT: *out = sse_nan(a, 0, sqrt(as_flt(a))); return true;
    case IR_I2F: *out = from_flt((double)(int64_t)a); return true;
    default: return false;
    }
}

/* Overflow-checked ops; false when the guard fails. */
static bool checked(IROp op, uint64_t a, uint64_t b, uint64_t *out)
{
    int64_t r;
    bool ovf = op == IR_ADDOV   ? __builtin_add_overflow((int64_t)a, (int64_t)b, &r)
               : op == IR_SUBOV ? __builtin_sub_overflow((int64_t)a, (int64_t)b, &r)
                                : __builtin_mul_overflow((int64_t)a, (int64_t)b, &r);
    *out = (uint64_t)r;
    return !ovf;
}

/* One instruction; false when it is a guard that fails. */
static bool step(const Trace *T, TValue *base, uint64_t *v, IRRef r, IREval *ev)
{
    const IRIns *ins = &T->ir[r];
    IROp op = (IROp)ins->op;
    IRType t = (IRType)ins->type;
    bool guard = (ins->flags & IRF_GUARD) != 0;
    uint64_t a = ir_opnd(op, 0) == IROPND_REF ? v[ins->a] : 0;
    uint64_t b = ir_opnd(op, 1) == IROPND_REF ? v[ins->b] : 0;
    uint64_t res = 0;
    char *slot = (char *)&base[(int32_t)ins->a];
    switch (op) {
    case IR_KINT: res = (uint64_t)ins->k.i; break;
    case IR_KFLT: res = from_flt(ins->k.n); break;
    case IR_KPTR: res = (uint64_t)(uintptr_t)ins->k.p; break;
    case IR_SLOADT: res = (uint8_t)slot[8]; break;
    case IR_SLOAD: res = load_typed(t, (uint64_t)(uintptr_t)slot); break;
    case IR_SSTORET: slot[8] = (char)(uint8_t)b; return true;
    case IR_SSTORE: memcpy(slot, &b, 8); return true;
    case IR_FREF: res = a + (uint64_t)(int64_t)(int32_t)ins->b; break;
    case IR_AREF: res = a + 16 * b; break;
    case IR_LOAD: res = load_typed(t, a); break;
    case IR_FLOAD: res = load_typed(t, a + (uint64_t)(int64_t)(int32_t)ins->b); break;
    case IR_STORE: store_typed((IRType)T->ir[ins->b].type, a, b); return true;
    case IR_ADDOV: case IR_SUBOV: case IR_MULOV:
        if (!checked(op, a, b, &res))
            return false;
        break;
    case IR_F2I: {
        int64_t i = flt_to_int(as_flt(a));
        if (guard && (double)i != as_flt(a))
            return false;
        res = (uint64_t)i;
        break;
    }
    case IR_EQ: case IR_NE: case IR_LT: case IR_LE: case IR_GT: case IR_GE:
    case IR_ULT: case IR_ULE:
        res = (uint64_t)ir_eval_int_compare(op, a, b);
        if (guard)
            return res != 0;
        break;
    case IR_FEQ: case IR_FNE: case IR_FLT: case IR_FLE:
        res = (uint64_t)flt_compare(op, as_flt(a), as_flt(b));
        if (guard)
            return res != 0;
        break;
    case IR_CALLN: case IR_CALLL: case IR_CALLA: case IR_CALLS:
        res = do_call(T, v, ins, ev);
        break;
    case IR_CARG: case IR_LOOP: case IR_PHI: case IR_NOP:
        return true;
    default:
        if (!arith(op, a, b, &res))
            return true;
        break;
    }
    v[r] = t == IRT_FLT ? res : ir_eval_normalise(t, res);
    return true;
}

/* The back-edge: every PHI's left operand takes its right operand's value,
 * all at once. */
static void back_edge(const Trace *T, uint64_t *v)
{
    uint32_t n = 0;
    uint64_t *moved = malloc(sizeof(uint64_t) * (T->nins + 1));
    for (IRRef r = T->loop; r < T->nins; r++)
        if (T->ir[r].op == IR_PHI)
            moved[n++] = v[T->ir[r].b];
    n = 0;
    for (IRRef r = T->loop; r < T->nins; r++)
        if (T->ir[r].op == IR_PHI)
            v[T->ir[r].a] = moved[n++];
    free(moved);
}

static uint32_t run_range(const Trace *T, TValue *base, uint64_t *v, IRRef from, IRRef to,
                          IREval *ev)
{
    for (IRRef r = from; r < to; r++)
        if (!step(T, base, v, r, ev))
            return T->ir[r].snap;
    return IR_EVAL_COMPLETED;
}

static void save_exit(const Trace *T, uint32_t snap, const uint64_t *v, IREval *ev)
{
    const Snapshot *s = &T->snaps[snap];
    for (uint32_t e = 0; e < s->nentries && 2 * e + 1 < 512; e++) {
        const SnapEntry *se = &T->snapmap[s->entry + e];
        ev->exitvals[2 * e] = v[se->tag];
        ev->exitvals[2 * e + 1] = se->val == IRREF_NONE ? 0 : v[se->val];
    }
}

uint32_t ir_eval(const Trace *T, TValue *base, IREval *ev)
{
    uint64_t *v = calloc(T->nins + 1, sizeof(uint64_t));
    IRRef body = T->loop ? T->loop : T->nins;
    uint32_t x = run_range(T, base, v, 1, body, ev);
    ev->iters = 0;
    while (T->loop && x == IR_EVAL_COMPLETED) {
        if (ev->iters == ev->max_iters) {
            x = IR_EVAL_LIMIT;
            break;
        }
        if (ev->iters++ > 0)
            back_edge(T, v);
        x = run_range(T, base, v, T->loop + 1, T->nins, ev);
    }
    if (x < IR_EVAL_LIMIT)
        save_exit(T, x, v, ev);
    free(v);
    return x;
}
