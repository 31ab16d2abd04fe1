/* table.c — tables as in Lua 5.4: an array part for the keys 1..asize and a
 * hash part of 2^lsizenode nodes.
 *
 * The hash part is a chained scatter table with Brent's variation: a key
 * lives in its main position when that node is free or holds a key that is
 * not in its own main position (that key is then moved to a free node);
 * otherwise it goes to a free node chained from the main position. So every
 * chain starts at its main position, and lookups walk short chains with
 * plain compares. Free nodes are handed out from the top down (lastfree);
 * when none is left the table is rehashed, sizing the array part so that
 * more than half of its slots would be in use (Lua's computesizes).
 *
 * Keys are normalised: a float with an integer value is stored and looked up
 * as that integer, so each key has one representation and the lookups can
 * compare tags and payloads directly. Deleting stores nil in the value and
 * leaves the key in its node (a "dead" key), which is what lets next()
 * continue a traversal after fields were cleared. The GC never marks dead
 * keys, so a dead key's pointer is only ever compared, never followed. */
#include "table.h"

#include <string.h>

#include "mem.h"
#include "number.h"

#define MAXABITS 30                     /* array part up to 2^30 slots */
#define MAXASIZE (1u << MAXABITS)
#define MAXHBITS 30

const TValue mt_nilvalue = {.v = {.gc = NULL}, .tt = T_NIL};

/* The hash part of every table without one: lookups find a nil key in it and
 * stop; insertions see lastfree == NULL and rehash first. */
static const Node dummynode = {
    .val = {.v = {.gc = NULL}, .tt = T_NIL},
    .key = {.v = {.gc = NULL}, .tt = T_NIL},
    .next = 0,
};
#define isdummy(t) ((t)->lastfree == NULL)
#define sizenode(t) (1u << (t)->lsizenode)

/* ---- hashing ---- */

static inline uint32_t mix(uint64_t x)
{
    x ^= x >> 32;
    x *= 0x9e3779b97f4a7c15ull;
    x ^= x >> 29;
    return (uint32_t)x;
}

static inline Node *hashnode(const Table *t, uint32_t h)
{
    return &t->node[h & (sizenode(t) - 1)];
}

static uint64_t float_bits(double d)
{
    uint64_t u;
    if (d == 0)
        d = 0;                  /* -0.0 and 0.0 hash alike */
    memcpy(&u, &d, sizeof u);
    return u;
}

static uint32_t key_hash(const TValue *key)
{
    switch (key->tt) {
    case T_STR: return strvalue(key)->hash;
    case T_INT: return mix((uint64_t)ivalue(key));
    case T_FLT: return mix(float_bits(fltvalue(key)));
    case T_BOOL: return bvalue(key);
    case T_CFN: return mix((uint64_t)(uintptr_t)cfvalue(key));
    default: return mix((uint64_t)(uintptr_t)gcvalue(key));
    }
}

static inline Node *mainposition(const Table *t, const TValue *key)
{
    return hashnode(t, key_hash(key));
}

/* Keys are normalised, so equal keys have equal tags and payloads. */
static inline bool key_eq(const TValue *a, const TValue *b)
{
    if (a->tt != b->tt)
        return false;
    switch (a->tt) {
    case T_INT: return ivalue(a) == ivalue(b);
    case T_FLT: return fltvalue(a) == fltvalue(b);
    case T_BOOL: return bvalue(a) == bvalue(b);
    case T_CFN: return cfvalue(a) == cfvalue(b);
    case T_NIL: return false;
    default: return gcvalue(a) == gcvalue(b);
    }
}

/* ---- lookups ---- */

/* The node holding key (live or dead), or NULL. */
static Node *find_node(const Table *t, const TValue *key)
{
    Node *n = mainposition(t, key);
    for (;;) {
        if (key_eq(&n->key, key))
            return n;
        if (n->next == 0)
            return NULL;
        n += n->next;
    }
}

static const TValue *getint_hash(const Table *t, int64_t key)
{
    Node *n = hashnode(t, mix((uint64_t)key));
    for (;;) {
        if (n->key.tt == T_INT && ivalue(&n->key) == key)
            return &n->val;
        if (n->next == 0)
            return &mt_nilvalue;
        n += n->next;
    }
}

