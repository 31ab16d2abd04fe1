/* mcode.h — executable memory for compiled traces, never writable and
 * executable at once (W^X).
 *
 * Code lives in areas, each one mmap'd region. An area is read+execute
 * except between mcode_begin_write and mcode_end_write, and for the moment
 * of an mcode_patch, when it is read+write and not executable; protection
 * changes with mprotect and is cached, so a call that finds the area in the
 * wanted state costs nothing. Addresses do not change when protection does,
 * so code is written in place, at its final address (relative branches and
 * calls can be computed while emitting).
 *
 * Areas are placed, when possible, within ±2 GiB of mtvm's own text, so
 * that compiled code can reach the C helpers with a rel32 call. When no
 * such place is free the area is mapped anywhere and marked `near = false`;
 * callers must then check mcode_reaches() and use movabs + an indirect call.
 *
 * All areas of one MCode share a limit on mapped bytes; mcode_new fails
 * with MCODE_ERR_LIMIT when it would be exceeded (the JIT then flushes every
 * trace with mcode_free_all and starts again). */
#ifndef MT_MCODE_H
#define MT_MCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    MCODE_OK,
    MCODE_ERR_LIMIT,  /* the total limit would be exceeded: flush traces */
    MCODE_ERR_MAP,    /* mmap refused: out of memory or address space */
    MCODE_ERR_PROT,   /* mprotect refused (a policy forbidding exec?) */
    MCODE_ERR_RANGE,  /* a write or patch outside the area: a JIT bug */
} MCodeErr;

typedef struct MCodeArea {
    uint8_t *base;
    size_t size;          /* mapped bytes, a multiple of the page size */
    size_t used;          /* bytes of committed code from base */
    bool writable;        /* current protection: RW (true) or RX (false) */
    bool near;            /* every byte reaches all of mtvm's text by rel32 */
    bool writing;         /* between begin_write and end_write */
    struct MCodeArea *next;
    struct MCode *owner;
} MCodeArea;

typedef struct MCode {
    MCodeArea *areas;        /* all live areas, newest first */
    size_t limit;            /* most bytes that may be mapped at once */
    size_t mapped;           /* bytes mapped now */
    size_t code_bytes;       /* bytes of committed code now */
    uint64_t code_bytes_total; /* bytes ever committed (statistics) */
    unsigned areas_now;      /* live areas */
    unsigned far_areas;      /* areas that could not be placed near */
    uint64_t protect_calls;  /* mprotect calls actually made */
    uint64_t patches;        /* mcode_patch calls */
    bool place_anywhere;     /* skip near placement (tests the far path) */
    MCodeErr err;            /* the last failure */
    char error[200];         /* and its message */
} MCode;

void mcode_init(MCode *mc, size_t limit);
/* Unmap every area (flush); counters other than the current ones stay. */
void mcode_free_all(MCode *mc);

/* A new area of at least `size` bytes, read+execute, filled with int3 so
 * that a stray jump into unused space traps. NULL with mc->err/error set. */
MCodeArea *mcode_new(MCode *mc, size_t size);
void mcode_free(MCode *mc, MCodeArea *a);

/* Make the area writable and return its first free byte; *avail gets the
 * free bytes. NULL on failure. */
uint8_t *mcode_begin_write(MCodeArea *a, size_t *avail);
/* Commit the code written up to `end` (one past its last byte; the start
 * of the free space commits nothing) and make the area executable again. */
bool mcode_end_write(MCodeArea *a, const uint8_t *end);
/* Overwrite n bytes at addr (inside the area): RW, copy, back to RX (or
 * stay RW if a write is in progress). */
bool mcode_patch(MCodeArea *a, uint8_t *addr, const void *bytes, size_t n);

/* Called, when set, inside every mcode_patch while the area is writable:
 * lets the tests look at the process's mappings at that moment. */
extern void (*mcode_patch_hook)(const MCodeArea *a);

/* Whether a rel32 branch anywhere in the area can reach target. */
bool mcode_reaches(const MCodeArea *a, const void *target);

/* Whether any mapping of this process is writable and executable at once
 * (false also when /proc/self/maps cannot be read). */
bool mcode_maps_have_wx(void);
/* The same, with the detail: 1 and the offending line copied into
 * line[0..n) if found, 0 if none, -1 if /proc/self/maps is unreadable. */
int mcode_maps_find_wx(char *line, size_t n);

#endif
