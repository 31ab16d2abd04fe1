# The experiment matrix of this project, in ONE place.
#
# Read by krun-config/mtvm.krun (executed by Krun under Python 2.7) and by the
# local runner scripts/run-experiment (Python 3), so this file must stay
# Python 2.7/3 compatible (no f-strings, no Py3-only syntax) and must not import
# Krun: it is plain data plus small helpers.  Both loaders execute it into a
# module object (no .pyc files are written into krun-config/).
#
# Facts about Krun used here are in /work/shared/research/krun-warmup.md
# (sections A, B, F); the section is cited next to each use.

import json
import os

# --- layout (paths relative to the repository root, Krun's cwd; A.3) -------
SUITE_RELPATH = os.path.join("benchmarks", "suite.json")
MTVM_RELPATH = os.path.join("build", "mtvm")
RUNNER_RELPATH = os.path.join("krun-config", "iterations_runner.mt")
# Local runs of LuaJIT only: defines the `mtvm` table the runner needs
# (Krun itself runs LuaJIT with its own runner through LuaVMDef).
LUAJIT_PRELUDE_RELPATH = os.path.join("krun-config", "luajit_prelude.lua")
ENTRY_FILE = "bench.mt"        # benchmarks/<name>/bench.mt, no subdir (A.3)
VARIANT = "default-mt"         # the single Krun variant: no spaces/colons

# --- the paper's shape (F.1) ---------------------------------------------
HEAP_LIMIT = 2097152           # KiB (2 GiB), `ulimit -d` (B.3)
STACK_LIMIT = 8192             # KiB (8 MiB), `ulimit -s` (B.3)

# Each shape: process executions, in-process iterations, which parameter of
# benchmarks/suite.json to use, and the per-pexec timeout (seconds; catches
# hangs, not slow runs: Krun flags a timed-out pexec `T`, B.7).
SHAPES = {
    "paper": {"n_executions": 30, "iterations": 2000, "params": "paper",
              "timeout": 6 * 3600},
    "quick": {"n_executions": 3, "iterations": 20, "params": "test",
              "timeout": 300},
}
PARAM_SETS = ("test", "dev", "paper")

# Benchmarks the quick shape skips (with the reason): too slow even at their
# smallest parameter for a run of a few minutes.
QUICK_SKIP = {
    "awfy_havlak": "about 3.5 s per in-process iteration at its smallest "
                   "parameter (lua5.4): too slow for the quick shape",
}

# The six benchmarks of the warmup experiment and their paper parameters
# (F.1); benchmarks/suite.json must agree (checked by tests/krun).
PAPER_WARMUP_PARAMS = {
    "binarytrees": 25, "fannkuch_redux": 200, "fasta": 100,
    "nbody": 15, "richards": 500, "spectralnorm": 3,
}

# --- the VMs ---------------------------------------------------------------
# One Krun VM per tracer strategy: (VM name, mtvm flags, needs Intel PT).
STRATEGIES = [
    ("mtvm-interp", ["--tracer=none"], False),
    ("mtvm-software", ["--tracer=software"], False),
    ("mtvm-pt", ["--tracer=pt"], True),
    ("mtvm-heuristic", ["--tracer=heuristic"], False),
    ("mtvm-software-reopt", ["--tracer=software", "--reopt"], False),
    ("mtvm-pt-reopt", ["--tracer=pt", "--reopt"], True),
]
# Strategies build/mtvm implements today. Enabling one is this one line.
IMPLEMENTED = ["mtvm-interp", "mtvm-software"]

LUAJIT_VM = "luajit"
LUAJIT_CANDIDATES = ["/usr/local/bin/luajit", "/usr/bin/luajit"]
PT_SYSFS = "/sys/bus/event_source/devices/intel_pt"

# Instrumentation records written by the runner on stderr (B.8).
INSTR_PREFIX = "@@@ MTVM_ITER "


def mtvm_vm_names():
    return [s[0] for s in STRATEGIES]


def vm_names():
    """Every VM of the matrix, in a fixed order (mtvm strategies, then LuaJIT)."""
    return mtvm_vm_names() + [LUAJIT_VM]


