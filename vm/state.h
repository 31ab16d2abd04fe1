/* state.h — the VM state, call frames, and the runtime API that the library,
 * the compiler and the interpreter share.
 *
 * The value stack is one fixed block (MT_MAXSTACK slots) reserved once and
 * never moved, so a TValue* into it stays valid for the life of the VM: frame
 * bases, open upvalues and compiled traces can all hold raw slot pointers.
 * Pages are only touched when a deep recursion reaches them. */
#ifndef MT_STATE_H
#define MT_STATE_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdnoreturn.h>

#include "object.h"

#define MT_MAXSTACK 1000000     /* slots, as Lua's LUAI_MAXSTACK */
#define MT_MAXCALLS 200000      /* call frames */
#define MT_MAXCCALLS 200        /* nested C-level re-entries of the VM */
#define MT_MINSTACK 20          /* free slots a builtin may always push */
#define MT_MULTRET (-1)
#define MT_HOTCOUNT_SIZE 1024   /* power of two */

/* Metamethod events, defined once. The order of the first group (up to EQ)
 * is the order of the fast-absence bits in Table.flags. */
#define TM_EVENTS(X)                                                          \
    X(INDEX, "__index") X(NEWINDEX, "__newindex") X(LEN, "__len")             \
    X(EQ, "__eq") X(ADD, "__add") X(SUB, "__sub") X(MUL, "__mul")             \
    X(MOD, "__mod") X(POW, "__pow") X(DIV, "__div") X(IDIV, "__idiv")         \
    X(BAND, "__band") X(BOR, "__bor") X(BXOR, "__bxor") X(SHL, "__shl")       \
    X(SHR, "__shr") X(UNM, "__unm") X(BNOT, "__bnot") X(LT, "__lt")           \
    X(LE, "__le") X(CONCAT, "__concat") X(CALL, "__call")                     \
    X(TOSTRING, "__tostring") X(NAME, "__name") X(METATABLE, "__metatable")   \
    X(CLOSE, "__close") X(GC, "__gc") X(MODE, "__mode")

typedef enum {
#define TM_ENUM(name, str) TM_##name,
    TM_EVENTS(TM_ENUM)
#undef TM_ENUM
    TM_N
} TMS;
#define TM_FAST_LAST TM_EQ   /* events cached as absent in Table.flags */

/* callstatus bits */
#define CIST_C 1        /* a builtin's frame */
#define CIST_FRESH 2    /* entered from C: the interpreter returns when it ends */
#define CIST_TAIL 4     /* reached by a tail call (for tracebacks) */

typedef struct CallInfo {
    TValue *func;           /* the function's slot; the frame base is func+1 */
    TValue *top;            /* end of this frame's slots */
    const Instr *savedpc;   /* mt frames: next instruction to execute */
    int nresults;           /* results the caller wants, or MT_MULTRET */
    int nextra;             /* mt vararg frames: extra arguments below func;
                               builtins: the number of arguments */
    uint8_t callstatus;
} CallInfo;

typedef struct ErrorJmp ErrorJmp;

typedef struct JitHooks JitHooks;   /* tracer/ fills this in */

/* The small-block pool of mem.c: blocks of up to MT_POOL_MAX bytes in
 * MT_POOL_GRAIN-byte size classes, served from pages of one class each. */
#define MT_POOL_GRAIN 16
#define MT_POOL_MAX 256
#define MT_POOL_CLASSES (MT_POOL_MAX / MT_POOL_GRAIN)
typedef struct PoolPage PoolPage;
typedef struct MemPool {
    PoolPage *avail[MT_POOL_CLASSES];   /* pages with room, allocating first */
    PoolPage *spare;                    /* empty pages, for any class */
    char *region_rest;                  /* pages of the newest region not */
    size_t region_pages_left;           /*   handed out yet */
    PoolPage *regions;                  /* first page of each region */
} MemPool;

