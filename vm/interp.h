/* interp.h — the bytecode interpreter. */
#ifndef MT_INTERP_H
#define MT_INTERP_H

#include "state.h"

/* Runs the mt frame `ci` (marked CIST_FRESH) until it returns. */
void interp_execute(State *S, CallInfo *ci);

#endif
