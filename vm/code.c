/* code.c — code generation: instructions, jump lists, registers,
 * constants, and the translation of expression descriptors into code.
 *
 * The shape of the code follows Lua 5.4 (lcode.c) wherever mtvm's
 * instruction set allows; differences: conditional jumps are a test
 * (EQ/LT/LE/EQK/TEST/TESTSET, condition in C) followed by JMP; booleans are
 * materialised with LOADBOOL's skip flag (as Lua 5.3); K-forms of arithmetic
 * take the constant on the right only (there is no "swapped" flag for the
 * metamethod order); and every jump to an earlier pc is a JMPBACK. */
#include "code.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mem.h"
#include "mtstring.h"
#include "number.h"

/* ---- emitting ---- */

static void grow_code(FuncState *fs)
{
    Proto *f = fs->f;
    int newsize = fs->sizecode ? fs->sizecode * 2 : 16;
    if (newsize > (1 << 24))
        code_errorlimit(fs, 1 << 24, "instructions");
    f->code = mt_resizevector(fs->ls->S, f->code, fs->sizecode, newsize, Instr);
    fs->sizecode = newsize;
    f->lineinfo = mt_resizevector(fs->ls->S, f->lineinfo, fs->sizelineinfo,
                                  newsize, int);
    fs->sizelineinfo = newsize;
}

int code_emit(FuncState *fs, Instr i)
{
    if (fs->pc >= fs->sizecode)
        grow_code(fs);
    fs->f->code[fs->pc] = i;
    fs->f->lineinfo[fs->pc] = fs->ls->lastline;
    fs->f->ncode = fs->pc + 1;
    return fs->pc++;
}

int code_abc(FuncState *fs, OpCode o, int a, int b, int c)
{
    assert(a >= 0 && a <= 255 && b >= 0 && b <= 255 && c >= 0 && c <= 255);
    return code_emit(fs, MK_ABC(o, a, b, c));
}

int code_abx(FuncState *fs, OpCode o, int a, int bx)
{
    assert(bx >= 0 && bx <= MAX_Bx);
    return code_emit(fs, MK_ABx(o, a, bx));
}

static int code_asbx(FuncState *fs, OpCode o, int a, int sbx)
{
    return code_emit(fs, MK_AsBx(o, a, sbx));
}

/* Calls and operators report the line of their operator or '(' (as Lua),
 * not the line of the last token read. */
void code_fixline(FuncState *fs, int line)
{
    fs->f->lineinfo[fs->pc - 1] = line;
}

#define SET_A(i, v) ((i) = ((i) & ~(0xffu << 8)) | ((uint32_t)(v) << 8))
#define SET_B(i, v) ((i) = ((i) & ~(0xffu << 16)) | ((uint32_t)(v) << 16))
#define SET_C(i, v) ((i) = ((i) & ~(0xffu << 24)) | ((uint32_t)(v) << 24))
#define SET_OP(i, o) ((i) = ((i) & ~0xffu) | (uint32_t)(o))

/* The instruction before pc, unless a jump may land between them. */
static Instr *previous_instr(FuncState *fs)
{
    static Instr invalid = (Instr)NUM_OPCODES;
    if (fs->pc > fs->lasttarget && fs->pc > 0)
        return &fs->f->code[fs->pc - 1];
    invalid = (Instr)NUM_OPCODES;
    return &invalid;
}

void code_nil(FuncState *fs, int from, int n)
{
    int l = from + n - 1;
    Instr *prev = previous_instr(fs);
    if (GET_OP(*prev) == OP_LOADNIL) {   /* merge with the previous range */
        int pfrom = GET_A(*prev), pl = pfrom + GET_B(*prev);
        if ((pfrom <= from && from <= pl + 1) ||
            (from <= pfrom && pfrom <= l + 1)) {
            if (pfrom < from)
                from = pfrom;
            if (pl > l)
                l = pl;
            SET_A(*prev, from);
            SET_B(*prev, l - from);
            return;
        }
    }
    code_abc(fs, OP_LOADNIL, from, n - 1, 0);
}

void code_ret(FuncState *fs, int first, int nret)
{
    code_abc(fs, OP_RETURN, first, nret + 1, 0);
}

/* ---- jumps ---- */

static int getjump(FuncState *fs, int pc)
{
    int offset = GET_sJ(fs->f->code[pc]);
    return offset == NO_JUMP ? NO_JUMP : pc + 1 + offset;
}

static void fixjump(FuncState *fs, int pc, int dest)
{
    Instr *jmp = &fs->f->code[pc];
    int offset = dest - (pc + 1);
    assert(dest != NO_JUMP);
    if (offset > MAX_sJ || offset < -MAX_sJ)
        lex_syntaxerror(fs->ls, "control structure too long");
    *jmp = MK_sJ(offset < 0 ? OP_JMPBACK : OP_JMP, (uint32_t)offset & 0xffffff);
}

void code_concat(FuncState *fs, int *l1, int l2)
{
    if (l2 == NO_JUMP)
        return;
    if (*l1 == NO_JUMP) {
        *l1 = l2;
        return;
    }
    int list = *l1, next;
    while ((next = getjump(fs, list)) != NO_JUMP)
        list = next;
    fixjump(fs, list, l2);   /* links through offsets, like Lua */
    /* a link is not a real jump: keep it a JMP whatever its direction */
    SET_OP(fs->f->code[list], OP_JMP);
}

