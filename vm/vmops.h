/* vmops.h — the interpreter's slow paths (metamethods, coercions, errors),
 * called from the handlers as helpers. */
#ifndef MT_VMOPS_H
#define MT_VMOPS_H

#include "state.h"

void vm_arith(State *S, TValue *ra, const TValue *rb, const TValue *rc, TMS event);
/* t[key] after the raw lookup in t missed and t has a metatable. */
void vm_finishget(State *S, Table *t, const TValue *key, TValue *ra);
void vm_geti(State *S, const TValue *t, int64_t key, TValue *ra);
void vm_seti(State *S, const TValue *t, int64_t key, const TValue *val);
void vm_getglobal_slow(State *S, const TValue *key, TValue *ra);
void vm_setglobal(State *S, const TValue *key, const TValue *val);
void vm_rawset_checked(State *S, Table *t, const TValue *key, const TValue *val);
/* Prepares a numeric for loop; false when it runs zero times. */
bool vm_forprep(State *S, TValue *ra);
void vm_setlist(State *S, TValue *ra, int n, int64_t offset);
void vm_closure(State *S, Closure *parent, int protoidx, TValue *base, TValue *ra);
/* Copies `wanted` varargs (all when < 0, setting S->top) to ra. */
void vm_vararg(State *S, CallInfo *ci, TValue *ra, int wanted);

#endif
