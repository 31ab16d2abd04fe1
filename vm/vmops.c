/* vmops.c — the semantics the handlers delegate: metamethods, coercions,
 * comparisons across numeric subtypes, concatenation, loop preparation and
 * the errors of all of these, worded as lua5.4 words them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "debug.h"
#include "func.h"
#include "mem.h"
#include "mtstring.h"
#include "number.h"
#include "table.h"
#include "vmops.h"

#define MAX_TAG_LOOP 2000   /* __index/__newindex chain limit, as Lua */

/* ---- metatables ---- */

Table *mt_getmetatable(State *S, const TValue *o)
{
    switch (ttype(o)) {
    case T_TABLE:
        return tabvalue(o)->meta;
    case T_STR:
        return S->string_meta;
    default:
        return NULL;
    }
}

/* Looks an event up in a metatable, caching absence of the fast events in
 * the metatable's flags (tab_setstr clears them on "__" stores). */
static const TValue *meta_lookup(State *S, Table *mt, TMS event)
{
    if (mt == NULL)
        return NULL;
    if (event <= TM_FAST_LAST && (mt->flags & (1u << event)))
        return NULL;
    const TValue *tm = tab_getstr(mt, S->tmname[event]);
    if (isnil(tm)) {
        if (event <= TM_FAST_LAST)
            mt->flags |= (uint8_t)(1u << event);
        return NULL;
    }
    return tm;
}

const TValue *mt_metamethod(State *S, const TValue *o, TMS event)
{
    return meta_lookup(S, mt_getmetatable(S, o), event);
}

/* Calls tm(a, b) and stores its first result in *res. */
static void call_tm_result(State *S, const TValue *tm, const TValue *a,
                           const TValue *b, TValue *res)
{
    TValue f = *tm, x = *a, y = *b;
    mt_checkstack(S, 3);
    TValue *func = S->top;
    func[0] = f;
    func[1] = x;
    func[2] = y;
    S->top = func + 3;
    mt_call(S, func, 1);
    TValue r = *func;
    S->top = func;
    *res = r;
}

static void call_tm_noresult(State *S, const TValue *tm, const TValue *a,
                             const TValue *b, const TValue *c)
{
    TValue f = *tm, x = *a, y = *b, z = *c;
    mt_checkstack(S, 4);
    TValue *func = S->top;
    func[0] = f;
    func[1] = x;
    func[2] = y;
    func[3] = z;
    S->top = func + 4;
    mt_call(S, func, 0);
    S->top = func;
}

/* ---- indexing ---- */

void mt_gettable(State *S, const TValue *t, const TValue *k, TValue *res)
{
    TValue obj = *t, key = *k;
    for (int loop = 0; loop < MAX_TAG_LOOP; loop++) {
        const TValue *tm;
        if (istable(&obj)) {
            Table *h = tabvalue(&obj);
            const TValue *v = tab_get(h, &key);
            if (!isnil(v)) {
                *res = *v;
                return;
            }
            tm = meta_lookup(S, h->meta, TM_INDEX);
            if (tm == NULL) {
                setnil(res);
                return;
            }
        } else {
            tm = mt_metamethod(S, &obj, TM_INDEX);
            if (tm == NULL)
                debug_typeerror(S, loop == 0 ? t : &obj, "index");
        }
        if (isfunction(tm)) {
            call_tm_result(S, tm, &obj, &key, res);
            return;
        }
        obj = *tm;
    }
    mt_runerror(S, "'__index' chain too long; possible loop");
}

void vm_finishget(State *S, Table *t, const TValue *key, TValue *ra)
{
    const TValue *tm = meta_lookup(S, t->meta, TM_INDEX);
    if (tm == NULL) {
        setnil(ra);
    } else if (isfunction(tm)) {
        TValue self;
        settable(&self, t);
        call_tm_result(S, tm, &self, key, ra);
    } else {
        mt_gettable(S, tm, key, ra);
    }
}

void vm_rawset_checked(State *S, Table *t, const TValue *key, const TValue *val)
{
    if (isnil(key))
        mt_runerror(S, "table index is nil");
    if (isflt(key) && isnan(fltvalue(key)))
        mt_runerror(S, "table index is NaN");
    tab_set(S, t, key, val);
}