int code_jump(FuncState *fs)
{
    return code_emit(fs, MK_sJ(OP_JMP, (uint32_t)NO_JUMP & 0xffffff));
}

int code_getlabel(FuncState *fs)
{
    fs->lasttarget = fs->pc;
    return fs->pc;
}

/* The instruction controlling a jump: the test before it, if any. */
static Instr *getjumpcontrol(FuncState *fs, int pc)
{
    Instr *pi = &fs->f->code[pc];
    if (pc >= 1) {
        switch (GET_OP(*(pi - 1))) {
        case OP_EQ: case OP_LT: case OP_LE: case OP_EQK: case OP_TEST:
        case OP_TESTSET:
            return pi - 1;
        default:
            break;
        }
    }
    return pi;
}

/* A TESTSET gets its destination register, or becomes a TEST when the
 * value is not needed. Returns false for other controls. */
static bool patchtestreg(FuncState *fs, int node, int reg)
{
    Instr *i = getjumpcontrol(fs, node);
    if (GET_OP(*i) != OP_TESTSET)
        return false;
    if (reg != NO_REG && reg != GET_B(*i))
        SET_A(*i, reg);
    else
        *i = MK_ABC(OP_TEST, GET_B(*i), 0, GET_C(*i));
    return true;
}

static void removevalues(FuncState *fs, int list)
{
    for (; list != NO_JUMP; list = getjump(fs, list))
        patchtestreg(fs, list, NO_REG);
}

static void patchlistaux(FuncState *fs, int list, int vtarget, int reg,
                         int dtarget)
{
    while (list != NO_JUMP) {
        int next = getjump(fs, list);
        if (patchtestreg(fs, list, reg))
            fixjump(fs, list, vtarget);
        else
            fixjump(fs, list, dtarget);
        list = next;
    }
}

void code_patchlist(FuncState *fs, int list, int target)
{
    assert(target <= fs->pc);
    patchlistaux(fs, list, target, NO_REG, target);
}

void code_patchtohere(FuncState *fs, int list)
{
    int here = code_getlabel(fs);
    code_patchlist(fs, list, here);
}

void code_jumpto(FuncState *fs, int target)
{
    code_patchlist(fs, code_jump(fs), target);
}

/* FORPREP/FORLOOP/TFORPREP/TFORLOOP hold unsigned distances in Bx. */
void code_fixforjump(FuncState *fs, int pc, int dest, bool back)
{
    Instr *jmp = &fs->f->code[pc];
    int offset = dest - (pc + 1);
    if (back)
        offset = -offset;
    if (offset > MAX_Bx)
        lex_syntaxerror(fs->ls, "control structure too long");
    *jmp = MK_ABx(GET_OP(*jmp), GET_A(*jmp), offset);
}

static int condjump(FuncState *fs, OpCode op, int a, int b, int c)
{
    code_abc(fs, op, a, b, c);
    return code_jump(fs);
}

/* ---- registers ---- */

/* The first free register above the first nvar locals. */
int code_reglevel(FuncState *fs, int nvar)
{
    while (nvar-- > 0) {
        Vardesc *vd = &fs->ls->dyd->arr[fs->firstlocal + nvar];
        if (vd->kind != RDKCTC)
            return vd->ridx + 1;
    }
    return 0;
}

int code_nvarstack(FuncState *fs)
{
    return code_reglevel(fs, fs->nactvar);
}

void code_checkstack(FuncState *fs, int n)
{
    int newstack = fs->freereg + n;
    if (newstack > fs->f->maxstack) {
        if (newstack > MAXREGS)
            lex_syntaxerror(fs->ls,
                            "function or expression needs too many registers");
        fs->f->maxstack = (uint8_t)newstack;
    }
}

void code_reserveregs(FuncState *fs, int n)
{
    code_checkstack(fs, n);
    fs->freereg = (uint8_t)(fs->freereg + n);
}

/* Frees a register if it is a temporary (above the locals). */
static void freereg(FuncState *fs, int reg)
{
    if (reg >= code_nvarstack(fs)) {
        fs->freereg--;
        assert(reg == fs->freereg);
    }
}

static void freeregs(FuncState *fs, int r1, int r2)
{
    if (r1 > r2) {
        freereg(fs, r1);
        freereg(fs, r2);
    } else {
        freereg(fs, r2);
        freereg(fs, r1);
    }
}

static void freeexp(FuncState *fs, ExpDesc *e)
{
    if (e->k == VNONRELOC)
        freereg(fs, e->u.info);
}

static void freeexps(FuncState *fs, ExpDesc *e1, ExpDesc *e2)
{
    int r1 = e1->k == VNONRELOC ? e1->u.info : -1;
    int r2 = e2->k == VNONRELOC ? e2->u.info : -1;
    if (r1 > r2) {
        if (r1 >= 0) freereg(fs, r1);
        if (r2 >= 0) freereg(fs, r2);
    } else {
        if (r2 >= 0) freereg(fs, r2);
        if (r1 >= 0) freereg(fs, r1);
    }
}

/* ---- constants ---- */

/* Hash of a constant for deduplication: type and raw bits (so 1 and 1.0,
 * 0.0 and -0.0 stay distinct, as Lua keeps them). */
