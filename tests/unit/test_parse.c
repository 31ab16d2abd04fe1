/* test_parse.c — the parser and code generator: the bytecode produced for
 * key constructs (registers, K-forms, jumps and back-edges, loops, SETLIST
 * batches, upvalues, tail calls, debug info), the structural invariants of
 * every compiled function, and the exact text of syntax errors (each one
 * produced by lua5.4 on the same input). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "mtstring.h"
#include "opcodes.h"

static State *S;

static void setup(void) { S = mt_newstate(); }
static void teardown(void) { mt_close(S); }

typedef struct CompileJob {
    const char *src;
    size_t len;
    Proto *p;
} CompileJob;

static void do_compile(State *L, void *ud)
{
    CompileJob *job = ud;
    job->p = mt_compile(L, job->src, job->len, "t.mt");
}

/* Compiles src; returns NULL and copies the error message to *msg on a
 * syntax error. */
static Proto *try_compile(const char *src, size_t len, char *msg, size_t msgsize)
{
    CompileJob job = {src, len, NULL};
    TValue *top = S->top;
    int status = mt_rawrunprotected(S, do_compile, &job);
    if (status != MT_OK) {
        snprintf(msg, msgsize, "%s", strvalue(S->top - 1)->data);
        S->top = top;
        return NULL;
    }
    return job.p;
}

/* Invariants every function must satisfy: forward jumps are JMP and
 * backward ones JMPBACK, all targets inside the code, lines positive,
 * registers below maxstack, constants and protos indices in range. */
static void check_invariants(const Proto *p)
{
    ck_assert_int_gt(p->ncode, 0);
    ck_assert_int_eq(GET_OP(p->code[p->ncode - 1]), OP_RETURN);
    ck_assert_int_le(p->maxstack, MAXREGS);
    for (int pc = 0; pc < p->ncode; pc++) {
        Instr i = p->code[pc];
        OpCode op = GET_OP(i);
        ck_assert_int_lt(op, NUM_OPCODES);
        ck_assert_int_gt(p->lineinfo[pc], 0);
        if (op == OP_JMP || op == OP_JMPBACK) {
            int target = pc + 1 + GET_sJ(i);
            ck_assert_msg(op == OP_JMP ? GET_sJ(i) >= 0 : GET_sJ(i) < 0,
                          "pc %d: %s with offset %d", pc, mt_opnames[op],
                          GET_sJ(i));
            ck_assert_int_ge(target, 0);
            ck_assert_int_lt(target, p->ncode);
        }
        if (op == OP_LOADK || op == OP_GETGLOBAL || op == OP_SETGLOBAL)
            ck_assert_int_lt(GET_Bx(i), p->nk);
        if (op == OP_GETGLOBAL || op == OP_SETGLOBAL)
            ck_assert_int_eq(p->k[GET_Bx(i)].tt, T_STR);
        if (op == OP_GETFIELD || op == OP_SELF)
            ck_assert_int_eq(p->k[GET_C(i)].tt, T_STR);
        if (op == OP_SETFIELD)
            ck_assert_int_eq(p->k[GET_B(i)].tt, T_STR);
        if (op == OP_CLOSURE)
            ck_assert_int_lt(GET_Bx(i), p->nprotos);
        if (op != OP_JMP && op != OP_JMPBACK && op != OP_EXTRAARG &&
            !(op == OP_RETURN && GET_B(i) == 1))
            ck_assert_msg(GET_A(i) < p->maxstack || op == OP_TESTSET,
                          "pc %d: A=%d >= maxstack %d", pc, GET_A(i),
                          p->maxstack);
    }
    for (int i = 0; i < p->nlocvars; i++)
        ck_assert_int_le(p->locvars[i].startpc, p->locvars[i].endpc);
    for (int i = 0; i < p->nprotos; i++)
        check_invariants(p->protos[i]);
}

static Proto *compile(const char *src)
{
    char msg[512];
    Proto *p = try_compile(src, strlen(src), msg, sizeof msg);
    ck_assert_msg(p != NULL, "compile failed: %s", msg);
    check_invariants(p);
    return p;
}

static const char *compile_error(const char *src)
{
    static char msg[512];
    Proto *p = try_compile(src, strlen(src), msg, sizeof msg);
    ck_assert_msg(p == NULL, "compiled without error: %s", src);
    return msg;
}

/* The code of p as "OP a b c; ..." (ABx: "OP a bx"; AsBx: "OP a sbx";
 * sJ: "OP sj"), the final RETURN left out. */
static const char *code(const Proto *p)
{
    static char buf[8192];
    size_t n = 0;
    buf[0] = '\0';
    for (int pc = 0; pc < p->ncode - 1; pc++) {
        Instr i = p->code[pc];
        OpCode op = GET_OP(i);
        const char *sep = pc ? "; " : "";
        switch (mt_opformats[op]) {
        case FMT_ABC:
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s %d %d %d", sep,
                                  mt_opnames[op], GET_A(i), GET_B(i), GET_C(i));
            break;
        case FMT_ABx:
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s %d %d", sep,
                                  mt_opnames[op], GET_A(i), GET_Bx(i));
            break;
        case FMT_AsBx:
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s %d %d", sep,
                                  mt_opnames[op], GET_A(i), GET_sBx(i));
            break;
        case FMT_sJ:
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s %d", sep,
                                  mt_opnames[op], GET_sJ(i));
            break;
        }
        if (n >= sizeof buf - 64)
            break;
    }
    return buf;
}

