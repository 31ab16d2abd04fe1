/* gc.h — a stop-the-world mark-and-sweep collector.
 *
 * Roots: the stack from its bottom to the highest live frame top (slots
 * above are cleared to nil at each collection, so a stale slot never names a
 * freed object), the open upvalues, globals, package.loaded, the string
 * metatable, metamethod names and S->errfunc. Marking uses an explicit gray
 * list, never C recursion, so deep and cyclic structures are safe. */
#ifndef MT_GC_H
#define MT_GC_H

#include "state.h"

/* A safe point: collect if the heap passed its threshold (or always, in
 * stress mode). Callers make sure S->top covers every live slot. */
void gc_collect(State *S);          /* a full collection now */
static inline void gc_check(State *S)
{
    if (__builtin_expect(S->totalbytes >= S->gcthreshold || S->gc_stress, 0))
        gc_collect(S);
}
void gc_freeall(State *S);          /* at mt_close */
void gc_freeobj(State *S, GCObj *o);

#endif
