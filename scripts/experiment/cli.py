"""scripts/run-experiment: the experiment of krun-config/ without Krun."""
import argparse
import bz2
import json
import os
import sys
import time

from . import audit, definition, process, progress, results

SETTING_NAMES = ("name", "pexecs", "iterations", "params", "timeout", "only",
                 "mtvm", "instrument")


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="run-experiment",
        description="Run the experiment of krun-config/ (the matrix in "
        "krun-config/experiment_def.py) without Krun: every process execution "
        "a fresh process with Krun's argv and protocol; results in Krun's "
        "format, rewritten atomically after every process execution.")
    p.add_argument("--quick", action="store_true", default=None,
                   help="the shape of mtvm-quick.krun (few pexecs and "
                   "iterations, test parameters) instead of the paper's")
    p.add_argument("--pexecs", type=int, help="process executions per key")
    p.add_argument("--iterations", type=int,
                   help="in-process iterations per process execution")
    p.add_argument("--params", choices=("test", "dev", "paper"),
                   help="which parameter of benchmarks/suite.json to use")
    p.add_argument("--timeout", type=float,
                   help="seconds per process execution (flag T)")
    p.add_argument("--only", action="append", metavar="BENCH[:VM]",
                   help="run only these (repeatable, or comma-separated)")
    p.add_argument("--out", help="results file (default "
                   "results/<config>_results.json.bz2)")
    p.add_argument("--resume", action="store_true",
                   help="continue the results file: run only what is missing "
                   "(starts afresh if the file does not exist)")
    p.add_argument("--force", action="store_true",
                   help="overwrite an existing results file")
    p.add_argument("--mtvm", help="mtvm binary to use instead of build/mtvm")
    p.add_argument("--instrument", action="store_true", default=None,
                   help="Krun's instrumentation mode: per-iteration records "
                   "to <base>_instr_data/")
    p.add_argument("--list", action="store_true",
                   help="print the plan and exit")
    p.add_argument("--root", default=definition.ROOT, help=argparse.SUPPRESS)
    return p.parse_args(argv)


def requested_settings(args):
    """Settings given on the command line (None where not given)."""
    only = None
    if args.only:
        only = sorted(set(x for arg in args.only for x in arg.split(",") if x))
    name = None
    if args.quick is not None:
        name = "mtvm-quick"
    return {"name": name, "pexecs": args.pexecs,
            "iterations": args.iterations, "params": args.params,
            "timeout": args.timeout, "only": only,
            "mtvm": os.path.abspath(args.mtvm) if args.mtvm else None,
            "instrument": args.instrument}


def fill_defaults(req, exp):
    s = dict(req)
    s["name"] = s["name"] or "mtvm"
    shape = exp.SHAPES["quick" if s["name"] == "mtvm-quick" else "paper"]
    defaults = {"pexecs": shape["n_executions"],
                "iterations": shape["iterations"], "params": shape["params"],
                "timeout": shape["timeout"], "only": [], "instrument": False}
    for k, v in defaults.items():
        if s[k] is None:
            s[k] = v
    return s


def resumed_settings(req, stored):
    """Stored settings, checked against anything given again."""
    for k, v in req.items():
        if v is not None and v != stored.get(k):
            raise SystemExit("run-experiment: --resume cannot change %s "
                             "(file: %r, asked: %r)" % (k, stored.get(k), v))
    return stored


def base_of(out):
    for suffix in ("_results.json.bz2", ".json.bz2"):
        if out.endswith(suffix):
            return out[:-len(suffix)]
    return out


def remove_stale_temps(out):
    """Temp files of a run killed while writing (results.write_atomic)."""
    d = os.path.dirname(out)
    prefix = ".%s.tmp" % os.path.basename(out)
    if os.path.isdir(d):
        for name in os.listdir(d):
            if name.startswith(prefix):
                os.remove(os.path.join(d, name))


def open_results(args, req, exp):
    """(settings, results document, out path); refuses to clobber."""
    root = args.root
    if args.out:
        out = os.path.abspath(args.out)
    else:
        name = req["name"] or "mtvm"
        out = os.path.join(root, "results", name + "_results.json.bz2")
    remove_stale_temps(out)
    if os.path.exists(out) and args.resume:
        doc = results.load(out)
        stored = json.loads(doc["audit"]["local_runner_settings"])
        return resumed_settings(req, stored), doc, out
    if os.path.exists(out) and not args.force:
        raise SystemExit("run-experiment: %s exists; use --resume to continue "
                         "it or --force to start afresh" % out)
    if args.resume:
        sys.stderr.write("run-experiment: %s does not exist; starting afresh\n"
                         % out)
    if os.path.exists(base_of(out) + ".log"):
        os.remove(base_of(out) + ".log")     # a fresh file gets a fresh log
    return fill_defaults(req, exp), None, out


def check_same_experiment(plan, doc, config_text):
    if doc["config"] != config_text:
        raise SystemExit("run-experiment: %s changed since the results file "
                         "was started (Krun refuses this too)"
                         % plan.config_path())
    if sorted(doc["pexec_flags"]) != sorted(plan.all_keys()):
        raise SystemExit("run-experiment: the benchmark/VM matrix changed "
                         "since the results file was started")


