/* test_gc.c — the collector: what is reachable survives with its contents,
 * what is not is freed (cycles included), deep structures are marked without
 * C recursion, upvalues follow the rule documented in gc.c, the dead part of
 * the stack is cleared, and a stress mode that collects at every check point
 * leaves a structure under construction intact. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "func.h"
#include "gc.h"
#include "mem.h"
#include "mtstring.h"
#include "table.h"

static State *S;

static void setup(void)
{
    S = mt_newstate();
    gc_collect(S);              /* start from a heap without temporaries */
}
static void teardown(void) { mt_close(S); }

static bool in_heap(const void *o)
{
    for (GCObj *g = S->allgc; g != NULL; g = g->gcnext)
        if (g == o)
            return true;
    return false;
}

static size_t heap_count(void)
{
    size_t n = 0;
    for (GCObj *g = S->allgc; g != NULL; g = g->gcnext)
        n++;
    return n;
}

static void push_table(Table *t)
{
    TValue v;
    settable(&v, t);
    mt_push(S, &v);
}

static void setstrkey(Table *t, const char *k, const TValue *v)
{
    tab_setstr(S, t, str_newc(S, k), v);
}

START_TEST(unreachable_freed_reachable_kept)
{
    size_t base = heap_count();
    Table *kept = tab_new(S, 0, 0);
    push_table(kept);
    Table *lost = tab_new(S, 4, 4);
    Table *inner = tab_new(S, 0, 0);
    TValue v;
    settable(&v, inner);
    setstrkey(kept, "inner", &v);
    setstr(&v, str_newc(S, "a value string"));
    tab_setint(S, inner, 1, &v);
    gc_collect(S);
    ck_assert(in_heap(kept) && in_heap(inner));
    ck_assert(!in_heap(lost));
    ck_assert_ptr_eq(tabvalue(tab_getstr(kept, str_newc(S, "inner"))), inner);
    ck_assert_str_eq(strvalue(tab_getint(inner, 1))->data, "a value string");
    S->top--;                   /* unroot: everything goes */
    gc_collect(S);
    ck_assert(!in_heap(kept) && !in_heap(inner));
    ck_assert_uint_eq(heap_count(), base);
}
END_TEST

START_TEST(roots_globals_and_metatables)
{
    Table *g = tab_new(S, 0, 0);
    Table *meta = tab_new(S, 0, 0);
    Table *idx = tab_new(S, 0, 0);
    TValue v;
    settable(&v, g);
    setstrkey(S->globals, "g", &v);
    g->meta = meta;
    settable(&v, idx);
    setstrkey(meta, "__index", &v);
    Table *smeta = tab_new(S, 0, 0);
    S->string_meta = smeta;
    Table *handler = tab_new(S, 0, 0);
    settable(&S->errfunc, handler);
    Table *loaded = tab_new(S, 0, 0);
    settable(&v, loaded);
    setstrkey(S->loaded, "mod", &v);
    gc_collect(S);
    ck_assert(in_heap(g) && in_heap(meta) && in_heap(idx) && in_heap(smeta));
    ck_assert(in_heap(handler) && in_heap(loaded));
    setnil(&S->errfunc);
    gc_collect(S);
    ck_assert(!in_heap(handler));
}
END_TEST

START_TEST(cycles_are_freed)
{
    size_t base = heap_count();
    Table *a = tab_new(S, 0, 0), *b = tab_new(S, 0, 0);
    TValue v;
    settable(&v, b);
    tab_setint(S, a, 1, &v);
    settable(&v, a);
    tab_setint(S, b, 1, &v);
    a->meta = b;
    b->meta = a;
    tab_set(S, a, &v, &v);          /* a table as its own key and value */
    gc_collect(S);
    ck_assert(!in_heap(a) && !in_heap(b));
    ck_assert_uint_eq(heap_count(), base);
}
END_TEST

