/* opt.c — the pass pipeline: names and defaults from OPT_PASSES, parsing
 * of `--opt=` lists, and running the enabled passes in order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opt.h"

const char *const opt_names[OPT__COUNT] = {
#define OPT_NAME(id, name, on, doc) #name,
    OPT_PASSES(OPT_NAME)
#undef OPT_NAME
};

const char *const opt_docs[OPT__COUNT] = {
#define OPT_DOC(id, name, on, doc) doc,
    OPT_PASSES(OPT_DOC)
#undef OPT_DOC
};

typedef void (*PassFn)(Trace *, OptResult *);

static const PassFn passes[OPT__COUNT] = {
#define OPT_FN(id, name, on, doc) opt_##name,
    OPT_PASSES(OPT_FN)
#undef OPT_FN
};

static const bool defaults[OPT__COUNT] = {
#define OPT_ON(id, name, on, doc) on,
    OPT_PASSES(OPT_ON)
#undef OPT_ON
};

void opt_config_default(OptConfig *cfg)
{
    memcpy(cfg->enabled, defaults, sizeof defaults);
}

bool opt_default_on(int pass) { return pass >= 0 && pass < OPT__COUNT && defaults[pass]; }

static void set_all(OptConfig *cfg, bool on)
{
    for (int i = 0; i < OPT__COUNT; i++)
        cfg->enabled[i] = on;
}

/* One item of the list: [+|-]name, all or none. */
static bool apply_item(OptConfig *cfg, const char *item, size_t len)
{
    bool on = true;
    if (len && (item[0] == '+' || item[0] == '-')) {
        on = item[0] == '+';
        item++, len--;
    }
    if (len == 3 && memcmp(item, "all", 3) == 0) {
        set_all(cfg, on);
        return true;
    }
    if (len == 4 && memcmp(item, "none", 4) == 0) {
        set_all(cfg, !on);
        return true;
    }
    for (int i = 0; i < OPT__COUNT; i++)
        if (strlen(opt_names[i]) == len && memcmp(opt_names[i], item, len) == 0) {
            cfg->enabled[i] = on;
            return true;
        }
    return false;
}

bool opt_config_parse(OptConfig *cfg, const char *spec, char *err, size_t errlen)
{
    while (*spec) {
        size_t len = strcspn(spec, ",");
        if (len && !apply_item(cfg, spec, len)) {
            int sign = spec[0] == '+' || spec[0] == '-';
            if (err && errlen)
                snprintf(err, errlen, "unknown optimisation pass '%.*s'", (int)len - sign,
                         spec + sign);
            return false;
        }
        spec += len + (spec[len] == ',');
    }
    return true;
}

OptResult opt_run(Trace *T, const OptConfig *cfg)
{
    OptResult res;
    memset(&res, 0, sizeof res);
    for (int i = 0; i < OPT__COUNT; i++) {
        if (!cfg->enabled[i])
            continue;
        uint32_t before = T->nins;
        passes[i](T, &res);
        res.removed[i] = before > T->nins ? before - T->nins : 0;
    }
    return res;
}

void opt_remap_exit(OptResult *res, const IRRebuild *rb, IRRef old_exit)
{
    res->always_exits = true;
    res->exit_ref = old_exit < rb->old.nins ? rb->map[old_exit] : IRREF_NONE;
}

bool *opt_phi_operands(const Trace *T)
{
    bool *carried = calloc(T->nins, sizeof(bool));
    if (carried == NULL)
        abort();
    for (IRRef r = T->loop; r != IRREF_NONE && r < T->nins; r++)
        if (T->ir[r].op == IR_PHI && T->ir[r].a < T->nins)
            carried[T->ir[r].a] = true;
    return carried;
}