void mt_settable(State *S, const TValue *t, const TValue *k, const TValue *v)
{
    TValue obj = *t, key = *k, val = *v;
    for (int loop = 0; loop < MAX_TAG_LOOP; loop++) {
        const TValue *tm;
        if (istable(&obj)) {
            Table *h = tabvalue(&obj);
            TValue *slot = (TValue *)tab_get(h, &key);
            if (!isnil(slot)) {
                *slot = val;
                return;
            }
            tm = meta_lookup(S, h->meta, TM_NEWINDEX);
            if (tm == NULL) {
                vm_rawset_checked(S, h, &key, &val);
                return;
            }
        } else {
            tm = mt_metamethod(S, &obj, TM_NEWINDEX);
            if (tm == NULL)
                debug_typeerror(S, loop == 0 ? t : &obj, "index");
        }
        if (isfunction(tm)) {
            call_tm_noresult(S, tm, &obj, &key, &val);
            return;
        }
        obj = *tm;
    }
    mt_runerror(S, "'__newindex' chain too long; possible loop");
}

void vm_geti(State *S, const TValue *t, int64_t key, TValue *ra)
{
    TValue k;
    setint(&k, key);
    mt_gettable(S, t, &k, ra);
}

void vm_seti(State *S, const TValue *t, int64_t key, const TValue *val)
{
    TValue k;
    setint(&k, key);
    mt_settable(S, t, &k, val);
}

void vm_getglobal_slow(State *S, const TValue *key, TValue *ra)
{
    if (S->globals->meta == NULL) {
        setnil(ra);
        return;
    }
    TValue g;
    settable(&g, S->globals);
    mt_gettable(S, &g, key, ra);
}

void vm_setglobal(State *S, const TValue *key, const TValue *val)
{
    Table *g = S->globals;
    TValue *slot = (TValue *)tab_getstr(g, strvalue(key));
    if (!isnil(slot)) {
        *slot = *val;
    } else if (g->meta == NULL) {
        tab_setstr(S, g, strvalue(key), val);
    } else {
        TValue gv;
        settable(&gv, g);
        mt_settable(S, &gv, key, val);
    }
}

/* ---- arithmetic ---- */

static bool is_bitwise(TMS event)
{
    return event == TM_BAND || event == TM_BOR || event == TM_BXOR ||
           event == TM_SHL || event == TM_SHR || event == TM_BNOT;
}

static int64_t int_arith(State *S, TMS event, int64_t a, int64_t b)
{
    uint64_t x = (uint64_t)a, y = (uint64_t)b;
    switch (event) {
    case TM_ADD: return (int64_t)(x + y);
    case TM_SUB: return (int64_t)(x - y);
    case TM_MUL: return (int64_t)(x * y);
    case TM_MOD: return num_imod(S, a, b);
    case TM_IDIV: return num_idiv(S, a, b);
    case TM_UNM: return (int64_t)(0u - x);
    case TM_BAND: return (int64_t)(x & y);
    case TM_BOR: return (int64_t)(x | y);
    case TM_BXOR: return (int64_t)(x ^ y);
    case TM_SHL: return num_shiftl(a, b);
    case TM_SHR: return num_shiftl(a, (int64_t)(0u - y));
    case TM_BNOT: return (int64_t)~x;
    default: return 0;
    }
}

static double flt_arith(TMS event, double a, double b)
{
    switch (event) {
    case TM_ADD: return a + b;
    case TM_SUB: return a - b;
    case TM_MUL: return a * b;
    case TM_DIV: return a / b;
    case TM_POW: return b == 2 ? a * a : pow(a, b);
    case TM_IDIV: return floor(a / b);
    case TM_MOD: return num_fmod(a, b);
    case TM_UNM: return -a;
    default: return 0;
    }
}

/* Both operands are numbers: Lua's arithmetic on them. */
static void number_arith(State *S, TMS event, const TValue *a, const TValue *b, TValue *res)
{
    bool int_op = event != TM_DIV && event != TM_POW;
    if (int_op && isint(a) && isint(b)) {
        setint(res, int_arith(S, event, ivalue(a), ivalue(b)));
        return;
    }
    setflt(res, flt_arith(event, nvalue(a), nvalue(b)));
}