static int count_op(const Proto *p, OpCode op)
{
    int n = 0;
    for (int pc = 0; pc < p->ncode; pc++)
        n += GET_OP(p->code[pc]) == op;
    return n;
}

#define ck_code(src, expected) ck_assert_str_eq(code(compile(src)), expected)

/* ---- registers, constants, K-forms ---- */

START_TEST(locals_and_arithmetic)
{
    ck_code("local a, b = 1, 2; local c = a + b",
            "LOADI 0 1; LOADI 1 2; ADD 2 0 1");
    ck_code("local a, b, c", "LOADNIL 0 2 0");
    ck_code("local a = 1; local b = a; a = b", "LOADI 0 1; MOVE 1 0 0; MOVE 0 1 0");
    ck_code("local a, b = ...", "VARARG 0 0 3");
    ck_code("local a = 'x'; local b = 1.5; local c = 2.0; local d = true",
            "LOADK 0 0; LOADK 1 1; LOADF 2 2; LOADBOOL 3 1 0");
    ck_code("local a = 100000", "LOADK 0 0");
}
END_TEST

START_TEST(k_forms)
{
    ck_code("local a = ...; local b = a + 1; local c = a * 2.5",
            "VARARG 0 0 2; ADDK 1 0 0; MULK 2 0 1");
    ck_code("local a = ...; local b = a & 3; local c = a >> 1",
            "VARARG 0 0 2; BANDK 1 0 0; SHRK 2 0 1");
    /* a float constant is no K operand for bitwise ops */
    ck_code("local a = ...; local b = a | 1.5",
            "VARARG 0 0 2; LOADK 1 0; BOR 1 0 1");
    /* a constant on the left is loaded (no swapped K-form) */
    ck_code("local a = ...; local b = 2 - a", "VARARG 0 0 2; LOADI 1 2; SUB 1 1 0");
    ck_code("local a = ...; local b = 1 + a", "VARARG 0 0 2; LOADI 1 1; ADD 1 1 0");
}
END_TEST

START_TEST(constant_folding)
{
    ck_code("local a = 2^10 + 3 * 4 - -1", "LOADF 0 1037");
    ck_code("local a = 7 // 2; local b = 7 % -3; local c = ~0", "LOADI 0 3; LOADI 1 -2; LOADI 2 -1");
    ck_code("local a = 1 << 62", "LOADK 0 0");
    /* no folding: division by zero, NaN or -0 results */
    ck_code("local a = 1 // 0", "LOADI 0 1; IDIVK 0 0 0");
    ck_code("local a = 0/0", "LOADI 0 0; DIVK 0 0 0");
    ck_code("local a = -0.0", "LOADF 0 0; UNM 0 0 0");
    ck_code("local a = 1.5 & 1", "LOADK 0 1; BANDK 0 0 0");
    ck_code("local a = -'2'", "LOADK 0 0; UNM 0 0 0");
}
END_TEST

START_TEST(fields_and_indexing)
{
    ck_code("local t = {}; t.x = t.y",
            "NEWTABLE 0 0 0; GETFIELD 1 0 1; SETFIELD 0 0 1");
    ck_code("local t = {}; t[1] = t[255]; t[256] = 1",
            "NEWTABLE 0 0 0; GETI 1 0 255; SETI 0 1 1; "
            "LOADI 1 256; LOADI 2 1; SETTABLE 0 1 2");
    ck_code("local t, k = {}, 'k'; t[k] = t[k]",
            "NEWTABLE 0 0 0; LOADK 1 0; GETTABLE 2 0 1; SETTABLE 0 1 2");
    ck_code("x = y", "GETGLOBAL 0 1; SETGLOBAL 0 0");
    ck_code("a.b.c = 1", "GETGLOBAL 0 0; GETFIELD 0 0 1; LOADI 1 1; SETFIELD 0 2 1");
}
END_TEST

START_TEST(calls_and_methods)
{
    ck_code("f(1, 2)", "GETGLOBAL 0 0; LOADI 1 1; LOADI 2 2; CALL 0 3 1");
    ck_code("local a = f()", "GETGLOBAL 0 0; CALL 0 1 2");
    ck_code("local o = {}; o:m(1)",
            "NEWTABLE 0 0 0; SELF 1 0 0; LOADI 3 1; CALL 1 3 1");
    ck_code("f(g())", "GETGLOBAL 0 0; GETGLOBAL 1 1; CALL 1 1 0; CALL 0 0 1");
    ck_code("f(...)", "GETGLOBAL 0 0; VARARG 1 0 0; CALL 0 0 1");
    ck_code("f'x' f{1} f[[y]]",
            "GETGLOBAL 0 0; LOADK 1 1; CALL 0 2 1; GETGLOBAL 0 0; "
            "NEWTABLE 1 1 0; LOADI 2 1; SETLIST 1 1 0; CALL 0 2 1; "
            "GETGLOBAL 0 0; LOADK 1 2; CALL 0 2 1");
    ck_code("local a, b, c = f()", "GETGLOBAL 0 0; CALL 0 1 4");
}
END_TEST

