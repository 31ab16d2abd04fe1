/* load.c — turning source text into a closure on the stack. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "func.h"
#include "mem.h"

struct LoadArgs {
    const char *src;
    size_t len;
    const char *chunkname;
};

static void compile_and_push(State *S, void *ud)
{
    struct LoadArgs *args = ud;
    Proto *p = mt_compile(S, args->src, args->len, args->chunkname);
    /* keep the proto reachable while the closure is made */
    TValue *slot = S->top;
    mt_checkstack(S, 1);
    setgc(slot, p, T_PROTO);
    S->top++;
    Closure *c = closure_new(S, p);
    setclosure(slot, c);
}

int mt_loadbuffer(State *S, const char *src, size_t len, const char *chunkname)
{
    struct LoadArgs args = { src, len, chunkname };
    TValue *top = S->top;
    int status = mt_rawrunprotected(S, compile_and_push, &args);
    if (status != MT_OK) {
        TValue err = S->top[-1];
        S->top = top;
        mt_push(S, &err);
    }
    return status;
}

/* Reads a whole stream into a malloc'd buffer. */
static char *read_all(FILE *f, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *bigger = realloc(buf, cap * 2);
        if (bigger == NULL) {
            free(buf);
            return NULL;
        }
        buf = bigger;
        cap *= 2;
    }
    *len = n;
    return buf;
}

int mt_loadfile(State *S, const char *path)
{
    FILE *f = path ? fopen(path, "rb") : stdin;
    if (f == NULL) {
        mt_pushfstring(S, "cannot open %s: %s", path, strerror(errno));
        return MT_ERRRUN;
    }
    size_t len = 0;
    char *src = read_all(f, &len);
    bool failed = ferror(f) || src == NULL;
    if (path)
        fclose(f);
    if (failed) {
        free(src);
        mt_pushfstring(S, "cannot read %s", path ? path : "stdin");
        return MT_ERRRUN;
    }
    int status = mt_loadbuffer(S, src, len, path ? path : "stdin");
    free(src);
    return status;
}