const TValue *tab_getint(Table *t, int64_t key)
{
    if ((uint64_t)key - 1u < t->asize)
        return &t->array[key - 1];
    return getint_hash(t, key);
}

const TValue *tab_get(Table *t, const TValue *key)
{
    int64_t i;
    switch (key->tt) {
    case T_STR: return tab_getstr(t, strvalue(key));
    case T_INT: return tab_getint(t, ivalue(key));
    case T_NIL: return &mt_nilvalue;
    case T_FLT:
        if (num_flt2int(fltvalue(key), &i))
            return tab_getint(t, i);
        /* fall through */
    default: {
        Node *n = find_node(t, key);
        return n ? &n->val : &mt_nilvalue;
    }
    }
}

/* ---- sizing (Lua's rehash) ---- */

static unsigned ceil_log2(uint64_t x)   /* x >= 1 */
{
    unsigned l = 0;
    while ((1ull << l) < x)
        l++;
    return l;
}

/* Counts an integer key into nums[] (nums[i]: keys in (2^(i-1), 2^i]). */
static unsigned count_int(int64_t k, uint32_t *nums)
{
    if (k >= 1 && (uint64_t)k <= MAXASIZE) {
        nums[ceil_log2((uint64_t)k)]++;
        return 1;
    }
    return 0;
}

static uint32_t count_array(const Table *t, uint32_t *nums)
{
    uint32_t total = 0, i = 1;
    for (unsigned lg = 0, ttlg = 1; lg <= MAXABITS; lg++, ttlg *= 2) {
        uint32_t lim = ttlg < t->asize ? ttlg : t->asize;
        uint32_t c = 0;
        for (; i <= lim; i++)
            if (!isnil(&t->array[i - 1]))
                c++;
        nums[lg] += c;
        total += c;
        if (lim == t->asize)
            break;
    }
    return total;
}

/* Counts the live keys of the hash part; integer ones also into nums/na. */
static uint32_t count_hash(const Table *t, uint32_t *nums, uint32_t *na)
{
    uint32_t total = 0;
    if (isdummy(t))
        return 0;
    for (uint32_t i = 0; i < sizenode(t); i++) {
        const Node *n = &t->node[i];
        if (!isnil(&n->val)) {
            if (n->key.tt == T_INT)
                *na += count_int(ivalue(&n->key), nums);
            total++;
        }
    }
    return total;
}

/* The largest n (a power of 2) such that more than n/2 of the slots 1..n
 * would be used; *na becomes the number of keys that go there. */
static uint32_t compute_sizes(const uint32_t *nums, uint32_t *na)
{
    uint32_t a = 0, used = 0, optimal = 0;
    uint64_t twotoi = 1;
    for (unsigned i = 0; i <= MAXABITS && *na > twotoi / 2; i++, twotoi *= 2) {
        a += nums[i];
        if (a > twotoi / 2) {
            optimal = (uint32_t)twotoi;
            used = a;
        }
    }
    *na = used;
    return optimal;
}

/* ---- insertion ---- */

static Node *getfreepos(Table *t)
{
    if (isdummy(t))
        return NULL;
    while (t->lastfree > t->node) {
        t->lastfree--;
        if (isnil(&t->lastfree->key))
            return t->lastfree;
    }
    return NULL;
}

static void rehash(State *S, Table *t, const TValue *extra);
static void set_slow(State *S, Table *t, const TValue *key, const TValue *val);

/* Inserts a key that is not in the table (and not in the array range).
 * Returns the value slot, or NULL when the table had to be resized (the
 * caller then retries the whole store). */
static TValue *newkey(State *S, Table *t, const TValue *key)
{
    Node *mp = mainposition(t, key);
    if (!isnil(&mp->val) || isdummy(t)) {
        Node *f = getfreepos(t);
        if (f == NULL) {
            rehash(S, t, key);
            return NULL;
        }
        Node *othern = mainposition(t, &mp->key);
        if (othern != mp) {
            /* mp's key is a squatter: move it to f, take its place */
            while (othern + othern->next != mp)
                othern += othern->next;
            othern->next = (int32_t)(f - othern);
            *f = *mp;
            if (mp->next != 0) {
                f->next += (int32_t)(mp - f);
                mp->next = 0;
            }
            setnil(&mp->val);
        } else {
            /* mp's key is at home: chain the new key from it via f */
            f->next = mp->next != 0 ? (int32_t)(mp + mp->next - f) : 0;
            mp->next = (int32_t)(f - mp);
            mp = f;
        }
    }
    mp->key = *key;
    return &mp->val;
}

