/* listing.c — a readable listing of compiled prototypes, for
 * `mtvm --dump=bytecode` and the front end's tests. One line per
 * instruction: pc, [line], op name, operands, then a comment with the
 * constant, upvalue or jump target the operands name. */
#include <inttypes.h>
#include <stdio.h>

#include "compile.h"
#include "number.h"
#include "opcodes.h"

/* The opcode tables of opcodes.h, derived from OPCODES. */
const char *const mt_opnames[NUM_OPCODES] = {
#define OP_NAME(name, fmt, doc) #name,
    OPCODES(OP_NAME)
#undef OP_NAME
};

const uint8_t mt_opformats[NUM_OPCODES] = {
#define OP_FMT(name, fmt, doc) FMT_##fmt,
    OPCODES(OP_FMT)
#undef OP_FMT
};

static void print_string(FILE *out, const String *s)
{
    fputc('"', out);
    for (size_t i = 0; i < s->len; i++) {
        unsigned char c = (unsigned char)s->data[i];
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (c < 32 || c >= 127)
                fprintf(out, "\\%03d", c);
            else
                fputc(c, out);
        }
    }
    fputc('"', out);
}

static void print_constant(FILE *out, const TValue *v)
{
    char buf[MT_NUMBUF];
    switch (v->tt) {
    case T_NIL: fputs("nil", out); break;
    case T_BOOL: fputs(v->v.b ? "true" : "false", out); break;
    case T_INT: case T_FLT:
        num_tostr(v, buf);
        fputs(buf, out);
        break;
    case T_STR: print_string(out, strvalue(v)); break;
    default: fputs("?", out); break;
    }
}

/* The comment after the operands: what the operands refer to. */
static void print_comment(FILE *out, const Proto *p, int pc, Instr i)
{
    OpCode op = GET_OP(i);
    int a = GET_A(i), b = GET_B(i), c = GET_C(i), bx = GET_Bx(i);
    switch (op) {
    case OP_LOADK: case OP_GETGLOBAL: case OP_SETGLOBAL:
        fputs("\t; ", out);
        print_constant(out, &p->k[bx]);
        break;
    case OP_GETFIELD: case OP_SELF: case OP_EQK:
    case OP_ADDK: case OP_SUBK: case OP_MULK: case OP_MODK: case OP_POWK:
    case OP_DIVK: case OP_IDIVK: case OP_BANDK: case OP_BORK: case OP_BXORK:
    case OP_SHLK: case OP_SHRK: {
        int kidx = op == OP_EQK ? b : c;
        fputs("\t; ", out);
        print_constant(out, &p->k[kidx]);
        break;
    }
    case OP_SETFIELD:
        fputs("\t; ", out);
        print_constant(out, &p->k[b]);
        break;
    case OP_GETUPVAL: case OP_SETUPVAL:
        fprintf(out, "\t; %s", p->upvals[b].name ? p->upvals[b].name->data : "?");
        break;
    case OP_JMP: case OP_JMPBACK:
        fprintf(out, "\t; to %d", pc + 1 + GET_sJ(i));
        break;
    case OP_FORPREP:
        fprintf(out, "\t; exit to %d", pc + bx + 2);
        break;
    case OP_FORLOOP: case OP_TFORLOOP:
        fprintf(out, "\t; to %d", pc + 1 - bx);
        break;
    case OP_TFORPREP:
        fprintf(out, "\t; to %d", pc + 1 + bx);
        break;
    case OP_CLOSURE:
        fprintf(out, "\t; function <%d>", bx);
        break;
    default:
        (void)a;
        break;
    }
}

static void print_instr(FILE *out, const Proto *p, int pc)
{
    Instr i = p->code[pc];
    OpCode op = GET_OP(i);
    if ((int)op >= NUM_OPCODES) {
        fprintf(out, "\t%d\t[%d]\t<bad opcode %d>\n", pc, p->lineinfo[pc], (int)op);
        return;
    }
    fprintf(out, "\t%d\t[%d]\t%-9s\t", pc, p->lineinfo[pc], mt_opnames[op]);
    switch (mt_opformats[op]) {
    case FMT_ABC:
        fprintf(out, "%d %d %d", GET_A(i), GET_B(i), GET_C(i));
        break;
    case FMT_ABx:
        fprintf(out, "%d %d", GET_A(i), GET_Bx(i));
        break;
    case FMT_AsBx:
        fprintf(out, "%d %d", GET_A(i), GET_sBx(i));
        break;
    case FMT_sJ:
        fprintf(out, "%d", GET_sJ(i));
        break;
    }
    print_comment(out, p, pc, i);
    fputc('\n', out);
}

static void list_one(const Proto *p, FILE *out)
{
    fprintf(out, "%s <%s:%d,%d> (%d instructions)\n",
             p->linedefined == 0 ? "main" : "function",
             p->source ? p->source->data : "?", p->linedefined,
             p->lastlinedefined, p->ncode);
    fprintf(out, "%d%s params, %d slots, %d upvalues, %d locals, "
                 "%d constants, %d functions\n",
            p->numparams, p->is_vararg ? "+" : "", p->maxstack, p->nupvals,
            p->nlocvars, p->nk, p->nprotos);
    for (int pc = 0; pc < p->ncode; pc++)
        print_instr(out, p, pc);
    for (int i = 0; i < p->nk; i++) {
        fprintf(out, "\tk%d\t", i);
        print_constant(out, &p->k[i]);
        fputc('\n', out);
    }
    for (int i = 0; i < p->nlocvars; i++)
        fprintf(out, "\tlocal %d\t%s\t%d..%d\n", i, p->locvars[i].name->data,
                p->locvars[i].startpc, p->locvars[i].endpc);
    for (int i = 0; i < p->nupvals; i++)
        fprintf(out, "\tupval %d\t%s\t%s %d\n", i, p->upvals[i].name->data,
                p->upvals[i].instack ? "local" : "upval", p->upvals[i].idx);
}

void mt_listproto(const Proto *p, void *file)
{
    FILE *out = file;
    list_one(p, out);
    for (int i = 0; i < p->nprotos; i++) {
        fputc('\n', out);
        mt_listproto(p->protos[i], out);
    }
}