START_TEST(million_long_list)
{
    enum { N = 1000000 };
    TValue v;
    setnil(&v);
    mt_push(S, &v);                 /* the list head lives in this slot */
    TValue *head = S->top - 1;
    for (int i = 0; i < N; i++) {
        Table *t = tab_new(S, 2, 0);
        tab_setint(S, t, 1, head);  /* t[1] = previous head */
        TValue n;
        setint(&n, i);
        tab_setint(S, t, 2, &n);
        settable(head, t);
    }
    size_t before = heap_count();
    gc_collect(S);
    ck_assert_uint_eq(heap_count(), before);
    int64_t expect = N - 1, count = 0;
    for (const TValue *p = head; !isnil(p); p = tab_getint(tabvalue(p), 1)) {
        ck_assert(ivalue(tab_getint(tabvalue(p), 2)) == expect);
        expect--;
        count++;
    }
    ck_assert_int_eq(count, N);
    setnil(head);
    gc_collect(S);
    ck_assert_uint_eq(heap_count(), before - N);
}
END_TEST

/* A chain of closures, each capturing the previous one through a closed
 * upvalue: marking alternates closure -> upvalue -> closure, a hundred
 * thousand levels deep. */
START_TEST(deep_closure_chain)
{
    enum { N = 100000 };
    Proto *p = proto_new(S);
    p->nupvals = 1;
    p->upvals = mt_newvector(S, 1, UpvalDesc);
    p->upvals[0] = (UpvalDesc){.name = str_newc(S, "prev"), .instack = 1, .idx = 0};
    p->source = str_newc(S, "=chain");
    TValue pv;
    setgc(&pv, p, T_PROTO);
    mt_push(S, &pv);                /* keep the proto while building */
    mt_pushnil(S);
    TValue *slot = S->top - 1;      /* the newest closure */
    for (int i = 0; i < N; i++) {
        Closure *c = closure_new(S, p);
        UpVal *uv = upval_find(S, slot);   /* captures the previous one */
        upval_close(S, slot);
        c->upvals[0] = uv;
        setclosure(slot, c);
    }
    gc_collect(S);
    int depth = 0;
    for (const TValue *f = slot; !isnil(f); f = clvalue(f)->upvals[0]->v)
        depth++;
    ck_assert_int_eq(depth, N);
    ck_assert_str_eq(p->upvals[0].name->data, "prev");
    setnil(slot);
    S->top -= 2;
    size_t before = heap_count();
    gc_collect(S);
    /* the closures, their upvalues, the proto and its two strings */
    ck_assert_uint_eq(heap_count(), before - 2 * N - 3);
}
END_TEST

START_TEST(open_and_closed_upvalues)
{
    Proto *p = proto_new(S);
    p->nupvals = 1;
    p->upvals = mt_newvector(S, 1, UpvalDesc);
    p->upvals[0] = (UpvalDesc){.name = NULL, .instack = 1, .idx = 0};
    TValue *frame = S->top;         /* two "registers": a table and a closure */
    mt_pushnil(S);
    mt_pushnil(S);
    Table *captured = tab_new(S, 0, 0);
    settable(&frame[0], captured);
    Closure *c = closure_new(S, p);
    setclosure(&frame[1], c);
    UpVal *uv = upval_find(S, &frame[0]);
    c->upvals[0] = uv;
    ck_assert_ptr_eq(upval_find(S, &frame[0]), uv);        /* shared */
    ck_assert_ptr_eq(S->openupval, uv);
    /* an open upvalue no closure refers to stays while it is open */
    UpVal *lonely = upval_find(S, &frame[1]);
    ck_assert_ptr_eq(S->openupval, lonely);                 /* highest first */
    ck_assert_ptr_eq(lonely->open_next, uv);
    gc_collect(S);
    ck_assert(in_heap(uv) && in_heap(lonely) && in_heap(captured) && in_heap(p));
    ck_assert_ptr_eq(uv->v, &frame[0]);
    /* the frame ends: both close; the closure's one keeps the table */
    TValue closure_copy = frame[1];
    upval_close(S, frame);
    ck_assert_ptr_eq(S->openupval, NULL);
    ck_assert_ptr_eq(uv->v, &uv->closed);
    S->top = frame;
    mt_push(S, &closure_copy);      /* the closure survives its frame */
    gc_collect(S);
    ck_assert(in_heap(uv) && in_heap(captured) && in_heap(c));
    ck_assert(!in_heap(lonely));    /* closed, and no closure referred to it */
    ck_assert_ptr_eq(tabvalue(uv->v), captured);
    S->top--;
    gc_collect(S);
    ck_assert(!in_heap(uv) && !in_heap(captured) && !in_heap(c) && !in_heap(p));
}
END_TEST