START_TEST(returns_and_tailcalls)
{
    ck_code("return", "RETURN 0 1 0");
    ck_code("local a = 1; return a", "LOADI 0 1; RETURN 0 2 0");
    ck_code("return 1, 2", "LOADI 0 1; LOADI 1 2; RETURN 0 3 0");
    ck_code("return f(1)", "GETGLOBAL 0 0; LOADI 1 1; TAILCALL 0 2 0; RETURN 0 0 0");
    ck_code("return (f(1))", "GETGLOBAL 0 0; LOADI 1 1; CALL 0 2 2; RETURN 0 2 0");
    ck_code("return ...", "VARARG 0 0 0; RETURN 0 0 0");
    ck_code("return 1, f()", "LOADI 0 1; GETGLOBAL 1 0; CALL 1 1 0; RETURN 0 0 0");
}
END_TEST

/* ---- conditions and jumps ---- */

START_TEST(comparisons)
{
    ck_code("local a, b = ...; if a < b then f() end",
            "VARARG 0 0 3; LT 0 1 0; JMP 2; GETGLOBAL 2 0; CALL 2 1 1");
    ck_code("local a, b = ...; if a > b then f() end",
            "VARARG 0 0 3; LT 1 0 0; JMP 2; GETGLOBAL 2 0; CALL 2 1 1");
    ck_code("local a, b = ...; if a >= b then f() end",
            "VARARG 0 0 3; LE 1 0 0; JMP 2; GETGLOBAL 2 0; CALL 2 1 1");
    ck_code("local a = ...; if a == 'x' then f() end",
            "VARARG 0 0 2; EQK 0 0 0; JMP 2; GETGLOBAL 1 1; CALL 1 1 1");
    ck_code("local a = ...; if 1 == a then f() end",
            "VARARG 0 0 2; EQK 0 0 0; JMP 2; GETGLOBAL 1 1; CALL 1 1 1");
    ck_code("local a = ...; if a ~= nil then f() end",
            "VARARG 0 0 2; EQK 0 0 1; JMP 2; GETGLOBAL 1 1; CALL 1 1 1");
    ck_code("local a, b = ...; local c = a == b",
            "VARARG 0 0 3; EQ 0 1 1; JMP 1; LOADBOOL 2 0 1; LOADBOOL 2 1 0");
    ck_code("local a = ...; if a < 10 then f() end",
            "VARARG 0 0 2; LOADI 1 10; LT 0 1 0; JMP 2; GETGLOBAL 1 0; CALL 1 1 1");
}
END_TEST

START_TEST(logical_operators)
{
    ck_code("local a, b = ...; local c = a and b",
            "VARARG 0 0 3; TESTSET 2 0 0; JMP 1; MOVE 2 1 0");
    ck_code("local a, b = ...; local c = a or b",
            "VARARG 0 0 3; TESTSET 2 0 1; JMP 1; MOVE 2 1 0");
    ck_code("local a = ...; local c = not a", "VARARG 0 0 2; NOT 1 0 0");
    ck_code("local a = ...; if not a then f() end",
            "VARARG 0 0 2; TEST 0 0 1; JMP 2; GETGLOBAL 1 0; CALL 1 1 1");
    ck_code("local a, b = ...; if a and b then f() end",
            "VARARG 0 0 3; TEST 0 0 0; JMP 4; TEST 1 0 0; JMP 2; "
            "GETGLOBAL 2 0; CALL 2 1 1");
    ck_code("x = 1 and 2", "LOADI 0 2; SETGLOBAL 0 0");
    ck_code("x = nil or false", "LOADBOOL 0 0 0; SETGLOBAL 0 0");
    ck_code("x = not nil", "LOADBOOL 0 1 0; SETGLOBAL 0 0");
}
END_TEST

START_TEST(if_elseif_else)
{
    ck_code("local a = ...; if a then x = 1 elseif b then x = 2 else x = 3 end",
            "VARARG 0 0 2; TEST 0 0 0; JMP 3; LOADI 1 1; SETGLOBAL 1 0; JMP 8; "
            "GETGLOBAL 1 1; TEST 1 0 0; JMP 3; LOADI 1 2; SETGLOBAL 1 0; JMP 2; "
            "LOADI 1 3; SETGLOBAL 1 0");
}
END_TEST

/* ---- loops ---- */

