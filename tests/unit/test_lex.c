/* test_lex.c — the lexer: every token, numerals, string escapes, long
 * strings and comments, line counting, the shebang line, and the exact
 * text of lexical errors (each checked against lua5.4). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "mtstring.h"

static State *S;

static void setup(void) { S = mt_newstate(); }
static void teardown(void) { mt_close(S); }

/* Lexes `src` completely inside a protected call and renders the tokens
 * as text: names as N(x), strings as S(len:bytes), integers as I(v),
 * floats as F(%.17g), other tokens by their Lua spelling, each followed by
 * @line. On an error, the result is "ERR:" and the message. */
typedef struct LexJob {
    const char *src;
    size_t len;
    Lexer ls;   /* here, not on the C stack: freed after an error too */
    char out[4096];
} LexJob;

static void append(LexJob *job, const char *s)
{
    strncat(job->out, s, sizeof job->out - strlen(job->out) - 1);
}

static void render(LexJob *job, Lexer *ls)
{
    char buf[600], tb[LEX_TOKBUF];
    const Tok *t = &ls->t;
    switch (t->token) {
    case TK_NAME:
        snprintf(buf, sizeof buf, "N(%s)", t->seminfo.ts->data);
        break;
    case TK_STRING: {
        String *s = t->seminfo.ts;
        int n = snprintf(buf, sizeof buf, "S(%zu:", s->len);
        for (size_t i = 0; i < s->len && n < 500; i++) {
            unsigned char c = (unsigned char)s->data[i];
            n += (c >= 32 && c < 127 && c != '\\')
                ? snprintf(buf + n, sizeof buf - (size_t)n, "%c", c)
                : snprintf(buf + n, sizeof buf - (size_t)n, "\\%d", c);
        }
        snprintf(buf + n, sizeof buf - (size_t)n, ")");
        break;
    }
    case TK_INT:
        snprintf(buf, sizeof buf, "I(%lld)", (long long)t->seminfo.i);
        break;
    case TK_FLT:
        snprintf(buf, sizeof buf, "F(%.17g)", t->seminfo.r);
        break;
    default: {
        const char *s = lex_token2str(t->token, tb);
        size_t n = strlen(s);
        if (s[0] == '\'' && n >= 2)   /* drop Lua's quotes */
            snprintf(buf, sizeof buf, "%.*s", (int)(n - 2), s + 1);
        else
            snprintf(buf, sizeof buf, "%s", s);
    }
    }
    append(job, buf);
    snprintf(buf, sizeof buf, "@%d ", ls->linenumber);
    append(job, buf);
}

static void lex_all(State *L, void *ud)
{
    LexJob *job = ud;
    lex_init(L);
    lex_setinput(&job->ls, L, job->src, job->len, "t.mt");
    for (lex_next(&job->ls); job->ls.t.token != TK_EOS; lex_next(&job->ls))
        render(job, &job->ls);
}

static const char *lexn(const char *src, size_t len)
{
    static LexJob job;
    memset(&job, 0, sizeof job);
    job.src = src;
    job.len = len;
    TValue *top = S->top;
    int status = mt_rawrunprotected(S, lex_all, &job);
    lex_freebuffer(&job.ls);
    if (status != MT_OK) {
        snprintf(job.out, sizeof job.out, "ERR:%s", strvalue(S->top - 1)->data);
        S->top = top;
    }
    size_t n = strlen(job.out);
    if (n > 0 && job.out[n - 1] == ' ')
        job.out[n - 1] = '\0';
    return job.out;
}

static const char *lex(const char *src) { return lexn(src, strlen(src)); }

START_TEST(keywords_and_names)
{
    ck_assert_str_eq(lex("and break do else elseif end false for function"),
        "and@1 break@1 do@1 else@1 elseif@1 end@1 false@1 for@1 function@1");
    ck_assert_str_eq(lex("goto if in local nil not or repeat return then"),
        "goto@1 if@1 in@1 local@1 nil@1 not@1 or@1 repeat@1 return@1 then@1");
    ck_assert_str_eq(lex("true until while"), "true@1 until@1 while@1");
    ck_assert_str_eq(lex("andy _x x1 End WHILE goto_"),
        "N(andy)@1 N(_x)@1 N(x1)@1 N(End)@1 N(WHILE)@1 N(goto_)@1");
}
END_TEST

START_TEST(symbols)
{
    ck_assert_str_eq(lex("+ - * / // % ^ # & ~ | << >> == ~= <= >= < > ="),
        "+@1 -@1 *@1 /@1 //@1 %@1 ^@1 #@1 &@1 ~@1 |@1 <<@1 >>@1 ==@1 ~=@1 "
        "<=@1 >=@1 <@1 >@1 =@1");
    ck_assert_str_eq(lex("( ) { } [ ] :: ; : , . .. ..."),
        "(@1 )@1 {@1 }@1 [@1 ]@1 ::@1 ;@1 :@1 ,@1 .@1 ..@1 ...@1");
    ck_assert_str_eq(lex("a.b:c"), "N(a)@1 .@1 N(b)@1 :@1 N(c)@1");
    ck_assert_str_eq(lex("x---y"), "N(x)@1");
}
END_TEST

