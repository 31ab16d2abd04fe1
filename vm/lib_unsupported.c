/* lib_unsupported.c — the Lua 5.4 library functions mt leaves out (Tier 2 of
 * LANGUAGE.md, and coroutines). Calling one raises an error that names it
 * and says why, instead of the bare "attempt to call a nil value". */
#include <string.h>

#include "lib.h"
#include "libaux.h"
#include "mtstring.h"
#include "table.h"

/* X(module, name, reason); module NULL = a global. */
#define UNSUPPORTED(X)                                                        \
    X("string", find, "string patterns come in a later tier")                   \
    X("string", match, "string patterns come in a later tier")                  \
    X("string", gmatch, "string patterns come in a later tier")                 \
    X("string", gsub, "string patterns come in a later tier")                   \
    X("math", random, "random numbers come in a later tier")                        \
    X("math", randomseed, "random numbers come in a later tier")                    \
    X("io", lines, "io.lines comes in a later tier")                              \
    X("io", open, "only the standard files are supported")    \
    X(NULL, load, "loading chunks at run time comes in a later tier")                                   \
    X(NULL, loadfile, "loading chunks at run time comes in a later tier")

#define DEFINE_STUB(module, name, reason)                                     \
    static int unsupported_##name(State *S, TValue *args, int nargs)          \
    {                                                                         \
        (void)args;                                                           \
        (void)nargs;                                                          \
        mt_errorf(S, "%s%s%s is not supported by mt (%s)", module ? module : "", \
                  module ? "." : "", #name, reason);                          \
    }
UNSUPPORTED(DEFINE_STUB)
#undef DEFINE_STUB

static void set_stub(State *S, const char *module, const char *name, CFunc f)
{
    Table *t = S->globals;
    if (module != NULL) {
        const TValue *m = tab_getstr(S->globals, str_newc(S, module));
        if (!istable(m))
            return;
        t = tabvalue(m);
    }
    TValue fv;
    setcfn(&fv, f);
    tab_setstr(S, t, str_newc(S, name), &fv);
}

void lib_open_unsupported(State *S)
{
#define REGISTER_STUB(module, name, reason) set_stub(S, module, #name, unsupported_##name);
    UNSUPPORTED(REGISTER_STUB)
#undef REGISTER_STUB
}