struct State {
    /* stack */
    TValue *stack;          /* MT_MAXSTACK slots, never moves */
    TValue *stack_last;     /* stack + MT_MAXSTACK - MT_MINSTACK: frame limit */
    TValue *top;            /* first free slot (exact in C frames) */
    TValue *stack_hwm;      /* highest slot any frame has reached */
    CallInfo *ci;           /* the running frame */
    CallInfo *base_ci;      /* MT_MAXCALLS frames, never moves */
    UpVal *openupval;       /* open upvalues, highest slot first */
    ErrorJmp *errorjmp;     /* innermost protected call */
    int nccalls;            /* C-level re-entries of the interpreter */

    /* strings (mtstring.c) */
    String **strt;
    uint32_t strt_size, strt_count;
    String *strchar[256];   /* the interned one-byte string of each byte, or
                               NULL while there is none */
    uint32_t hash_seed;
    String *tmname[TM_N];
    String *memerrmsg;

    /* memory and GC (mem.c, gc.c) */
    GCObj *allgc;           /* every collectable object */
    GCObj *gray;            /* mark stack, through the objects' gclist */
    size_t totalbytes;      /* bytes currently allocated */
    size_t gcthreshold;     /* collect when totalbytes passes this */
    uint64_t bytes_allocated;   /* cumulative, for statistics */
    uint64_t gc_collections;
    double gc_seconds;
    bool gc_stress;         /* collect at every check point */
    bool gc_running;
    MemPool pool;

    /* the program's world */
    Table *globals;
    Table *loaded;          /* package.loaded */
    Table *string_meta;     /* metatable shared by all strings */
    TValue errfunc;         /* xpcall message handler, or nil */

    /* interpreter options and counters */
    /* Loop hotness: back-edges count down a counter chosen by hashing the
     * instruction's address (as LuaJIT does), so no per-function storage. */
    uint16_t hotcount[MT_HOTCOUNT_SIZE];
    /* With a JIT: set where a loop header hashing to that index may have a
     * compiled trace, so other back-edges cost only the counter. */
    uint8_t tracemark[MT_HOTCOUNT_SIZE];
    int hot_threshold;      /* back-edges before a loop counts as hot */
    uint64_t hot_loops;     /* times a loop counter reached zero */
    /* Execution and memory limits for fuzzing (0 = none). The step budget
     * is charged at hot-loop events, calls and tail calls (and by the JIT's
     * dispatcher per trace iteration), so any run that does not end is
     * eventually stopped (mt_charge_budget). */
    uint64_t step_budget;
    size_t mem_limit;
    const char *tracer_name;
    JitHooks *jit;
    /* Called when an error is thrown to the outermost protected call, while
     * the failing frames still exist (the CLI prints a traceback). */
    void (*on_uncaught)(State *S);
    /* Called at the start of every collection (the JIT flushes its traces,
     * which hold raw pointers to objects). */
    void (*on_gc)(State *S);
};

/* Errors are thrown with longjmp to the innermost protected call.
 * status values: */
enum { MT_OK = 0, MT_ERRRUN = 2, MT_ERRSYNTAX = 3, MT_ERRMEM = 4, MT_ERRERR = 5 };

/* ---- state.c: creation, destruction ---- */
State *mt_newstate(void);
void mt_close(State *S);
void mt_sethotthreshold(State *S, int threshold);

/* ---- load.c: source to a callable closure ----
 * Compiles and pushes a closure; on a syntax error pushes the message and
 * returns MT_ERRSYNTAX (nothing is thrown). A NULL path reads stdin. */
int mt_loadbuffer(State *S, const char *src, size_t len, const char *chunkname);
int mt_loadfile(State *S, const char *path);

/* ---- call.c: calls and protected calls ----
 * mt_call: the function is at `func`, its arguments from func+1 to S->top.
 * Results land from `func` on; S->top is left just past the last one
 * (exactly `nresults` of them unless MT_MULTRET). */