/* Raw insertion used while rebuilding: space is guaranteed. */
static void reinsert(State *S, Table *t, const TValue *key, const TValue *val)
{
    if (key->tt == T_INT && (uint64_t)ivalue(key) - 1u < t->asize) {
        t->array[ivalue(key) - 1] = *val;
        return;
    }
    TValue *slot = newkey(S, t, key);
    if (slot != NULL)
        *slot = *val;
    else                        /* only if a caller asked for too few nodes */
        set_slow(S, t, key, val);
}

/* log2 of the nodes for nhash keys (nhash > 0). */
static unsigned hash_lsize(State *S, uint32_t nhash)
{
    unsigned lsize = ceil_log2(nhash);
    if (lsize > MAXHBITS)
        mt_runerror(S, "table overflow");
    return lsize;
}

static size_t hash_bytes(State *S, uint32_t nhash)
{
    return nhash == 0 ? 0 : ((size_t)1 << hash_lsize(S, nhash)) * sizeof(Node);
}

/* A hash part for nhash keys, all nodes free: the shared dummy node for 0. */
static Node *new_nodes(State *S, uint32_t nhash, unsigned *lsize)
{
    *lsize = 0;
    if (nhash == 0)
        return (Node *)&dummynode;
    *lsize = hash_lsize(S, nhash);
    uint32_t size = 1u << *lsize;
    Node *n = mt_newvector(S, size, Node);
    for (uint32_t i = 0; i < size; i++) {
        setnil(&n[i].key);
        setnil(&n[i].val);
        n[i].next = 0;
    }
    return n;
}

static void set_nodes(Table *t, Node *n, unsigned lsize)
{
    t->node = n;
    t->lsizenode = (uint8_t)lsize;
    t->lastfree = n == &dummynode ? NULL : n + ((size_t)1 << lsize);
}

/* ---- the array part's block ---- */

/* The largest array part a table is created with inside its own block: the
 * whole table then still fits one block of mem.c's small-block pool. */
#define INLINE_MAX_ASIZE ((MT_POOL_MAX - sizeof(Table)) / sizeof(TValue))

static inline size_t table_size(uint32_t inline_asize)
{
    return sizeof(Table) + (size_t)inline_asize * sizeof(TValue);
}

static inline TValue *inline_array(Table *t)
{
    return (TValue *)(t + 1);
}

static inline bool array_is_inline(Table *t)
{
    return t->inline_asize != 0 && t->array == inline_array(t);
}

/* The array part resized from oldn to newn slots, its first slots kept. An
 * inline array part stays where it is while it fits, else moves to a block
 * of its own (for good: the inline slots are then unused). */
static TValue *array_realloc(State *S, Table *t, uint32_t oldn, uint32_t newn)
{
    if (!array_is_inline(t))
        return mt_resizevector(S, t->array, oldn, newn, TValue);
    if (newn <= t->inline_asize)
        return t->array;
    TValue *a = mt_newvector(S, newn, TValue);
    memcpy(a, t->array, (size_t)oldn * sizeof(TValue));
    return a;
}

/* At least nhash, and enough nodes for every live hash key plus the array
 * slots from narray on: reinserting them must never trigger a rehash while
 * the old array is still being read. */
static uint32_t enough_nodes(const Table *t, uint32_t narray, uint32_t nhash)
{
    uint32_t need = 0;
    for (uint32_t i = narray; i < t->asize; i++)
        need += !isnil(&t->array[i]);
    for (uint32_t i = 0; !isdummy(t) && i < sizenode(t); i++)
        need += !isnil(&t->node[i].val);
    return need > nhash ? need : nhash;
}

