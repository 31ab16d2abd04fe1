/* lib.h — the standard library: registration and argument checking. */
#ifndef MT_LIB_H
#define MT_LIB_H

#include "state.h"

typedef struct LibReg {
    const char *name;
    CFunc func;
} LibReg;

/* Builtins that are a pure function of one number taken as a float (their
 * attribute for the tracer, which calls `fn` instead of the builtin). The
 * list ends with a NULL builtin. */
typedef struct LibPureFloat1 {
    CFunc builtin;
    double (*fn)(double);
} LibPureFloat1;
extern const LibPureFloat1 lib_pure_float1[];
/* Builtins that round a number: an integer argument is the result as it
 * is; a float argument gives fn(x), an integer when it fits (math.floor,
 * math.ceil). The list ends with a NULL builtin. */
extern const LibPureFloat1 lib_rounding[];

/* string.byte, and s:byte(i) with one result as a pure function (-1 for
 * no byte): the tracer calls the latter for the former. */
extern const CFunc lib_string_byte;
int64_t lib_str_byte1(const String *s, int64_t i);

/* string.char, and string.char(c) for the tracer as a lookup that never
 * allocates: the one-byte string of c if it exists already, else NULL
 * (also for c out of range: string.char itself then raises). */
extern const CFunc lib_string_char;
String *lib_str_char1(State *S, int64_t c);

/* Open every library into S->globals (and package.loaded). */
void mt_openlibs(State *S);
void lib_open_base(State *S);
void lib_open_string(State *S);
void lib_open_table(State *S);
void lib_open_math(State *S);
void lib_open_io(State *S);
void lib_open_os(State *S);
void lib_open_package(State *S);
void lib_open_mtvm(State *S);
void lib_open_unsupported(State *S);

/* Builds a table of functions (rooted in S->globals under `name` and in
 * package.loaded) and returns it. */
Table *lib_newlib(State *S, const char *name, const LibReg *funcs);

/* Argument checks; `i` is 1-based. They raise Lua's exact messages. */
int64_t lib_checkinteger(State *S, TValue *args, int nargs, int i);
int64_t lib_optinteger(State *S, TValue *args, int nargs, int i, int64_t def);
double lib_checknumber(State *S, TValue *args, int nargs, int i);
double lib_optnumber(State *S, TValue *args, int nargs, int i, double def);
/* Numbers are converted to strings in place, as Lua does. */
String *lib_checkstring(State *S, TValue *args, int nargs, int i);
String *lib_optstring(State *S, TValue *args, int nargs, int i, String *def);
Table *lib_checktable(State *S, TValue *args, int nargs, int i);
void lib_checkany(State *S, int nargs, int i);
void lib_checktype(State *S, TValue *args, int nargs, int i, int tag);

#endif