def schedule(plan, doc):
    """Krun's round-robin order (B.1), minus pexecs already in the file."""
    done = results.done_counts(doc)
    items = []
    for rnd in range(plan.settings["pexecs"]):
        for key, bench, vm, param in plan.runnable_keys():
            if done[key] <= rnd:
                items.append((key, bench, vm, param))
    return items


def print_plan(plan, items, stream):
    stream.write("plan: %s shape, %d pexecs x %d iterations, %s parameters\n"
                 % (plan.settings["name"], plan.settings["pexecs"],
                    plan.settings["iterations"], plan.settings["params"]))
    for pat in sorted(plan.skip):
        stream.write("  skip %s: %s\n" % (pat, plan.skip[pat]))
    stream.write("  %d process executions to run\n" % len(items))


def log_failure(base, key, idx, flag, why, outcome, argv):
    with open(base + ".log", "a") as fh:
        fh.write("%s %s #%d %s: %s\nargv: %s\nstdout:\n%s\nstderr (tail):\n%s\n\n"
                 % (time.strftime("%Y-%m-%d %H:%M:%S"), key, idx, flag, why,
                    " ".join(argv), outcome.stdout[-2000:],
                    "\n".join(outcome.stderr.splitlines()[-40:])))


def write_instr(base, key, idx, data):
    d = base + "_instr_data"
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "%s__%d.json.bz2" % (key.replace(":", "__"), idx))
    tmp = path + ".tmp"
    with bz2.open(tmp, "wt") as fh:
        json.dump(data, fh)
    os.replace(tmp, path)


def run_one(plan, base, key, bench, vm, param, idx):
    """One pexec -> (flag, times, seconds); instrumentation and log on the side."""
    s = plan.settings
    instr = None
    stderr_path = None
    if s["instrument"]:
        os.makedirs(base + "_instr_data", exist_ok=True)
        instr = (os.path.abspath(base + "_instr_data"), key, idx)
        stderr_path = base + "_instr_data/.stderr"
    argv = plan.argv(bench, vm, param, instr)
    outcome = process.run(argv, plan.env(vm), plan.root, s["timeout"],
                          plan.exp.HEAP_LIMIT, plan.exp.STACK_LIMIT, stderr_path)
    flag, times, why = process.judge(outcome)
    if flag != "C":
        log_failure(base, key, idx, flag, why, outcome, argv)
        clear = "\r\033[K" if sys.stderr.isatty() else ""   # under the bar
        sys.stderr.write("%srun-experiment: %s #%d failed (%s): %s\n"
                         % (clear, key, idx, flag, why))
    if instr:
        data = {}
        if flag == "C":
            data = plan.exp.parse_instr_lines(outcome.stderr.splitlines())
        write_instr(base, key, idx, data)
        os.remove(stderr_path)
    return flag, times, outcome.seconds


def run_all(plan, doc, out, items):
    base = base_of(out)
    bar = progress.Progress(len(items))
    done = results.done_counts(doc)
    for i, (key, bench, vm, param) in enumerate(items):
        idx = done[key]
        flag, times, secs = run_one(plan, base, key, bench, vm, param, idx)
        results.append(doc, key, flag, times, secs)
        results.write_atomic(out, doc)
        done[key] += 1
        bar.update(key, idx, flag, secs, [it[0] for it in items[i + 1:]])


def summarise(doc, plan, out, stream):
    flags = [f for fl in doc["pexec_flags"].values() for f in fl]
    stream.write("run-experiment: %s: %d C, %d E, %d T pexecs; %d SKIP patterns\n"
                 % (out, flags.count("C"), flags.count("E"), flags.count("T"),
                    len(plan.skip)))
    if flags.count("E") or flags.count("T"):
        stream.write("run-experiment: failures are logged in %s.log\n"
                     % base_of(out))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    exp = definition.load_def(args.root)
    req = requested_settings(args)
    settings, doc, out = open_results(args, req, exp)
    plan = definition.Plan(args.root, settings)
    with open(plan.config_path()) as fh:
        config_text = fh.read()
    if doc is None:
        settings_json = json.dumps(settings, sort_keys=True)
        doc = results.new(plan.all_keys(), config_text,
                          audit.collect(args.root, [sys.argv[0]] + argv,
                                        settings_json))
    else:
        check_same_experiment(plan, doc, config_text)
    items = schedule(plan, doc)
    print_plan(plan, items, sys.stderr)
    if args.list:
        for key, _, _, param in items:
            sys.stdout.write("%s %s\n" % (key, param))
        return 0
    results.write_atomic(out, doc)
    try:
        run_all(plan, doc, out, items)
    except KeyboardInterrupt:
        sys.stderr.write("\nrun-experiment: interrupted; finished pexecs are "
                         "in %s; continue with --resume\n" % out)
        return 130
    summarise(doc, plan, out, sys.stderr)
    return 0