static void bitwise_arith(State *S, TValue *ra, const TValue *rb, const TValue *rc, TMS event)
{
    int64_t x, y;
    /* floats with an exact integer value take part; strings do not */
    if (isnumber(rb) && isnumber(rc) && num_tointeger(rb, &x) && num_tointeger(rc, &y)) {
        setint(ra, int_arith(S, event, x, y));
        return;
    }
    const TValue *tm = mt_metamethod(S, rb, event);
    if (tm == NULL)
        tm = mt_metamethod(S, rc, event);
    if (tm != NULL) {
        call_tm_result(S, tm, rb, rc, ra);
        return;
    }
    if (isnumber(rb) && isnumber(rc))
        debug_tointerror(S, rb, rc);
    debug_opinterror(S, rb, rc, "perform bitwise operation on");
}

void vm_arith(State *S, TValue *ra, const TValue *rb, const TValue *rc, TMS event)
{
    if (is_bitwise(event)) {
        bitwise_arith(S, ra, rb, rc, event);
        return;
    }
    if (isnumber(rb) && isnumber(rc)) {
        number_arith(S, event, rb, rc, ra);
        return;
    }
    /* Strings take part through coercion (Lua 5.4 does it with string
     * metamethods; the outcome and messages are the same). */
    const TValue *tm_a = isstr(rb) ? NULL : mt_metamethod(S, rb, event);
    if (tm_a != NULL) {
        call_tm_result(S, tm_a, rb, rc, ra);
        return;
    }
    const TValue *tm_b = isstr(rc) ? NULL : mt_metamethod(S, rc, event);
    if (isstr(rb) || isstr(rc)) {
        TValue na, nb;
        bool a_ok = isstr(rb) ? num_coerce_str(strvalue(rb), &na) : (na = *rb, isnumber(rb));
        bool b_ok = isstr(rc) ? num_coerce_str(strvalue(rc), &nb) : (nb = *rc, isnumber(rc));
        if (a_ok && b_ok) {
            number_arith(S, event, &na, &nb, ra);
            return;
        }
        if (tm_b == NULL)
            mt_runerror(S, "attempt to %s a '%s' with a '%s'", S->tmname[event]->data + 2,
                        mt_tag_names[ttype(rb)], mt_tag_names[ttype(rc)]);
    }
    if (tm_b != NULL) {
        call_tm_result(S, tm_b, rb, rc, ra);
        return;
    }
    debug_opinterror(S, rb, rc, "perform arithmetic on");
}

/* ---- comparisons ---- */

/* Lua's exact comparisons between an integer and a float. */
static bool flt_to_int(double f, int64_t *out, bool ceiling)
{
    double r = ceiling ? ceil(f) : floor(f);
    if (!(r >= -9223372036854775808.0 && r < 9223372036854775808.0))
        return false;
    *out = (int64_t)r;
    return true;
}

#define INT_FITS_FLT(i) ((uint64_t)(i) + (1ull << 53) <= (2ull << 53))

static bool lt_int_flt(int64_t i, double f)
{
    int64_t fi;
    if (INT_FITS_FLT(i))
        return (double)i < f;
    if (flt_to_int(f, &fi, true))
        return i < fi;
    return f > 0;
}

static bool le_int_flt(int64_t i, double f)
{
    int64_t fi;
    if (INT_FITS_FLT(i))
        return (double)i <= f;
    if (flt_to_int(f, &fi, false))
        return i <= fi;
    return f > 0;
}

static bool lt_flt_int(double f, int64_t i)
{
    int64_t fi;
    if (INT_FITS_FLT(i))
        return f < (double)i;
    if (flt_to_int(f, &fi, false))
        return fi < i;
    return f < 0;
}

static bool le_flt_int(double f, int64_t i)
{
    int64_t fi;
    if (INT_FITS_FLT(i))
        return f <= (double)i;
    if (flt_to_int(f, &fi, true))
        return fi <= i;
    return f < 0;
}

static bool num_less(const TValue *a, const TValue *b, bool orequal)
{
    if (isint(a) && isint(b))
        return orequal ? ivalue(a) <= ivalue(b) : ivalue(a) < ivalue(b);
    if (isflt(a) && isflt(b))
        return orequal ? fltvalue(a) <= fltvalue(b) : fltvalue(a) < fltvalue(b);
    if (isint(a))
        return orequal ? le_int_flt(ivalue(a), fltvalue(b)) : lt_int_flt(ivalue(a), fltvalue(b));
    return orequal ? le_flt_int(fltvalue(a), ivalue(b)) : lt_flt_int(fltvalue(a), ivalue(b));
}

