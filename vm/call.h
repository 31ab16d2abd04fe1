/* call.h — the call machinery shared by call.c and the interpreter. */
#ifndef MT_CALL_H
#define MT_CALL_H

#include "state.h"

CallInfo *call_enter_mt(State *S, TValue *func, int nresults);
CallInfo *call_precall(State *S, TValue *func, int nresults);
void call_finish(State *S, CallInfo *ci, TValue *first, int n);
void call_insert_callmeta(State *S, TValue *func);
TValue *call_resultslot(const CallInfo *ci);

#endif