static uint32_t khash(const TValue *v)
{
    uint64_t bits = 0;
    switch (v->tt) {
    case T_INT: bits = (uint64_t)v->v.i; break;
    case T_FLT: memcpy(&bits, &v->v.n, sizeof bits); break;
    case T_BOOL: bits = v->v.b; break;
    case T_STR: bits = (uint64_t)(uintptr_t)v->v.gc; break;
    default: break;
    }
    bits ^= (uint64_t)v->tt * 0x9E3779B97F4A7C15u;
    bits *= 0xff51afd7ed558ccdu;
    return (uint32_t)(bits >> 32);
}

static bool ksame(const TValue *a, const TValue *b)
{
    if (a->tt != b->tt)
        return false;
    switch (a->tt) {
    case T_NIL: return true;
    case T_BOOL: return a->v.b == b->v.b;
    case T_INT: return a->v.i == b->v.i;
    case T_FLT: return memcmp(&a->v.n, &b->v.n, sizeof(double)) == 0;
    default: return a->v.gc == b->v.gc;
    }
}

static void khash_insert(FuncState *fs, const TValue *v, int idx)
{
    uint32_t mask = (uint32_t)fs->khashsize - 1;
    uint32_t h = khash(v) & mask;
    while (fs->khash[h] != 0)
        h = (h + 1) & mask;
    fs->khash[h] = idx + 1;
}

static void khash_grow(FuncState *fs)
{
    State *S = fs->ls->S;
    int newsize = fs->khashsize ? fs->khashsize * 2 : 64;
    /* allocate first: if that throws, khash must still be the old block */
    int *khash = mt_newvector(S, newsize, int);
    mt_freevector(S, fs->khash, fs->khashsize, int);
    fs->khash = khash;
    memset(fs->khash, 0, (size_t)newsize * sizeof(int));
    fs->khashsize = newsize;
    for (int i = 0; i < fs->f->nk; i++)
        khash_insert(fs, &fs->f->k[i], i);
}

static int addk(FuncState *fs, const TValue *v)
{
    Proto *f = fs->f;
    if (fs->khashsize) {
        uint32_t mask = (uint32_t)fs->khashsize - 1;
        for (uint32_t h = khash(v) & mask; fs->khash[h] != 0; h = (h + 1) & mask)
            if (ksame(&f->k[fs->khash[h] - 1], v))
                return fs->khash[h] - 1;
    }
    if (f->nk > MAX_Bx)
        code_errorlimit(fs, MAX_Bx + 1, "constants");
    if (f->nk >= fs->sizek) {
        int newsize = fs->sizek ? fs->sizek * 2 : 16;
        f->k = mt_resizevector(fs->ls->S, f->k, fs->sizek, newsize, TValue);
        fs->sizek = newsize;
    }
    int idx = f->nk++;
    f->k[idx] = *v;
    if (2 * f->nk > fs->khashsize)
        khash_grow(fs);   /* rehashes every constant, the new one too */
    else
        khash_insert(fs, v, idx);
    return idx;
}

int code_stringK(FuncState *fs, String *s)
{
    TValue v;
    setstr(&v, s);
    return addk(fs, &v);
}

static int intK(FuncState *fs, int64_t i)
{
    TValue v;
    setint(&v, i);
    return addk(fs, &v);
}

static int numberK(FuncState *fs, double n)
{
    TValue v;
    setflt(&v, n);
    return addk(fs, &v);
}

static int boolK(FuncState *fs, bool b)
{
    TValue v;
    setbool(&v, b);
    return addk(fs, &v);
}

static int nilK(FuncState *fs)
{
    TValue v;
    setnil(&v);
    return addk(fs, &v);
}

static void code_loadk(FuncState *fs, int reg, int k)
{
    code_abx(fs, OP_LOADK, reg, k);
}

static bool fits_sbx(int64_t i)
{
    return i >= -MAX_sBx && i <= MAX_sBx + 1;
}

void code_int(FuncState *fs, int reg, int64_t i)
{
    if (fits_sbx(i))
        code_asbx(fs, OP_LOADI, reg, (int)i);
    else
        code_loadk(fs, reg, intK(fs, i));
}

static void code_float(FuncState *fs, int reg, double n)
{
    /* LOADF only for integral values; never for -0.0 */
    if (n == floor(n) && n >= -MAX_sBx && n <= MAX_sBx + 1 &&
        !(n == 0 && signbit(n)))
        code_asbx(fs, OP_LOADF, reg, (int)n);
    else
        code_loadk(fs, reg, numberK(fs, n));
}

static void str2K(FuncState *fs, ExpDesc *e)
{
    int k = code_stringK(fs, e->u.strval);
    e->u.info = k;
    e->k = VK;
}

static bool hasjumps(const ExpDesc *e) { return e->t != e->f; }

/* A numeral without jumps, as a value. */
static bool tonumeral(const ExpDesc *e, TValue *v)
{
    if (hasjumps(e))
        return false;
    if (e->k == VKINT) {
        if (v) setint(v, e->u.ival);
        return true;
    }
    if (e->k == VKFLT) {
        if (v) setflt(v, e->u.nval);
        return true;
    }
    return false;
}

/* ---- discharging expressions ---- */

void code_setreturns(FuncState *fs, ExpDesc *e, int nresults)
{
    Instr *pc = &getinstr(fs, e);
    if (e->k == VCALL) {
        SET_C(*pc, nresults + 1);
    } else {
        assert(e->k == VVARARG);
        SET_C(*pc, nresults + 1);
        SET_A(*pc, fs->freereg);
        code_reserveregs(fs, 1);
    }
}