static int str_compare(const String *a, const String *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->data, b->data, n);
    if (c != 0)
        return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

static bool truthy_tm_result(State *S, const TValue *tm, const TValue *a, const TValue *b)
{
    TValue r;
    call_tm_result(S, tm, a, b, &r);
    return !isfalsy(&r);
}

static bool order(State *S, const TValue *a, const TValue *b, bool orequal)
{
    if (isnumber(a) && isnumber(b))
        return num_less(a, b, orequal);
    if (isstr(a) && isstr(b)) {
        int c = str_compare(strvalue(a), strvalue(b));
        return orequal ? c <= 0 : c < 0;
    }
    TMS event = orequal ? TM_LE : TM_LT;
    const TValue *tm = mt_metamethod(S, a, event);
    if (tm == NULL)
        tm = mt_metamethod(S, b, event);
    if (tm != NULL)
        return truthy_tm_result(S, tm, a, b);
    if (orequal) {
        /* Debian's lua5.4 is built with LUA_COMPAT_LT_LE: without __le,
         * a <= b is not (b < a) through __lt. */
        tm = mt_metamethod(S, b, TM_LT);
        if (tm == NULL)
            tm = mt_metamethod(S, a, TM_LT);
        if (tm != NULL)
            return !truthy_tm_result(S, tm, b, a);
    }
    debug_ordererror(S, a, b);
}

bool mt_lessthan(State *S, const TValue *a, const TValue *b) { return order(S, a, b, false); }
bool mt_lessequal(State *S, const TValue *a, const TValue *b) { return order(S, a, b, true); }

bool mt_equal(State *S, const TValue *a, const TValue *b)
{
    if (ttype(a) != ttype(b) || !istable(a) || tabvalue(a) == tabvalue(b))
        return mt_rawequal(a, b);
    const TValue *tm = mt_metamethod(S, a, TM_EQ);
    if (tm == NULL)
        tm = mt_metamethod(S, b, TM_EQ);
    if (tm == NULL)
        return false;
    return truthy_tm_result(S, tm, a, b);
}

/* ---- length and concatenation ---- */

void mt_objlen(State *S, const TValue *o, TValue *res)
{
    const TValue *tm;
    if (istable(o)) {
        tm = meta_lookup(S, tabvalue(o)->meta, TM_LEN);
        if (tm == NULL) {
            setint(res, tab_len(tabvalue(o)));
            return;
        }
    } else if (isstr(o)) {
        setint(res, (int64_t)strvalue(o)->len);
        return;
    } else {
        tm = mt_metamethod(S, o, TM_LEN);
        if (tm == NULL)
            debug_typeerror(S, o, "get length of");
    }
    call_tm_result(S, tm, o, o, res);
}

static bool concatable(const TValue *v)
{
    return isstr(v) || isnumber(v);
}

/* The bytes of a string or number operand of `..`. */
static const char *concat_piece(const TValue *v, char *numbuf, size_t *len)
{
    if (isstr(v)) {
        *len = strvalue(v)->len;
        return strvalue(v)->data;
    }
    *len = (size_t)num_tostr(v, numbuf);
    return numbuf;
}

/* Joins the run of `count` concatable values ending at S->top - 1. */
static void concat_run(State *S, int count)
{
    TValue *first = S->top - count;
    char numbuf[MT_NUMBUF];
    size_t total = 0, len;
    for (int i = 0; i < count; i++) {
        concat_piece(first + i, numbuf, &len);
        if (len >= ((size_t)1 << 40) - total)
            mt_runerror(S, "string length overflow");
        total += len;
    }
    char *buf = mt_alloc(S, total + 1);
    size_t at = 0;
    for (int i = 0; i < count; i++) {
        const char *piece = concat_piece(first + i, numbuf, &len);
        memcpy(buf + at, piece, len);
        at += len;
    }
    String *s = str_new(S, buf, total);
    mt_free(S, buf, total + 1);
    setstr(first, s);
}