START_TEST(while_loop_backedge)
{
    ck_code("local i = 0; while i < 10 do i = i + 1 end",
            "LOADI 0 0; LOADI 1 10; LT 0 1 0; JMP 2; ADDK 0 0 0; JMPBACK -5");
    Proto *p = compile("while true do end");
    ck_assert_int_eq(count_op(p, OP_JMPBACK), 1);
    /* a jump to the loop's back-edge becomes a back-edge itself */
    ck_code("while x do if y then f() else g() end end",
            "GETGLOBAL 0 0; TEST 0 0 0; JMP 9; GETGLOBAL 0 1; TEST 0 0 0; "
            "JMP 3; GETGLOBAL 0 2; CALL 0 1 1; JMPBACK -9; GETGLOBAL 0 3; "
            "CALL 0 1 1; JMPBACK -12");
}
END_TEST

START_TEST(repeat_loop)
{
    ck_code("local i = 0; repeat local j = i; i = j + 1 until j > 5",
            "LOADI 0 0; MOVE 1 0 0; ADDK 0 1 0; LOADI 2 5; LT 2 1 0; JMPBACK -5");
}
END_TEST

START_TEST(numeric_for)
{
    ck_code("for i = 1, 10 do f(i) end",
            "LOADI 0 1; LOADI 1 10; LOADI 2 1; FORPREP 0 3; GETGLOBAL 4 0; "
            "MOVE 5 3 0; CALL 4 2 1; FORLOOP 0 4");
    ck_code("for i = 10, 1, -1 do end",
            "LOADI 0 10; LOADI 1 1; LOADI 2 -1; FORPREP 0 0; FORLOOP 0 1");
}
END_TEST

START_TEST(generic_for)
{
    ck_code("for k, v in pairs(t) do f(k, v) end",
            "GETGLOBAL 0 0; GETGLOBAL 1 1; CALL 0 2 4; TFORPREP 0 4; "
            "GETGLOBAL 5 2; MOVE 6 3 0; MOVE 7 4 0; CALL 5 3 1; "
            "TFORCALL 0 0 2; TFORLOOP 0 6");
    Proto *p = compile("for a, b, c, d in f do end");
    ck_assert_int_ge(p->maxstack, 3 + 4 + 3 - 4);
    ck_assert_str_eq(code(p), "GETGLOBAL 0 0; LOADNIL 1 1 0; TFORPREP 0 0; "
                              "TFORCALL 0 0 4; TFORLOOP 0 2");
}
END_TEST

START_TEST(break_and_close)
{
    /* the back-edge after an unconditional break is threaded away */
    ck_code("while true do break end", "JMP 1; JMP 0");
    ck_code("for i = 1, 2 do if i then break end end",
            "LOADI 0 1; LOADI 1 2; LOADI 2 1; FORPREP 0 2; TEST 3 0 1; "
            "JMP 1; FORLOOP 0 3");
    /* a captured loop variable: CLOSE at the end of each iteration */
    Proto *p = compile("for i = 1, 3 do g = function() return i end end");
    ck_assert_str_eq(code(p), "LOADI 0 1; LOADI 1 3; LOADI 2 1; FORPREP 0 3; "
                              "CLOSURE 4 0; SETGLOBAL 4 0; CLOSE 3 0 0; "
                              "FORLOOP 0 4");
    /* a break leaving a block with a captured local: CLOSE at the exit */
    p = compile("while x do local a; g = function() return a end; "
                "if y then break end end");
    ck_assert_str_eq(code(p),
        "GETGLOBAL 0 0; TEST 0 0 0; JMP 9; LOADNIL 0 0 0; CLOSURE 1 0; "
        "SETGLOBAL 1 1; GETGLOBAL 1 2; TEST 1 0 1; JMP 2; CLOSE 0 0 0; "
        "JMPBACK -11; CLOSE 0 0 0");
}
END_TEST

START_TEST(repeat_with_upvalue)
{
    Proto *p = compile("repeat local x; g = function() return x end until x");
    ck_assert_str_eq(code(p), "LOADNIL 0 0 0; CLOSURE 1 0; SETGLOBAL 1 0; "
                              "TEST 0 0 0; JMP 2; CLOSE 0 0 0; JMP 2; "
                              "CLOSE 0 0 0; JMPBACK -9");
}
END_TEST

/* ---- tables ---- */

START_TEST(table_constructors)
{
    ck_code("local t = {1, 2, x = 3, [4] = 5}",
            "NEWTABLE 0 2 2; LOADI 1 1; LOADI 2 2; LOADI 3 3; SETFIELD 0 0 3; "
            "LOADI 3 5; SETI 0 4 3; SETLIST 0 2 0");
    ck_code("local t = {f()}", "NEWTABLE 0 0 0; GETGLOBAL 1 0; CALL 1 1 0; SETLIST 0 0 0");
    ck_code("local t = {...}", "NEWTABLE 0 0 0; VARARG 1 0 0; SETLIST 0 0 0");
    ck_code("local t = {f(), 2}",
            "NEWTABLE 0 2 0; GETGLOBAL 1 0; CALL 1 1 2; LOADI 2 2; SETLIST 0 2 0");
}
END_TEST