START_TEST(integers_and_floats)
{
    ck_assert_str_eq(lex("3 345 0xff 0XBEBADA 0x7fffffffffffffff"),
        "I(3)@1 I(345)@1 I(255)@1 I(12499674)@1 I(9223372036854775807)@1");
    /* hex integers wrap; decimal ones that overflow become floats */
    ck_assert_str_eq(lex("0xffffffffffffffff 0x10000000000000000"),
        "I(-1)@1 I(0)@1");
    ck_assert_str_eq(lex("9223372036854775807 9223372036854775808"),
        "I(9223372036854775807)@1 F(9.2233720368547758e+18)@1");
    ck_assert_str_eq(lex("3.0 3.1416 314.16e-2 0.31416E1 34e1"),
        "F(3)@1 F(3.1415999999999999)@1 F(3.1415999999999999)@1 "
        "F(3.1415999999999999)@1 F(340)@1");
    ck_assert_str_eq(lex("0x0.1E 0xA23p-4 0X1.921FB54442D18P+1"),
        "F(0.1171875)@1 F(162.1875)@1 F(3.1415926535897931)@1");
    ck_assert_str_eq(lex(".5 5. 1e+2 1E-2"),
        "F(0.5)@1 F(5)@1 F(100)@1 F(0.01)@1");
}
END_TEST

START_TEST(malformed_numbers)
{
    ck_assert_str_eq(lex("x = 3x"), "ERR:t.mt:1: malformed number near '3x'");
    ck_assert_str_eq(lex("3xyz"), "ERR:t.mt:1: malformed number near '3x'");
    ck_assert_str_eq(lex("0x"), "ERR:t.mt:1: malformed number near '0x'");
    ck_assert_str_eq(lex("1e"), "ERR:t.mt:1: malformed number near '1e'");
    ck_assert_str_eq(lex("1.2.3"), "ERR:t.mt:1: malformed number near '1.2.3'");
    ck_assert_str_eq(lex("3..2"), "ERR:t.mt:1: malformed number near '3..2'");
    ck_assert_str_eq(lex("\n\n0x1p"), "ERR:t.mt:3: malformed number near '0x1p'");
}
END_TEST

START_TEST(simple_escapes)
{
    ck_assert_str_eq(lex("'\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\\''"),
        "S(10:\\7\\8\\12\\10\\13\\9\\11\\92\"')@1");
    ck_assert_str_eq(lex("\"it's\" 'say \"hi\"'"),
        "S(4:it's)@1 S(8:say \"hi\")@1");
    ck_assert_str_eq(lex("'a\\\nb'"), "S(3:a\\10b)@2");
    ck_assert_str_eq(lex("'a\\\r\nb'"), "S(3:a\\10b)@2");
}
END_TEST

START_TEST(numeric_escapes)
{
    ck_assert_str_eq(lex("'\\65\\066\\0067'"), "S(4:AB\\67)@1");
    ck_assert_str_eq(lex("'\\x41\\x7a\\xFF'"), "S(3:Az\\255)@1");
    ck_assert_str_eq(lex("'\\0'"), "S(1:\\0)@1");
    ck_assert_str_eq(lex("'\\255'"), "S(1:\\255)@1");
}
END_TEST

START_TEST(utf8_escapes)
{
    ck_assert_str_eq(lex("'\\u{48}\\u{7FF}'"), "S(3:H\\223\\191)@1");
    ck_assert_str_eq(lex("'\\u{FFFF}'"), "S(3:\\239\\191\\191)@1");
    ck_assert_str_eq(lex("'\\u{10FFFF}'"), "S(4:\\244\\143\\191\\191)@1");
    ck_assert_str_eq(lex("'\\u{7FFFFFFF}'"),
                     "S(6:\\253\\191\\191\\191\\191\\191)@1");
    ck_assert_str_eq(lex("'\\u{000041}'"), "S(1:A)@1");
}
END_TEST

START_TEST(zap_escape)
{
    ck_assert_str_eq(lex("'a\\z   \n\n   b'"), "S(2:ab)@3");
    ck_assert_str_eq(lex("'a\\zb'"), "S(2:ab)@1");
}
END_TEST

START_TEST(escape_errors)
{
    ck_assert_str_eq(lex("x = '\\q'"),
        "ERR:t.mt:1: invalid escape sequence near ''\\q'");
    ck_assert_str_eq(lex("x = '\\x4'"),
        "ERR:t.mt:1: hexadecimal digit expected near ''\\x4''");
    ck_assert_str_eq(lex("x = '\\xzz'"),
        "ERR:t.mt:1: hexadecimal digit expected near ''\\xz'");
    ck_assert_str_eq(lex("x = '\\300'"),
        "ERR:t.mt:1: decimal escape too large near ''\\300''");
    ck_assert_str_eq(lex("x = '\\u{110000000}'"),
        "ERR:t.mt:1: UTF-8 value too large near ''\\u{110000000'");
    ck_assert_str_eq(lex("x = '\\u{80000000}'"),
        "ERR:t.mt:1: UTF-8 value too large near ''\\u{80000000'");
    ck_assert_str_eq(lex("x = '\\u{12'"), "ERR:t.mt:1: missing '}' near ''\\u{12''");
    ck_assert_str_eq(lex("x = '\\u12'"), "ERR:t.mt:1: missing '{' near ''\\u1'");
}
END_TEST

