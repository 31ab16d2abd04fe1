/* opt_fold.c — constant folding and algebraic simplification.
 *
 * fold_emit simplifies one instruction as it is appended, so the recorder
 * can fold on the fly; opt_fold runs it over a whole trace by rebuilding it
 * (ir.h's IRRebuild), which also puts any new constant before its first use.
 *
 * Rules, and what they must not change:
 *   integers   ops on constants are computed as mt computes them (64-bit,
 *              wrapping; shifts only for counts 0..63, the IR's domain);
 *              identities x+0, x-0, x*1, x*0, x-x, x&x, x|x, x^x, x&0,
 *              x&-1, x|0, x|-1, x^0, shifts by 0, -(-x), ~~x; constants
 *              move to the right of commutative ops (so CSE sees one form),
 *              x-k becomes x+(-k) and (x+k1)+k2 becomes x+(k1+k2).
 *   floats     only ops on constants (computed by C's IEEE doubles, so the
 *              result is bit for bit what the compiled code would compute)
 *              and -(-x), which is exact for every double. No identity
 *              like x+0.0 or x*1.0: they are wrong for -0.0 or NaN.
 *   compares   on constants, and an integer value compared with itself.
 *              As a value the result is a constant of the instruction's
 *              type; as a guard it is dropped when it always holds and
 *              kept, and reported in OptResult, when it never does.
 *   checked    ADDOV/SUBOV/MULOV on constants fold when they do not
 *              overflow (else the guard always fails); x+0, x-0, x*1, x*0
 *              and x-x cannot overflow and fold.
 *   F2I        of a constant that is exactly an integer folds; as a guard on
 *              any other constant it always fails.
 * Loops: a ref that a PHI carries round the loop (its left operand) holds
 * a new value after every back-edge, while any other pre-roll ref keeps
 * the one value it got. So opt_fold (IRF_MARK on carried refs, cleared at
 * the end): copies a carried instruction as it is (the PHI names it);
 * never replaces a pre-roll instruction by a carried ref (its body uses
 * want the first value); and in the body, does not look through a
 * pre-roll ref to the instruction that defined it (-(-x), reassociation,
 * FREF of FREF), since that instruction saw the first iteration's values.
 * Address arithmetic on pointer constants is deliberately not folded: a
 * KPTR may be what keeps a GC object alive for the trace, and an interior
 * pointer would not. FREF(FREF(x, o1), o2) becomes FREF(x, o1+o2). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "opt.h"

static bool kint(const Trace *T, IRRef r, int64_t *v)
{
    if (r == IRREF_NONE || T->ir[r].op != IR_KINT)
        return false;
    *v = T->ir[r].k.i;
    return true;
}

static bool kflt(const Trace *T, IRRef r, double *v)
{
    if (r == IRREF_NONE || T->ir[r].op != IR_KFLT)
        return false;
    *v = T->ir[r].k.n;
    return true;
}

/* Integer value of a KINT or KPTR (for integer comparisons). */
static bool kbits(const Trace *T, IRRef r, int64_t *v)
{
    if (r != IRREF_NONE && T->ir[r].op == IR_KPTR) {
        *v = (int64_t)(uintptr_t)T->ir[r].k.p;
        return true;
    }
    return kint(T, r, v);
}

/* The instruction that defined ref, for look-through rules; a NOP where
 * that definition may not describe ref's value (see the loop note). */
static const IRIns *def(const Trace *T, IRRef ref)
{
    static const IRIns opaque = {.op = IR_NOP};
    bool across_loop = T->loop != IRREF_NONE && ref < T->loop;
    return (T->ir[ref].flags & IRF_MARK) || across_loop ? &opaque : &T->ir[ref];
}

static void swap_operands(IRIns *ins)
{
    IRRef t = ins->a;
    ins->a = ins->b;
    ins->b = t;
}

/* ---- integers ---- */

