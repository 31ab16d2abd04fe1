/* mop_record.h — the meta-operations of vm/mop.h in their RECORD meaning.
 *
 * Included (instead of vm/mop.h) by tracer/record.c, which then includes
 * vm/handlers.h a second time: each handler executes concretely on the real
 * frame, exactly as the interpreter would, and appends IR for every red
 * operation to the trace of the Rec `R` in scope.
 *
 * Representation of red values. The design suggested structs pairing every
 * red value with its IR ref; the handlers make that impossible for three of
 * the five meta types, because they apply C to them (see record.h, "flaws
 * of the vocabulary"): `(String *)GCP(k)` casts a pointer, `CURRENT_TOP() -
 * ra` subtracts locations, `TAG(a) == TAG(b)` and `GCP(a) == GCP(b)` compare
 * raw values, and `if (IS(KST(c), T_INT))` tests a condition without IF. So:
 *
 *   MINT, MFLT  structs {concrete value, ref}: no C operator reaches them.
 *   MPTR        the plain concrete pointer; its ref is looked up in a small
 *               per-instruction map (pointer -> ref) filled where the pointer
 *               was produced (GCP, FIELD, LOAD, PROMOTE, helper results).
 *   MVAL        the plain concrete TValue*; what it denotes is found from
 *               the address: a frame slot (inside the frame), a constant
 *               (inside the function's K[]), or a heap location (a second
 *               per-instruction map: address -> ref of the address).
 *   conditions  plain C bool (the concrete truth); the comparison that
 *               produced it is kept as the "pending condition" (op, a, b)
 *               until IF consumes it and emits the guard. IF finding no
 *               pending condition means C compared red values itself: the
 *               trace is aborted (the concrete result is still right).
 *
 * Every function still computes the concrete result after an abort, so the
 * instruction being executed always completes exactly as in the
 * interpreter; only the IR stops being produced. */
#ifndef MT_MOP_RECORD_H
#define MT_MOP_RECORD_H

#include <stddef.h>

#include "record.h"

typedef struct MINT {
    int64_t v;
    IRRef ref;
} MINT;

typedef struct MFLT {
    double v;
    IRRef ref;
} MFLT;

typedef void *MPTR;
typedef TValue *MVAL;

/* ---- the meta-operations (record_ops.c) ---- */
uint8_t rec_tag_raw(Rec *R, const TValue *o);
bool rec_is(Rec *R, const TValue *o, int tag);
bool rec_is_num(Rec *R, const TValue *o);
MINT rec_int(Rec *R, const TValue *o);
MFLT rec_flt(Rec *R, const TValue *o);
MINT rec_boolv(Rec *R, const TValue *o);
void *rec_gcp(Rec *R, const TValue *o);

void rec_set_int(Rec *R, TValue *d, MINT x);
void rec_set_flt(Rec *R, TValue *d, MFLT x);
void rec_set_bool(Rec *R, TValue *d, bool b);
void rec_set_nil(Rec *R, TValue *d);
void rec_set_gc(Rec *R, TValue *d, void *p, int tag);
void rec_set_found(Rec *R, TValue *d, void *p, int tag);
void rec_copy(Rec *R, TValue *d, const TValue *s);

MINT rec_iarith(Rec *R, IROp op, MINT a, MINT b);
MINT rec_iunary(Rec *R, IROp op, MINT a);
MINT rec_ineg_int(Rec *R, MINT a);
MFLT rec_farith(Rec *R, IROp op, MFLT a, MFLT b);
MFLT rec_funary(Rec *R, IROp op, MFLT a);
MFLT rec_i2f(Rec *R, MINT a);
bool rec_icmp(Rec *R, IROp op, MINT a, MINT b);
bool rec_fcmp(Rec *R, IROp op, MFLT a, MFLT b);
bool rec_isnull(Rec *R, const void *p);
bool rec_absent(Rec *R, const TValue *v);
void *rec_closure(Rec *R, void *cl);
bool rec_peq(Rec *R, const void *p, const void *q);
MINT rec_kint(Rec *R, int64_t x);
MFLT rec_kflt(Rec *R, double x);
void *rec_promote_ptr(Rec *R, const void *p);
bool rec_iadd_ov(Rec *R, MINT a, MINT b, int64_t *res);

MINT rec_field_u32(Rec *R, const void *p, size_t off);
MINT rec_field_size(Rec *R, const void *p, size_t off);
TValue *rec_field_val(Rec *R, const void *p, size_t off);
void *rec_field_ptr(Rec *R, const void *p, size_t off);
void *rec_load_ptr(Rec *R, const void *p, size_t off);
TValue *rec_elem(Rec *R, TValue *arr, MINT i);

bool rec_if_bool(Rec *R, bool c);
bool rec_if_mint(Rec *R, MINT c);

void rec_guard_ptr(Rec *R, const TValue *o, const void *expect);
void rec_forget_slots(Rec *R, int from, int to);
/* Slot s holds a value with this tag, known without a guard. */
void rec_know_tag(Rec *R, int s, int tag);
/* Frames (record_ops.c): the guards that returning from frame `ci` below
 * the trace's base frame needs; the guard that the frames the trace ends
 * in leave room for the trace it links to; the call that makes them the
 * interpreter's at its end. */
