#!/usr/bin/python3
"""make bench: time mtvm, lua5.4 and luajit on the same benchmark files.

For each selected benchmark and VM it runs R fresh processes (--reps), each
running K in-process iterations (--iters) of run_iter(PARAM) through
scripts/bench_driver.mt, and reports the median first-iteration time, the
median steady-state time (per process: the median of iterations 2..K; then
the median over processes), and for every VM named mtvm or mtvm-* the ratio
of its steady-state time to lua5.4's and luajit's, with geometric means.
Processes are interleaved across VMs (rep 1 of every VM, then rep 2, ...)
so that slow drift of the machine affects all VMs alike.

Examples:
  scripts/bench.py                          # warmup six, dev parameters
  scripts/bench.py --suite awfy --reps 3 --iters 5
  scripts/bench.py --only nbody,richards --vm mtvm-sw="build/mtvm --tracer=software"
  scripts/bench.py --vm mtvm=lua5.4 --params test   # stand-in without mtvm
"""

import argparse
import json
import math
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_suite  # noqa: E402

DEFAULT_VMS = [("mtvm", "build/mtvm --tracer=none"),
               ("mtvm-software", "build/mtvm --tracer=software"),
               ("lua5.4", "lua5.4"),
               ("luajit", "luajit")]
BASELINES = ("lua5.4", "luajit")


def add_selection_args(ap, per="VM"):
    """The options every benchmark runner shares: which benchmarks, at what
    parameters, how many processes and iterations."""
    ap.add_argument("--suite", default="warmup",
                    choices=("all",) + bench_suite.GROUPS)
    ap.add_argument("--only", default="",
                    help="comma-separated benchmark names (overrides --suite)")
    ap.add_argument("--params", default="dev", choices=bench_suite.PARAM_KINDS)
    ap.add_argument("--reps", type=int, default=5,
                    help="process executions per benchmark and " + per)
    ap.add_argument("--iters", type=int, default=10,
                    help="in-process iterations per process execution")


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Time mtvm against lua5.4 and luajit.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1])
    add_selection_args(ap)
    ap.add_argument("--vm", action="append", default=[], metavar="NAME=CMD",
                    help="add a VM, or replace a default one of that name")
    ap.add_argument("--no-default-vms", action="store_true",
                    help="run only the VMs given with --vm")
    ap.add_argument("--mtvm-wall-clock", dest="cpu_clock",
                    action="store_false",
                    help="time mtvm with mtvm.clock (wall time) instead of"
                    " os.clock (CPU time); the other VMs have only os.clock,"
                    " so by default every VM is timed by CPU time, the one"
                    " clock they share")
    ap.add_argument("--timeout", type=int, default=1800,
                    help="seconds allowed per process execution")
    ap.add_argument("--json", metavar="FILE", help="also write results here")
    args = ap.parse_args(argv)
    if args.reps < 1 or args.iters < 1:
        ap.error("--reps and --iters must be at least 1")
    return args


def vm_list(args):
    vms = [] if args.no_default_vms else list(DEFAULT_VMS)
    for spec in args.vm:
        if "=" not in spec:
            raise SystemExit("bench.py: --vm expects NAME=COMMAND, got %r"
                             % spec)
        name, cmd = spec.split("=", 1)
        if any(n == name for n, _ in vms):
            vms = [(n, cmd if n == name else c) for n, c in vms]
        else:
            vms.append((name, cmd))
    if not vms:
        raise SystemExit("bench.py: no VMs to run")
    return vms


def is_mtvm(name):
    return name == "mtvm" or name.startswith("mtvm-")


def summarise(runs):
    """Medians over process executions of the first and steady times."""
    firsts = [r[0] for r in runs]
    steadies = [statistics.median(r[1:]) if len(r) > 1 else r[0]
                for r in runs]
    return {"first": statistics.median(firsts),
            "steady": statistics.median(steadies),
            "steady_min": min(steadies), "steady_max": max(steadies)}


def run_suite(entries, vms, args):
    """results[bench][vm] = {'runs': [[t1..tK], ...], summary..., 'error'}."""
    results = {e["name"]: {n: {"runs": []} for n, _ in vms} for e in entries}
    total = len(entries) * len(vms) * args.reps
    done = 0
    for e in entries:
        param = e[args.params]
        for rep in range(args.reps):
            for name, cmd in vms:
                cell = results[e["name"]][name]
                done += 1
                if "error" in cell:
                    continue
                sys.stderr.write("[%d/%d] %s %s rep %d\n"
                                 % (done, total, e["name"], name, rep + 1))
                res = bench_suite.run_benchmark(cmd, e, param, args.iters,
                                                timeout=args.timeout,
                                                cpu_clock=args.cpu_clock)
                if res.ok:
                    cell["runs"].append(res.times)
                else:
                    cell["error"] = res.message
                    sys.stderr.write("  FAILED: %s\n" % res.message)
        for name, _ in vms:
            cell = results[e["name"]][name]
            if "error" not in cell:
                cell.update(summarise(cell["runs"]))
    return results