START_TEST(setlist_batches)
{
    char src[4096] = "local t = {";
    for (int i = 1; i <= 120; i++)
        sprintf(src + strlen(src), "%d,", i);
    strcat(src, "f()}");
    Proto *p = compile(src);
    int batches[4][2], n = 0;
    for (int pc = 0; pc < p->ncode; pc++)
        if (GET_OP(p->code[pc]) == OP_SETLIST) {
            ck_assert_int_lt(n, 4);
            batches[n][0] = GET_B(p->code[pc]);
            batches[n][1] = GET_C(p->code[pc]);
            n++;
        }
    ck_assert_int_eq(n, 3);
    ck_assert_int_eq(batches[0][0], 50);
    ck_assert_int_eq(batches[0][1], 0);
    ck_assert_int_eq(batches[1][0], 50);
    ck_assert_int_eq(batches[1][1], 1);
    ck_assert_int_eq(batches[2][0], 0);   /* 20 items + open call: up to top */
    ck_assert_int_eq(batches[2][1], 2);
    ck_assert_int_eq(GET_B(p->code[0]), 120);
    ck_assert_int_le(p->maxstack, 52);
}
END_TEST

START_TEST(setlist_extraarg)
{
    size_t size = 200000;
    char *src = malloc(size);
    strcpy(src, "local t = {");
    size_t len = strlen(src);
    for (int i = 0; i < 13000; i++) {
        memcpy(src + len, "1,", 2);
        len += 2;
    }
    strcpy(src + len, "}");
    Proto *p = compile(src);
    free(src);
    int last = -1;
    for (int pc = 0; pc < p->ncode; pc++)
        if (GET_OP(p->code[pc]) == OP_SETLIST)
            last = pc;
    ck_assert_int_ge(last, 0);
    ck_assert_int_eq(GET_C(p->code[last]), 255);
    ck_assert_int_eq(GET_OP(p->code[last + 1]), OP_EXTRAARG);
    ck_assert_int_eq(GET_Bx(p->code[last + 1]), 259);   /* items 12951.. */
    ck_assert_int_eq(GET_B(p->code[0]), 255);           /* 'large' hint */
}
END_TEST

START_TEST(many_constants)
{
    /* past 255 constants: fields and K-forms fall back to registers */
    char src[16384] = "local t = {} ";
    for (int i = 0; i < 300; i++)
        sprintf(src + strlen(src), "t.f%d = 1 ", i);
    strcat(src, "local a = t.zz + 1.25");
    Proto *p = compile(src);
    ck_assert_int_ge(p->nk, 300);
    ck_assert_int_ge(count_op(p, OP_SETTABLE), 40);
    ck_assert_int_eq(count_op(p, OP_ADDK), 0);
    ck_assert_int_eq(count_op(p, OP_GETTABLE), 1);
}
END_TEST

/* ---- functions, upvalues, debug info ---- */

START_TEST(closures_and_upvalues)
{
    Proto *p = compile("local a = 1\n"
                       "local function f()\n"
                       "  local b = 2\n"
                       "  return function() return a + b end\n"
                       "end");
    ck_assert_int_eq(p->nprotos, 1);
    Proto *f = p->protos[0];
    ck_assert_int_eq(f->nupvals, 1);
    ck_assert_int_eq(f->upvals[0].instack, 1);
    ck_assert_int_eq(f->upvals[0].idx, 0);
    ck_assert_str_eq(f->upvals[0].name->data, "a");
    Proto *g = f->protos[0];
    ck_assert_int_eq(g->nupvals, 2);
    ck_assert_int_eq(g->upvals[0].instack, 0);   /* a: f's upvalue 0 */
    ck_assert_int_eq(g->upvals[0].idx, 0);
    ck_assert_int_eq(g->upvals[1].instack, 1);   /* b: f's register 0 */
    ck_assert_int_eq(g->upvals[1].idx, 0);
    ck_assert_str_eq(code(g), "GETUPVAL 0 0 0; GETUPVAL 1 1 0; ADD 0 0 1; RETURN 0 2 0");
    ck_assert_int_eq(f->linedefined, 2);
    ck_assert_int_eq(f->lastlinedefined, 5);
    ck_assert_int_eq(g->linedefined, 4);
    ck_assert_int_eq(g->lastlinedefined, 4);
    ck_assert_str_eq(p->source->data, "t.mt");
    ck_assert_int_eq(p->is_vararg, 1);
    ck_assert_int_eq(f->is_vararg, 0);
}
END_TEST

START_TEST(function_statements)
{
    Proto *p = compile("function a.b.c:m(x, ...) return self, x end");
    ck_assert_str_eq(code(p), "GETGLOBAL 0 0; GETFIELD 0 0 1; GETFIELD 0 0 2; "
                              "CLOSURE 1 0; SETFIELD 0 3 1");
    Proto *m = p->protos[0];
    ck_assert_int_eq(m->numparams, 2);
    ck_assert_int_eq(m->is_vararg, 1);
    ck_assert_str_eq(m->locvars[0].name->data, "self");
    ck_assert_str_eq(code(compile("local function f() return f() end")),
                     "CLOSURE 0 0");
    Proto *rec = compile("local function f() return f() end")->protos[0];
    ck_assert_int_eq(rec->upvals[0].instack, 1);
    ck_assert_str_eq(code(rec), "GETUPVAL 0 0 0; TAILCALL 0 1 0; RETURN 0 0 0");
}
END_TEST

