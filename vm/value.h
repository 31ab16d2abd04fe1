/* value.h — the tagged value every frame slot, table entry and constant holds.
 *
 * Representation: a 16-byte struct {payload, tag}. NaN-boxing would halve the
 * size but cannot hold mt's full 64-bit integers, and a separate tag byte is
 * the simplest thing for the JIT to test (one byte compare at slot*16+8) and
 * for snapshots to restore (two stores). The frame is an array of these,
 * addressed as base + i, which is exactly what the meta-operations name. */
#ifndef MT_VALUE_H
#define MT_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct State State;
typedef struct GCObj GCObj;
typedef struct TValue TValue;

/* A builtin receives its arguments at args[0..nargs-1] (S->top == args+nargs),
 * pushes its results with the push functions of state.h, and returns how many
 * it pushed: they are the top `nres` values of the stack. */
typedef int (*CFunc)(State *S, TValue *args, int nargs);

/* Type tags. The first group are the types a program can see (their order
 * matches the TYPE_NAMES table); the rest are internal GC objects. */
#define VALUE_TAGS(X)                                                         \
    X(NIL, "nil") X(BOOL, "boolean") X(INT, "number") X(FLT, "number")        \
    X(STR, "string") X(TABLE, "table") X(LCL, "function") X(CFN, "function")  \
    X(PROTO, "proto") X(UPVAL, "upvalue")

enum {
#define TAG_ENUM(name, str) T_##name,
    VALUE_TAGS(TAG_ENUM)
#undef TAG_ENUM
    T_COUNT
};

struct TValue {
    union {
        GCObj *gc;
        int64_t i;
        double n;
        bool b;
        CFunc f;
    } v;
    uint8_t tt;
};

extern const char *const mt_tag_names[T_COUNT];

/* Accessors and constructors. Everything here is for runtime C code; the
 * bytecode handlers go through the meta-operations of mop.h instead. */
#define ttype(o) ((o)->tt)
#define isnil(o) ((o)->tt == T_NIL)
#define isint(o) ((o)->tt == T_INT)
#define isflt(o) ((o)->tt == T_FLT)
#define isnumber(o) ((o)->tt == T_INT || (o)->tt == T_FLT)
#define isstr(o) ((o)->tt == T_STR)
#define istable(o) ((o)->tt == T_TABLE)
#define isfunction(o) ((o)->tt == T_LCL || (o)->tt == T_CFN)
#define iscollectable(o) ((o)->tt >= T_STR && (o)->tt != T_CFN)
#define isfalsy(o) ((o)->tt == T_NIL || ((o)->tt == T_BOOL && !(o)->v.b))

#define ivalue(o) ((o)->v.i)
#define fltvalue(o) ((o)->v.n)
#define bvalue(o) ((o)->v.b)
#define gcvalue(o) ((o)->v.gc)
#define strvalue(o) ((String *)(o)->v.gc)
#define tabvalue(o) ((Table *)(o)->v.gc)
#define clvalue(o) ((Closure *)(o)->v.gc)
#define cfvalue(o) ((o)->v.f)
/* number as double, for either numeric subtype */
#define nvalue(o) ((o)->tt == T_INT ? (double)(o)->v.i : (o)->v.n)

static inline void setnil(TValue *o) { o->tt = T_NIL; }
static inline void setbool(TValue *o, bool b) { o->v.b = b; o->tt = T_BOOL; }
static inline void setint(TValue *o, int64_t i) { o->v.i = i; o->tt = T_INT; }
static inline void setflt(TValue *o, double n) { o->v.n = n; o->tt = T_FLT; }
static inline void setcfn(TValue *o, CFunc f) { o->v.f = f; o->tt = T_CFN; }
static inline void setgc(TValue *o, void *gc, uint8_t tt)
{
    o->v.gc = (GCObj *)gc;
    o->tt = tt;
}
#define setstr(o, s) setgc((o), (s), T_STR)
#define settable(o, t) setgc((o), (t), T_TABLE)
#define setclosure(o, c) setgc((o), (c), T_LCL)

/* Copies a value field by field. A whole-struct copy compiles to one 16-byte
 * load, which stalls when the source was just written by the separate
 * 8-byte payload and 1-byte tag stores of the set* functions (the store
 * cannot be forwarded); copying the two fields keeps forwarding working. */
static inline void setobj(TValue *d, const TValue *s)
{
    d->v = s->v;
    d->tt = s->tt;
}

/* Raw equality (no metamethods): same type and value; int 1 == float 1.0. */
bool mt_rawequal(const TValue *a, const TValue *b);

#endif