void code_setoneret(FuncState *fs, ExpDesc *e)
{
    if (e->k == VCALL) {
        e->k = VNONRELOC;   /* the result is in the call's base register */
        e->u.info = GET_A(getinstr(fs, e));
    } else if (e->k == VVARARG) {
        SET_C(getinstr(fs, e), 2);
        e->k = VRELOC;
    }
}

static void const2exp(const TValue *v, ExpDesc *e)
{
    switch (v->tt) {
    case T_INT: e->k = VKINT; e->u.ival = v->v.i; break;
    case T_FLT: e->k = VKFLT; e->u.nval = v->v.n; break;
    case T_BOOL: e->k = v->v.b ? VTRUE : VFALSE; break;
    case T_NIL: e->k = VNIL; break;
    default: e->k = VKSTR; e->u.strval = strvalue(v); break;
    }
}

bool code_exp2const(FuncState *fs, const ExpDesc *e, TValue *v)
{
    if (hasjumps(e))
        return false;
    switch (e->k) {
    case VFALSE: setbool(v, false); return true;
    case VTRUE: setbool(v, true); return true;
    case VNIL: setnil(v); return true;
    case VKSTR: setstr(v, e->u.strval); return true;
    case VCONST: *v = fs->ls->dyd->arr[e->u.info].k; return true;
    default: return tonumeral(e, v);
    }
}

void code_dischargevars(FuncState *fs, ExpDesc *e)
{
    switch (e->k) {
    case VCONST:
        const2exp(&fs->ls->dyd->arr[e->u.info].k, e);
        break;
    case VLOCAL:
        e->u.info = e->u.var.ridx;
        e->k = VNONRELOC;
        break;
    case VUPVAL:
        e->u.info = code_abc(fs, OP_GETUPVAL, 0, e->u.info, 0);
        e->k = VRELOC;
        break;
    case VGLOBAL:
        e->u.info = code_abx(fs, OP_GETGLOBAL, 0, e->u.info);
        e->k = VRELOC;
        break;
    case VINDEXI:
        freereg(fs, e->u.ind.t);
        e->u.info = code_abc(fs, OP_GETI, 0, e->u.ind.t, e->u.ind.idx);
        e->k = VRELOC;
        break;
    case VINDEXSTR:
        freereg(fs, e->u.ind.t);
        e->u.info = code_abc(fs, OP_GETFIELD, 0, e->u.ind.t, e->u.ind.idx);
        e->k = VRELOC;
        break;
    case VINDEXED:
        freeregs(fs, e->u.ind.t, e->u.ind.idx);
        e->u.info = code_abc(fs, OP_GETTABLE, 0, e->u.ind.t, e->u.ind.idx);
        e->k = VRELOC;
        break;
    case VVARARG: case VCALL:
        code_setoneret(fs, e);
        break;
    default:
        break;
    }
}

static void discharge2reg(FuncState *fs, ExpDesc *e, int reg)
{
    code_dischargevars(fs, e);
    switch (e->k) {
    case VNIL: code_nil(fs, reg, 1); break;
    case VFALSE: code_abc(fs, OP_LOADBOOL, reg, 0, 0); break;
    case VTRUE: code_abc(fs, OP_LOADBOOL, reg, 1, 0); break;
    case VKSTR: str2K(fs, e); /* fall through */
    case VK: code_loadk(fs, reg, e->u.info); break;
    case VKFLT: code_float(fs, reg, e->u.nval); break;
    case VKINT: code_int(fs, reg, e->u.ival); break;
    case VRELOC: SET_A(getinstr(fs, e), reg); break;
    case VNONRELOC:
        if (reg != e->u.info)
            code_abc(fs, OP_MOVE, reg, e->u.info, 0);
        break;
    default:
        assert(e->k == VJMP);
        return;   /* nothing to do */
    }
    e->u.info = reg;
    e->k = VNONRELOC;
}

static void discharge2anyreg(FuncState *fs, ExpDesc *e)
{
    if (e->k != VNONRELOC) {
        code_reserveregs(fs, 1);
        discharge2reg(fs, e, fs->freereg - 1);
    }
}

static int code_loadbool(FuncState *fs, int a, int b, int skip)
{
    code_getlabel(fs);   /* a jump target: keeps LOADNILs from merging */
    return code_abc(fs, OP_LOADBOOL, a, b, skip);
}

/* Does some jump in the list need a value (i.e. is not a TESTSET)? */
static bool need_value(FuncState *fs, int list)
{
    for (; list != NO_JUMP; list = getjump(fs, list))
        if (GET_OP(*getjumpcontrol(fs, list)) != OP_TESTSET)
            return true;
    return false;
}

static void exp2reg(FuncState *fs, ExpDesc *e, int reg)
{
    discharge2reg(fs, e, reg);
    if (e->k == VJMP)
        code_concat(fs, &e->t, e->u.info);
    if (hasjumps(e)) {
        int p_f = NO_JUMP, p_t = NO_JUMP;
        if (need_value(fs, e->t) || need_value(fs, e->f)) {
            int fj = e->k == VJMP ? NO_JUMP : code_jump(fs);
            p_f = code_loadbool(fs, reg, 0, 1);
            p_t = code_loadbool(fs, reg, 1, 0);
            code_patchtohere(fs, fj);
        }
        int final = code_getlabel(fs);
        patchlistaux(fs, e->f, final, reg, p_f);
        patchlistaux(fs, e->t, final, reg, p_t);
    }
    e->f = e->t = NO_JUMP;
    e->u.info = reg;
    e->k = VNONRELOC;
}

