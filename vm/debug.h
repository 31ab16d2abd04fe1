/* debug.h — what the VM knows about running code, for error messages. */
#ifndef MT_DEBUG_H
#define MT_DEBUG_H

#include "state.h"

int debug_currentline(const CallInfo *ci);
/* " (local 'x')", " (global 'f')", ... or "" when o names nothing. */
const char *debug_varinfo(State *S, const TValue *o, char *buf, size_t size);
noreturn void debug_typeerror(State *S, const TValue *o, const char *op);
noreturn void debug_callerror(State *S, const TValue *func);
noreturn void debug_concaterror(State *S, const TValue *a, const TValue *b);
noreturn void debug_opinterror(State *S, const TValue *a, const TValue *b, const char *msg);
noreturn void debug_tointerror(State *S, const TValue *a, const TValue *b);
noreturn void debug_ordererror(State *S, const TValue *a, const TValue *b);

#endif
