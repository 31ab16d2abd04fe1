/* trace_world.h — the world the differential trace tests (test_asm.c,
 * test_opt_loop.c) run traces in: a frame, a heap the traces load from and
 * store to, helpers with side effects, and random worlds drawn with a
 * seedable xorshift (rng; 0 is its one dead state).
 *
 * Frame convention: slots 0..3 hold integers, 4..5 floats, 6..7 are
 * scratch, slot 8 is a loop's fuel and slot 9 points at the heap. */
#ifndef TRACE_WORLD_H
#define TRACE_WORLD_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <check.h>

#include "ir.h"
#include "value.h"

#define NFRAME 10
#define FUEL 8
#define HEAPSLOT 9
#define NHEAP 16

typedef struct World {
    TValue frame[NFRAME];
    uint64_t heap[NHEAP];
    int64_t counter;
} World;

static uint64_t heap[NHEAP];
static int64_t counter;     /* helpers' side effects land here */

/* ---- helpers the traces call ---- */

/* Helpers wrap like mt's integers (unsigned arithmetic: no C overflow). */
#define W(x) ((uint64_t)(x))
static int64_t h_mix3(int64_t a, int64_t b, int64_t c)
{
    return (int64_t)(W(a) * 31 + W(b) * 7 - W(c));
}
static double h_fmix(double x, int64_t i, double y) { return x * 0.5 + (double)i - y; }
static int64_t h_side(int64_t a)
{
    counter = (int64_t)(W(counter) * 3 + W(a));
    return counter;
}
static int64_t h_read(int64_t i) { return (int64_t)(heap[W(i) % NHEAP] + W(i)); }
static int64_t h_six(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f)
{
    return (int64_t)(W(a) - W(b) * 2 + W(c) * 3 - W(d) * 5 + W(e) * 7 - W(f) * 11);
}
static double h_fsum8(double a, double b, double c, double d, double e, double f, double g,
                      double h)
{
    return a + b * 2 - c + d * 0.25 - e + f + g * 3 - h;
}
static int32_t h_narrow(int64_t a) { return (int32_t)(uint32_t)(W(a) * 3); }

static double f64(uint64_t v)
{
    double d;
    memcpy(&d, &v, 8);
    return d;
}

static uint64_t b64(double d)
{
    uint64_t v;
    memcpy(&v, &d, 8);
    return v;
}

/* The evaluator's way into the helpers: it knows nothing of signatures. */
static uint64_t call_helper(void *ud, const void *fn, const uint64_t *a, const IRType *t,
                            int n, IRType ret)
{
    (void)ud; (void)t; (void)ret;
    if (fn == (const void *)h_mix3 && n == 3)
        return (uint64_t)h_mix3((int64_t)a[0], (int64_t)a[1], (int64_t)a[2]);
    if (fn == (const void *)h_fmix && n == 3)
        return b64(h_fmix(f64(a[0]), (int64_t)a[1], f64(a[2])));
    if (fn == (const void *)h_side && n == 1)
        return (uint64_t)h_side((int64_t)a[0]);
    if (fn == (const void *)h_read && n == 1)
        return (uint64_t)h_read((int64_t)a[0]);
    if (fn == (const void *)h_six && n == 6)
        return (uint64_t)h_six((int64_t)a[0], (int64_t)a[1], (int64_t)a[2], (int64_t)a[3],
                               (int64_t)a[4], (int64_t)a[5]);
    if (fn == (const void *)h_fsum8 && n == 8)
        return b64(h_fsum8(f64(a[0]), f64(a[1]), f64(a[2]), f64(a[3]), f64(a[4]), f64(a[5]),
                           f64(a[6]), f64(a[7])));
    if (fn == (const void *)h_narrow && n == 1)
        return (uint64_t)(int64_t)h_narrow((int64_t)a[0]);
    ck_abort_msg("call of an unknown helper %p/%d", fn, n);
    return 0;
}

/* ---- random worlds ---- */

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int64_t small(void) { return (int64_t)(rnd() % 9) - 4; }

static double some_float(void)
{
    static const double special[] = {0.0, -0.0, 1.0, -2.5, 1e300, -1e300, 3.0e18,
                                     9.3e18, NAN, INFINITY, 0.5, 7.0};
    if (rnd() % 3 == 0)
        return special[rnd() % 12];
    double scale = rnd() % 2 ? 1.0 : 0.75;   /* drawn first, whatever the compiler */
    return (double)small() * scale;
}

static void set(TValue *s, uint8_t tag, uint64_t bits)
{
    memset(s, 0, sizeof *s);
    s->tt = tag;
    memcpy(&s->v, &bits, 8);
}

static World random_world(int fuel)
{
    World w;
    memset(&w, 0, sizeof w);
    for (int s = 0; s < 4; s++)
        set(&w.frame[s], T_INT, (uint64_t)(rnd() % 5 == 0 ? (int64_t)rnd() : small()));
    for (int s = 4; s < 6; s++)
        set(&w.frame[s], T_FLT, b64(some_float()));
    set(&w.frame[6], T_INT, (uint64_t)small());
    set(&w.frame[7], T_NIL, 0);
    set(&w.frame[FUEL], T_INT, (uint64_t)fuel);
    set(&w.frame[HEAPSLOT], T_INT, (uint64_t)(uintptr_t)heap);
    for (int h = 0; h < NHEAP; h++)
        w.heap[h] = rnd() % 3 ? (uint64_t)small() : rnd();
    w.counter = small();
    return w;
}

/* The helpers' state from a world, and back into it after a run. */
static void world_enter(const World *in)
{
    memcpy(heap, in->heap, sizeof heap);
    counter = in->counter;
}

static void world_leave(World *out)
{
    memcpy(out->heap, heap, sizeof heap);
    out->counter = counter;
}

#endif