void code_exp2nextreg(FuncState *fs, ExpDesc *e)
{
    code_dischargevars(fs, e);
    freeexp(fs, e);
    code_reserveregs(fs, 1);
    exp2reg(fs, e, fs->freereg - 1);
}

int code_exp2anyreg(FuncState *fs, ExpDesc *e)
{
    code_dischargevars(fs, e);
    if (e->k == VNONRELOC) {
        if (!hasjumps(e))
            return e->u.info;
        if (e->u.info >= code_nvarstack(fs)) {   /* a temporary: reuse it */
            exp2reg(fs, e, e->u.info);
            return e->u.info;
        }
        /* a local with jumps: fall through to a fresh register */
    }
    code_exp2nextreg(fs, e);
    return e->u.info;
}

void code_exp2val(FuncState *fs, ExpDesc *e)
{
    if (hasjumps(e))
        code_exp2anyreg(fs, e);
    else
        code_dischargevars(fs, e);
}

/* Makes e a K operand with an 8-bit index if it is a constant; false if
 * it is not one or the index does not fit. */
static bool exp2K(FuncState *fs, ExpDesc *e)
{
    if (hasjumps(e))
        return false;
    int info;
    switch (e->k) {
    case VTRUE: info = boolK(fs, true); break;
    case VFALSE: info = boolK(fs, false); break;
    case VNIL: info = nilK(fs); break;
    case VKINT: info = intK(fs, e->u.ival); break;
    case VKFLT: info = numberK(fs, e->u.nval); break;
    case VKSTR: info = code_stringK(fs, e->u.strval); break;
    case VK: info = e->u.info; break;
    default: return false;
    }
    if (info > MAXINDEXRK)
        return false;
    e->k = VK;
    e->u.info = info;
    return true;
}

/* ---- stores, indexing, self ---- */

void code_storevar(FuncState *fs, ExpDesc *var, ExpDesc *ex)
{
    switch (var->k) {
    case VLOCAL:
        freeexp(fs, ex);
        exp2reg(fs, ex, var->u.var.ridx);
        return;
    case VUPVAL: {
        int e = code_exp2anyreg(fs, ex);
        code_abc(fs, OP_SETUPVAL, e, var->u.info, 0);
        break;
    }
    case VGLOBAL: {
        int e = code_exp2anyreg(fs, ex);
        code_abx(fs, OP_SETGLOBAL, e, var->u.info);
        break;
    }
    case VINDEXED: {
        int e = code_exp2anyreg(fs, ex);
        code_abc(fs, OP_SETTABLE, var->u.ind.t, var->u.ind.idx, e);
        break;
    }
    case VINDEXI: {
        int e = code_exp2anyreg(fs, ex);
        code_abc(fs, OP_SETI, var->u.ind.t, var->u.ind.idx, e);
        break;
    }
    case VINDEXSTR: {
        int e = code_exp2anyreg(fs, ex);
        code_abc(fs, OP_SETFIELD, var->u.ind.t, var->u.ind.idx, e);
        break;
    }
    default:
        assert(0);
    }
    freeexp(fs, ex);
}

void code_self(FuncState *fs, ExpDesc *e, ExpDesc *key)
{
    code_exp2anyreg(fs, e);
    int ereg = e->u.info;
    freeexp(fs, e);
    int base = fs->freereg;
    e->u.info = base;
    e->k = VNONRELOC;
    code_reserveregs(fs, 2);   /* the method and 'self' */
    int k = code_stringK(fs, key->u.strval);
    if (k <= MAXINDEXRK) {
        code_abc(fs, OP_SELF, base, ereg, k);
    } else {   /* too many constants for C: the long way */
        code_abc(fs, OP_MOVE, base + 1, ereg, 0);
        code_reserveregs(fs, 1);
        code_loadk(fs, base + 2, k);
        code_abc(fs, OP_GETTABLE, base, base + 1, base + 2);
        freereg(fs, base + 2);
    }
}

static bool isKstr(FuncState *fs, const ExpDesc *e)
{
    return e->k == VK && !hasjumps(e) && e->u.info <= MAXINDEXRK &&
           fs->f->k[e->u.info].tt == T_STR;
}

static bool isCint(const ExpDesc *e)
{
    return e->k == VKINT && !hasjumps(e) && e->u.ival >= 0 &&
           e->u.ival <= 255;
}

/* t[k]: t must already be in a register (local or temporary). */
void code_indexed(FuncState *fs, ExpDesc *t, ExpDesc *k)
{
    if (k->k == VKSTR)
        str2K(fs, k);
    assert(!hasjumps(t) && (t->k == VLOCAL || t->k == VNONRELOC));
    int treg = t->k == VLOCAL ? t->u.var.ridx : t->u.info;
    if (isKstr(fs, k)) {
        t->u.ind.idx = k->u.info;
        t->k = VINDEXSTR;
    } else if (isCint(k)) {
        t->u.ind.idx = (int)k->u.ival;
        t->k = VINDEXI;
    } else {
        t->u.ind.idx = code_exp2anyreg(fs, k);
        t->k = VINDEXED;
    }
    t->u.ind.t = (uint8_t)treg;
}

/* ---- conditions ---- */

static void negatecondition(FuncState *fs, ExpDesc *e)
{
    Instr *pc = getjumpcontrol(fs, e->u.info);
    SET_C(*pc, GET_C(*pc) ^ 1);
}

