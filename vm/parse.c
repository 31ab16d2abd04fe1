/* parse.c — the parser. One pass: every construct is translated as soon as
 * it is recognised, through the expression descriptors of code.h. The
 * grammar, error messages and code shape follow Lua 5.4's lparser.c;
 * 'goto', labels and '<close>' are rejected with messages naming them. */
#include "parse.h"

#include <stdio.h>
#include <string.h>

#include "compile.h"
#include "func.h"
#include "mem.h"
#include "mtstring.h"

static void statement(Lexer *ls);
static void expr(Lexer *ls, ExpDesc *v);

/* ---- error helpers ---- */

static noreturn void semerror(Lexer *ls, const char *msg)
{
    lex_error_at(ls, ls->linenumber, msg);
}

static noreturn void error_expected(Lexer *ls, int token)
{
    char tb[LEX_TOKBUF], msg[64];
    snprintf(msg, sizeof msg, "%s expected", lex_token2str(token, tb));
    lex_syntaxerror(ls, msg);
}

static bool testnext(Lexer *ls, int c)
{
    if (ls->t.token == c) {
        lex_next(ls);
        return true;
    }
    return false;
}

static void check(Lexer *ls, int c)
{
    if (ls->t.token != c)
        error_expected(ls, c);
}

static void checknext(Lexer *ls, int c)
{
    check(ls, c);
    lex_next(ls);
}

#define check_condition(ls, c, msg) \
    do { if (!(c)) lex_syntaxerror(ls, msg); } while (0)

/* Checks the closing token of a construct opened by `who` at line
 * `where`, naming the opener when it is on another line (as Lua). */
static void check_match(Lexer *ls, int what, int who, int where)
{
    if (testnext(ls, what))
        return;
    if (where == ls->linenumber)
        error_expected(ls, what);
    char tw[LEX_TOKBUF], to[LEX_TOKBUF], msg[128];
    snprintf(msg, sizeof msg, "%s expected (to close %s at line %d)",
             lex_token2str(what, tw), lex_token2str(who, to), where);
    lex_syntaxerror(ls, msg);
}

static String *str_checkname(Lexer *ls)
{
    check(ls, TK_NAME);
    String *ts = ls->t.seminfo.ts;
    lex_next(ls);
    return ts;
}

static void init_exp(ExpDesc *e, ExpKind k, int info)
{
    e->f = e->t = NO_JUMP;
    e->k = k;
    e->u.info = info;
}

static void codestring(ExpDesc *e, String *s)
{
    e->f = e->t = NO_JUMP;
    e->k = VKSTR;
    e->u.strval = s;
}

static void codename(Lexer *ls, ExpDesc *e)
{
    codestring(e, str_checkname(ls));
}

/* Nesting of statements and expressions is bounded so that no input can
 * overflow the C stack; Lua reports the same condition this way. */
static void enterlevel(Lexer *ls)
{
    if (++ls->nesting >= MT_MAXPARSELEVEL) {
        mt_pushstr(ls->S, str_newc(ls->S, "C stack overflow"));
        mt_throw(ls->S, MT_ERRSYNTAX);
    }
}

#define leavelevel(ls) ((ls)->nesting--)

/* ---- variables ---- */

static Vardesc *getlocalvardesc(FuncState *fs, int vidx)
{
    return &fs->ls->dyd->arr[fs->firstlocal + vidx];
}

static int registerlocalvar(Lexer *ls, FuncState *fs, String *name)
{
    Proto *f = fs->f;
    if (f->nlocvars >= fs->sizelocvars) {
        int newsize = fs->sizelocvars ? fs->sizelocvars * 2 : 8;
        f->locvars = mt_resizevector(ls->S, f->locvars, fs->sizelocvars,
                                     newsize, LocVar);
        fs->sizelocvars = newsize;
    }
    LocVar *lv = &f->locvars[f->nlocvars];
    lv->name = name;
    lv->startpc = fs->pc;
    lv->endpc = fs->pc;
    return f->nlocvars++;
}

/* Declares a local; it becomes visible with adjustlocalvars. */
static int new_localvar(Lexer *ls, String *name)
{
    FuncState *fs = ls->fs;
    Dyndata *dyd = ls->dyd;
    if (dyd->n + 1 - fs->firstlocal > MAXVARS)
        code_errorlimit(fs, MAXVARS, "local variables");
    if (dyd->n >= dyd->size) {
        int newsize = dyd->size ? dyd->size * 2 : 32;
        dyd->arr = mt_resizevector(ls->S, dyd->arr, dyd->size, newsize,
                                   Vardesc);
        dyd->size = newsize;
    }
    Vardesc *v = &dyd->arr[dyd->n++];
    v->name = name;
    v->kind = VDKREG;
    v->ridx = 0;
    v->pidx = -1;
    return dyd->n - 1 - fs->firstlocal;
}

static void new_localvarliteral(Lexer *ls, const char *name)
{
    new_localvar(ls, str_newc(ls->S, name));
}

static void adjustlocalvars(Lexer *ls, int nvars)
{
    FuncState *fs = ls->fs;
    int reglevel = code_nvarstack(fs);
    for (int i = 0; i < nvars; i++) {
        int vidx = fs->nactvar++;
        Vardesc *var = getlocalvardesc(fs, vidx);
        var->ridx = (uint8_t)reglevel++;
        var->pidx = registerlocalvar(ls, fs, var->name);
    }
}