START_TEST(proto_contents_kept)
{
    Proto *outer = proto_new(S), *inner = proto_new(S);
    outer->source = str_newc(S, "@outer.mt");
    outer->nk = 2;
    outer->k = mt_newvector(S, 2, TValue);
    setstr(&outer->k[0], str_newc(S, "constant one"));
    setflt(&outer->k[1], 2.5);
    outer->nprotos = 1;
    outer->protos = mt_newvector(S, 1, Proto *);
    outer->protos[0] = inner;
    outer->nlocvars = 1;
    outer->locvars = mt_newvector(S, 1, LocVar);
    outer->locvars[0] = (LocVar){.name = str_newc(S, "localname"), .startpc = 0, .endpc = 1};
    outer->ncode = 3;
    outer->code = mt_newvector(S, 3, Instr);
    outer->lineinfo = mt_newvector(S, 3, int);
    Closure *c = closure_new(S, outer);
    TValue v;
    setclosure(&v, c);
    mt_push(S, &v);
    gc_collect(S);
    ck_assert(in_heap(outer) && in_heap(inner));
    ck_assert_str_eq(strvalue(&outer->k[0])->data, "constant one");
    ck_assert_str_eq(outer->locvars[0].name->data, "localname");
    ck_assert_str_eq(outer->source->data, "@outer.mt");
    S->top--;
    gc_collect(S);
    ck_assert(!in_heap(outer) && !in_heap(inner) && !in_heap(c));
}
END_TEST

START_TEST(dead_stack_slots_cleared)
{
    Table *stale = tab_new(S, 0, 0);
    TValue *slot = S->top + 5;      /* above the frame's live top */
    mt_checkstack(S, 10);           /* the frame's top covers it... */
    settable(slot, stale);
    S->ci->top = S->top + 1;        /* ...then the frame shrinks again */
    ck_assert(S->stack_hwm > slot);
    gc_collect(S);
    ck_assert(isnil(slot));
    ck_assert(!in_heap(stale));
    ck_assert(S->stack_hwm <= slot);
}
END_TEST

START_TEST(threshold_and_statistics)
{
    uint64_t n = S->gc_collections;
    double secs = S->gc_seconds;
    gc_collect(S);
    ck_assert(S->gc_collections == n + 1);
    ck_assert(S->gc_seconds >= secs);
    ck_assert_uint_ge(S->gcthreshold, 2 * S->totalbytes);
    /* below the threshold gc_check does nothing */
    gc_check(S);
    ck_assert(S->gc_collections == n + 1);
    S->gcthreshold = S->totalbytes;
    gc_check(S);
    ck_assert(S->gc_collections == n + 2);
    S->gc_stress = true;
    gc_check(S);
    ck_assert(S->gc_collections == n + 3);
    /* allocation accounting returns to the same level once garbage is gone */
    size_t level = S->totalbytes;
    for (int i = 0; i < 1000; i++)
        tab_new(S, 8, 8);
    ck_assert_uint_gt(S->totalbytes, level);
    gc_collect(S);
    ck_assert_uint_eq(S->totalbytes, level);
}
END_TEST

