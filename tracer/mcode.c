/* mcode.c — executable memory areas with W^X, placed near mtvm's text, and
 * the /proc/self/maps check that no mapping is ever writable and executable.
 *
 * The near placement follows the fact that x86-64 direct calls and jumps
 * carry a signed 32-bit displacement (research/tracing-jit.md §6.4: LuaJIT
 * probes hint addresses within ±2 GiB of its VM for the same reason). */
#include "mcode.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000 /* Linux >= 4.17; older kernels treat it as a hint */
#endif

/* Start and end of the executable's text, from the linker; weak so that a
 * linker without them leaves them NULL and we fall back to an anchor. */
extern char __executable_start[] __attribute__((weak));
extern char etext[] __attribute__((weak));

#define PROBE_STEP ((uintptr_t)64 << 20) /* distance between hint addresses */
#define PROBE_ALIGN ((uintptr_t)64 << 10)
#define REACH ((uintptr_t)INT32_MAX - PROBE_ALIGN) /* rel32 reach, with slack */

static void set_error(MCode *mc, MCodeErr err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_error(MCode *mc, MCodeErr err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(mc->error, sizeof mc->error, fmt, ap);
    va_end(ap);
    mc->err = err;
}

void mcode_init(MCode *mc, size_t limit)
{
    memset(mc, 0, sizeof *mc);
    mc->limit = limit;
}

/* ---- placement ------------------------------------------------------------ */

typedef struct {
    uintptr_t lo, hi; /* the text every area should reach */
} TextRange;

static TextRange text_range(void)
{
    uintptr_t start = (uintptr_t)__executable_start, end = (uintptr_t)etext;
    if (start && end > start)
        return (TextRange){start, end};
    /* No linker symbols: this file's own code, give or take 64 MiB. */
    uintptr_t anchor = (uintptr_t)&mcode_new;
    return (TextRange){anchor - ((uintptr_t)64 << 20), anchor + ((uintptr_t)64 << 20)};
}

/* Every byte of [base, base+size) within rel32 reach of every byte of t. */
static bool reaches_text(uintptr_t base, size_t size, TextRange t)
{
    uintptr_t end = base + size;
    if (end <= t.hi) /* below or overlapping: the far pair is base..hi */
        return t.hi - base <= REACH;
    if (base >= t.lo)
        return end - t.lo <= REACH;
    return false;
}

static void *map_at(uintptr_t hint, size_t size)
{
    int flags = MAP_PRIVATE | MAP_ANONYMOUS | (hint ? MAP_FIXED_NOREPLACE : 0);
    void *p = mmap((void *)hint, size, PROT_READ | PROT_WRITE, flags, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

/* Try one hint: keep the mapping only if it landed where it reaches (an
 * old kernel may ignore MAP_FIXED_NOREPLACE and place it elsewhere). */
static void *try_near(uintptr_t hint, size_t size, TextRange t)
{
    if (hint < PROBE_STEP || !reaches_text(hint, size, t))
        return NULL;
    void *p = map_at(hint, size);
    if (p && !reaches_text((uintptr_t)p, size, t)) {
        munmap(p, size);
        return NULL;
    }
    return p;
}

/* Probe below the text first: above it the brk heap grows, and a mapping
 * there would stop malloc's heap from growing in place. */
static void *map_near(size_t size)
{
    TextRange t = text_range();
    for (uintptr_t k = 1; k * PROBE_STEP < REACH && t.lo > k * PROBE_STEP + size; k++) {
        uintptr_t below = (t.lo - k * PROBE_STEP - size) & ~(PROBE_ALIGN - 1);
        void *p = try_near(below, size, t);
        if (p)
            return p;
    }
    for (uintptr_t k = 8; k * PROBE_STEP < REACH; k++) {
        uintptr_t above = (t.hi + k * PROBE_STEP + PROBE_ALIGN - 1) & ~(PROBE_ALIGN - 1);
        void *p = try_near(above, size, t);
        if (p)
            return p;
    }
    return NULL;
}

bool mcode_reaches(const MCodeArea *a, const void *target)
{
    uintptr_t t = (uintptr_t)target, lo = (uintptr_t)a->base, hi = lo + a->size;
    /* The farthest byte of the area from the target is one of its ends. */
    uintptr_t far = t >= lo ? t - lo : hi - t;
    return far <= REACH;
}

/* ---- protection ------------------------------------------------------------- */

static bool set_writable(MCodeArea *a, bool writable)
{
    if (a->writable == writable)
        return true;
    int prot = PROT_READ | (writable ? PROT_WRITE : PROT_EXEC);
    a->owner->protect_calls++;
    if (mprotect(a->base, a->size, prot) != 0) {
        set_error(a->owner, MCODE_ERR_PROT, "mcode: mprotect(%s) failed: %s",
                  writable ? "RW" : "RX", strerror(errno));
        return false;
    }
    a->writable = writable;
    return true;
}

/* ---- areas ------------------------------------------------------------------ */

static size_t page_round(size_t size)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (size == 0)
        size = 1;
    return (size + page - 1) / page * page;
}

static MCodeArea *map_area(MCode *mc, size_t size)
{
    void *p = mc->place_anywhere ? NULL : map_near(size);
    if (!p)
        p = map_at(0, size);
    if (!p) {
        set_error(mc, MCODE_ERR_MAP, "mcode: cannot map %zu bytes of code memory: %s",
                  size, strerror(errno));
        return NULL;
    }
    MCodeArea *a = calloc(1, sizeof *a);
    if (!a) {
        munmap(p, size);
        set_error(mc, MCODE_ERR_MAP, "mcode: out of memory for an area descriptor");
        return NULL;
    }
    bool near = reaches_text((uintptr_t)p, size, text_range()); /* a far map may land near */
    *a = (MCodeArea){.base = p, .size = size, .writable = true, .near = near, .owner = mc};
    return a;
}

MCodeArea *mcode_new(MCode *mc, size_t size)
{
    if (size <= mc->limit) /* (checked first: rounding a huge size would wrap) */
        size = page_round(size);
    if (size > mc->limit || mc->mapped > mc->limit - size) {
        set_error(mc, MCODE_ERR_LIMIT,
                  "mcode: code memory limit reached (%zu KiB mapped + %zu KiB requested "
                  "> limit %zu KiB); flush traces or raise the limit",
                  mc->mapped >> 10, size >> 10, mc->limit >> 10);
        return NULL;
    }
    MCodeArea *a = map_area(mc, size);
    if (!a)
        return NULL;
    memset(a->base, 0xCC, size); /* int3: unused space traps */
    if (!set_writable(a, false)) {
        munmap(a->base, size);
        free(a);
        return NULL;
    }
    a->next = mc->areas;
    mc->areas = a;
    mc->mapped += size;
    mc->areas_now++;
    mc->far_areas += !a->near;
    return a;
}

void mcode_free(MCode *mc, MCodeArea *a)
{
    for (MCodeArea **pp = &mc->areas; *pp; pp = &(*pp)->next) {
        if (*pp == a) {
            *pp = a->next;
            break;
        }
    }
    mc->mapped -= a->size;
    mc->code_bytes -= a->used;
    mc->areas_now--;
    munmap(a->base, a->size);
    free(a);
}

void mcode_free_all(MCode *mc)
{
    while (mc->areas)
        mcode_free(mc, mc->areas);
}

void (*mcode_patch_hook)(const MCodeArea *a);

/* ---- writing and patching ------------------------------------------------------ */

uint8_t *mcode_begin_write(MCodeArea *a, size_t *avail)
{
    if (!set_writable(a, true))
        return NULL;
    a->writing = true;
    *avail = a->size - a->used;
    return a->base + a->used;
}

bool mcode_end_write(MCodeArea *a, const uint8_t *end)
{
    uintptr_t e = (uintptr_t)end, from = (uintptr_t)a->base + a->used;
    bool inside = e >= from && e <= (uintptr_t)a->base + a->size;
    if (inside) {
        size_t added = e - from;
        a->used += added;
        a->owner->code_bytes += added;
        a->owner->code_bytes_total += added;
    } else {
        set_error(a->owner, MCODE_ERR_RANGE, "mcode: end of written code outside its area");
    }
    a->writing = false;
    return set_writable(a, false) && inside;
}

bool mcode_patch(MCodeArea *a, uint8_t *addr, const void *bytes, size_t n)
{
    uintptr_t at = (uintptr_t)addr, lo = (uintptr_t)a->base;
    if (at < lo || n > a->size || at - lo > a->size - n) {
        set_error(a->owner, MCODE_ERR_RANGE, "mcode: patch outside its area");
        return false;
    }
    if (!set_writable(a, true))
        return false;
    memcpy(addr, bytes, n);
    a->owner->patches++;
    if (mcode_patch_hook)
        mcode_patch_hook(a);
    return a->writing || set_writable(a, false);
}

/* ---- the W^X check ------------------------------------------------------------- */

/* A maps line is "start-end perms offset dev inode path"; perms is like
 * "r-xp". Lines may be longer than the buffer (long paths): only the start
 * of a line is examined. */
static bool line_is_wx(const char *line)
{
    const char *sp = strchr(line, ' ');
    return sp && strlen(sp) > 3 && sp[2] == 'w' && sp[3] == 'x';
}

int mcode_maps_find_wx(char *line, size_t n)
{
    FILE *f = fopen("/proc/self/maps", "r");
    if (!f)
        return -1;
    char buf[512];
    bool at_line_start = true;
    int found = 0;
    while (!found && fgets(buf, sizeof buf, f)) {
        if (at_line_start && line_is_wx(buf)) {
            found = 1;
            if (line && n) {
                snprintf(line, n, "%s", buf);
            }
        }
        at_line_start = strchr(buf, '\n') != NULL;
    }
    fclose(f);
    return found;
}

bool mcode_maps_have_wx(void) { return mcode_maps_find_wx(NULL, 0) == 1; }