static void removevars(FuncState *fs, int tolevel)
{
    fs->ls->dyd->n -= fs->nactvar - tolevel;
    while (fs->nactvar > tolevel) {
        Vardesc *var = getlocalvardesc(fs, --fs->nactvar);
        if (var->pidx >= 0)
            fs->f->locvars[var->pidx].endpc = fs->pc;
    }
}

static int searchupvalue(FuncState *fs, String *name)
{
    UpvalDesc *up = fs->f->upvals;
    for (int i = 0; i < fs->f->nupvals; i++)
        if (up[i].name == name)
            return i;
    return -1;
}

static int newupvalue(FuncState *fs, String *name, ExpDesc *v)
{
    Proto *f = fs->f;
    FuncState *prev = fs->prev;
    if (f->nupvals + 1 > MAXUPVAL)
        code_errorlimit(fs, MAXUPVAL, "upvalues");
    if (f->nupvals >= fs->sizeupvals) {
        int newsize = fs->sizeupvals ? fs->sizeupvals * 2 : 4;
        if (newsize > MAXUPVAL + 1)
            newsize = MAXUPVAL + 1;
        f->upvals = mt_resizevector(fs->ls->S, f->upvals, fs->sizeupvals,
                                    newsize, UpvalDesc);
        fs->sizeupvals = newsize;
    }
    UpvalDesc *up = &f->upvals[f->nupvals];
    if (v->k == VLOCAL) {
        up->instack = 1;
        up->idx = v->u.var.ridx;
        fs->upkind[f->nupvals] = getlocalvardesc(prev, v->u.var.vidx)->kind;
    } else {
        up->instack = 0;
        up->idx = (uint8_t)v->u.info;
        fs->upkind[f->nupvals] = prev->upkind[v->u.info];
    }
    up->name = name;
    return f->nupvals++;
}

static int searchvar(FuncState *fs, String *n, ExpDesc *var)
{
    for (int i = fs->nactvar - 1; i >= 0; i--) {
        Vardesc *vd = getlocalvardesc(fs, i);
        if (vd->name == n) {
            var->f = var->t = NO_JUMP;
            if (vd->kind == RDKCTC) {
                var->k = VCONST;
                var->u.info = fs->firstlocal + i;
                return VCONST;
            }
            var->k = VLOCAL;
            var->u.var.ridx = vd->ridx;
            var->u.var.vidx = i;
            return VLOCAL;
        }
    }
    return -1;
}

/* The block declaring local `level` gets a CLOSE when it ends. */
static void markupval(FuncState *fs, int level)
{
    BlockCnt *bl = fs->bl;
    while (bl->nactvar > level)
        bl = bl->previous;
    bl->upval = 1;
    fs->needclose = 1;
}

/* Finds `n` as a local of fs, an upvalue, or (VVOID) a global. */
static void singlevaraux(FuncState *fs, String *n, ExpDesc *var, bool base)
{
    if (fs == NULL) {
        init_exp(var, VVOID, 0);
        return;
    }
    int kind = searchvar(fs, n, var);
    if (kind >= 0) {
        if (kind == VLOCAL && !base)
            markupval(fs, var->u.var.vidx);
        return;
    }
    int idx = searchupvalue(fs, n);
    if (idx < 0) {
        singlevaraux(fs->prev, n, var, false);
        if (var->k != VLOCAL && var->k != VUPVAL)
            return;   /* a global */
        idx = newupvalue(fs, n, var);
    }
    init_exp(var, VUPVAL, idx);
}

static void singlevar(Lexer *ls, ExpDesc *var)
{
    String *varname = str_checkname(ls);
    FuncState *fs = ls->fs;
    singlevaraux(fs, varname, var, true);
    if (var->k == VVOID)
        init_exp(var, VGLOBAL, code_stringK(fs, varname));
}

static void check_readonly(Lexer *ls, ExpDesc *e)
{
    FuncState *fs = ls->fs;
    String *varname = NULL;
    if (e->k == VCONST) {
        varname = ls->dyd->arr[e->u.info].name;
    } else if (e->k == VLOCAL) {
        Vardesc *vd = getlocalvardesc(fs, e->u.var.vidx);
        if (vd->kind != VDKREG)
            varname = vd->name;
    } else if (e->k == VUPVAL) {
        if (fs->upkind[e->u.info] != VDKREG)
            varname = fs->f->upvals[e->u.info].name;
    }
    if (varname) {
        char msg[300];
        snprintf(msg, sizeof msg, "attempt to assign to const variable '%.200s'",
                 varname->data);
        semerror(ls, msg);
    }
}

/* ---- blocks and functions ---- */

static void enterblock(FuncState *fs, BlockCnt *bl, bool isloop)
{
    bl->isloop = isloop;
    bl->nactvar = fs->nactvar;
    bl->upval = 0;
    bl->closebreaks = 0;
    bl->breaklist = NO_JUMP;
    bl->previous = fs->bl;
    fs->bl = bl;
}

static BlockCnt *innermost_loop(BlockCnt *bl)
{
    while (bl && !bl->isloop)
        bl = bl->previous;
    return bl;
}

static void leaveblock(FuncState *fs)
{
    BlockCnt *bl = fs->bl;
    int stklevel = code_reglevel(fs, bl->nactvar);
    removevars(fs, bl->nactvar);
    bool hasclose = false;
    if (bl->isloop && bl->breaklist != NO_JUMP) {
        /* breaks land here; one that left a block with captured locals
         * needs them closed (a normal exit passing through is harmless) */
        code_patchtohere(fs, bl->breaklist);
        if (bl->closebreaks) {
            code_abc(fs, OP_CLOSE, stklevel, 0, 0);
            hasclose = true;
        }
    }
    if (!hasclose && bl->previous && bl->upval)
        code_abc(fs, OP_CLOSE, stklevel, 0, 0);
    if (bl->upval) {
        BlockCnt *loop = innermost_loop(bl->previous);
        if (loop)
            loop->closebreaks = 1;
    }
    fs->freereg = (uint8_t)stklevel;
    fs->bl = bl->previous;
}

