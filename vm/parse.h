/* parse.h — the parser: a one-pass recursive-descent parser for Lua 5.4's
 * grammar (minus goto and to-be-closed variables) that drives the code
 * generator of code.h directly. The entry point is mt_compile (compile.h). */
#ifndef MT_PARSE_H
#define MT_PARSE_H

#include "code.h"

/* The deepest syntactic nesting accepted before "C stack overflow": Lua's
 * LUAI_MAXCCALLS (200) bounds its parser, and the standalone lua5.4
 * reaches that limit at 199 parser levels. */
#define MT_MAXPARSELEVEL 199

#endif