void tab_resize(State *S, Table *t, uint32_t narray, uint32_t nhash)
{
    if (narray > MAXASIZE)
        mt_runerror(S, "table overflow");
    Node *oldnode = t->node;
    uint32_t oldnsize = isdummy(t) ? 0 : sizenode(t);
    uint32_t oldasize = t->asize;
    if (narray < oldasize)      /* the array's tail must fit in the hash part */
        nhash = enough_nodes(t, narray, nhash);
    /* Allocate before changing anything a lookup sees, so an out-of-memory
     * error leaves the table as it was (a grown array's new slots are nil
     * and beyond asize). The new nodes come first, as growing the array
     * updates t->array, whose size mem.c takes from t->asize: that growth
     * must be the last thing that can fail, and must not fail for the
     * memory limit once the nodes are allocated (they would leak). */
    if (narray > oldasize)
        mt_reserve(S, (size_t)(narray - oldasize) * sizeof(TValue) +
                          hash_bytes(S, nhash));
    unsigned lsize;
    Node *newnode = new_nodes(S, nhash, &lsize);
    if (narray > oldasize) {
        t->array = array_realloc(S, t, oldasize, narray);
        for (uint32_t i = oldasize; i < narray; i++)
            setnil(&t->array[i]);
    }
    set_nodes(t, newnode, lsize);
    t->asize = narray;
    if (narray < oldasize) {
        /* move the vanishing tail of the array into the new hash part */
        for (uint32_t i = narray; i < oldasize; i++) {
            if (!isnil(&t->array[i])) {
                TValue k;
                setint(&k, (int64_t)i + 1);
                reinsert(S, t, &k, &t->array[i]);
            }
        }
        t->array = array_realloc(S, t, oldasize, narray);
    }
    for (uint32_t i = 0; i < oldnsize; i++) {
        Node *old = &oldnode[i];
        if (!isnil(&old->val))
            reinsert(S, t, &old->key, &old->val);
    }
    if (oldnsize > 0)
        mt_freevector(S, oldnode, oldnsize, Node);
}

static void rehash(State *S, Table *t, const TValue *extra)
{
    uint32_t nums[MAXABITS + 1] = {0};
    uint32_t na = count_array(t, nums);
    uint32_t total = na;
    total += count_hash(t, nums, &na);
    if (extra->tt == T_INT)
        na += count_int(ivalue(extra), nums);
    total++;
    uint32_t asize = compute_sizes(nums, &na);
    tab_resize(S, t, asize, total - na);
}

/* ---- stores ---- */

static void set_slow(State *S, Table *t, const TValue *key, const TValue *val)
{
    for (;;) {
        const TValue *slot = tab_get(t, key);
        if (slot != &mt_nilvalue) {
            *(TValue *)slot = *val;
            return;
        }
        if (isnil(val))
            return;             /* deleting an absent key */
        TValue *ns = newkey(S, t, key);
        if (ns != NULL) {
            *ns = *val;
            return;
        }
    }
}

static inline bool is_meta_name(const String *s)
{
    return s->len >= 2 && s->data[0] == '_' && s->data[1] == '_';
}

void tab_setint(State *S, Table *t, int64_t key, const TValue *val)
{
    if ((uint64_t)key - 1u < t->asize) {
        t->array[key - 1] = *val;
        return;
    }
    TValue k;
    setint(&k, key);
    set_slow(S, t, &k, val);
}

void tab_setstr(State *S, Table *t, String *key, const TValue *val)
{
    if (is_meta_name(key))
        tab_invalidate_tm(t);
    const TValue *slot = tab_getstr(t, key);
    if (slot != &mt_nilvalue) {
        *(TValue *)slot = *val;
        return;
    }
    TValue k;
    setstr(&k, key);
    set_slow(S, t, &k, val);
}

void tab_set(State *S, Table *t, const TValue *key, const TValue *val)
{
    int64_t i;
    switch (key->tt) {
    case T_INT: tab_setint(S, t, ivalue(key), val); return;
    case T_STR: tab_setstr(S, t, strvalue(key), val); return;
    case T_FLT:
        if (num_flt2int(fltvalue(key), &i)) {
            tab_setint(S, t, i, val);
            return;
        }
        /* fall through */
    default: set_slow(S, t, key, val);
    }
}