static Proto *addprototype(Lexer *ls)
{
    State *S = ls->S;
    FuncState *fs = ls->fs;
    Proto *f = fs->f;
    if (f->nprotos >= fs->sizep) {
        int newsize = fs->sizep ? fs->sizep * 2 : 4;
        if (newsize > MAX_Bx + 1)
            newsize = MAX_Bx + 1;
        if (f->nprotos >= newsize)
            code_errorlimit(fs, MAX_Bx + 1, "functions");
        f->protos = mt_resizevector(S, f->protos, fs->sizep, newsize, Proto *);
        fs->sizep = newsize;
    }
    Proto *clp = proto_new(S);
    f->protos[f->nprotos++] = clp;
    return clp;
}

/* FuncStates live on the heap, not the C stack, so that after a syntax
 * error (a longjmp) the cleanup can still reach the unfinished ones. */
static FuncState *open_func(Lexer *ls, Proto *f, BlockCnt *bl)
{
    FuncState *fs = mt_alloc(ls->S, sizeof(FuncState));
    memset(fs, 0, sizeof *fs);
    fs->f = f;
    fs->prev = ls->fs;
    fs->ls = ls;
    ls->fs = fs;
    fs->firstlocal = ls->dyd->n;
    f->source = str_newc(ls->S, ls->chunkname);
    f->maxstack = 2;   /* registers 0/1 are always valid */
    enterblock(fs, bl, false);
    return fs;
}

static void close_func(Lexer *ls)
{
    FuncState *fs = ls->fs;
    code_ret(fs, code_nvarstack(fs), 0);   /* final return */
    leaveblock(fs);
    if (fs->badbreak) {
        char msg[64];
        snprintf(msg, sizeof msg, "break outside loop at line %d",
                 fs->badbreak);
        semerror(ls, msg);
    }
    code_finaljumps(fs);
    code_finish(fs);
    ls->fs = fs->prev;
    mt_free(ls->S, fs, sizeof(FuncState));
}

/* Instantiates the function just compiled into the next register. */
static void codeclosure(Lexer *ls, ExpDesc *v)
{
    FuncState *fs = ls->fs->prev;
    init_exp(v, VRELOC, code_abx(fs, OP_CLOSURE, 0, fs->f->nprotos - 1));
    code_exp2nextreg(fs, v);
}

/* ---- expressions ---- */

static bool block_follow(Lexer *ls, bool withuntil)
{
    switch (ls->t.token) {
    case TK_ELSE: case TK_ELSEIF: case TK_END: case TK_EOS:
        return true;
    case TK_UNTIL:
        return withuntil;
    default:
        return false;
    }
}

static void statlist(Lexer *ls)
{
    while (!block_follow(ls, true)) {
        if (ls->t.token == TK_RETURN) {
            statement(ls);
            return;   /* 'return' must be the last statement */
        }
        statement(ls);
    }
}

static void fieldsel(Lexer *ls, ExpDesc *v)
{
    FuncState *fs = ls->fs;
    ExpDesc key;
    code_exp2anyreg(fs, v);
    lex_next(ls);   /* skip the dot or colon */
    codename(ls, &key);
    code_indexed(fs, v, &key);
}

static void yindex(Lexer *ls, ExpDesc *v)
{
    lex_next(ls);   /* skip '[' */
    expr(ls, v);
    code_exp2val(ls->fs, v);
    checknext(ls, ']');
}

typedef struct ConsControl {
    ExpDesc v;      /* last list item read */
    ExpDesc *t;     /* the table */
    int nh;         /* record items */
    int na;         /* array items already stored */
    int tostore;    /* array items pending */
} ConsControl;

static void recfield(Lexer *ls, ConsControl *cc)
{
    FuncState *fs = ls->fs;
    int reg = fs->freereg;
    ExpDesc tab, key, val;
    if (ls->t.token == TK_NAME)
        codename(ls, &key);
    else
        yindex(ls, &key);
    cc->nh++;
    checknext(ls, '=');
    tab = *cc->t;
    code_indexed(fs, &tab, &key);
    expr(ls, &val);
    code_storevar(fs, &tab, &val);
    fs->freereg = (uint8_t)reg;
}

static void closelistfield(FuncState *fs, ConsControl *cc)
{
    if (cc->v.k == VVOID)
        return;
    code_exp2nextreg(fs, &cc->v);
    cc->v.k = VVOID;
    if (cc->tostore == SETLIST_BATCH) {
        code_setlist(fs, cc->t->u.info, cc->na, cc->tostore);
        cc->na += cc->tostore;
        cc->tostore = 0;
    }
}

static void lastlistfield(FuncState *fs, ConsControl *cc)
{
    if (cc->tostore == 0)
        return;
    if (hasmultret(cc->v.k)) {
        code_setmultret(fs, &cc->v);
        code_setlist(fs, cc->t->u.info, cc->na, MT_MULTRET);
        cc->na--;   /* the open item is not counted */
    } else {
        if (cc->v.k != VVOID)
            code_exp2nextreg(fs, &cc->v);
        code_setlist(fs, cc->t->u.info, cc->na, cc->tostore);
    }
    cc->na += cc->tostore;
}