START_TEST(line_info)
{
    Proto *p = compile("local t = {}\n"
                       "t.f(\n"
                       "1,\n"
                       "2)\n"
                       "local x = 1 +\n"
                       "  t.y\n");
    int call = -1, add = -1;
    for (int pc = 0; pc < p->ncode; pc++) {
        if (GET_OP(p->code[pc]) == OP_CALL) call = pc;
        if (GET_OP(p->code[pc]) == OP_ADD) add = pc;
    }
    ck_assert_int_eq(p->lineinfo[call], 2);   /* line of the call's start */
    ck_assert_int_eq(p->lineinfo[add], 5);    /* line of the operator */
    ck_assert_int_eq(p->lineinfo[0], 1);
}
END_TEST

START_TEST(local_variable_ranges)
{
    Proto *p = compile("local a = 1\ndo local b = 2 end\nlocal c = 3");
    ck_assert_int_eq(p->nlocvars, 3);
    ck_assert_str_eq(p->locvars[0].name->data, "a");
    ck_assert_int_eq(p->locvars[0].startpc, 1);
    ck_assert_str_eq(p->locvars[1].name->data, "b");
    ck_assert_int_eq(p->locvars[1].startpc, 2);
    ck_assert_int_eq(p->locvars[1].endpc, 2);
    ck_assert_str_eq(p->locvars[2].name->data, "c");
    ck_assert_int_eq(p->locvars[2].startpc, 3);
    ck_assert_int_eq(p->locvars[2].endpc, 4);
}
END_TEST

START_TEST(multiple_assignment)
{
    /* every value is computed before any store; stores go right to left */
    ck_code("local a, b = 1, 2; a, b = b, a",
            "LOADI 0 1; LOADI 1 2; MOVE 2 1 0; MOVE 1 0 0; MOVE 0 2 0");
    /* t[i], i = ...: the table store uses the old i */
    ck_code("local t, i = {}, 1; t[i], i = 5, 2",
            "NEWTABLE 0 0 0; LOADI 1 1; MOVE 2 1 0; LOADI 3 5; LOADI 1 2; "
            "SETTABLE 0 2 3");
    Proto *p = compile("local t, i = {}, 1; t[i], i = 5, 2");
    ck_assert_int_eq(count_op(p, OP_SETTABLE), 1);
    ck_code("x, y = 1", "LOADI 0 1; LOADNIL 1 0 0; SETGLOBAL 1 1; SETGLOBAL 0 0");
}
END_TEST

START_TEST(const_locals)
{
    ck_code("local N <const> = 10; local x = ...; x = x * N",
            "VARARG 0 0 2; MULK 0 0 0");
    ck_code("local S <const> = 'a'; x = S", "LOADK 0 1; SETGLOBAL 0 0");
    ck_code("local T <const> = {}; x = T", "NEWTABLE 0 0 0; SETGLOBAL 0 0");
    Proto *p = compile("local N <const> = 3; function f() return N end");
    ck_assert_int_eq(p->protos[0]->nupvals, 0);
}
END_TEST

START_TEST(register_limit)
{
    char src[4096] = "f(";
    for (int i = 0; i < 300; i++)
        strcat(src, i ? ",1" : "1");
    strcat(src, ")");
    ck_assert_str_eq(compile_error(src),
        "t.mt:1: function or expression needs too many registers near '1'");
    Proto *p = compile("local a, b, c = 1, 2, 3");
    ck_assert_int_eq(p->maxstack, 3);
}
END_TEST

START_TEST(deep_nesting)
{
    char *src = malloc(4000);
    strcpy(src, "x = ");
    for (int i = 0; i < 1000; i++) strcat(src, "(");
    ck_assert_str_eq(compile_error(src), "C stack overflow");
    strcpy(src, "");
    for (int i = 0; i < 500; i++) strcat(src, "do ");
    ck_assert_str_eq(compile_error(src), "C stack overflow");
    strcpy(src, "x = ");
    for (int i = 0; i < 150; i++) strcat(src, "(");
    strcat(src, "1");
    for (int i = 0; i < 150; i++) strcat(src, ")");
    compile(src);
    free(src);
}
END_TEST

/* ---- syntax errors, exactly as lua5.4 reports them ---- */

