/* code.h — the code generator's view of a function being compiled:
 * expression descriptors, the per-function state, and the emitters the
 * parser calls. Modelled on Lua 5.4's lcode (expression descriptors with
 * true/false jump lists, registers allocated by a free-register counter),
 * adapted to mtvm's instruction set (opcodes.h). */
#ifndef MT_CODE_H
#define MT_CODE_H

#include "lex.h"
#include "opcodes.h"

#define NO_JUMP (-1)
#define NO_REG 255          /* TESTSET whose destination is still open */
#define MAXVARS 200         /* active locals per function, as Lua */
#define MAXUPVAL 255
#define MAXINDEXRK 255      /* largest K index an 8-bit operand can name */

typedef enum {
    VVOID,      /* empty expression list / no value */
    VNIL, VTRUE, VFALSE,
    VK,         /* info = constant index */
    VKFLT,      /* nval */
    VKINT,      /* ival */
    VKSTR,      /* strval */
    VNONRELOC,  /* info = register holding the value */
    VLOCAL,     /* var.ridx = register, var.vidx = index among actvar */
    VCONST,     /* info = absolute index in dyd of a compile-time constant */
    VUPVAL,     /* info = upvalue index */
    VGLOBAL,    /* info = K index of the name */
    VINDEXED,   /* ind.t = table register, ind.idx = key register */
    VINDEXI,    /* ind.idx = integer key 0..255 */
    VINDEXSTR,  /* ind.idx = K index (<= 255) of a string key */
    VJMP,       /* info = pc of the JMP after a test */
    VRELOC,     /* info = pc of an instruction whose A is still open */
    VCALL,      /* info = pc of the CALL */
    VVARARG     /* info = pc of the VARARG */
} ExpKind;

#define vkisvar(k) ((k) >= VLOCAL && (k) <= VINDEXSTR)
#define vkisindexed(k) ((k) >= VINDEXED && (k) <= VINDEXSTR)
#define hasmultret(k) ((k) == VCALL || (k) == VVARARG)

typedef struct ExpDesc {
    ExpKind k;
    union {
        int64_t ival;
        double nval;
        String *strval;
        int info;
        struct { uint8_t t; int idx; } ind;
        struct { uint8_t ridx; int vidx; } var;
    } u;
    int t, f;   /* jump lists: exit when true / when false */
} ExpDesc;

/* Kinds of local variables: regular, <const> in a register, and <const>
 * with a compile-time constant value (no register, as Lua 5.4). */
enum { VDKREG, RDKCONST, RDKCTC };

typedef struct Vardesc {
    String *name;
    uint8_t kind;
    uint8_t ridx;       /* register */
    int pidx;           /* index in Proto.locvars, -1 if none */
    TValue k;           /* RDKCTC: the value */
} Vardesc;

/* Active variables of all the functions being compiled, innermost last. */
typedef struct Dyndata {
    Vardesc *arr;
    int n, size;
} Dyndata;

typedef struct BlockCnt {
    struct BlockCnt *previous;
    int breaklist;      /* loops: pending 'break' jumps */
    uint8_t nactvar;    /* active locals outside the block */
    uint8_t upval;      /* some local of this block is captured */
    uint8_t isloop;
    uint8_t closebreaks;    /* loops: a break leaves a block with upvalues */
} BlockCnt;

typedef struct FuncState {
    Proto *f;
    struct FuncState *prev;
    Lexer *ls;
    BlockCnt *bl;
    int pc;             /* next instruction (== f->ncode) */
    int lasttarget;     /* pc of the last jump target */
    int firstlocal;     /* first of this function's entries in dyd */
    /* Allocated sizes of f's arrays. code and lineinfo grow together but
     * have a size each: an allocation failing between the two must not
     * leave either with a size it does not have (mem.c relies on it). */
    int sizecode, sizelineinfo, sizek, sizep, sizeupvals, sizelocvars;
    int *khash;         /* constant dedup: open-addressed indices + 1 */
    int khashsize;
    int badbreak;       /* line of a 'break' outside any loop, or 0 */
    uint8_t nactvar;
    uint8_t freereg;
    uint8_t needclose;
    uint8_t upkind[MAXUPVAL + 1];   /* Vardesc kind of each upvalue */
} FuncState;

