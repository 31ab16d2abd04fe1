/* lib_package.c — require and the package table (path, loaded, preload).
 * Modules are mt source files found through the templates of package.path
 * (default "./?.mt;./?.lua", or $MT_PATH); there are no C modules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "func.h"
#include "libaux.h"
#include "mtstring.h"
#include "table.h"

#define DEFAULT_PATH "./?.mt;./?.lua"

/* package.<field> (raw), or nil if the package table is gone. */
static const TValue *package_field(State *S, const char *field)
{
    const TValue *pkg = tab_getstr(S->loaded, str_newc(S, "package"));
    if (!istable(pkg))
        return &mt_nilvalue;
    return tab_getstr(tabvalue(pkg), str_newc(S, field));
}

/* Tries each template of `path`; on success copies the file name into
 * `found` and returns true, otherwise appends the "no file" lines to `b`. */
static bool search_path(State *S, const char *name, const char *path,
                        char *found, size_t size, LibBuf *b)
{
    char modpath[512];
    snprintf(modpath, sizeof modpath, "%s", name);
    for (char *p = modpath; *p; p++)
        if (*p == '.')
            *p = '/';
    const char *t = path;
    while (*t) {
        const char *end = strchr(t, ';');
        size_t tl = end ? (size_t)(end - t) : strlen(t);
        size_t n = 0;
        for (size_t i = 0; i < tl && n + 1 < size; i++) {
            if (t[i] == '?') {
                n += (size_t)snprintf(found + n, size - n, "%s", modpath);
                if (n >= size)
                    n = size - 1;
            } else {
                found[n++] = t[i];
            }
        }
        found[n] = '\0';
        if (tl > 0) {
            FILE *f = fopen(found, "r");
            if (f != NULL) {
                fclose(f);
                return true;
            }
            buf_addmem(S, b, "\n\tno file '", 11);
            buf_addmem(S, b, found, strlen(found));
            buf_addchar(S, b, '\'');
        }
        t += end ? tl + 1 : tl;
    }
    return false;
}

typedef struct LoadJob {
    const String *src;
    const char *filename;
    Proto *p;
} LoadJob;

static void compile_module(State *S, void *ud)
{
    LoadJob *job = ud;
    job->p = mt_compile(S, job->src->data, job->src->len, job->filename);
}

/* Pushes the module's main function compiled from `filename`. */
static void load_module(State *S, const char *name, const char *filename)
{
    LoadJob job = { NULL, filename, NULL };
    job.src = lib_pushfile(S, filename);
    TValue *slot = S->top - 1;
    if (job.src == NULL)
        mt_errorf(S, "error loading module '%s' from file '%s':\n\tcannot read file",
                  name, filename);
    if (mt_rawrunprotected(S, compile_module, &job) != MT_OK) {
        const TValue *err = S->top - 1;
        mt_errorf(S, "error loading module '%s' from file '%s':\n\t%s", name, filename,
                  isstr(err) ? strvalue(err)->data : "?");
    }
    S->top = slot + 1;
    setclosure(slot, closure_new(S, job.p));   /* replaces the source */
}

/* Pushes the loader for `name` and its data (the file name, or
 * ":preload:"), or raises "module 'x' not found". */
static void find_loader(State *S, const char *name)
{
    const TValue *preload = package_field(S, "preload");
    if (istable(preload)) {
        const TValue *loader = tab_getstr(tabvalue(preload), str_newc(S, name));
        if (!isnil(loader)) {
            mt_push(S, loader);
            mt_pushcstring(S, ":preload:");
            return;
        }
    }
    const TValue *path = package_field(S, "path");
    if (!isstr(path))
        mt_errorf(S, "'package.path' must be a string");
    LibBuf b;
    buf_init(&b);
    buf_addmem(S, &b, "\n\tno field package.preload['", 28);
    buf_addmem(S, &b, name, strlen(name));
    buf_addmem(S, &b, "']", 2);
    char found[1024];
    if (search_path(S, name, strvalue(path)->data, found, sizeof found, &b)) {
        buf_free(&b);
        load_module(S, name, found);
        mt_pushcstring(S, found);
        return;
    }
    String *tried = buf_push(S, &b);
    mt_errorf(S, "module '%s' not found:%s", name, tried->data);
}

static int pkg_require(State *S, TValue *args, int nargs)
{
    String *name = lib_checkstring(S, args, nargs, 1);
    const TValue *loaded = tab_getstr(S->loaded, name);
    if (!isfalsy(loaded)) {
        mt_push(S, loaded);
        return 1;
    }
    TValue *loader = S->top;
    find_loader(S, name->data);      /* loader, data */
    TValue *data = loader + 1;
    TValue *call = S->top;
    mt_push(S, loader);
    mt_pushstr(S, name);
    mt_push(S, data);
    mt_call(S, call, 1);             /* the module's value at call */
    if (!isnil(call))
        lib_rawset(S, S->loaded, &args[0], call);
    if (isnil(tab_getstr(S->loaded, name))) {
        TValue t;
        setbool(&t, true);
        lib_rawset(S, S->loaded, &args[0], &t);
    }
    S->top = call;
    mt_push(S, tab_getstr(S->loaded, name));
    mt_push(S, data);
    return 2;
}

static const LibReg package_funcs[] = { { NULL, NULL } };

void lib_open_package(State *S)
{
    Table *pkg = lib_newlib(S, "package", package_funcs);
    const char *path = getenv("MT_PATH");
    lib_setstring(S, pkg, "path", path != NULL ? path : DEFAULT_PATH);
    lib_setstring(S, pkg, "config", "/\n;\n?\n!\n-\n");
    TValue v;
    settable(&v, S->loaded);
    lib_setfield(S, pkg, "loaded", &v);
    settable(&v, tab_new(S, 0, 0));
    lib_setfield(S, pkg, "preload", &v);
    lib_setcfunc(S, S->globals, "require", pkg_require);
}