static const struct { const char *src, *msg; } lua_errors[] = {
    {"x = = 1",
     "t.mt:1: unexpected symbol near '='"},
    {"local 1 = 2",
     "t.mt:1: <name> expected near '1'"},
    {"x = 1 +",
     "t.mt:1: unexpected symbol near <eof>"},
    {"f(",
     "t.mt:1: unexpected symbol near <eof>"},
    {"if x then",
     "t.mt:1: 'end' expected near <eof>"},
    {"if x then\n\nelse\n",
     "t.mt:4: 'end' expected (to close 'if' at line 1) near <eof>"},
    {"function f()\n return 1\n",
     "t.mt:3: 'end' expected (to close 'function' at line 1) near <eof>"},
    {"x = 'abc",
     "t.mt:1: unfinished string near <eof>"},
    {"x = \"abc\ndef\"",
     "t.mt:1: unfinished string near '\"abc'"},
    {"x = [[abc",
     "t.mt:1: unfinished long string (starting at line 1) near <eof>"},
    {"--[[ abc\n\n",
     "t.mt:3: unfinished long comment (starting at line 1) near <eof>"},
    {"x = 3x",
     "t.mt:1: malformed number near '3x'"},
    {"x = 0x",
     "t.mt:1: malformed number near '0x'"},
    {"x = 1e",
     "t.mt:1: malformed number near '1e'"},
    {"x = 1.2.3",
     "t.mt:1: malformed number near '1.2.3'"},
    {"x = 08z",
     "t.mt:1: malformed number near '08z'"},
    {"x = '\\q'",
     "t.mt:1: invalid escape sequence near ''\\q'"},
    {"x = '\\x4'",
     "t.mt:1: hexadecimal digit expected near ''\\x4''"},
    {"x = '\\xzz'",
     "t.mt:1: hexadecimal digit expected near ''\\xz'"},
    {"x = '\\300'",
     "t.mt:1: decimal escape too large near ''\\300''"},
    {"x = '\\u{110000000}'",
     "t.mt:1: UTF-8 value too large near ''\\u{110000000'"},
    {"x = '\\u{12'",
     "t.mt:1: missing '}' near ''\\u{12''"},
    {"x = '\\u12'",
     "t.mt:1: missing '{' near ''\\u1'"},
    {"x = [=[ abc ]]",
     "t.mt:1: unfinished long string (starting at line 1) near <eof>"},
    {"x = [= abc",
     "t.mt:1: invalid long string delimiter near '[='"},
    {"local function (a) end",
     "t.mt:1: <name> expected near '('"},
    {"function a.b:c.d() end",
     "t.mt:1: '(' expected near '.'"},
    {"x = function(a,) end",
     "t.mt:1: <name> or '...' expected near ')'"},
    {"x = function(..., a) end",
     "t.mt:1: ')' expected near ','"},
    {"return return",
     "t.mt:1: unexpected symbol near 'return'"},
    {"return 1\nx = 2",
     "t.mt:2: <eof> expected near 'x'"},
    {"for i = 1 do end",
     "t.mt:1: ',' expected near 'do'"},
    {"for i in do end",
     "t.mt:1: unexpected symbol near 'do'"},
    {"for a.b = 1, 2 do end",
     "t.mt:1: '=' or 'in' expected near '.'"},
    {"for i = 1, 2 end",
     "t.mt:1: 'do' expected near 'end'"},
    {"while true end",
     "t.mt:1: 'do' expected near 'end'"},
    {"repeat x = 1",
     "t.mt:1: 'until' expected near <eof>"},
    {"x = {1, 2",
     "t.mt:1: '}' expected near <eof>"},
    {"x = {[1] 2}",
     "t.mt:1: '=' expected near '2'"},
    {"x = {a = }",
     "t.mt:1: unexpected symbol near '}'"},
    {"x.y.z",
     "t.mt:1: syntax error near <eof>"},
    {"f() = 1",
     "t.mt:1: syntax error near '='"},
    {"(a) = 1",
     "t.mt:1: syntax error near '='"},
    {"a, b() = 1, 2",
     "t.mt:1: syntax error near '='"},
    {"function f() return ... end",
     "t.mt:1: cannot use '...' outside a vararg function near '...'"},
    {"local a <foo> = 1",
     "t.mt:1: unknown attribute 'foo'"},
    {"local a <const> = 1; a = 2",
     "t.mt:1: attempt to assign to const variable 'a'"},
    {"local a <const> = {}; function g() a = 2 end",
     "t.mt:1: attempt to assign to const variable 'a'"},
    {"break",
     "t.mt:1: break outside loop at line 1"},
    {"while 1 do end break",
     "t.mt:1: break outside loop at line 1"},
    {"x = #",
     "t.mt:1: unexpected symbol near <eof>"},
    {"a:b",
     "t.mt:1: function arguments expected near <eof>"},
    {"x = @",
     "t.mt:1: unexpected symbol near '@'"},
    {"x = 1 // // 2",
     "t.mt:1: unexpected symbol near '//'"},
    {"x = {,}",
     "t.mt:1: unexpected symbol near ','"},
    {"x = \001",
     "t.mt:1: unexpected symbol near '<\\1>'"},
    {"end",
     "t.mt:1: <eof> expected near 'end'"},
    {"x = 5 +\n\n\n",
     "t.mt:4: unexpected symbol near <eof>"},
    {"x = 'a' 'b'",
     "t.mt:1: unexpected symbol near ''b''"},
    {"local function",
     "t.mt:1: <name> expected near <eof>"},
    {"x = 3..2",
     "t.mt:1: malformed number near '3..2'"},
    {"print('a' .. )",
     "t.mt:1: unexpected symbol near ')'"},
    {"x = '\\\n",
     "t.mt:2: unfinished string near <eof>"},
    {"x = \"\\u{7FFFFFFF}\" y",
     "t.mt:1: syntax error near <eof>"},
    {"x = '\\u{80000000}'",
     "t.mt:1: UTF-8 value too large near ''\\u{80000000'"},
    {"x = 9223372036854775808 y",
     "t.mt:1: syntax error near <eof>"},
    {"x = 1 \r\n y \n\r z = 3 + + ",
     "t.mt:3: syntax error near 'z'"},
    {"x = 1 \r\r y",
     "t.mt:3: syntax error near <eof>"},
    {"local t <const> = 1; local function f() t = 1 end",
     "t.mt:1: attempt to assign to const variable 't'"},
    {"for i = 1, 2 do local x <const> = i; x = 1 end",
     "t.mt:1: attempt to assign to const variable 'x'"},
    {"x = 0x1p",
     "t.mt:1: malformed number near '0x1p'"},
    {"if x then else elseif y then end",
     "t.mt:1: 'end' expected near 'elseif'"},
    {"local x = {} x[1] 2",
     "t.mt:1: syntax error near '2'"},
    {"f(a,)",
     "t.mt:1: unexpected symbol near ')'"},
    {"f(a b)",
     "t.mt:1: ')' expected near 'b'"},
    {"local a.b = 1",
     "t.mt:1: unexpected symbol near '.'"},
    {"return ...,",
     "t.mt:1: unexpected symbol near <eof>"},
    {"do local x end end",
     "t.mt:1: <eof> expected near 'end'"},
};