static int jumponcond(FuncState *fs, ExpDesc *e, int cond)
{
    if (e->k == VRELOC) {
        Instr ie = getinstr(fs, e);
        if (GET_OP(ie) == OP_NOT) {   /* test the NOT's operand instead */
            fs->pc--;
            fs->f->ncode--;
            return condjump(fs, OP_TEST, GET_B(ie), 0, !cond);
        }
    }
    discharge2anyreg(fs, e);
    freeexp(fs, e);
    return condjump(fs, OP_TESTSET, NO_REG, e->u.info, cond);
}

void code_goiftrue(FuncState *fs, ExpDesc *e)
{
    int pc;
    code_dischargevars(fs, e);
    switch (e->k) {
    case VJMP:
        negatecondition(fs, e);
        pc = e->u.info;
        break;
    case VK: case VKFLT: case VKINT: case VKSTR: case VTRUE:
        pc = NO_JUMP;   /* always true */
        break;
    default:
        pc = jumponcond(fs, e, 0);
    }
    code_concat(fs, &e->f, pc);
    code_patchtohere(fs, e->t);
    e->t = NO_JUMP;
}

void code_goiffalse(FuncState *fs, ExpDesc *e)
{
    int pc;
    code_dischargevars(fs, e);
    switch (e->k) {
    case VJMP: pc = e->u.info; break;
    case VNIL: case VFALSE: pc = NO_JUMP; break;
    default: pc = jumponcond(fs, e, 1);
    }
    code_concat(fs, &e->t, pc);
    code_patchtohere(fs, e->f);
    e->f = NO_JUMP;
}

static void codenot(FuncState *fs, ExpDesc *e)
{
    switch (e->k) {
    case VNIL: case VFALSE:
        e->k = VTRUE;
        break;
    case VK: case VKFLT: case VKINT: case VKSTR: case VTRUE:
        e->k = VFALSE;
        break;
    case VJMP:
        negatecondition(fs, e);
        break;
    case VRELOC: case VNONRELOC: {
        discharge2anyreg(fs, e);
        freeexp(fs, e);
        e->u.info = code_abc(fs, OP_NOT, 0, e->u.info, 0);
        e->k = VRELOC;
        break;
    }
    default:
        assert(0);
    }
    int tmp = e->f;   /* interchange true and false lists */
    e->f = e->t;
    e->t = tmp;
    removevalues(fs, e->f);
    removevalues(fs, e->t);
}

/* ---- constant folding (Lua 5.4's rules) ---- */

static bool toint_exact(const TValue *v, int64_t *out)
{
    if (isint(v)) {
        *out = ivalue(v);
        return true;
    }
    return num_flt2int(fltvalue(v), out);
}

static bool validop(BinOpr op, const TValue *v1, const TValue *v2)
{
    int64_t i;
    switch (op) {
    case OPR_BAND: case OPR_BOR: case OPR_BXOR: case OPR_SHL: case OPR_SHR:
        return toint_exact(v1, &i) && toint_exact(v2, &i);
    case OPR_DIV: case OPR_IDIV: case OPR_MOD:
        return nvalue(v2) != 0;
    default:
        return true;
    }
}

static int64_t fold_int(State *S, BinOpr op, int64_t a, int64_t b)
{
    uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
    switch (op) {
    case OPR_ADD: return (int64_t)(ua + ub);
    case OPR_SUB: return (int64_t)(ua - ub);
    case OPR_MUL: return (int64_t)(ua * ub);
    case OPR_MOD: return num_imod(S, a, b);   /* b != 0 (validop) */
    case OPR_IDIV: return num_idiv(S, a, b);
    case OPR_BAND: return (int64_t)(ua & ub);
    case OPR_BOR: return (int64_t)(ua | ub);
    case OPR_BXOR: return (int64_t)(ua ^ ub);
    case OPR_SHL: return num_shiftl(a, b);
    case OPR_SHR: return num_shiftl(a, (int64_t)(0u - ub));
    default: assert(0); return 0;
    }
}

static double fold_flt(BinOpr op, double a, double b)
{
    switch (op) {
    case OPR_ADD: return a + b;
    case OPR_SUB: return a - b;
    case OPR_MUL: return a * b;
    case OPR_DIV: return a / b;
    case OPR_POW: return b == 2 ? a * a : pow(a, b);
    case OPR_IDIV: return floor(a / b);
    case OPR_MOD: return num_fmod(a, b);
    default: assert(0); return 0;
    }
}

/* Folds e1 op e2 into e1 when both are numerals and Lua would fold:
 * never for a NaN or zero float result (which could be -0). */
static bool constfolding(FuncState *fs, BinOpr op, ExpDesc *e1,
                         const ExpDesc *e2)
{
    TValue v1, v2;
    if (!tonumeral(e1, &v1) || !tonumeral(e2, &v2) || !validop(op, &v1, &v2))
        return false;
    bool bitwise = op >= OPR_BAND && op <= OPR_SHR;
    if (bitwise) {
        int64_t a, b;
        toint_exact(&v1, &a);
        toint_exact(&v2, &b);
        e1->k = VKINT;
        e1->u.ival = fold_int(fs->ls->S, op, a, b);
        return true;
    }
    if (op != OPR_DIV && op != OPR_POW && isint(&v1) && isint(&v2)) {
        e1->k = VKINT;
        e1->u.ival = fold_int(fs->ls->S, op, ivalue(&v1), ivalue(&v2));
        return true;
    }
    double n = fold_flt(op, nvalue(&v1), nvalue(&v2));
    if (isnan(n) || n == 0)
        return false;
    e1->k = VKFLT;
    e1->u.nval = n;
    return true;
}