static uint64_t sar(uint64_t x, unsigned n)
{
    uint64_t r = x >> n;
    if ((x >> 63) && n)   /* copy the sign bit into the vacated bits */
        r |= ~(UINT64_MAX >> n);
    return r;
}

/* x op y as mt's wrapping integers; false when the IR leaves it undefined. */
static bool int_arith(IROp op, int64_t a, int64_t b, int64_t *out)
{
    uint64_t x = (uint64_t)a, y = (uint64_t)b, r;
    switch (op) {
    case IR_ADD: r = x + y; break;
    case IR_SUB: r = x - y; break;
    case IR_MUL: r = x * y; break;
    case IR_NEG: r = 0 - x; break;
    case IR_BAND: r = x & y; break;
    case IR_BOR: r = x | y; break;
    case IR_BXOR: r = x ^ y; break;
    case IR_BNOT: r = ~x; break;
    case IR_SHL: case IR_SHR: case IR_SAR:
        if (y > 63)
            return false;
        r = op == IR_SHL ? x << y : op == IR_SHR ? x >> y : sar(x, (unsigned)y);
        break;
    default: return false;
    }
    *out = (int64_t)r;   /* two's complement: the conversion gcc defines */
    return true;
}

static bool is_unary(IROp op)
{
    return ir_opnd(op, 1) == IROPND_NONE;
}

static bool is_commutative(IROp op)
{
    return op == IR_ADD || op == IR_MUL || op == IR_BAND || op == IR_BOR ||
           op == IR_BXOR || op == IR_ADDOV || op == IR_MULOV || op == IR_EQ ||
           op == IR_NE || op == IR_FEQ || op == IR_FNE;
}

static IRRef fold_int(Trace *T, IRIns *ins);

/* Rewrites that produce another instruction go round fold_int again. */
static IRRef refold(Trace *T, IRIns *ins, IROp op, IRRef a, IRRef b)
{
    ins->op = (uint8_t)op;
    ins->a = a;
    ins->b = b;
    return fold_int(T, ins);
}

static IRRef fold_int_unary(Trace *T, IRIns *ins)
{
    int64_t x, r;
    if (kint(T, ins->a, &x) && int_arith((IROp)ins->op, x, 0, &r))
        return ir_kint(T, r);
    const IRIns *arg = def(T, ins->a);
    if (arg->op == ins->op)   /* -(-x) and ~~x */
        return arg->a;
    return IRREF_NONE;
}

/* Identities with the constant y on the right (after canonicalising). */
static IRRef fold_int_identity(Trace *T, IRIns *ins, int64_t y)
{
    IRRef a = ins->a;
    const IRIns *left = def(T, a);
    int64_t k1;
    switch (ins->op) {
    case IR_ADD:
        if (y == 0)
            return a;
        if (left->op == IR_ADD && kint(T, left->b, &k1)) {
            IRRef inner = left->a;   /* interning may move T->ir under `left` */
            return refold(T, ins, IR_ADD, inner,
                          ir_kint(T, (int64_t)((uint64_t)k1 + (uint64_t)y)));
        }
        return IRREF_NONE;
    case IR_SUB:
        return refold(T, ins, IR_ADD, a, ir_kint(T, (int64_t)(0 - (uint64_t)y)));
    case IR_MUL:
        return y == 1 ? a : y == 0 ? ir_kint(T, 0) : IRREF_NONE;
    case IR_BAND:
        return y == -1 ? a : y == 0 ? ir_kint(T, 0) : IRREF_NONE;
    case IR_BOR:
        return y == 0 ? a : y == -1 ? ir_kint(T, -1) : IRREF_NONE;
    case IR_BXOR: case IR_SHL: case IR_SHR: case IR_SAR:
        return y == 0 ? a : IRREF_NONE;
    default:
        return IRREF_NONE;
    }
}

/* Identities on equal operands, and 0 shifted or subtracted from. */
static IRRef fold_int_same(Trace *T, IRIns *ins, bool kx, int64_t x)
{
    IROp op = (IROp)ins->op;
    if (ins->a == ins->b) {
        if (op == IR_SUB || op == IR_BXOR)
            return ir_kint(T, 0);
        if (op == IR_BAND || op == IR_BOR)
            return ins->a;
    }
    if (kx && x == 0) {
        if (op == IR_SHL || op == IR_SHR || op == IR_SAR)
            return ins->a;   /* 0 shifted by any count in 0..63 */
        if (op == IR_SUB)
            return refold(T, ins, IR_NEG, ins->b, IRREF_NONE);
    }
    if (kx && x == -1 && op == IR_SAR)
        return ins->a;
    return IRREF_NONE;
}

/* Returns the replacing ref, or NONE to append *ins (maybe rewritten). */
static IRRef fold_int(Trace *T, IRIns *ins)
{
    if (is_unary((IROp)ins->op))
        return fold_int_unary(T, ins);
    int64_t x = 0, y = 0, r = 0;
    bool kx = kint(T, ins->a, &x), ky = kint(T, ins->b, &y);
    if (kx && ky && int_arith((IROp)ins->op, x, y, &r))
        return ir_kint(T, r);
    if (kx && !ky && is_commutative((IROp)ins->op)) {
        swap_operands(ins);
        return fold_int(T, ins);
    }
    IRRef same = fold_int_same(T, ins, kx, x);
    if (same != IRREF_NONE || !ky)
        return same;
    return fold_int_identity(T, ins, y);
}

/* ---- floats ---- */

static IRRef fold_flt(Trace *T, IRIns *ins)
{
    double x = 0, y = 0;
    bool kx = kflt(T, ins->a, &x);
    switch (ins->op) {
    case IR_FNEG:
        if (kx)
            return ir_kflt(T, -x);
        return def(T, ins->a)->op == IR_FNEG ? def(T, ins->a)->a : IRREF_NONE;
    case IR_FSQRT:
        return kx ? ir_kflt(T, sqrt(x)) : IRREF_NONE;
    case IR_I2F: {
        int64_t i;
        return kint(T, ins->a, &i) ? ir_kflt(T, (double)i) : IRREF_NONE;
    }
    default:
        break;
    }
    if (!kx || !kflt(T, ins->b, &y))
        return IRREF_NONE;
    switch (ins->op) {
    case IR_FADD: return ir_kflt(T, x + y);
    case IR_FSUB: return ir_kflt(T, x - y);
    case IR_FMUL: return ir_kflt(T, x * y);
    case IR_FDIV: return ir_kflt(T, x / y);
    default: return IRREF_NONE;
    }
}

/* ---- addresses ---- */

static IRRef fold_fref(Trace *T, IRIns *ins)
{
    const IRIns *base = def(T, ins->a);
    if (base->op == IR_FREF) {
        int64_t off = (int64_t)(int32_t)base->b + (int32_t)ins->b;
        if (off >= INT32_MIN && off <= INT32_MAX) {
            ins->a = base->a;
            ins->b = (IRRef)(uint32_t)(int32_t)off;
        }
    }
    return IRREF_NONE;
}

static IRRef fold_pure(Trace *T, IRIns *ins)
{
    switch (ins->op) {
    case IR_ADD: case IR_SUB: case IR_MUL: case IR_NEG: case IR_BAND:
    case IR_BOR: case IR_BXOR: case IR_BNOT: case IR_SHL: case IR_SHR:
    case IR_SAR: {
        if (ins->type != IRT_INT)
            return IRREF_NONE;
        /* A replacement must keep the type: ~~x is not x when x is a BOOL
         * (a store takes its width from its value's type). */
        IRRef r = fold_int(T, ins);
        return r != IRREF_NONE && T->ir[r].type != IRT_INT ? IRREF_NONE : r;
    }
    case IR_FADD: case IR_FSUB: case IR_FMUL: case IR_FDIV: case IR_FNEG:
    case IR_FSQRT: case IR_I2F:
        return fold_flt(T, ins);
    case IR_FREF:
        return fold_fref(T, ins);
    default:
        return IRREF_NONE;
    }
}

