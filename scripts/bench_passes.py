#!/usr/bin/python3
"""make bench-passes: what each trace-optimiser pass contributes.

Runs mtvm --tracer=software on the benchmarks with every optimisation pass
on (--opt=all), with each pass switched off in turn (--opt=all,-PASS) and
with none (--opt=none), plus lua5.4 for context. Timing is bench.py's
machinery (imported, not copied): R fresh processes per benchmark and
configuration (--reps), each running K in-process iterations (--iters);
steady = median of iterations 2..K per process, then the median over
processes; every VM is timed with os.clock (CPU time); processes are
interleaved across configurations (rep 1 of each, then rep 2, ...).

One row per configuration: the geometric mean over the benchmarks of its
steady time divided by the "all" configuration's (>1: slower without the
pass) and by lua5.4's, and the JIT's IR-instruction and machine-code byte
counts from --stats=json summed over the benchmarks. The counts come from
one extra (untimed) --stats=json process per benchmark and configuration,
run with the same parameter and iteration count as the timed ones; the
JIT's recording is deterministic, so one process stands for all. Every
process runs a private copy of the mtvm executable taken at the start (its
SHA-256 prefix is in the header), because build/mtvm may be rebuilt by
someone else during a run.

The pass names are not hard-coded: they are read from `mtvm --help` (the
one-pass-per-line table under --opt, or an inline "(passes: a, b, ...;"
list) and cross-checked against
tracer/opt.h's OPT_PASSES; each name is kept only if mtvm accepts
--opt=-NAME, and any disagreement is reported on stderr.

Examples:
  scripts/bench_passes.py                       # warmup six, dev parameters
  scripts/bench_passes.py --reps 3 --iters 5 --json passes.json
  scripts/bench_passes.py --only richards,nbody --params test --reps 1
"""

import argparse
import atexit
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
import bench_suite  # noqa: E402