static void listfield(Lexer *ls, ConsControl *cc)
{
    expr(ls, &cc->v);
    cc->tostore++;
}

static void field(Lexer *ls, ConsControl *cc)
{
    switch (ls->t.token) {
    case TK_NAME:
        if (lex_lookahead(ls) != '=')
            listfield(ls, cc);
        else
            recfield(ls, cc);
        break;
    case '[':
        recfield(ls, cc);
        break;
    default:
        listfield(ls, cc);
    }
}

static void constructor(Lexer *ls, ExpDesc *t)
{
    FuncState *fs = ls->fs;
    int line = ls->linenumber;
    int pc = code_abc(fs, OP_NEWTABLE, fs->freereg, 0, 0);
    ConsControl cc;
    cc.na = cc.nh = cc.tostore = 0;
    cc.t = t;
    init_exp(t, VNONRELOC, fs->freereg);
    code_reserveregs(fs, 1);
    init_exp(&cc.v, VVOID, 0);
    checknext(ls, '{');
    do {
        if (ls->t.token == '}')
            break;
        closelistfield(fs, &cc);
        field(ls, &cc);
    } while (testnext(ls, ',') || testnext(ls, ';'));
    check_match(ls, '}', '{', line);
    lastlistfield(fs, &cc);
    code_settablesize(fs, pc, cc.na, cc.nh);
}

static void parlist(Lexer *ls)
{
    FuncState *fs = ls->fs;
    Proto *f = fs->f;
    int nparams = 0;
    bool isvararg = false;
    if (ls->t.token != ')') {
        do {
            switch (ls->t.token) {
            case TK_NAME:
                new_localvar(ls, str_checkname(ls));
                nparams++;
                break;
            case TK_DOTS:
                lex_next(ls);
                isvararg = true;
                break;
            default:
                lex_syntaxerror(ls, "<name> or '...' expected");
            }
        } while (!isvararg && testnext(ls, ','));
    }
    adjustlocalvars(ls, nparams);
    f->numparams = fs->nactvar;
    f->is_vararg = isvararg;
    code_reserveregs(fs, fs->nactvar);
}

static void body(Lexer *ls, ExpDesc *e, bool ismethod, int line)
{
    BlockCnt bl;
    Proto *f = addprototype(ls);
    f->linedefined = line;
    open_func(ls, f, &bl);
    if (ismethod) {
        new_localvarliteral(ls, "self");
        adjustlocalvars(ls, 1);
    }
    checknext(ls, '(');
    parlist(ls);
    checknext(ls, ')');
    statlist(ls);
    f->lastlinedefined = ls->linenumber;
    check_match(ls, TK_END, TK_FUNCTION, line);
    codeclosure(ls, e);
    close_func(ls);
}

static int explist(Lexer *ls, ExpDesc *v)
{
    int n = 1;
    expr(ls, v);
    while (testnext(ls, ',')) {
        code_exp2nextreg(ls->fs, v);
        expr(ls, v);
        n++;
    }
    return n;
}

static void funcargs(Lexer *ls, ExpDesc *f, int line)
{
    FuncState *fs = ls->fs;
    ExpDesc args;
    switch (ls->t.token) {
    case '(':
        lex_next(ls);
        if (ls->t.token == ')') {
            args.k = VVOID;
        } else {
            explist(ls, &args);
            if (hasmultret(args.k))
                code_setmultret(fs, &args);
        }
        check_match(ls, ')', '(', line);
        break;
    case '{':
        constructor(ls, &args);
        break;
    case TK_STRING:
        codestring(&args, ls->t.seminfo.ts);
        lex_next(ls);
        break;
    default:
        lex_syntaxerror(ls, "function arguments expected");
    }
    int base = f->u.info;
    int nparams;
    if (hasmultret(args.k)) {
        nparams = MT_MULTRET;
    } else {
        if (args.k != VVOID)
            code_exp2nextreg(fs, &args);
        nparams = fs->freereg - (base + 1);
    }
    init_exp(f, VCALL, code_abc(fs, OP_CALL, base, nparams + 1, 2));
    code_fixline(fs, line);
    fs->freereg = (uint8_t)(base + 1);   /* one result, unless changed */
}

static void primaryexp(Lexer *ls, ExpDesc *v)
{
    switch (ls->t.token) {
    case '(': {
        int line = ls->linenumber;
        lex_next(ls);
        expr(ls, v);
        check_match(ls, ')', '(', line);
        code_dischargevars(ls->fs, v);
        return;
    }
    case TK_NAME:
        singlevar(ls, v);
        return;
    default:
        lex_syntaxerror(ls, "unexpected symbol");
    }
}

static void suffixedexp(Lexer *ls, ExpDesc *v)
{
    FuncState *fs = ls->fs;
    int line = ls->linenumber;
    primaryexp(ls, v);
    for (;;) {
        switch (ls->t.token) {
        case '.':
            fieldsel(ls, v);
            break;
        case '[': {
            ExpDesc key;
            code_exp2anyreg(fs, v);
            yindex(ls, &key);
            code_indexed(fs, v, &key);
            break;
        }
        case ':': {
            ExpDesc key;
            lex_next(ls);
            codename(ls, &key);
            code_self(fs, v, &key);
            funcargs(ls, v, line);
            break;
        }
        case '(': case TK_STRING: case '{':
            code_exp2nextreg(fs, v);
            funcargs(ls, v, line);
            break;
        default:
            return;
        }
    }
}