typedef enum {
    OPR_ADD, OPR_SUB, OPR_MUL, OPR_MOD, OPR_POW, OPR_DIV, OPR_IDIV,
    OPR_BAND, OPR_BOR, OPR_BXOR, OPR_SHL, OPR_SHR,
    OPR_CONCAT,
    OPR_EQ, OPR_LT, OPR_LE, OPR_NE, OPR_GT, OPR_GE,
    OPR_AND, OPR_OR,
    OPR_NOBINOPR
} BinOpr;

typedef enum { OPR_MINUS, OPR_BNOT, OPR_NOT, OPR_LEN, OPR_NOUNOPR } UnOpr;

#define getinstr(fs, e) ((fs)->f->code[(e)->u.info])

int code_emit(FuncState *fs, Instr i);
int code_abc(FuncState *fs, OpCode o, int a, int b, int c);
int code_abx(FuncState *fs, OpCode o, int a, int bx);
void code_fixline(FuncState *fs, int line);
void code_nil(FuncState *fs, int from, int n);
void code_int(FuncState *fs, int reg, int64_t i);
void code_ret(FuncState *fs, int first, int nret);
int code_jump(FuncState *fs);
void code_jumpto(FuncState *fs, int target);
int code_getlabel(FuncState *fs);
void code_patchlist(FuncState *fs, int list, int target);
void code_patchtohere(FuncState *fs, int list);
void code_concat(FuncState *fs, int *l1, int l2);
void code_fixforjump(FuncState *fs, int pc, int dest, bool back);

void code_checkstack(FuncState *fs, int n);
void code_reserveregs(FuncState *fs, int n);
int code_nvarstack(FuncState *fs);
int code_reglevel(FuncState *fs, int nvar);
/* The constant value of e, if it has one (for <const> locals). */
bool code_exp2const(FuncState *fs, const ExpDesc *e, TValue *v);
int code_stringK(FuncState *fs, String *s);

void code_dischargevars(FuncState *fs, ExpDesc *e);
int code_exp2anyreg(FuncState *fs, ExpDesc *e);
void code_exp2nextreg(FuncState *fs, ExpDesc *e);
void code_exp2val(FuncState *fs, ExpDesc *e);
void code_setreturns(FuncState *fs, ExpDesc *e, int nresults);
#define code_setmultret(fs, e) code_setreturns(fs, e, MT_MULTRET)
void code_setoneret(FuncState *fs, ExpDesc *e);
void code_storevar(FuncState *fs, ExpDesc *var, ExpDesc *ex);
void code_self(FuncState *fs, ExpDesc *e, ExpDesc *key);
void code_indexed(FuncState *fs, ExpDesc *t, ExpDesc *k);
void code_goiftrue(FuncState *fs, ExpDesc *e);
void code_goiffalse(FuncState *fs, ExpDesc *e);
void code_prefix(FuncState *fs, UnOpr op, ExpDesc *e, int line);
void code_infix(FuncState *fs, BinOpr op, ExpDesc *v);
void code_posfix(FuncState *fs, BinOpr op, ExpDesc *e1, ExpDesc *e2,
                 int line);
void code_settablesize(FuncState *fs, int pc, int na, int nh);
void code_setlist(FuncState *fs, int base, int nelems, int tostore);
/* Short-circuits jumps to jumps (call once the function is complete). */
void code_finaljumps(FuncState *fs);
/* Shrinks the function's arrays to their final sizes. */
void code_finish(FuncState *fs);
noreturn void code_errorlimit(FuncState *fs, int limit, const char *what);

#endif