OPT_HEADER = os.path.join(bench_suite.ROOT, "tracer", "opt.h")
COUNTERS = ("ir_recorded", "ir_optimised", "code_bytes", "traces")
NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_args(argv):
    ap = argparse.ArgumentParser(
        description="Measure each mtvm optimisation pass's contribution.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1])
    bench.add_selection_args(ap, per="configuration")
    ap.add_argument("--mtvm", default="build/mtvm --tracer=software",
                    help="mtvm command; --opt=... is appended to it")
    ap.add_argument("--lua", default="lua5.4",
                    help="the reference VM's command")
    ap.add_argument("--timeout", type=int, default=120,
                    help="seconds allowed per process execution (default"
                    " 120, enough for --params dev; a configuration that"
                    " miscompiles a loop can hang, and each hang costs this"
                    " much once per benchmark)")
    ap.add_argument("--json", metavar="FILE", help="also write results here")
    args = ap.parse_args(argv)
    if args.reps < 1 or args.iters < 1:
        ap.error("--reps and --iters must be at least 1")
    # bench.run_suite reads this: CPU time on every VM, the clock they share.
    args.cpu_clock = True
    return args


# ------------------------------------------------------------ snapshot

def snapshot_vm(cmd):
    """Copy the VM's executable to a private temporary file and return the
    command with that copy, plus the copy's SHA-256 prefix. Others rebuild
    build/mtvm while a run is going (the JIT changes concurrently); without
    a copy, a run could mix two builds or lose processes to a half-written
    file."""
    argv = shlex.split(cmd)
    exe = argv[0]
    src = exe if os.sep not in exe else os.path.join(bench_suite.ROOT, exe)
    src = shutil.which(src) or src
    tmpdir = tempfile.mkdtemp(prefix="bench_passes.")
    atexit.register(shutil.rmtree, tmpdir, True)
    copy = os.path.join(tmpdir, os.path.basename(exe))
    shutil.copy2(src, copy)
    with open(copy, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:12]
    return " ".join(shlex.quote(a) for a in [copy] + argv[1:]), digest


# ---------------------------------------------------------------- passes

def run_quiet(argv):
    """(exit status, stdout + stderr) of a short command run from ROOT."""
    try:
        proc = subprocess.run(argv, cwd=bench_suite.ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        return -1, str(e)
    return proc.returncode, proc.stdout


def opt_help_block(help_text):
    """The lines of --help that describe --opt: its own line and the more
    indented lines under it, up to the next option (a line whose first
    non-blank character is '-')."""
    lines = help_text.splitlines()
    for i, line in enumerate(lines):
        if line.lstrip().startswith("--opt"):
            block = [line]
            for more in lines[i + 1:]:
                if more.lstrip().startswith("-") or not more.strip():
                    break
                block.append(more)
            return block
    return []


def passes_from_help(help_text):
    """Pass names from the --opt entry of --help, or None. Two layouts are
    understood: an inline list, '(passes: a, b, c; ...)', and a table with
    one pass per line under the --opt line, its name as the first word
    ('    loop     loop peeling: ...'), as mtvm prints it from OPT_PASSES."""
    block = opt_help_block(help_text)
    if not block:
        return None
    inline = re.search(r"passes:[ \t]*([^;)\n]+)", "\n".join(block))
    if inline:
        names = [n.strip() for n in inline.group(1).split(",")]
    else:
        names = [ln.split()[0] for ln in block[1:]]
    names = [n for n in names if NAME_RE.match(n)]
    return names or None


def passes_from_header(path=OPT_HEADER):
    """Pass names from the X(ID, name, default, doc) lines of OPT_PASSES in
    tracer/opt.h, or None when the file is missing."""
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return None
    return re.findall(r"\bX\(\s*\w+\s*,\s*(\w+)\s*,\s*(?:true|false)\b", text)


def warn(msg):
    sys.stderr.write("bench_passes.py: warning: %s\n" % msg)


def discover_passes(mtvm_cmd):
    """The passes mtvm accepts, in --help order, then any extra ones that
    only tracer/opt.h names. Raises SystemExit when there are none."""
    argv = shlex.split(mtvm_cmd)
    status, text = run_quiet([argv[0], "--help"])
    from_help = passes_from_help(text)
    if not from_help:
        raise SystemExit("bench_passes.py: no pass list under --opt in "
                         "`%s --help` (status %d)" % (argv[0], status))
    from_header = passes_from_header()
    if from_header is None:
        warn("%s not readable; using --help's list only" % OPT_HEADER)
        from_header = []
    for n in from_header:
        if n not in from_help:
            warn("pass %r is in tracer/opt.h but not in --help" % n)
    for n in from_help:
        if from_header and n not in from_header:
            warn("pass %r is in --help but not in tracer/opt.h" % n)
    accepted = []
    for n in from_help + [n for n in from_header if n not in from_help]:
        status, text = run_quiet(argv + ["--opt=-" + n, "-e", ""])
        if status == 0:
            accepted.append(n)
        else:
            warn("mtvm rejects --opt=-%s (%s); left out" % (n, text.strip()))
    if not accepted:
        raise SystemExit("bench_passes.py: mtvm accepts none of the passes")
    return accepted


def configurations(passes):
    """(label, --opt value) for all passes on, each one off, and none."""
    return ([("all", "all")] + [("-" + p, "all,-" + p) for p in passes]
            + [("none", "none")])


# ----------------------------------------------------------------- stats

def jit_stats(cmd, entry, param, iterations, timeout):
    """The 'jit' object of --stats=json for one untimed run of the driver,
    or an error string."""
    argv = (shlex.split(cmd) + ["--stats=json", bench_suite.DRIVER,
                                entry["file"], str(param), str(iterations),
                                "cpu"])
    try:
        proc = subprocess.run(argv, cwd=bench_suite.ROOT,
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as e:
        return "stats run failed: %s" % e
    if proc.returncode != 0:
        return "stats run: exit status %d: %s" % (
            proc.returncode, proc.stderr.strip()[-300:])
    # The stats object is the last line on stderr that is a JSON object.
    for line in reversed(proc.stderr.splitlines()):
        if line.startswith("{"):
            try:
                doc = json.loads(line)
            except ValueError:
                break
            if isinstance(doc.get("jit"), dict):
                return doc["jit"]
            break
    return "no --stats=json 'jit' object (exit status %d): %s" % (
        proc.returncode, proc.stderr.strip()[-300:])


def collect_stats(entries, configs, results, args):
    """stats[bench][label] = the jit dict, or an error string. A cell whose
    timed runs failed is not run again (a hang would cost another
    --timeout)."""
    stats = {}
    for e in entries:
        stats[e["name"]] = {}
        for label, cmd in configs:
            if "error" in results[e["name"]][label]:
                stats[e["name"]][label] = "not run: the timed run failed"
                continue
            sys.stderr.write("[stats] %s %s\n" % (e["name"], label))
            stats[e["name"]][label] = jit_stats(cmd, e, e[args.params],
                                                args.iters, args.timeout)
    return stats


# --------------------------------------------------------------- summary

def summarise(entries, labels, lua, results, stats):
    """One dict per configuration: geomeans of steady ratios and counter
    totals, each over the benchmarks where everything needed ran."""
    rows = []
    for label in labels:
        vs_all, vs_lua = [], []
        totals = {c: 0 for c in COUNTERS}
        missing = 0
        for e in entries:
            cells = results[e["name"]]
            mine = cells[label].get("steady")
            base = cells["all"].get("steady")
            ref = cells[lua].get("steady")
            if mine is not None and base:
                vs_all.append(mine / base)
            if mine is not None and ref:
                vs_lua.append(mine / ref)
            st = stats[e["name"]][label]
            if isinstance(st, dict) and all(c in st for c in COUNTERS):
                for c in COUNTERS:
                    totals[c] += st[c]
            else:
                missing += 1
        rows.append({"label": label,
                     "vs_all": bench.geomean(vs_all), "n_vs_all": len(vs_all),
                     "vs_lua": bench.geomean(vs_lua), "n_vs_lua": len(vs_lua),
                     "totals": totals if missing == 0 else None})
    return rows


def fmt_ratio(value, n, total):
    if value is None:
        return "n/a"
    return "%.3fx" % value + ("" if n == total else " (%d/%d)" % (n, total))


def print_header(entries, lua_cmd, args):
    print("bench_passes: %s; params=%s; %d process executions x %d "
          "in-process iterations per benchmark and configuration, "
          "interleaved; steady = median over processes of the median of "
          "iterations 2..%d; clock: os.clock (CPU time) on every VM"
          % (", ".join(e["name"] for e in entries), args.params, args.reps,
             args.iters, args.iters))
    print("mtvm: %s --opt=... (a private copy, sha256 %s...)   reference: "
          "%s   IR/code: sums over the benchmarks of --stats=json from one "
          "extra untimed process each"
          % (args.mtvm, args.mtvm_sha256, lua_cmd))
    print("vs all = geomean of steady(config)/steady(--opt=all): >1 means "
          "slower without the pass; vs lua = geomean of "
          "steady(config)/steady(%s)" % lua_cmd)


def print_table(rows, configs, n_bench):
    opt_of = dict(configs)
    header = ["config", "--opt", "vs all", "vs lua5.4", "IR recorded",
              "IR optimised", "code bytes", "traces"]
    lines = []
    for r in rows:
        t = r["totals"]
        counts = ([str(t[c]) for c in COUNTERS] if t is not None
                  else ["n/a"] * len(COUNTERS))
        lines.append([r["label"], opt_of[r["label"]],
                      fmt_ratio(r["vs_all"], r["n_vs_all"], n_bench),
                      fmt_ratio(r["vs_lua"], r["n_vs_lua"], n_bench)]
                     + counts)
    widths = [max(len(x) for x in col) for col in zip(header, *lines)]

    def line(cells):
        return "  ".join(c.ljust(w) if i < 2 else c.rjust(w)
                         for i, (c, w) in enumerate(zip(cells, widths)))

    print(line(header).rstrip())
    print(line(["-" * w for w in widths]))
    for cells in lines:
        print(line(cells).rstrip())
    print(line(["-" * w for w in widths]))


def write_json(path, entries, configs, passes, lua, results, stats, rows,
               args):
    doc = {"params": args.params, "reps": args.reps, "iters": args.iters,
           "cpu_clock": True, "mtvm": args.mtvm,
           "mtvm_sha256_prefix": args.mtvm_sha256, "reference": lua,
           "passes": passes,
           "configurations": [
               dict(r, opt=dict(configs)[r["label"]],
                    command="%s --opt=%s" % (args.mtvm,
                                             dict(configs)[r["label"]]))
               for r in rows],
           "benchmarks": {e["name"]: {"param": e[args.params],
                                      "timing": results[e["name"]],
                                      "jit_stats": stats[e["name"]]}
                          for e in entries}}
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


def main(argv=None):
    args = parse_args(argv)
    try:
        entries = bench_suite.select(bench_suite.load_suite(), args.suite,
                                     [n for n in args.only.split(",") if n])
    except ValueError as e:
        raise SystemExit("bench_passes.py: %s" % e)
    for cmd in (args.mtvm, args.lua):
        if not bench_suite.vm_available(cmd):
            raise SystemExit("bench_passes.py: %s not found"
                             % cmd.split()[0])
    mtvm_cmd, args.mtvm_sha256 = snapshot_vm(args.mtvm)
    passes = discover_passes(mtvm_cmd)
    configs = configurations(passes)
    mtvm_vms = [(label, "%s --opt=%s" % (mtvm_cmd, opt))
                for label, opt in configs]
    lua = "lua5.4"
    results = bench.run_suite(entries, mtvm_vms + [(lua, args.lua)], args)
    stats = collect_stats(entries, mtvm_vms, results, args)
    rows = summarise(entries, [label for label, _ in configs], lua,
                     results, stats)
    print_header(entries, args.lua, args)
    print_table(rows, configs, len(entries))
    if args.json:
        write_json(args.json, entries, configs, passes, args.lua, results,
                   stats, rows, args)
    failed = [(b, v, c["error"]) for b, cells in results.items()
              for v, c in cells.items() if "error" in c]
    failed += [(b, v, s) for b, cells in stats.items()
               for v, s in cells.items()
               if not isinstance(s, dict) and "error" not in results[b][v]]
    for b, v, msg in failed:
        print("FAILED %s %s: %s" % (b, v, msg.splitlines()[0] if msg else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