def strategy_flags(vm):
    for name, flags, _ in STRATEGIES:
        if name == vm:
            return list(flags)
    raise KeyError("not an mtvm strategy: %s" % vm)


def pt_available(sysfs=PT_SYSFS):
    return os.path.exists(sysfs)


def find_luajit(candidates=None):
    """Absolute path of luajit, or None. Krun's PATH is only /bin:/usr/bin,
    so the VM path must be absolute (G.5)."""
    for path in (candidates or LUAJIT_CANDIDATES):
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def skip_reasons(pt_ok, luajit_path):
    """{vm: reason} for every VM that cannot run on this machine today."""
    reasons = {}
    for name, _, needs_pt in STRATEGIES:
        why = []
        if name not in IMPLEMENTED:
            why.append("strategy not implemented in mtvm yet")
        if needs_pt and not pt_ok:
            why.append("Intel PT unavailable (no %s)" % PT_SYSFS)
        if why:
            reasons[name] = "; ".join(why)
    if luajit_path is None:
        reasons[LUAJIT_VM] = "luajit not installed (looked in %s)" % \
            ", ".join(LUAJIT_CANDIDATES)
    return reasons


def skip_patterns(shape, benchmarks, pt_ok, luajit_path):
    """{Krun SKIP pattern "bench:vm:variant" (A.2): reason} for a shape
    ("paper" or "quick") and the benchmark names of the matrix."""
    out = {}
    for vm, why in skip_reasons(pt_ok, luajit_path).items():
        out["*:%s:*" % vm] = why
    if shape == "quick":
        for bench in benchmarks:
            if bench in QUICK_SKIP:
                out["%s:*:*" % bench] = QUICK_SKIP[bench]
    return out


def should_skip(patterns, key):
    """Krun's matching (A.2): each field equal, or exactly "*"."""
    k = key.split(":")
    for pat in patterns:
        p = pat.split(":")
        if len(p) == 3 and all(p[i] in ("*", k[i]) for i in range(3)):
            return True
    return False


def load_suite(root):
    """The entries of benchmarks/suite.json (a list, or {"benchmarks": [...]})."""
    path = os.path.join(root, SUITE_RELPATH)
    with open(path) as fh:
        data = json.load(fh)
    if isinstance(data, dict):
        data = data["benchmarks"]
    for entry in data:
        name = entry["name"]
        if " " in name or ":" in name:
            raise ValueError("%s: benchmark name %r has a space or colon "
                             "(Krun keys are bench:vm:variant)" % (path, name))
    return data


def benchmark_params(root, params):
    """[(name, param)] in suite order, for param set test|dev|paper."""
    if params not in PARAM_SETS:
        raise ValueError("param set must be one of %s" % (PARAM_SETS,))
    out = []
    for entry in load_suite(root):
        if entry.get(params) is None:
            raise ValueError("suite entry %s has no %r parameter"
                             % (entry["name"], params))
        # str(): Python 2's json gives unicode; Krun builds keys with "%s".
        out.append((str(entry["name"]), entry[params]))
    return out


def bench_path(root, bench):
    return os.path.join(root, "benchmarks", bench, ENTRY_FILE)


def mtvm_argv_prefix(root, vm):
    """argv up to the benchmark path, as the Krun VM def builds it (B.2):
    [vm_path] + extra_vm_args + [iterations_runner]."""
    return ([os.path.join(root, MTVM_RELPATH)] + strategy_flags(vm) +
            [os.path.join(root, RUNNER_RELPATH)])


def parse_instr_lines(lines):
    """Per-iteration records -> {counter: [value per iteration]} (B.8: every
    value a list with one entry per in-process iteration). Other stderr lines
    are ignored; a counter missing from a record is None there."""
    records = []
    for line in lines:
        if line.startswith(INSTR_PREFIX):
            records.append(json.loads(line[len(INSTR_PREFIX):]))
    names = set()
    for rec in records:
        names.update(rec.keys())
    names.discard("iter")
    return dict((k, [rec.get(k) for rec in records]) for k in sorted(names))