static bool fold_unary(UnOpr op, ExpDesc *e)
{
    TValue v;
    if (!tonumeral(e, &v))
        return false;
    if (op == OPR_MINUS) {
        if (isint(&v)) {
            e->u.ival = (int64_t)(0u - (uint64_t)ivalue(&v));
            return true;
        }
        double n = -fltvalue(&v);
        if (isnan(n) || n == 0)
            return false;
        e->u.nval = n;
        return true;
    }
    int64_t i;   /* OPR_BNOT */
    if (!toint_exact(&v, &i))
        return false;
    e->k = VKINT;
    e->u.ival = (int64_t)~(uint64_t)i;
    return true;
}

/* ---- operators ---- */

void code_prefix(FuncState *fs, UnOpr op, ExpDesc *e, int line)
{
    static const OpCode ops[] = {OP_UNM, OP_BNOT, OP_NOT, OP_LEN};
    code_dischargevars(fs, e);
    if ((op == OPR_MINUS || op == OPR_BNOT) && fold_unary(op, e))
        return;
    if (op == OPR_NOT) {
        codenot(fs, e);
        return;
    }
    int r = code_exp2anyreg(fs, e);
    freeexp(fs, e);
    e->u.info = code_abc(fs, ops[op], 0, r, 0);
    e->k = VRELOC;
    code_fixline(fs, line);
}

void code_infix(FuncState *fs, BinOpr op, ExpDesc *v)
{
    code_dischargevars(fs, v);
    switch (op) {
    case OPR_AND:
        code_goiftrue(fs, v);
        break;
    case OPR_OR:
        code_goiffalse(fs, v);
        break;
    case OPR_CONCAT:
        code_exp2nextreg(fs, v);   /* operands must be consecutive */
        break;
    case OPR_EQ: case OPR_NE:
        /* constants stay as they are: they may become a K operand */
        if (!tonumeral(v, NULL) && !exp2K(fs, v))
            code_exp2anyreg(fs, v);
        break;
    default:
        /* numerals stay: they may be folded or become a K operand */
        if (!tonumeral(v, NULL))
            code_exp2anyreg(fs, v);
        break;
    }
}

static void codeconcat(FuncState *fs, ExpDesc *e1, ExpDesc *e2, int line)
{
    Instr *ie2 = previous_instr(fs);
    if (GET_OP(*ie2) == OP_CONCAT) {   /* e2 is a concatenation: extend it */
        int n = GET_B(*ie2);
        assert(e1->u.info + 1 == GET_A(*ie2));
        freeexp(fs, e2);
        SET_A(*ie2, e1->u.info);
        SET_B(*ie2, n + 1);
    } else {
        code_abc(fs, OP_CONCAT, e1->u.info, 2, 0);
        freeexp(fs, e2);
        code_fixline(fs, line);
    }
}

static void finishbinexp(FuncState *fs, OpCode op, ExpDesc *e1, ExpDesc *e2,
                         int c, int line)
{
    int r1 = code_exp2anyreg(fs, e1);
    freeexps(fs, e1, e2);
    e1->u.info = code_abc(fs, op, 0, r1, c);
    e1->k = VRELOC;
    code_fixline(fs, line);
}

static void codearith(FuncState *fs, BinOpr op, ExpDesc *e1, ExpDesc *e2,
                      int line)
{
    bool bitwise = op >= OPR_BAND && op <= OPR_SHR;
    OpCode rr = (OpCode)(OP_ADD + op);
    OpCode rk = (OpCode)(OP_ADDK + op);
    TValue v;
    /* K-form: a numeral on the right (an integer one for bitwise ops) */
    if (tonumeral(e2, &v) && (!bitwise || isint(&v)) && exp2K(fs, e2)) {
        finishbinexp(fs, rk, e1, e2, e2->u.info, line);
        return;
    }
    int r2 = code_exp2anyreg(fs, e2);
    finishbinexp(fs, rr, e1, e2, r2, line);
}

static void codeeq(FuncState *fs, BinOpr op, ExpDesc *e1, ExpDesc *e2)
{
    if (e1->k != VNONRELOC) {   /* a constant on the left: swap (== is
                                   symmetric and constants have no __eq) */
        ExpDesc tmp = *e1;
        *e1 = *e2;
        *e2 = tmp;
    }
    int r1 = code_exp2anyreg(fs, e1);
    int pc;
    int cond = op == OPR_EQ;
    if (exp2K(fs, e2)) {
        pc = condjump(fs, OP_EQK, r1, e2->u.info, cond);
        freeexp(fs, e1);
    } else {
        int r2 = code_exp2anyreg(fs, e2);
        freeexps(fs, e1, e2);
        pc = condjump(fs, OP_EQ, r1, r2, cond);
    }
    e1->u.info = pc;
    e1->k = VJMP;
}

static void codeorder(FuncState *fs, OpCode op, ExpDesc *e1, ExpDesc *e2)
{
    /* A numeral operand was kept out of a register (code_infix); the other
     * operand may end in jumps (`a or b`) that must land before the numeral
     * is loaded, so the numeral goes to its register last. */
    int r1, r2;
    if (tonumeral(e1, NULL)) {
        r2 = code_exp2anyreg(fs, e2);
        r1 = code_exp2anyreg(fs, e1);
    } else {
        r1 = code_exp2anyreg(fs, e1);
        r2 = code_exp2anyreg(fs, e2);
    }
    freeexps(fs, e1, e2);
    e1->u.info = condjump(fs, op, r1, r2, 1);
    e1->k = VJMP;
}