def ratio_columns(vms):
    names = [n for n, _ in vms]
    return [(m, b) for m in names if is_mtvm(m)
            for b in BASELINES if b in names and b != m]


def compute_ratios(results, vms):
    """ratios[(mtvm, baseline)] = {bench: steady ratio}, where both ran."""
    ratios = {}
    for m, b in ratio_columns(vms):
        col = {}
        for bench, cells in results.items():
            if "steady" in cells[m] and "steady" in cells[b]:
                col[bench] = cells[m]["steady"] / cells[b]["steady"]
        ratios[(m, b)] = col
    return ratios


def geomean(values):
    values = [v for v in values if v > 0]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def fmt_time(t):
    if t >= 1:
        return "%.3f s" % t
    if t >= 1e-3:
        return "%.2f ms" % (t * 1e3)
    return "%.1f us" % (t * 1e6)


def print_table(entries, vms, results, ratios, args):
    cols = ratio_columns(vms)
    header = ["benchmark", "vm", "first iter", "steady/iter"]
    header += ["%s/%s" % (m, b) for m, b in cols]
    rows = []
    for e in entries:
        for name, _ in vms:
            cell = results[e["name"]][name]
            if "error" in cell:
                row = [e["name"], name, "FAILED", "FAILED"]
            else:
                row = [e["name"], name, fmt_time(cell["first"]),
                       fmt_time(cell["steady"])]
            for m, b in cols:
                r = ratios[(m, b)].get(e["name"]) if name == m else None
                row.append("%.2fx" % r if r is not None else "")
            rows.append(row)
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]

    def line(cells):
        parts = [str(c).ljust(w) if i < 2 else str(c).rjust(w)
                 for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join(parts).rstrip()

    clock = ("os.clock (CPU time) on every VM" if args.cpu_clock else
             "mtvm.clock (wall) on mtvm, os.clock (CPU) elsewhere")
    print("params=%s, %d process executions x %d in-process iterations; "
          "medians (steady = median of iterations 2..%d); clock: %s"
          % (args.params, args.reps, args.iters, args.iters, clock))
    print(line(header))
    print(line(["-" * w for w in widths]))
    previous = None
    for row in rows:
        if previous is not None and row[0] != previous:
            print()
        print(line(row if row[0] != previous else [""] + row[1:]))
        previous = row[0]
    print(line(["-" * w for w in widths]))
    for m, b in cols:
        g = geomean(ratios[(m, b)].values())
        n = len(ratios[(m, b)])
        print("geometric mean of steady-state ratios %s/%s: %s over %d "
              "benchmark(s)" % (m, b, "%.2fx" % g if g else "n/a", n))


def write_json(path, entries, vms, results, ratios, args):
    doc = {"params": args.params, "reps": args.reps, "iters": args.iters,
           "cpu_clock": args.cpu_clock,
           "vms": [{"name": n, "command": c} for n, c in vms],
           "benchmarks": {e["name"]: {"param": e[args.params],
                                      "vms": results[e["name"]]}
                          for e in entries},
           "ratios": {"%s/%s" % k: {"per_benchmark": v,
                                    "geomean": geomean(v.values())}
                      for k, v in ratios.items()}}
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def main(argv=None):
    args = parse_args(argv)
    vms = vm_list(args)
    try:
        entries = bench_suite.select(bench_suite.load_suite(), args.suite,
                                     [n for n in args.only.split(",") if n])
    except ValueError as e:
        raise SystemExit("bench.py: %s" % e)
    for name, cmd in vms:
        if not bench_suite.vm_available(cmd):
            raise SystemExit("bench.py: VM %s: %s not found"
                             % (name, cmd.split()[0]))
    results = run_suite(entries, vms, args)
    ratios = compute_ratios(results, vms)
    print_table(entries, vms, results, ratios, args)
    if args.json:
        write_json(args.json, entries, vms, results, ratios, args)
    failed = any("error" in c for cells in results.values()
                 for c in cells.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
