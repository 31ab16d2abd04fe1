/* object.h — layouts of the garbage-collected objects.
 * Field layouts are part of the contract with the JIT (it loads fields at
 * fixed offsets through the meta-operations), so they are declared here once. */
#ifndef MT_OBJECT_H
#define MT_OBJECT_H

#include "value.h"

/* Common header of every collectable object: all objects are on one list
 * (S->allgc) for the sweep; `marked` is the mark bit of the current cycle. */
#define GC_HEADER GCObj *gcnext; uint8_t gctt; uint8_t marked
struct GCObj {
    GC_HEADER;
};

/* Strings are immutable and all interned: equal strings are the same object,
 * so string equality is pointer equality (cheap in the interpreter and a
 * single compare in a trace). `data` is NUL-terminated for C's convenience
 * but may contain NULs. */
typedef struct String {
    GC_HEADER;
    uint8_t reserved;      /* keyword id + 1 for reserved words, else 0 */
    uint32_t hash;
    size_t len;
    struct String *hnext;  /* chain in the intern table */
    char data[];
} String;

/* Table: an array part for keys 1..asize and a hash part of 2^lsizenode
 * nodes (chained scatter table with Brent's variation, as in Lua). */
typedef struct Node {
    TValue val;
    TValue key;
    int32_t next;          /* offset to the next node in the chain, 0 = end */
} Node;

typedef struct Table {
    GC_HEADER;
    uint8_t flags;         /* bit set = metamethod known absent (TM_ cache) */
    uint8_t lsizenode;     /* log2 of the number of nodes */
    uint32_t asize;        /* size of the array part */
    TValue *array;
    Node *node;
    Node *lastfree;        /* all free nodes are below this one */
    struct Table *meta;
    /* Slots allocated right after the Table in its own block (0: none). A
     * table created with a small array part gets it there, saving a block;
     * the array part is there while array == (TValue *)(table + 1). */
    uint32_t inline_asize;
} Table;

typedef uint32_t Instr;

typedef struct UpvalDesc {
    String *name;
    uint8_t instack;       /* 1: captures the enclosing function's register idx */
    uint8_t idx;           /* 0: the enclosing function's upvalue idx */
} UpvalDesc;

typedef struct LocVar {
    String *name;
    int startpc;           /* first pc where the variable is active */
    int endpc;             /* first pc where it is dead */
} LocVar;

/* Function prototype: what the compiler produces for each function body. */
typedef struct Proto {
    GC_HEADER;
    uint8_t numparams;
    uint8_t is_vararg;
    uint8_t maxstack;      /* registers needed */
    int ncode, nk, nprotos, nupvals, nlocvars;
    int linedefined, lastlinedefined;
    Instr *code;
    int *lineinfo;         /* source line of each instruction */
    TValue *k;
    struct Proto **protos;
    UpvalDesc *upvals;
    LocVar *locvars;
    String *source;        /* chunk name as given, e.g. "tests/x.mt" */
    GCObj *gclist;
} Proto;

/* An upvalue points at a live stack slot while open, then at its own
 * `closed` copy once the frame that owned the slot ends. */
typedef struct UpVal {
    GC_HEADER;
    TValue *v;
    TValue closed;
    struct UpVal *open_next;   /* open upvalues, sorted by slot, highest first */
} UpVal;

typedef struct Closure {
    GC_HEADER;
    uint8_t nupvals;
    Proto *p;
    UpVal *upvals[];
} Closure;

#endif
