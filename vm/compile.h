/* compile.h — the front end's entry point: source text to a prototype. */
#ifndef MT_COMPILE_H
#define MT_COMPILE_H

#include "state.h"

/* Compile a chunk. On a syntax error throws (MT_ERRSYNTAX) a string
 * "chunkname:line: message near 'token'" exactly as lua5.4 words it.
 * The returned main prototype is a vararg function with no parameters and
 * no upvalues (globals are reached with GETGLOBAL/SETGLOBAL). */
Proto *mt_compile(State *S, const char *src, size_t len, const char *chunkname);

/* Print a readable listing of a prototype and its children (--dump=bytecode). */
void mt_listproto(const Proto *p, void *file);

#endif