static void simpleexp(Lexer *ls, ExpDesc *v)
{
    switch (ls->t.token) {
    case TK_FLT:
        init_exp(v, VKFLT, 0);
        v->u.nval = ls->t.seminfo.r;
        break;
    case TK_INT:
        init_exp(v, VKINT, 0);
        v->u.ival = ls->t.seminfo.i;
        break;
    case TK_STRING:
        codestring(v, ls->t.seminfo.ts);
        break;
    case TK_NIL:
        init_exp(v, VNIL, 0);
        break;
    case TK_TRUE:
        init_exp(v, VTRUE, 0);
        break;
    case TK_FALSE:
        init_exp(v, VFALSE, 0);
        break;
    case TK_DOTS: {
        FuncState *fs = ls->fs;
        check_condition(ls, fs->f->is_vararg,
                        "cannot use '...' outside a vararg function");
        init_exp(v, VVARARG, code_abc(fs, OP_VARARG, 0, 0, 1));
        break;
    }
    case '{':
        constructor(ls, v);
        return;
    case TK_FUNCTION:
        lex_next(ls);
        body(ls, v, false, ls->linenumber);
        return;
    default:
        suffixedexp(ls, v);
        return;
    }
    lex_next(ls);
}

static UnOpr getunopr(int op)
{
    switch (op) {
    case TK_NOT: return OPR_NOT;
    case '-': return OPR_MINUS;
    case '~': return OPR_BNOT;
    case '#': return OPR_LEN;
    default: return OPR_NOUNOPR;
    }
}

static BinOpr getbinopr(int op)
{
    switch (op) {
    case '+': return OPR_ADD;
    case '-': return OPR_SUB;
    case '*': return OPR_MUL;
    case '%': return OPR_MOD;
    case '^': return OPR_POW;
    case '/': return OPR_DIV;
    case TK_IDIV: return OPR_IDIV;
    case '&': return OPR_BAND;
    case '|': return OPR_BOR;
    case '~': return OPR_BXOR;
    case TK_SHL: return OPR_SHL;
    case TK_SHR: return OPR_SHR;
    case TK_CONCAT: return OPR_CONCAT;
    case TK_NE: return OPR_NE;
    case TK_EQ: return OPR_EQ;
    case '<': return OPR_LT;
    case TK_LE: return OPR_LE;
    case '>': return OPR_GT;
    case TK_GE: return OPR_GE;
    case TK_AND: return OPR_AND;
    case TK_OR: return OPR_OR;
    default: return OPR_NOBINOPR;
    }
}

/* Left and right priorities of each binary operator (ORDER BinOpr);
 * right < left makes an operator right-associative. */
static const struct { uint8_t left, right; } priority[] = {
    {10, 10}, {10, 10},             /* + - */
    {11, 11}, {11, 11},             /* * % */
    {14, 13},                       /* ^ (right associative) */
    {11, 11}, {11, 11},             /* / // */
    {6, 6}, {4, 4}, {5, 5},         /* & | ~ */
    {7, 7}, {7, 7},                 /* << >> */
    {9, 8},                         /* .. (right associative) */
    {3, 3}, {3, 3}, {3, 3},         /* == < <= */
    {3, 3}, {3, 3}, {3, 3},         /* ~= > >= */
    {2, 2}, {1, 1}                  /* and or */
};

#define UNARY_PRIORITY 12

/* subexpr -> (simpleexp | unop subexpr) { binop subexpr }, where binop is
 * any operator binding tighter than `limit`. */
static BinOpr subexpr(Lexer *ls, ExpDesc *v, int limit)
{
    enterlevel(ls);
    UnOpr uop = getunopr(ls->t.token);
    if (uop != OPR_NOUNOPR) {
        int line = ls->linenumber;
        lex_next(ls);
        subexpr(ls, v, UNARY_PRIORITY);
        code_prefix(ls->fs, uop, v, line);
    } else {
        simpleexp(ls, v);
    }
    BinOpr op = getbinopr(ls->t.token);
    while (op != OPR_NOBINOPR && priority[op].left > limit) {
        ExpDesc v2;
        int line = ls->linenumber;
        lex_next(ls);
        code_infix(ls->fs, op, v);
        BinOpr nextop = subexpr(ls, &v2, priority[op].right);
        code_posfix(ls->fs, op, v, &v2, line);
        op = nextop;
    }
    leavelevel(ls);
    return op;
}

static void expr(Lexer *ls, ExpDesc *v)
{
    subexpr(ls, v, 0);
}

/* ---- statements ---- */

static void block(Lexer *ls)
{
    FuncState *fs = ls->fs;
    BlockCnt bl;
    enterblock(fs, &bl, false);
    statlist(ls);
    leaveblock(fs);
}

/* The left-hand sides of a multiple assignment, innermost last. */
typedef struct LHS_assign {
    struct LHS_assign *prev;
    ExpDesc v;
} LHS_assign;

/* A local assigned in a multiple assignment may be the table or key of an
 * earlier target; those targets then use a copy made before any store. */
static void check_conflict(Lexer *ls, LHS_assign *lh, ExpDesc *v)
{
    FuncState *fs = ls->fs;
    int extra = fs->freereg;
    bool conflict = false;
    if (v->k != VLOCAL)
        return;
    for (; lh; lh = lh->prev) {
        if (!vkisindexed(lh->v.k))
            continue;
        if (lh->v.u.ind.t == v->u.var.ridx) {
            conflict = true;
            lh->v.u.ind.t = (uint8_t)extra;
        }
        if (lh->v.k == VINDEXED && lh->v.u.ind.idx == v->u.var.ridx) {
            conflict = true;
            lh->v.u.ind.idx = extra;
        }
    }
    if (conflict) {
        code_abc(fs, OP_MOVE, extra, v->u.var.ridx, 0);
        code_reserveregs(fs, 1);
    }
}