START_TEST(dead_keys_survive_traversal)
{
    Table *t = tab_new(S, 0, 0);
    push_table(t);
    TValue k, one, nil;
    setint(&one, 1);
    setnil(&nil);
    for (int i = 0; i < 50; i++) {
        settable(&k, tab_new(S, 0, 0));
        tab_set(S, t, &k, &one);
    }
    setstr(&k, str_newc(S, "stays"));
    tab_set(S, t, &k, &one);
    /* delete the table keys during a traversal, collecting each time */
    TValue key, val;
    setnil(&key);
    mt_pushnil(S);
    TValue *keyslot = S->top - 1;   /* the traversal key is rooted */
    while (tab_next(S, t, &key, &val)) {
        *keyslot = key;
        if (istable(&key))
            tab_set(S, t, &key, &nil);
        gc_collect(S);
    }
    int live = 0;
    setnil(&key);
    while (tab_next(S, t, &key, &val))
        live++;
    ck_assert_int_eq(live, 1);
    for (int i = 0; i < 50; i++) {  /* new keys reuse the dead nodes */
        settable(&k, tab_new(S, 0, 0));
        tab_set(S, t, &k, &one);
        ck_assert(ivalue(tab_get(t, &k)) == 1);
    }
}
END_TEST

/* Builds a table of 300 records {name = "rN", items = {1..N}}, running
 * gc_check after every allocation in stress mode, with everything still
 * needed reachable from the stack, as the interpreter guarantees. */
START_TEST(stress_collect_at_every_allocation)
{
    enum { R = 300 };
    S->gc_stress = true;
    Table *all = tab_new(S, 0, 0);
    push_table(all);
    gc_check(S);
    char buf[32];
    for (int r = 1; r <= R; r++) {
        Table *rec = tab_new(S, 0, 0);
        push_table(rec);
        gc_check(S);
        snprintf(buf, sizeof buf, "r%d", r);
        String *name = mt_pushcstring(S, buf);
        gc_check(S);
        tab_setstr(S, rec, str_newc(S, "name"), S->top - 1);
        S->top--;
        gc_check(S);
        Table *items = tab_new(S, 0, 0);
        push_table(items);
        gc_check(S);
        for (int i = 1; i <= r % 17 + 1; i++) {
            TValue v;
            setstr(&v, str_newc(S, i % 2 ? "odd" : "even"));
            tab_setint(S, items, i, &v);
            gc_check(S);
        }
        tab_setstr(S, rec, str_newc(S, "items"), S->top - 1);
        S->top--;
        gc_check(S);
        tab_setint(S, all, r, S->top - 1);
        S->top--;
        gc_check(S);
        (void)name;
    }
    ck_assert_uint_gt(S->gc_collections, 5 * R);
    ck_assert_int_eq(tab_len(all), R);
    for (int r = 1; r <= R; r++) {
        Table *rec = tabvalue(tab_getint(all, r));
        snprintf(buf, sizeof buf, "r%d", r);
        ck_assert_ptr_eq(strvalue(tab_getstr(rec, str_newc(S, "name"))), str_newc(S, buf));
        Table *items = tabvalue(tab_getstr(rec, str_newc(S, "items")));
        ck_assert_int_eq(tab_len(items), r % 17 + 1);
        for (int i = 1; i <= r % 17 + 1; i++)
            ck_assert_str_eq(strvalue(tab_getint(items, i))->data, i % 2 ? "odd" : "even");
    }
}
END_TEST

static Suite *gc_suite(void)
{
    Suite *s = suite_create("gc");
    TCase *tc = tcase_create("collector");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, unreachable_freed_reachable_kept);
    tcase_add_test(tc, roots_globals_and_metatables);
    tcase_add_test(tc, cycles_are_freed);
    tcase_add_test(tc, million_long_list);
    tcase_add_test(tc, deep_closure_chain);
    tcase_add_test(tc, open_and_closed_upvalues);
    tcase_add_test(tc, proto_contents_kept);
    tcase_add_test(tc, dead_stack_slots_cleared);
    tcase_add_test(tc, threshold_and_statistics);
    tcase_add_test(tc, dead_keys_survive_traversal);
    tcase_add_test(tc, stress_collect_at_every_allocation);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(gc_suite());
    srunner_run_all(sr, CK_NORMAL);
    int run = srunner_ntests_run(sr), failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    printf("test_gc: %d passed, %d failed\n", run - failed, failed);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