/* ---- comparisons and checked operations ---- */

enum { UNKNOWN = -1 };

static IROp mirror(IROp op)
{
    switch (op) {
    case IR_LT: return IR_GT;
    case IR_GT: return IR_LT;
    case IR_LE: return IR_GE;
    case IR_GE: return IR_LE;
    default: return op;
    }
}

int opt_int_compare(IROp op, int64_t x, int64_t y)
{
    uint64_t ux = (uint64_t)x, uy = (uint64_t)y;
    switch (op) {
    case IR_EQ: return x == y;
    case IR_NE: return x != y;
    case IR_LT: return x < y;
    case IR_LE: return x <= y;
    case IR_GT: return x > y;
    case IR_GE: return x >= y;
    case IR_ULT: return ux < uy;
    case IR_ULE: return ux <= uy;
    default: return UNKNOWN;
    }
}

int opt_flt_compare(IROp op, double x, double y)
{
    switch (op) {
    case IR_FEQ: return x == y;
    case IR_FNE: return x != y;
    case IR_FLT: return x < y;
    case IR_FLE: return x <= y;
    default: return UNKNOWN;
    }
}

/* The truth of a comparison if it is known; canonicalises *ins if not. */
static int compare(const Trace *T, IRIns *ins)
{
    IROp op = (IROp)ins->op;
    int64_t x = 0, y = 0;
    double fx = 0, fy = 0;
    if (op >= IR_FEQ && op <= IR_FLE) {
        if (kflt(T, ins->a, &fx) && kflt(T, ins->b, &fy))
            return opt_flt_compare(op, fx, fy);
        if (is_commutative(op) && ir_isk(T, ins->a) && !ir_isk(T, ins->b))
            swap_operands(ins);
        return UNKNOWN;
    }
    bool kx = kbits(T, ins->a, &x), ky = kbits(T, ins->b, &y);
    if (kx && ky && T->ir[ins->a].op == T->ir[ins->b].op)
        return opt_int_compare(op, x, y);
    if (ins->a == ins->b)   /* integers and pointers equal themselves */
        return opt_int_compare(op, 0, 0);
    if (kx && !ky && op != IR_ULT && op != IR_ULE) {   /* no UGT/UGE to mirror to */
        swap_operands(ins);
        ins->op = (uint8_t)mirror(op);
    }
    return UNKNOWN;
}

/* A guard that can never hold: keep it (the trace must leave there) and
 * report the first one. */
static IRRef keep_failing(Trace *T, const IRIns *ins, OptResult *res)
{
    IRRef ref = ir_append(T, ins);
    if (!res->always_exits) {
        res->always_exits = true;
        res->exit_ref = ref;
    }
    return ref;
}

static IRRef fold_compare(Trace *T, IRIns *ins, OptResult *res)
{
    int truth = compare(T, ins);
    if (truth == UNKNOWN)
        return ir_append(T, ins);
    if (!(ins->flags & IRF_GUARD))
        return ir_ktyped(T, (IRType)ins->type, truth);
    return truth ? IRREF_NONE : keep_failing(T, ins, res);
}

/* ADDOV/SUBOV/MULOV: the value if it is known not to overflow, NONE if it
 * is not known, and *overflows when it is known to. */
