/* func.h — prototypes, closures and upvalues. */
#ifndef MT_FUNC_H
#define MT_FUNC_H

#include "state.h"

Proto *proto_new(State *S);
void proto_free(State *S, Proto *p);
Closure *closure_new(State *S, Proto *p);     /* upvalues left NULL */
void closure_free(State *S, Closure *c);
/* The open upvalue for a stack slot, created if there is none. */
UpVal *upval_find(State *S, TValue *slot);
/* Close every open upvalue at or above `level`. */
void upval_close(State *S, TValue *level);
void upval_free(State *S, UpVal *uv);

#endif