void rec_guard_return_below(Rec *R, const CallInfo *ci);
void rec_guard_room(Rec *R);
void rec_call_frame_shift(Rec *R, const struct FrameShift *fs);
/* Aborts before the instruction had any effect: the interpreter runs it. */
void rec_refuse(Rec *R, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* helpers the trace can call */
TValue *rec_h_tab_getstr(Rec *R, void *t, String *key);
TValue *rec_h_tab_getint(Rec *R, void *t, MINT key);
MINT rec_h_tab_len(Rec *R, void *t);
MFLT rec_h_fmath2(Rec *R, double (*fn)(double, double), MFLT a, MFLT b);
MFLT rec_h_fmath1(Rec *R, double (*fn)(double), MFLT a);
MINT rec_f2i_exact(Rec *R, MFLT a);
MINT rec_h_ptr_int(Rec *R, int64_t (*fn)(const String *, int64_t), void *p, MINT i);
void *rec_h_lookup_int(Rec *R, String *(*fn)(State *, int64_t), MINT i);
MINT rec_h_shiftl(Rec *R, MINT a, MINT b);
MINT rec_h_int2(Rec *R, int64_t (*fn)(int64_t, int64_t), MINT a, MINT b);
MINT rec_h_int3(Rec *R, int64_t (*fn)(int64_t, int64_t, int64_t), MINT a, MINT b, MINT c);
MINT rec_h_forcount(Rec *R, MINT init, MINT limit, MINT step);
MINT rec_h_imod(Rec *R, MINT a, MINT b);
MINT rec_h_idiv(Rec *R, MINT a, MINT b);

/* ---- the vocabulary ---- */
#define SLOT(n) (base + (n))
#define KST(n) ((TValue *)(k + (n)))

#define TAG(o) rec_tag_raw(R, (o))
#define IS(o, T) rec_is(R, (o), (T))
#define IS_NUM(o) rec_is_num(R, (o))

#define INT(o) rec_int(R, (o))
#define FLT(o) rec_flt(R, (o))
#define GCP(o) rec_gcp(R, (o))
#define BOOLV(o) rec_boolv(R, (o))

#define SET_INT(d, x) rec_set_int(R, (d), (x))
#define SET_FLT(d, x) rec_set_flt(R, (d), (x))
#define SET_BOOL(d, x) rec_set_bool(R, (d), (x))
#define SET_NIL(d) rec_set_nil(R, (d))
#define SET_GC(d, p, t) rec_set_gc(R, (d), (p), (t))
#define COPY(d, s) rec_copy(R, (d), (s))

#define IADD(a, b) rec_iarith(R, IR_ADD, (a), (b))
#define ISUB(a, b) rec_iarith(R, IR_SUB, (a), (b))
#define IMUL(a, b) rec_iarith(R, IR_MUL, (a), (b))
#define INEG(a) rec_ineg_int(R, (a))
#define IADD_OV(a, b, res) rec_iadd_ov(R, (a), (b), (res))
#define IAND(a, b) rec_iarith(R, IR_BAND, (a), (b))
#define IOR(a, b) rec_iarith(R, IR_BOR, (a), (b))
#define IXOR(a, b) rec_iarith(R, IR_BXOR, (a), (b))
#define INOT(a) rec_iunary(R, IR_BNOT, (a))
#define ILT(a, b) rec_icmp(R, IR_LT, (a), (b))
#define ILE(a, b) rec_icmp(R, IR_LE, (a), (b))
#define IEQ(a, b) rec_icmp(R, IR_EQ, (a), (b))
#define ULT(a, b) rec_icmp(R, IR_ULT, (a), (b))

#define FADD(a, b) rec_farith(R, IR_FADD, (a), (b))
#define FSUB(a, b) rec_farith(R, IR_FSUB, (a), (b))
#define FMUL(a, b) rec_farith(R, IR_FMUL, (a), (b))
#define FDIV(a, b) rec_farith(R, IR_FDIV, (a), (b))
#define FNEG(a) rec_funary(R, IR_FNEG, (a))
#define FLT_LT(a, b) rec_fcmp(R, IR_FLT, (a), (b))
#define FLT_LE(a, b) rec_fcmp(R, IR_FLE, (a), (b))
#define FLT_EQ(a, b) rec_fcmp(R, IR_FEQ, (a), (b))
#define I2F(a) rec_i2f(R, (a))

/* LOAD is only used for pointers (GETUPVAL's upvalue). */
#define LOAD(T, p, off) ((T)rec_load_ptr(R, (p), (off)))
/* FIELD chooses the load by the field's C type. */
#define FIELD(p, Struct, field)                                               \
    _Generic((((Struct *)0)->field),                                          \
        uint32_t: rec_field_u32,                                              \
        size_t: rec_field_size,                                               \
        TValue *: rec_field_val,                                              \
        default: rec_field_ptr)(R, (p), offsetof(Struct, field))
#define ELEM(arr, i) rec_elem(R, (arr), (i))

/* Helper calls: each helper the handlers name has its record meaning in the
 * REC_H_<name> table of record.c, so a new helper in handlers.h is a
 * compile error here until someone decides whether traces may call it. */
#define HELPER(fn, ...) REC_H_##fn(fn, __VA_ARGS__)
#define HELPER_PURE(fn, ...) REC_H_##fn(fn, __VA_ARGS__)
#define HELPER_SLOT(fn, ...) ((TValue *)REC_H_##fn(fn, __VA_ARGS__))
#define ALLOC(fn, ...) REC_H_##fn(fn, __VA_ARGS__)

#define IF(c) _Generic((c), MINT: rec_if_mint, default: rec_if_bool)(R, (c))
#define IF_RARE(c) IF(c)
#define PROMOTE(x) rec_promote_ptr(R, (x))
#define KINT(x) rec_kint(R, (int64_t)(x))
#define KFLT(x) rec_kflt(R, (double)(x))
#define ISNULL(p) rec_isnull(R, (p))
#define ABSENT(v) rec_absent(R, (v))
#define PEQ(p, q) rec_peq(R, (p), (q))
#define INTERP(stmt) ((void)0)

#endif
