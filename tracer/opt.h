/* opt.h — the trace optimiser's pass pipeline.
 *
 * Passes run in the order of OPT_PASSES; each can be switched on or off by
 * name for experiments (`--opt=-cse`, `--opt=none,+fold`). Every pass
 * rebuilds the trace through ir.h's IRRebuild (so refs are renamed in
 * operands and snapshots in one place) and leaves a trace that passes
 * ir_check. A pass never renumbers snapshots: a guard's snapshot number is
 * its exit number.
 *
 * To add a pass: one X line here (its id, command-line name, default and a
 * one-line description) and a file defining `void opt_<name>(Trace *, OptResult *)`. */
#ifndef MT_OPT_H
#define MT_OPT_H

#include <stddef.h>

#include "ir.h"

/*  X(id, name, on by default, what it does) */
#define OPT_PASSES(X)                                                         \
    X(LOOP, loop, true, "loop peeling: pre-roll + body with PHIs; LICM through CSE") \
    X(FOLD, fold, true, "constant folding and algebraic simplification")     \
    X(GUARD, guard, true, "guard strengthening: a type test a later one implies tests that") \
    X(CSE, cse, true, "common-subexpression elimination")                     \
    X(DCE, dce, true, "dead-code elimination")

typedef enum {
#define OPT_ENUM(id, name, on, doc) OPT_##id,
    OPT_PASSES(OPT_ENUM)
#undef OPT_ENUM
    OPT__COUNT
} OptPass;

extern const char *const opt_names[OPT__COUNT];
extern const char *const opt_docs[OPT__COUNT];

typedef struct OptConfig {
    bool enabled[OPT__COUNT];
} OptConfig;

/* What the passes found. A guard that folds to "always false" is kept (the
 * trace must still leave there) and reported: such a trace always exits at
 * that guard and is not worth compiling as it is. */
typedef struct OptResult {
    bool always_exits;
    IRRef exit_ref;                 /* the first always-failing guard */
    uint32_t removed[OPT__COUNT];   /* instructions each pass removed (net) */
    bool loop_unstable;             /* opt_loop left a looping trace as it was:
                                       a slot changes type round the loop, or a
                                       guard would always fail in the body */
} OptResult;

void opt_config_default(OptConfig *cfg);
bool opt_default_on(int pass);
/* Apply a comma-separated list to cfg: `name` or `+name` switches a pass
 * on, `-name` off, `all` / `none` switch every pass. On an unknown name,
 * writes a message and returns false. */
bool opt_config_parse(OptConfig *cfg, const char *spec, char *err, size_t errlen);

OptResult opt_run(Trace *T, const OptConfig *cfg);

/* The passes, callable one by one (tests do). */
#define OPT_DECL(id, name, on, doc) void opt_##name(Trace *T, OptResult *res);
OPT_PASSES(OPT_DECL)
#undef OPT_DECL

/* For passes: after rebuilding, the always-failing guard that was
 * old_exit in the old trace is rb->map[old_exit] in the new one. */
void opt_remap_exit(OptResult *res, const IRRebuild *rb, IRRef old_exit);

/* For passes: which refs of T a PHI carries round the loop (its left
 * operands), as a malloc'd array indexed by ref. Such an instruction must
 * not be replaced by another ref (the PHI would then carry that one), and
 * in the loop body its value is not what its definition computed. */
bool *opt_phi_operands(const Trace *T);

/* The folding engine behind opt_fold, usable while recording: append *ins
 * (operands already final) to T, simplified. Returns the ref that stands
 * for its value: a constant, an earlier ref, or the appended instruction;
 * NONE for a guard that always holds (dropped). A guard that always fails
 * is appended and reported in res. */
IRRef fold_emit(Trace *T, const IRIns *ins, OptResult *res);

/* The truth of comparison op on constant operands: 1 or 0, or -1 when op
 * is not an integer (EQ..ULE) or float (FEQ..FLE) comparison. */
int opt_int_compare(IROp op, int64_t x, int64_t y);
int opt_flt_compare(IROp op, double x, double y);

#endif
