/* mtstring.c — the intern table: every string is created once, so string
 * equality everywhere (tables, the interpreter, traces) is pointer equality.
 *
 * The table is a chained hash set of 2^k buckets, doubled when the number of
 * strings passes the number of buckets (average chain length stays <= 1).
 * It never shrinks: the GC removes dead strings one by one (str_remove). */
#include "mtstring.h"

#include <string.h>

#include "mem.h"

#define STRT_MINSIZE 256u

/* Reads 8 (or fewer, zero-padded) bytes as one little word; memcpy keeps it
 * free of alignment and aliasing problems and compiles to a single load. */
static inline uint64_t load64(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

static inline uint64_t load_tail(const char *p, size_t n)
{
    uint64_t w = 0;
    memcpy(&w, p, n);
    return w;
}

/* A multiply-xorshift mixer: every input bit affects the high and low
 * output bits, which matters because the buckets are chosen by a mask. */
static inline uint64_t mix64(uint64_t h)
{
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ull;
    h ^= h >> 32;
    return h;
}

/* The hash of the whole string, 8 bytes per step. Deterministic for a given
 * seed: runs are reproducible, which the benchmarks and traces value more
 * than resistance to hash flooding. */
static uint32_t str_hash(const char *s, size_t len, uint32_t seed)
{
    uint64_t h = seed ^ (len * 0x9e3779b97f4a7c15ull);
    while (len >= 8) {
        h = (h ^ load64(s)) * 0xff51afd7ed558ccdull;
        h ^= h >> 29;
        s += 8;
        len -= 8;
    }
    if (len > 0)
        h = (h ^ load_tail(s, len)) * 0xc4ceb9fe1a85ec53ull;
    return (uint32_t)mix64(h);
}

static void strt_resize(State *S, uint32_t newsize)
{
    String **newt = mt_newvector(S, newsize, String *);
    memset(newt, 0, newsize * sizeof(String *));
    for (uint32_t i = 0; i < S->strt_size; i++) {
        String *s = S->strt[i];
        while (s != NULL) {
            String *next = s->hnext;
            uint32_t b = s->hash & (newsize - 1);
            s->hnext = newt[b];
            newt[b] = s;
            s = next;
        }
    }
    mt_freevector(S, S->strt, S->strt_size, String *);
    S->strt = newt;
    S->strt_size = newsize;
}

static String *str_create(State *S, const char *s, size_t len, uint32_t h)
{
    String *ts = (String *)mt_newobj(S, T_STR, sizeof(String) + len + 1);
    ts->reserved = 0;
    ts->hash = h;
    ts->len = len;
    memcpy(ts->data, s, len);
    ts->data[len] = '\0';
    return ts;
}

static String *find(const State *S, const char *s, size_t len, uint32_t h)
{
    for (String *ts = S->strt[h & (S->strt_size - 1)]; ts; ts = ts->hnext)
        if (ts->hash == h && ts->len == len && memcmp(ts->data, s, len) == 0)
            return ts;
    return NULL;
}

/* One-byte strings (string.char, s:sub(i, i), single characters) are
 * found by their byte in S->strchar, which str_new fills when it creates
 * one and str_remove clears when it dies, without hashing. */
String *str_find(const State *S, const char *s, size_t len)
{
    if (len == 1)
        return S->strchar[(unsigned char)s[0]];
    return find(S, s, len, str_hash(s, len, S->hash_seed));
}

String *str_new(State *S, const char *s, size_t len)
{
    if (len == 1 && S->strchar[(unsigned char)s[0]] != NULL)
        return S->strchar[(unsigned char)s[0]];
    uint32_t h = str_hash(s, len, S->hash_seed);
    String *found = find(S, s, len, h);
    if (found != NULL)
        return found;
    if (S->strt_count >= S->strt_size)
        strt_resize(S, S->strt_size * 2);
    String *ts = str_create(S, s, len, h);
    uint32_t b = h & (S->strt_size - 1);
    ts->hnext = S->strt[b];
    S->strt[b] = ts;
    S->strt_count++;
    if (len == 1)
        S->strchar[(unsigned char)s[0]] = ts;
    return ts;
}

String *str_newc(State *S, const char *s)
{
    return str_new(S, s, strlen(s));
}

void str_remove(State *S, String *s)
{
    if (s->len == 1)
        S->strchar[(unsigned char)s->data[0]] = NULL;
    String **p = &S->strt[s->hash & (S->strt_size - 1)];
    while (*p != s)
        p = &(*p)->hnext;
    *p = s->hnext;
    S->strt_count--;
}

void str_init(State *S)
{
    static const char *const tm_names[TM_N] = {
#define TM_NAME(name, str) str,
        TM_EVENTS(TM_NAME)
#undef TM_NAME
    };
    S->strt = NULL;
    S->strt_size = 0;
    S->strt_count = 0;
    if (S->hash_seed == 0)
        S->hash_seed = 0x2545f491u;
    strt_resize(S, STRT_MINSIZE);
    /* The GC treats these as roots (gc.c), so they live as long as S. */
    S->memerrmsg = str_newc(S, "not enough memory");
    for (int i = 0; i < TM_N; i++)
        S->tmname[i] = str_newc(S, tm_names[i]);
}

/* Frees the bucket array only; the strings themselves are objects on
 * S->allgc and are freed by gc_freeall (in either order). */
void str_freeall(State *S)
{
    mt_freevector(S, S->strt, S->strt_size, String *);
    S->strt = NULL;
    S->strt_size = 0;
    S->strt_count = 0;
}