static void adjust_assign(Lexer *ls, int nvars, int nexps, ExpDesc *e)
{
    FuncState *fs = ls->fs;
    int needed = nvars - nexps;
    if (hasmultret(e->k)) {
        int extra = needed + 1;
        if (extra < 0)
            extra = 0;
        code_setreturns(fs, e, extra);
    } else {
        if (e->k != VVOID)
            code_exp2nextreg(fs, e);
        if (needed > 0)
            code_nil(fs, fs->freereg, needed);
    }
    if (needed > 0)
        code_reserveregs(fs, needed);
    else
        fs->freereg = (uint8_t)(fs->freereg + needed);
}

static void restassign(Lexer *ls, LHS_assign *lh, int nvars)
{
    ExpDesc e;
    check_condition(ls, vkisvar(lh->v.k), "syntax error");
    check_readonly(ls, &lh->v);
    if (testnext(ls, ',')) {
        LHS_assign nv;
        nv.prev = lh;
        suffixedexp(ls, &nv.v);
        if (!vkisindexed(nv.v.k))
            check_conflict(ls, lh, &nv.v);
        enterlevel(ls);
        restassign(ls, &nv, nvars + 1);
        leavelevel(ls);
    } else {
        checknext(ls, '=');
        int nexps = explist(ls, &e);
        if (nexps != nvars) {
            adjust_assign(ls, nvars, nexps, &e);
        } else {
            code_setoneret(ls->fs, &e);
            code_storevar(ls->fs, &lh->v, &e);
            return;
        }
    }
    init_exp(&e, VNONRELOC, ls->fs->freereg - 1);   /* default assignment */
    code_storevar(ls->fs, &lh->v, &e);
}

static int cond(Lexer *ls)
{
    ExpDesc v;
    expr(ls, &v);
    if (v.k == VNIL)
        v.k = VFALSE;   /* 'falses' are all equal here */
    code_goiftrue(ls->fs, &v);
    return v.f;
}

/* Adds the jumps of `list` to the innermost loop's breaks; outside any
 * loop, remembers the line for Lua's error at the end of the function. */
static void addbreak(Lexer *ls, int list, int line)
{
    FuncState *fs = ls->fs;
    BlockCnt *loop = innermost_loop(fs->bl);
    if (loop == NULL) {
        if (!fs->badbreak)
            fs->badbreak = line;
        return;
    }
    code_concat(fs, &loop->breaklist, list);
}

static void breakstat(Lexer *ls)
{
    int line = ls->linenumber;
    lex_next(ls);   /* skip 'break' */
    addbreak(ls, code_jump(ls->fs), line);
}

static void whilestat(Lexer *ls, int line)
{
    FuncState *fs = ls->fs;
    BlockCnt bl;
    lex_next(ls);
    int whileinit = code_getlabel(fs);
    int condexit = cond(ls);
    enterblock(fs, &bl, true);
    checknext(ls, TK_DO);
    block(ls);
    code_jumpto(fs, whileinit);
    check_match(ls, TK_END, TK_WHILE, line);
    leaveblock(fs);
    code_patchtohere(fs, condexit);
}

static void repeatstat(Lexer *ls, int line)
{
    FuncState *fs = ls->fs;
    int repeat_init = code_getlabel(fs);
    BlockCnt bl1, bl2;
    enterblock(fs, &bl1, true);    /* loop block */
    enterblock(fs, &bl2, false);   /* scope block: visible in 'until' */
    lex_next(ls);
    statlist(ls);
    check_match(ls, TK_UNTIL, TK_REPEAT, line);
    int condexit = cond(ls);
    leaveblock(fs);
    if (bl2.upval) {   /* the repetition must close the captured locals */
        int exit = code_jump(fs);
        code_patchtohere(fs, condexit);
        code_abc(fs, OP_CLOSE, code_nvarstack(fs), 0, 0);
        condexit = code_jump(fs);
        code_patchtohere(fs, exit);
    }
    code_patchlist(fs, condexit, repeat_init);
    leaveblock(fs);
}

/* An expression into the next register (for-loop control values). */
static void exp1(Lexer *ls)
{
    ExpDesc e;
    expr(ls, &e);
    code_exp2nextreg(ls->fs, &e);
}

static void forbody(Lexer *ls, int base, int line, int nvars, bool isgen)
{
    FuncState *fs = ls->fs;
    BlockCnt bl;
    checknext(ls, TK_DO);
    int prep = code_abx(fs, isgen ? OP_TFORPREP : OP_FORPREP, base, 0);
    enterblock(fs, &bl, false);   /* scope of the declared variables */
    adjustlocalvars(ls, nvars);
    code_reserveregs(fs, nvars);
    block(ls);
    leaveblock(fs);
    code_fixforjump(fs, prep, code_getlabel(fs), false);
    if (isgen) {
        code_abc(fs, OP_TFORCALL, base, 0, nvars);
        code_fixline(fs, line);
    }
    int endfor = code_abx(fs, isgen ? OP_TFORLOOP : OP_FORLOOP, base, 0);
    code_fixforjump(fs, endfor, prep + 1, true);
    code_fixline(fs, line);
}

