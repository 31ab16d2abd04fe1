/* ir_testutil.h — helpers for the trace-IR tests: parse IR text (failing
 * the test on a syntax error), and run a pass over "this IR in" and compare
 * it with "that IR out". Both sides go through ir_parse and ir_dump, so the
 * comparison ignores spacing and leading zeros but nothing else. */
#ifndef IR_TESTUTIL_H
#define IR_TESTUTIL_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "ir_text.h"
#include "opt.h"

/* One "IR in, IR out" case; exits: 1 when the pass must report that the
 * trace always exits, 0 when it must not. */
typedef struct IRCase {
    const char *name;
    const char *in;
    const char *want;
    int exits;
} IRCase;

typedef void (*IRPass)(Trace *, OptResult *);

static inline void parse_ok(Trace *T, const char *text, const char *what)
{
    char err[200];
    bool ok = ir_parse(T, text, err, sizeof err);
    ck_assert_msg(ok, "%s: does not parse: %s\n%s", what, err, text);
}

/* The canonical text of some IR text. */
static inline char *canonical(const char *text, const char *what)
{
    Trace T;
    parse_ok(&T, text, what);
    char *s = ir_dump_str(&T);
    ir_free(&T);
    return s;
}

static inline void expect_ir(const Trace *T, const char *want, const char *name)
{
    char err[200];
    ck_assert_msg(ir_check(T, err, sizeof err), "%s: result is malformed: %s", name, err);
    char *got = ir_dump_str(T), *exp = canonical(want, name);
    ck_assert_msg(strcmp(got, exp) == 0, "%s:\n--- got\n%s--- want\n%s", name, got, exp);
    free(got);
    free(exp);
}

static inline OptResult run_case(const IRCase *c, IRPass pass)
{
    Trace T;
    OptResult res;
    memset(&res, 0, sizeof res);
    parse_ok(&T, c->in, c->name);
    pass(&T, &res);
    expect_ir(&T, c->want, c->name);
    ck_assert_msg(res.always_exits == (c->exits != 0), "%s: always_exits = %d", c->name,
                  res.always_exits);
    if (res.always_exits) {
        ck_assert_uint_lt(res.exit_ref, T.nins);
        ck_assert_msg(T.ir[res.exit_ref].flags & IRF_GUARD, "%s: exit_ref %u is no guard",
                      c->name, res.exit_ref);
    }
    ir_free(&T);
    return res;
}

static inline int run_suite(Suite *s, const char *name)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int run = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    printf("%s: %d passed, %d failed\n", name, run - failed, failed);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif
