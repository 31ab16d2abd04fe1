/* libaux.h — helpers shared by the library files (lib_*.c, strformat.c):
 * argument access, error shorthands, table field setters and a growable
 * byte buffer for building strings. Only the library includes this. */
#ifndef MT_LIBAUX_H
#define MT_LIBAUX_H

#include <stdio.h>

#include "lib.h"

/* Argument i (1-based) is absent or nil. */
#define lib_noneornil(args, nargs, i) ((i) > (nargs) || isnil(&(args)[(i) - 1]))
/* Argument i, or NULL when absent. */
#define lib_arg(args, nargs, i) ((i) <= (nargs) ? &(args)[(i) - 1] : NULL)

/* "bad argument #i to 'f' (EXPECTED expected, got TYPE)", where TYPE is
 * "no value" for an absent argument and honours __name, as luaL_typeerror. */
noreturn void lib_typeerror(State *S, TValue *args, int nargs, int i,
                            const char *expected);
/* luaL_argcheck: raise "bad argument #i ... (msg)" unless cond holds. */
#define lib_argcheck(S, cond, i, msg) \
    do { if (!(cond)) mt_argerror((S), (i), (msg)); } while (0)

/* Raise `msg` as the error value with no position (as luaG_runerror does
 * when the running function is a builtin). */
noreturn void lib_rawerror(State *S, const char *msg);

/* Push a fresh nil slot and return it (a GC-safe place for a result). */
TValue *lib_pushslot(State *S);

/* Raw field setters used while building library tables; they keep the
 * metamethod-absence cache right when the key starts with "__". */
void lib_setfield(State *S, Table *t, const char *key, const TValue *v);
void lib_setcfunc(State *S, Table *t, const char *key, CFunc f);
void lib_setint(State *S, Table *t, const char *key, int64_t i);
void lib_setflt(State *S, Table *t, const char *key, double n);
void lib_setstring(State *S, Table *t, const char *key, const char *s);
/* A metamethod-cache-aware raw store for any key. */
void lib_rawset(State *S, Table *t, const TValue *k, const TValue *v);

/* Table element access honouring __index/__newindex only when t has a
 * metatable (the common plain-table case stays a raw lookup). `t` and `dst`
 * must be stack slots. */
void lib_geti(State *S, TValue *t, int64_t i, TValue *dst);
void lib_seti(State *S, TValue *t, int64_t i, const TValue *v);
/* luaL_len: the length with __len; errors if it is not an integer. */
int64_t lib_len(State *S, TValue *o);

/* The raw metafield `event` ("__name", "__pairs"...) of o, or NULL. */
const TValue *lib_metafield(State *S, const TValue *o, const char *event);

/* A byte buffer on the C heap, with a small inline start. Whoever builds
 * into it while calling back into the VM (__tostring, __index) must do so
 * under lib_buildprotected, so that an error frees it. */
typedef struct LibBuf {
    char *p;
    size_t n, cap;
    char init[256];
} LibBuf;

void buf_init(LibBuf *b);
char *buf_reserve(State *S, LibBuf *b, size_t n);   /* room for n more bytes */
void buf_addmem(State *S, LibBuf *b, const char *s, size_t n);
void buf_addchar(State *S, LibBuf *b, char c);
void buf_addstr(State *S, LibBuf *b, const String *s);
void buf_free(LibBuf *b);
void buf_readall(State *S, LibBuf *b, FILE *f);   /* the rest of a stream */
/* Push the contents as a string and free the buffer. */
String *buf_push(State *S, LibBuf *b);
/* Run f(S, ud) protected; on error free b and re-raise the error. */
void lib_buildprotected(State *S, void (*f)(State *, void *), void *ud, LibBuf *b);

/* string.format, in strformat.c */
int lib_str_format(State *S, TValue *args, int nargs);

/* Reads a whole file (stdin if filename is NULL) into a string pushed on
 * the stack; NULL (nothing pushed) with errno set when it cannot be opened
 * or read. A first line starting with '#' is blanked (kept as an empty
 * line) as Lua skips it. */
String *lib_pushfile(State *S, const char *filename);

#endif
