/* table.h — tables: an array part for 1..asize and a hash part.
 * Raw operations only; metamethods are in vmops.c. */
#ifndef MT_TABLE_H
#define MT_TABLE_H

#include "state.h"

Table *tab_new(State *S, uint32_t narray, uint32_t nhash);
void tab_free(State *S, Table *t);
void tab_resize(State *S, Table *t, uint32_t narray, uint32_t nhash);

/* Lookups return a pointer to the value, or to a shared nil (never NULL). */
const TValue *tab_get(Table *t, const TValue *key);
const TValue *tab_getint(Table *t, int64_t key);

/* Stores. The key must not be nil or NaN (callers raise Lua's errors);
 * integral float keys are normalised to integers here. Storing nil removes. */
void tab_set(State *S, Table *t, const TValue *key, const TValue *val);
void tab_setint(State *S, Table *t, int64_t key, const TValue *val);
void tab_setstr(State *S, Table *t, String *key, const TValue *val);

/* A border of t (Lua 5.4's `#` without __len). */
int64_t tab_len(Table *t);

/* Iteration for next(): given key (nil to start) writes the next key and
 * value and returns true, or returns false at the end. Throws "invalid key
 * to 'next'" style errors via mt_errorf for a key not in the table. */
bool tab_next(State *S, Table *t, TValue *key, TValue *val);

/* Invalidate the metamethod-absence cache (after a raw store of a key that
 * starts with "__"). */
#define tab_invalidate_tm(t) ((t)->flags = 0)

extern const TValue mt_nilvalue;

/* String keys are the commonest lookup (fields, methods, globals), so this
 * one is inline: a masked hash and a walk of the chain with pointer
 * compares (strings are interned). */
static inline const TValue *tab_getstr(Table *t, String *key)
{
    Node *n = &t->node[key->hash & ((1u << t->lsizenode) - 1)];
    for (;;) {
        if (n->key.tt == T_STR && (String *)n->key.v.gc == key)
            return &n->val;
        if (n->next == 0)
            return &mt_nilvalue;
        n += n->next;
    }
}

#endif