void mt_concat(State *S, int n)
{
    while (n > 1) {
        TValue *top = S->top;
        int used = 2;
        if (!concatable(top - 2) || !concatable(top - 1)) {
            const TValue *tm = mt_metamethod(S, top - 2, TM_CONCAT);
            if (tm == NULL)
                tm = mt_metamethod(S, top - 1, TM_CONCAT);
            if (tm == NULL)
                debug_concaterror(S, top - 2, top - 1);
            call_tm_result(S, tm, top - 2, top - 1, top - 2);
        } else {
            while (used < n && concatable(top - used - 1))
                used++;
            concat_run(S, used);
        }
        n -= used - 1;
        S->top = top - (used - 1);
    }
}

/* ---- numeric for ---- */

static noreturn void for_error(State *S, const TValue *o, const char *what)
{
    mt_runerror(S, "bad 'for' %s (number expected, got %s)", what, mt_typename(S, o));
}

/* Converts a loop limit to an integer for an integer loop; true when the
 * loop must not run at all. */
static bool for_limit(State *S, const TValue *lim, int64_t init, int64_t step, int64_t *out)
{
    TValue v = *lim;
    if (isstr(&v) && !num_coerce_str(strvalue(&v), &v))
        for_error(S, lim, "limit");
    if (isint(&v)) {
        *out = ivalue(&v);
    } else if (isflt(&v)) {
        if (!flt_to_int(fltvalue(&v), out, step < 0)) {
            /* a float beyond the integers (or NaN): clip */
            if (fltvalue(&v) > 0) {
                if (step < 0)
                    return true;
                *out = INT64_MAX;
            } else {
                if (step > 0)
                    return true;
                *out = INT64_MIN;
            }
        }
    } else {
        for_error(S, lim, "limit");
    }
    return step > 0 ? init > *out : init < *out;
}

static double for_float(State *S, const TValue *o, const char *what)
{
    double d;
    if (!num_tonumber(o, &d))
        for_error(S, o, what);
    return d;
}

bool vm_forprep(State *S, TValue *ra)
{
    if (isint(ra) && isint(ra + 2)) {
        int64_t init = ivalue(ra), step = ivalue(ra + 2), limit;
        if (step == 0)
            mt_runerror(S, "'for' step is zero");
        if (for_limit(S, ra + 1, init, step, &limit))
            return false;
        setint(ra + 1, num_forcount(init, limit, step));
        setint(ra + 3, init);
        return true;
    }
    double limit = for_float(S, ra + 1, "limit");
    double step = for_float(S, ra + 2, "step");
    double init = for_float(S, ra, "initial value");
    if (step == 0)
        mt_runerror(S, "'for' step is zero");
    if (step > 0 ? limit < init : init < limit)
        return false;
    setflt(ra, init);
    setflt(ra + 1, limit);
    setflt(ra + 2, step);
    setflt(ra + 3, init);
    return true;
}

/* ---- constructors, closures, varargs ---- */

void vm_setlist(State *S, TValue *ra, int n, int64_t offset)
{
    Table *t = tabvalue(ra);
    if (offset + n <= (int64_t)t->asize) {
        /* the usual case: a constructor's table was created presized */
        for (int i = 1; i <= n; i++)
            t->array[offset + i - 1] = ra[i];
        return;
    }
    for (int i = 1; i <= n; i++)
        tab_setint(S, t, offset + i, ra + i);
}

void vm_closure(State *S, Closure *parent, int protoidx, TValue *base, TValue *ra)
{
    Proto *p = parent->p->protos[protoidx];
    Closure *c = closure_new(S, p);
    setclosure(ra, c);
    for (int i = 0; i < p->nupvals; i++) {
        const UpvalDesc *d = &p->upvals[i];
        c->upvals[i] = d->instack ? upval_find(S, base + d->idx) : parent->upvals[d->idx];
    }
}

void vm_vararg(State *S, CallInfo *ci, TValue *ra, int wanted)
{
    int nextra = ci->nextra;
    TValue *src = ci->func - nextra;
    if (wanted < 0) {
        wanted = nextra;
        if (ra + wanted > S->stack_last)
            mt_runerror(S, "stack overflow");
        S->top = ra + wanted;
        if (S->top > S->stack_hwm)
            S->stack_hwm = S->top;
    }
    int i = 0;
    for (; i < wanted && i < nextra; i++)
        ra[i] = src[i];
    for (; i < wanted; i++)
        setnil(ra + i);
}