static void fornum(Lexer *ls, String *varname, int line)
{
    FuncState *fs = ls->fs;
    int base = fs->freereg;
    new_localvarliteral(ls, "(for state)");
    new_localvarliteral(ls, "(for state)");
    new_localvarliteral(ls, "(for state)");
    new_localvar(ls, varname);
    checknext(ls, '=');
    exp1(ls);   /* initial value */
    checknext(ls, ',');
    exp1(ls);   /* limit */
    if (testnext(ls, ',')) {
        exp1(ls);   /* step */
    } else {
        code_int(fs, fs->freereg, 1);
        code_reserveregs(fs, 1);
    }
    adjustlocalvars(ls, 3);
    forbody(ls, base, line, 1, false);
}

static void forlist(Lexer *ls, String *indexname)
{
    FuncState *fs = ls->fs;
    ExpDesc e;
    int nvars = 4;   /* generator, state, control, 'indexname' */
    int base = fs->freereg;
    new_localvarliteral(ls, "(for state)");
    new_localvarliteral(ls, "(for state)");
    new_localvarliteral(ls, "(for state)");
    new_localvar(ls, indexname);
    while (testnext(ls, ',')) {
        new_localvar(ls, str_checkname(ls));
        nvars++;
    }
    checknext(ls, TK_IN);
    int line = ls->linenumber;
    adjust_assign(ls, 3, explist(ls, &e), &e);
    adjustlocalvars(ls, 3);
    code_checkstack(fs, 3);   /* room to call the generator */
    forbody(ls, base, line, nvars - 3, true);
}

static void forstat(Lexer *ls, int line)
{
    FuncState *fs = ls->fs;
    BlockCnt bl;
    enterblock(fs, &bl, true);   /* control variables; breaks land after */
    lex_next(ls);
    String *varname = str_checkname(ls);
    switch (ls->t.token) {
    case '=':
        fornum(ls, varname, line);
        break;
    case ',': case TK_IN:
        forlist(ls, varname);
        break;
    default:
        lex_syntaxerror(ls, "'=' or 'in' expected");
    }
    check_match(ls, TK_END, TK_FOR, line);
    leaveblock(fs);
}

static void test_then_block(Lexer *ls, int *escapelist)
{
    FuncState *fs = ls->fs;
    BlockCnt bl;
    ExpDesc v;
    int jf;
    lex_next(ls);   /* skip IF or ELSEIF */
    expr(ls, &v);
    checknext(ls, TK_THEN);
    if (ls->t.token == TK_BREAK) {   /* 'if x then break': jump directly */
        int line = ls->linenumber;
        code_goiffalse(fs, &v);
        lex_next(ls);
        enterblock(fs, &bl, false);
        addbreak(ls, v.t, line);
        while (testnext(ls, ';')) {
        }
        if (block_follow(ls, false)) {
            leaveblock(fs);
            return;
        }
        jf = code_jump(fs);
    } else {
        code_goiftrue(fs, &v);
        enterblock(fs, &bl, false);
        jf = v.f;
    }
    statlist(ls);
    leaveblock(fs);
    if (ls->t.token == TK_ELSE || ls->t.token == TK_ELSEIF)
        code_concat(fs, escapelist, code_jump(fs));
    code_patchtohere(fs, jf);
}

static void ifstat(Lexer *ls, int line)
{
    int escapelist = NO_JUMP;
    test_then_block(ls, &escapelist);
    while (ls->t.token == TK_ELSEIF)
        test_then_block(ls, &escapelist);
    if (testnext(ls, TK_ELSE))
        block(ls);
    check_match(ls, TK_END, TK_IF, line);
    code_patchtohere(ls->fs, escapelist);
}

static void localfunc(Lexer *ls)
{
    ExpDesc b;
    FuncState *fs = ls->fs;
    int fvar = fs->nactvar;
    new_localvar(ls, str_checkname(ls));
    adjustlocalvars(ls, 1);   /* visible inside its own body: recursion */
    body(ls, &b, false, ls->linenumber);
    /* debug information sees the variable only after the closure exists */
    fs->f->locvars[getlocalvardesc(fs, fvar)->pidx].startpc = fs->pc;
}

static int getlocalattribute(Lexer *ls)
{
    if (!testnext(ls, '<'))
        return VDKREG;
    int line = ls->linenumber;
    const char *attr = str_checkname(ls)->data;
    checknext(ls, '>');
    if (strcmp(attr, "const") == 0)
        return RDKCONST;
    if (strcmp(attr, "close") == 0)
        lex_error_at(ls, line, "to-be-closed variables (<close>) are not "
                               "supported by mt");
    char msg[300];
    snprintf(msg, sizeof msg, "unknown attribute '%.200s'", attr);
    semerror(ls, msg);
}

static void localstat(Lexer *ls)
{
    FuncState *fs = ls->fs;
    int nvars = 0, nexps;
    ExpDesc e;
    do {
        int vidx = new_localvar(ls, str_checkname(ls));
        getlocalvardesc(fs, vidx)->kind = (uint8_t)getlocalattribute(ls);
        nvars++;
    } while (testnext(ls, ','));
    if (testnext(ls, '=')) {
        nexps = explist(ls, &e);
    } else {
        e.k = VVOID;
        nexps = 0;
    }
    Vardesc *var = getlocalvardesc(fs, fs->nactvar + nvars - 1);   /* last */
    if (nvars == nexps && var->kind == RDKCONST &&
        code_exp2const(fs, &e, &var->k)) {
        /* a compile-time constant: no register, uses become constants */
        var->kind = RDKCTC;
        adjustlocalvars(ls, nvars - 1);
        fs->nactvar++;
    } else {
        adjust_assign(ls, nvars, nexps, &e);
        adjustlocalvars(ls, nvars);
    }
}