START_TEST(syntax_errors_match_lua)
{
    int n = (int)(sizeof lua_errors / sizeof lua_errors[0]);
    for (int i = 0; i < n; i++) {
        const char *got = compile_error(lua_errors[i].src);
        ck_assert_msg(strcmp(got, lua_errors[i].msg) == 0,
                      "source [%s]\n  expected [%s]\n  got      [%s]",
                      lua_errors[i].src, lua_errors[i].msg, got);
    }
}
END_TEST

START_TEST(unsupported_features)
{
    ck_assert_str_eq(compile_error("x = 1\ngoto done"),
                     "t.mt:2: 'goto' is not supported by mt");
    ck_assert_str_eq(compile_error("\n::top::"),
                     "t.mt:2: labels ('::name::') are not supported by mt");
    ck_assert_str_eq(compile_error("local f <close> = nil"),
                     "t.mt:1: to-be-closed variables (<close>) are not supported by mt");
}
END_TEST

START_TEST(embedded_nul)
{
    char msg[256];
    ck_assert_ptr_nonnull(try_compile("x = 'a\0b'", 9, msg, sizeof msg));
    ck_assert_ptr_null(try_compile("x = \0", 5, msg, sizeof msg));
    ck_assert_str_eq(msg, "t.mt:1: unexpected symbol");
}
END_TEST

static Suite *parse_suite(void)
{
    Suite *s = suite_create("parse");
    TCase *tc = tcase_create("codegen");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, locals_and_arithmetic);
    tcase_add_test(tc, k_forms);
    tcase_add_test(tc, constant_folding);
    tcase_add_test(tc, fields_and_indexing);
    tcase_add_test(tc, calls_and_methods);
    tcase_add_test(tc, returns_and_tailcalls);
    tcase_add_test(tc, comparisons);
    tcase_add_test(tc, logical_operators);
    tcase_add_test(tc, if_elseif_else);
    tcase_add_test(tc, while_loop_backedge);
    tcase_add_test(tc, repeat_loop);
    tcase_add_test(tc, numeric_for);
    tcase_add_test(tc, generic_for);
    tcase_add_test(tc, break_and_close);
    tcase_add_test(tc, repeat_with_upvalue);
    tcase_add_test(tc, table_constructors);
    tcase_add_test(tc, setlist_batches);
    tcase_add_test(tc, setlist_extraarg);
    tcase_add_test(tc, many_constants);
    tcase_add_test(tc, closures_and_upvalues);
    tcase_add_test(tc, function_statements);
    tcase_add_test(tc, line_info);
    tcase_add_test(tc, local_variable_ranges);
    tcase_add_test(tc, multiple_assignment);
    tcase_add_test(tc, const_locals);
    tcase_add_test(tc, register_limit);
    tcase_add_test(tc, deep_nesting);
    tcase_add_test(tc, syntax_errors_match_lua);
    tcase_add_test(tc, unsupported_features);
    tcase_add_test(tc, embedded_nul);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(parse_suite());
    srunner_run_all(sr, CK_NORMAL);
    int run = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    printf("test_parse: %d passed, %d failed\n", run - failed, failed);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