/* ---- creation ---- */

Table *tab_new(State *S, uint32_t narray, uint32_t nhash)
{
    uint32_t inline_asize = narray <= INLINE_MAX_ASIZE ? narray : 0;
    Table *t = (Table *)mt_newobj(S, T_TABLE, table_size(inline_asize));
    t->flags = 0;
    t->meta = NULL;
    t->inline_asize = inline_asize;
    t->asize = inline_asize;
    t->array = inline_asize > 0 ? inline_array(t) : NULL;
    for (uint32_t i = 0; i < inline_asize; i++)
        setnil(&t->array[i]);
    set_nodes(t, (Node *)&dummynode, 0);
    if (narray > inline_asize || nhash > 0)
        tab_resize(S, t, narray, nhash);
    return t;
}

void tab_free(State *S, Table *t)
{
    if (!isdummy(t))
        mt_freevector(S, t->node, sizenode(t), Node);
    if (!array_is_inline(t))
        mt_freevector(S, t->array, t->asize, TValue);
    mt_free(S, t, table_size(t->inline_asize));
}

/* ---- length ---- */

/* A border in array[i..j): array[i-1] present (or i == 0), array[j-1] absent. */
static uint32_t binsearch(const TValue *array, uint32_t i, uint32_t j)
{
    while (j - i > 1u) {
        uint32_t m = i + (j - i) / 2;
        if (isnil(&array[m - 1]))
            j = m;
        else
            i = m;
    }
    return i;
}

/* t[j] is present (or j == 0): double j until t[j] is absent, then search
 * between the last present and the first absent index. */
static int64_t hash_search(Table *t, uint64_t j)
{
    uint64_t i;
    if (j == 0)
        j++;
    do {
        i = j;
        if (j <= (uint64_t)INT64_MAX / 2)
            j *= 2;
        else {
            j = INT64_MAX;
            if (isnil(tab_getint(t, (int64_t)j)))
                break;
            return (int64_t)j;
        }
    } while (!isnil(tab_getint(t, (int64_t)j)));
    while (j - i > 1u) {
        uint64_t m = i + (j - i) / 2;
        if (isnil(tab_getint(t, (int64_t)m)))
            j = m;
        else
            i = m;
    }
    return (int64_t)i;
}

int64_t tab_len(Table *t)
{
    uint32_t n = t->asize;
    if (n > 0 && isnil(&t->array[n - 1])) {
        if (n >= 2 && !isnil(&t->array[n - 2]))
            return n - 1;
        return binsearch(t->array, 0, n);
    }
    if (isdummy(t) || isnil(getint_hash(t, (int64_t)n + 1)))
        return n;
    return hash_search(t, n);
}

/* ---- traversal ---- */

/* The traversal index of key: 0 for nil, k for the array slot k, asize +
 * node index + 1 for a hash key. */
static uint64_t traversal_index(State *S, Table *t, const TValue *key)
{
    TValue k = *key;
    int64_t i;
    if (isnil(&k))
        return 0;
    if (isflt(&k) && num_flt2int(fltvalue(&k), &i))
        setint(&k, i);
    if (isint(&k) && (uint64_t)ivalue(&k) - 1u < t->asize)
        return (uint64_t)ivalue(&k);
    Node *n = find_node(t, &k);
    if (n == NULL) {
        /* lua5.4 raises this without a position prefix */
        mt_pushcstring(S, "invalid key to 'next'");
        mt_error(S);
    }
    return t->asize + (uint64_t)(n - t->node) + 1;
}

bool tab_next(State *S, Table *t, TValue *key, TValue *val)
{
    uint64_t i = traversal_index(S, t, key);
    for (; i < t->asize; i++) {
        if (!isnil(&t->array[i])) {
            setint(key, (int64_t)i + 1);
            *val = t->array[i];
            return true;
        }
    }
    if (isdummy(t))
        return false;
    for (i -= t->asize; i < sizenode(t); i++) {
        Node *n = &t->node[i];
        if (!isnil(&n->val)) {
            *key = n->key;
            *val = n->val;
            return true;
        }
    }
    return false;
}