START_TEST(unfinished_strings)
{
    ck_assert_str_eq(lex("x = 'abc"), "ERR:t.mt:1: unfinished string near <eof>");
    ck_assert_str_eq(lex("x = \"abc\ndef\""),
                     "ERR:t.mt:1: unfinished string near '\"abc'");
    ck_assert_str_eq(lex("x = '\\\n"), "ERR:t.mt:2: unfinished string near <eof>");
    ck_assert_str_eq(lex("x = [[abc"),
        "ERR:t.mt:1: unfinished long string (starting at line 1) near <eof>");
    ck_assert_str_eq(lex("x = [[abc\n\n"),
        "ERR:t.mt:3: unfinished long string (starting at line 1) near <eof>");
    ck_assert_str_eq(lex("--[[ abc\n\n"),
        "ERR:t.mt:3: unfinished long comment (starting at line 1) near <eof>");
    ck_assert_str_eq(lex("x = [= abc"),
        "ERR:t.mt:1: invalid long string delimiter near '[='");
}
END_TEST

START_TEST(long_strings)
{
    ck_assert_str_eq(lex("[[abc]]"), "S(3:abc)@1");
    ck_assert_str_eq(lex("[[\nabc]]"), "S(3:abc)@2");   /* first newline dropped */
    ck_assert_str_eq(lex("[[\r\nab\r\nc]]"), "S(4:ab\\10c)@3");
    ck_assert_str_eq(lex("[==[a]]b]=]c]==]"), "S(8:a]]b]=]c)@1");
    ck_assert_str_eq(lex("[=[\n]]\n]=] x"), "S(3:]]\\10)@3 N(x)@3");
    ck_assert_str_eq(lex("[[a\\nb]]"), "S(4:a\\92nb)@1");   /* no escapes */
}
END_TEST

START_TEST(comments)
{
    ck_assert_str_eq(lex("a -- comment\nb"), "N(a)@1 N(b)@2");
    ck_assert_str_eq(lex("a --[[ long\ncomment ]] b"), "N(a)@1 N(b)@2");
    ck_assert_str_eq(lex("a --[==[ ]] ]=] \n\n]==] b"), "N(a)@1 N(b)@3");
    ck_assert_str_eq(lex("a --[ not long\nb"), "N(a)@1 N(b)@2");
    ck_assert_str_eq(lex("a --[=x\nb"), "N(a)@1 N(b)@2");
    ck_assert_str_eq(lex("a --"), "N(a)@1");
}
END_TEST

START_TEST(line_counting)
{
    ck_assert_str_eq(lex("a\nb\rc\r\nd\n\re\n\nf"),
                     "N(a)@1 N(b)@2 N(c)@3 N(d)@4 N(e)@5 N(f)@7");
    ck_assert_str_eq(lex("a\r\rb"), "N(a)@1 N(b)@3");
    ck_assert_str_eq(lex("a\n\r\n\rb"), "N(a)@1 N(b)@3");
}
END_TEST

START_TEST(shebang_and_bom)
{
    ck_assert_str_eq(lex("#!/usr/bin/env lua\nx"), "N(x)@2");
    ck_assert_str_eq(lex("# comment only"), "");
    ck_assert_str_eq(lex("\xEF\xBB\xBFx"), "N(x)@1");
    ck_assert_str_eq(lex("x #y"), "N(x)@1 #@1 N(y)@1");
}
END_TEST

START_TEST(odd_characters)
{
    ck_assert_str_eq(lex("@"), "@@1");
    ck_assert_str_eq(lexn("'a\0b'", 5), "S(3:a\\0b)@1");
    ck_assert_str_eq(lex("\x01"), "<\\1>@1");
}
END_TEST

static Suite *lex_suite(void)
{
    Suite *s = suite_create("lex");
    TCase *tc = tcase_create("tokens");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, keywords_and_names);
    tcase_add_test(tc, symbols);
    tcase_add_test(tc, integers_and_floats);
    tcase_add_test(tc, malformed_numbers);
    tcase_add_test(tc, simple_escapes);
    tcase_add_test(tc, numeric_escapes);
    tcase_add_test(tc, utf8_escapes);
    tcase_add_test(tc, zap_escape);
    tcase_add_test(tc, escape_errors);
    tcase_add_test(tc, unfinished_strings);
    tcase_add_test(tc, long_strings);
    tcase_add_test(tc, comments);
    tcase_add_test(tc, line_counting);
    tcase_add_test(tc, shebang_and_bom);
    tcase_add_test(tc, odd_characters);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(lex_suite());
    srunner_run_all(sr, CK_NORMAL);
    int run = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    printf("test_lex: %d passed, %d failed\n", run - failed, failed);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