static bool funcname(Lexer *ls, ExpDesc *v)
{
    bool ismethod = false;
    singlevar(ls, v);
    while (ls->t.token == '.')
        fieldsel(ls, v);
    if (ls->t.token == ':') {
        ismethod = true;
        fieldsel(ls, v);
    }
    return ismethod;
}

static void funcstat(Lexer *ls, int line)
{
    ExpDesc v, b;
    lex_next(ls);   /* skip FUNCTION */
    bool ismethod = funcname(ls, &v);
    body(ls, &b, ismethod, line);
    check_readonly(ls, &v);
    code_storevar(ls->fs, &v, &b);
    code_fixline(ls->fs, line);   /* the definition "happens" at 'function' */
}

static void exprstat(Lexer *ls)
{
    FuncState *fs = ls->fs;
    LHS_assign v;
    suffixedexp(ls, &v.v);
    if (ls->t.token == '=' || ls->t.token == ',') {
        v.prev = NULL;
        restassign(ls, &v, 1);
    } else {
        check_condition(ls, v.v.k == VCALL, "syntax error");
        Instr *inst = &getinstr(fs, &v.v);
        *inst = (*inst & 0x00ffffffu) | (1u << 24);   /* C = 1: no results */
    }
}

static void retstat(Lexer *ls)
{
    FuncState *fs = ls->fs;
    ExpDesc e;
    int nret;
    int first = code_nvarstack(fs);
    if (block_follow(ls, true) || ls->t.token == ';') {
        nret = 0;
    } else {
        nret = explist(ls, &e);
        if (hasmultret(e.k)) {
            code_setmultret(fs, &e);
            if (e.k == VCALL && nret == 1) {   /* a tail call */
                Instr *i = &getinstr(fs, &e);
                *i = (*i & ~0xffu) | OP_TAILCALL;
            }
            nret = MT_MULTRET;
        } else if (nret == 1) {
            first = code_exp2anyreg(fs, &e);
        } else {
            code_exp2nextreg(fs, &e);
        }
    }
    code_ret(fs, first, nret);
    testnext(ls, ';');
}

static noreturn void unsupported(Lexer *ls, int line, const char *what)
{
    char msg[120];
    snprintf(msg, sizeof msg, "%s not supported by mt", what);
    lex_error_at(ls, line, msg);
}

static void statement(Lexer *ls)
{
    int line = ls->linenumber;
    enterlevel(ls);
    switch (ls->t.token) {
    case ';':
        lex_next(ls);
        break;
    case TK_IF:
        ifstat(ls, line);
        break;
    case TK_WHILE:
        whilestat(ls, line);
        break;
    case TK_DO:
        lex_next(ls);
        block(ls);
        check_match(ls, TK_END, TK_DO, line);
        break;
    case TK_FOR:
        forstat(ls, line);
        break;
    case TK_REPEAT:
        repeatstat(ls, line);
        break;
    case TK_FUNCTION:
        funcstat(ls, line);
        break;
    case TK_LOCAL:
        lex_next(ls);
        if (testnext(ls, TK_FUNCTION))
            localfunc(ls);
        else
            localstat(ls);
        break;
    case TK_DBCOLON:   /* read it as Lua does, then refuse it */
        lex_next(ls);
        str_checkname(ls);
        checknext(ls, TK_DBCOLON);
        unsupported(ls, line, "labels ('::name::') are");
    case TK_RETURN:
        lex_next(ls);
        retstat(ls);
        break;
    case TK_BREAK:
        breakstat(ls);
        break;
    case TK_GOTO:
        lex_next(ls);
        str_checkname(ls);
        unsupported(ls, line, "'goto' is");
    default:
        exprstat(ls);
        break;
    }
    ls->fs->freereg = (uint8_t)code_nvarstack(ls->fs);   /* free temporaries */
    leavelevel(ls);
}

/* ---- the entry point ---- */

typedef struct CompileJob {
    Lexer ls;
    Dyndata dyd;
    const char *src;
    size_t len;
    const char *chunkname;
    Proto *result;
} CompileJob;

static void mainfunc(Lexer *ls, Proto *f)
{
    BlockCnt bl;
    open_func(ls, f, &bl);
    f->is_vararg = 1;   /* the main chunk is always vararg */
    lex_next(ls);
    statlist(ls);
    check(ls, TK_EOS);
    close_func(ls);
}

static void compile_protected(State *S, void *ud)
{
    CompileJob *job = ud;
    lex_init(S);
    lex_setinput(&job->ls, S, job->src, job->len, job->chunkname);
    job->ls.dyd = &job->dyd;
    job->result = proto_new(S);
    mainfunc(&job->ls, job->result);
}

/* After an error: every unfinished function gets consistent array sizes
 * (the collector frees the Protos later) and the buffers are released. */
static void cleanup(CompileJob *job)
{
    FuncState *fs = job->ls.fs;
    while (fs) {
        FuncState *prev = fs->prev;
        code_finish(fs);
        mt_free(job->ls.S, fs, sizeof(FuncState));
        fs = prev;
    }
    job->ls.fs = NULL;
}

Proto *mt_compile(State *S, const char *src, size_t len, const char *chunkname)
{
    CompileJob job;
    memset(&job, 0, sizeof job);
    job.src = src;
    job.len = len;
    job.chunkname = chunkname;
    int status = mt_rawrunprotected(S, compile_protected, &job);
    if (status != MT_OK)
        cleanup(&job);
    lex_freebuffer(&job.ls);
    mt_freevector(S, job.dyd.arr, job.dyd.size, Vardesc);
    if (status != MT_OK)
        mt_throw(S, status);
    return job.result;
}