void mt_call(State *S, TValue *func, int nresults);
/* As mt_call but catches errors: returns MT_OK, or an error status with the
 * error value at *func and S->top = func + 1. `handler` (may be NULL) is the
 * xpcall message handler, called with the error value. */
int mt_pcall(State *S, TValue *func, int nresults, const TValue *handler);
/* Runs f(S, ud) protected; returns the status, error value at S->top - 1. */
int mt_rawrunprotected(State *S, void (*f)(State *, void *), void *ud);
noreturn void mt_throw(State *S, int status);   /* value at S->top - 1 */
void mt_checkstack(State *S, int n);             /* room for n pushes */

/* ---- pushing values (builtins return what they push) ---- */
void mt_push(State *S, const TValue *v);
void mt_pushnil(State *S);
void mt_pushbool(State *S, bool b);
void mt_pushint(State *S, int64_t i);
void mt_pushflt(State *S, double n);
void mt_pushstr(State *S, String *s);
String *mt_pushlstring(State *S, const char *s, size_t len);
String *mt_pushcstring(State *S, const char *s);
String *mt_pushvfstring(State *S, const char *fmt, va_list ap);
String *mt_pushfstring(State *S, const char *fmt, ...);

/* ---- errors (debug.c) ----
 * mt_errorf: like luaL_error: the message is prefixed with "source:line:" of
 * the mt function that called the running builtin (level 1), if any.
 * mt_runerror: the interpreter's errors, prefixed with the current line. */
noreturn void mt_errorf(State *S, const char *fmt, ...);
noreturn void mt_runerror(State *S, const char *fmt, ...);
noreturn void mt_error(State *S);   /* throws the value at S->top - 1 */
/* "bad argument #arg to 'fname' (extramsg)", with Lua's naming rules. */
noreturn void mt_argerror(State *S, int arg, const char *extramsg);
/* "X expected, got Y" as a bad-argument error. */
noreturn void mt_typeerror(State *S, int arg, const char *expected);
/* "source:line:" of the function at call level `level` (0 = running). */
void mt_where(State *S, int level, char *buf, size_t size);
void mt_traceback(State *S, char *buf, size_t size);

/* ---- metamethod-aware operations (vmops.c): the slow paths of the
 * interpreter, also used by the library. `res` must be a stack slot or a
 * location the GC does not need to see. */
void mt_gettable(State *S, const TValue *t, const TValue *k, TValue *res);
void mt_settable(State *S, const TValue *t, const TValue *k, const TValue *v);
bool mt_equal(State *S, const TValue *a, const TValue *b);
bool mt_lessthan(State *S, const TValue *a, const TValue *b);
bool mt_lessequal(State *S, const TValue *a, const TValue *b);
void mt_objlen(State *S, const TValue *o, TValue *res);
/* Concatenate the top n values (n >= 2), leaving the result in their place. */
void mt_concat(State *S, int n);
Table *mt_getmetatable(State *S, const TValue *o);
/* The metamethod of o for event, or NULL. */
const TValue *mt_metamethod(State *S, const TValue *o, TMS event);
/* tostring() semantics (__tostring, __name), result a string. */
String *mt_tostring(State *S, const TValue *o);
const char *mt_typename(State *S, const TValue *o);   /* honours __name */

/* The hotcount/tracemark index of the loop header at pc (shared by the
 * interpreter's counting and the JIT's marking). */
static inline uint32_t mt_hot_index(const Instr *pc)
{
    return (uint32_t)(((uintptr_t)pc >> 2) & (MT_HOTCOUNT_SIZE - 1));
}

/* One step of a bounded run (S->step_budget != 0); an exhausted budget
 * raises, with ci stopped at pc (and stays exhausted). */
static inline void mt_charge_budget(State *S, CallInfo *ci, const Instr *pc)
{
    if (--S->step_budget == 0) {
        S->step_budget = 1;
        ci->savedpc = pc;
        mt_runerror(S, "execution budget exhausted");
    }
}

#endif