static IRRef checked_value(Trace *T, IRIns *ins, bool *overflows)
{
    int64_t x = 0, y = 0, r = 0;
    bool kx = kint(T, ins->a, &x), ky = kint(T, ins->b, &y);
    *overflows = false;
    if (kx && ky) {
        *overflows = ins->op == IR_ADDOV ? __builtin_add_overflow(x, y, &r)
                     : ins->op == IR_SUBOV ? __builtin_sub_overflow(x, y, &r)
                                           : __builtin_mul_overflow(x, y, &r);
        return *overflows ? IRREF_NONE : ir_kint(T, r);
    }
    if (kx && is_commutative((IROp)ins->op)) {
        swap_operands(ins);
        return checked_value(T, ins, overflows);
    }
    if (ins->op == IR_SUBOV && ins->a == ins->b)
        return ir_kint(T, 0);
    if (!ky)
        return IRREF_NONE;
    if (y == 0 && ins->op != IR_MULOV)
        return ins->a;
    if (ins->op == IR_MULOV && (y == 0 || y == 1))
        return y ? ins->a : ir_kint(T, 0);
    return IRREF_NONE;
}

/* F2I of a constant: the integer when the float is one exactly. */
static IRRef f2i_value(Trace *T, const IRIns *ins, bool *inexact)
{
    double n;
    *inexact = false;
    if (!kflt(T, ins->a, &n))
        return IRREF_NONE;
    /* the range test first: converting an out-of-range double is undefined */
    if (n >= -9223372036854775808.0 && n < 9223372036854775808.0 &&
        (double)(int64_t)n == n)
        return ir_kint(T, (int64_t)n);
    *inexact = true;
    return IRREF_NONE;
}

static IRRef fold_check(Trace *T, IRIns *ins, OptResult *res)
{
    IRRef r;
    bool fails;
    switch (ins->op) {
    case IR_ADDOV: case IR_SUBOV: case IR_MULOV:
        r = checked_value(T, ins, &fails);
        break;
    case IR_F2I:
        r = f2i_value(T, ins, &fails);
        break;
    default:
        return fold_compare(T, ins, res);
    }
    if (r != IRREF_NONE)
        return r;
    if (fails && (ins->flags & IRF_GUARD))
        return keep_failing(T, ins, res);
    return ir_append(T, ins);
}

/* ---- entry points ---- */

IRRef fold_emit(Trace *T, const IRIns *in, OptResult *res)
{
    IRIns ins = *in;
    switch (ir_mode((IROp)ins.op)) {
    case IRM_P: {
        IRRef r = fold_pure(T, &ins);
        return r != IRREF_NONE ? r : ir_append(T, &ins);
    }
    case IRM_C:
        return fold_check(T, &ins, res);
    default:   /* constants (interned by ir_append), loads, stores, control */
        return ir_append(T, &ins);
    }
}

static void clear_marks(Trace *T)
{
    for (IRRef r = 1; r < T->nins; r++)
        T->ir[r].flags &= (uint16_t)~IRF_MARK;
}

void opt_fold(Trace *T, OptResult *res)
{
    /* An always-failing guard reported before this pass keeps being the
     * first one; it is renamed at the end instead of found again. */
    OptResult before = *res;
    IRRebuild rb;
    ir_rb_begin(&rb, T);
    bool *carried = opt_phi_operands(&rb.old);
    for (IRRef i = 1; i < rb.old.nins; i++) {
        IRIns ins = ir_rb_at(&rb, i);
        if (ins.op == IR_NOP)
            continue;
        IRRef r = carried[i] ? IRREF_NONE : fold_emit(T, &ins, res);
        bool pre_roll = T->loop == IRREF_NONE;
        if (carried[i] || (pre_roll && r != IRREF_NONE && (T->ir[r].flags & IRF_MARK)))
            r = ir_append(T, &ins);   /* as it is */
        if (carried[i] && !ir_isk(T, r))
            T->ir[r].flags |= IRF_MARK;
        rb.map[i] = r;
    }
    if (before.always_exits)
        opt_remap_exit(res, &rb, before.exit_ref);
    ir_rb_end(&rb);
    clear_marks(T);
    free(carried);
}