void code_posfix(FuncState *fs, BinOpr op, ExpDesc *e1, ExpDesc *e2,
                 int line)
{
    code_dischargevars(fs, e2);
    if (op <= OPR_SHR && constfolding(fs, op, e1, e2))
        return;
    switch (op) {
    case OPR_AND:
        assert(e1->t == NO_JUMP);
        code_concat(fs, &e2->f, e1->f);
        *e1 = *e2;
        break;
    case OPR_OR:
        assert(e1->f == NO_JUMP);
        code_concat(fs, &e2->t, e1->t);
        *e1 = *e2;
        break;
    case OPR_CONCAT:
        code_exp2nextreg(fs, e2);
        codeconcat(fs, e1, e2, line);
        break;
    case OPR_EQ: case OPR_NE:
        codeeq(fs, op, e1, e2);
        break;
    case OPR_GT: case OPR_GE: {   /* a > b is b < a; a >= b is b <= a */
        ExpDesc tmp = *e1;
        *e1 = *e2;
        *e2 = tmp;
        codeorder(fs, op == OPR_GT ? OP_LT : OP_LE, e1, e2);
        break;
    }
    case OPR_LT:
        codeorder(fs, OP_LT, e1, e2);
        break;
    case OPR_LE:
        codeorder(fs, OP_LE, e1, e2);
        break;
    default:
        codearith(fs, op, e1, e2, line);
        break;
    }
}

/* ---- tables ---- */

void code_settablesize(FuncState *fs, int pc, int na, int nh)
{
    Instr *i = &fs->f->code[pc];
    SET_B(*i, na < 255 ? na : 255);
    SET_C(*i, nh < 255 ? nh : 255);
}

/* Stores `tostore` pending items (MT_MULTRET: up to top) of the table at
 * `base` after the `nelems` already stored. */
void code_setlist(FuncState *fs, int base, int nelems, int tostore)
{
    int block = nelems / SETLIST_BATCH;
    int b = tostore == MT_MULTRET ? 0 : tostore;
    if (block < 255) {
        code_abc(fs, OP_SETLIST, base, b, block);
    } else {
        if (block > MAX_Bx)
            code_errorlimit(fs, MAX_Bx * SETLIST_BATCH, "items in a constructor");
        code_abc(fs, OP_SETLIST, base, b, 255);
        code_abx(fs, OP_EXTRAARG, 0, block);
    }
    fs->freereg = (uint8_t)(base + 1);
}

/* ---- finishing ---- */

/* Where a chain of jumps starting at pc finally lands (bounded, in case
 * of a jump to itself). */
static int finaltarget(const Instr *code, int pc)
{
    for (int count = 0; count < 100; count++) {
        OpCode op = GET_OP(code[pc]);
        if (op != OP_JMP && op != OP_JMPBACK)
            break;
        pc += GET_sJ(code[pc]) + 1;
    }
    return pc;
}

/* As Lua's luaK_finish: a jump to a jump goes straight to the final
 * target (re-encoded as JMPBACK when that target lies behind it). */
void code_finaljumps(FuncState *fs)
{
    Instr *code = fs->f->code;
    for (int pc = 0; pc < fs->pc; pc++) {
        OpCode op = GET_OP(code[pc]);
        if (op == OP_JMP || op == OP_JMPBACK) {
            int target = finaltarget(code, pc);
            if (target != pc + 1 + GET_sJ(code[pc]))
                fixjump(fs, pc, target);
        }
    }
}

void code_finish(FuncState *fs)
{
    State *S = fs->ls->S;
    Proto *f = fs->f;
    f->code = mt_resizevector(S, f->code, fs->sizecode, f->ncode, Instr);
    fs->sizecode = f->ncode;
    f->lineinfo = mt_resizevector(S, f->lineinfo, fs->sizelineinfo, f->ncode, int);
    fs->sizelineinfo = f->ncode;
    f->k = mt_resizevector(S, f->k, fs->sizek, f->nk, TValue);
    fs->sizek = f->nk;
    f->protos = mt_resizevector(S, f->protos, fs->sizep, f->nprotos, Proto *);
    fs->sizep = f->nprotos;
    f->upvals = mt_resizevector(S, f->upvals, fs->sizeupvals, f->nupvals,
                                UpvalDesc);
    fs->sizeupvals = f->nupvals;
    f->locvars = mt_resizevector(S, f->locvars, fs->sizelocvars, f->nlocvars,
                                 LocVar);
    fs->sizelocvars = f->nlocvars;
    mt_freevector(S, fs->khash, fs->khashsize, int);
    fs->khash = NULL;
    fs->khashsize = 0;
}

noreturn void code_errorlimit(FuncState *fs, int limit, const char *what)
{
    char msg[120];
    int line = fs->f->linedefined;
    if (line == 0)
        snprintf(msg, sizeof msg, "too many %s (limit is %d) in main function",
                 what, limit);
    else
        snprintf(msg, sizeof msg,
                 "too many %s (limit is %d) in function at line %d", what,
                 limit, line);
    lex_syntaxerror(fs->ls, msg);
}
