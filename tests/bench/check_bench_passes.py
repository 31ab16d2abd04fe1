#!/usr/bin/python3
"""Smoke test of scripts/bench_passes.py (make test-bench-passes): two small
benchmarks at the test parameter, 1 process x 2 iterations per
configuration. The table must have one row for "all", one "-PASS" row for
every pass that `mtvm --help` lists, and one for "none", in that order, with
numbers that parse; the --json file must agree with the table. Also checks
the script's pass-list parsers on made-up --help text in both layouts mtvm
has used (an inline list, one pass per line) and on a made-up opt.h, so
that a new pass is picked up without editing the script.

Usage: check_bench_passes.py [--mtvm build/mtvm]
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import bench_passes  # noqa: E402

BENCHES = ("fannkuch_redux", "richards")


def help_passes(mtvm):
    """The pass list of `mtvm --help`, parsed independently of the script:
    the first word of each line under '--opt' that is indented deeper than
    the options, up to the next option line; or, in the older layout, the
    comma list after 'passes:' on the same line."""
    out = subprocess.run([os.path.join(ROOT, mtvm), "--help"],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         universal_newlines=True, timeout=30).stdout
    lines = out.splitlines()
    at = [i for i, ln in enumerate(lines) if ln.startswith("  --opt")]
    if not at:
        return []
    names = []
    for ln in lines[at[0]:]:
        if ln is not lines[at[0]] and re.match(r"\s*-", ln):
            break
        inline = re.search(r"passes: *([^;)]+)", ln)
        if inline:
            names += [w.strip() for w in inline.group(1).split(",")]
        elif ln is not lines[at[0]] and re.match(r" {6,}[a-z]", ln):
            names.append(ln.split()[0])
    return names


RATIO = r"(n/a|\d+\.\d+x(?: \(\d+/\d+\))?)"
COUNT = r"(n/a|\d+)"
ROW_RE = re.compile(r"^(\S+)\s+(\S+)\s+%s\s+%s\s+%s\s+%s\s+%s\s+%s$"
                    % ((RATIO,) * 2 + (COUNT,) * 4))


def parse_table(out):
    """Rows (lists of lines) between the two dashed rules under the
    'config' header line; None when the shape is wrong."""
    lines = out.splitlines()
    starts = [i for i, ln in enumerate(lines) if ln.startswith("config ")]
    if len(starts) != 1 or len(lines) < starts[0] + 2:
        return None
    i = starts[0]
    if not lines[i + 1].startswith("------"):
        return None
    rows = []
    for ln in lines[i + 2:]:
        if ln.startswith("------"):
            return rows
        rows.append(ln)
    return None


def row_numbers(line):
    """(label, vs_all, vs_lua, [4 counts]) of a table row; a ratio or count
    the script could not compute is None, and a ratio over fewer than all
    benchmarks (' (k/n)') is also None. None when the row does not parse."""
    m = ROW_RE.match(line)
    if m is None:
        return None
    cells = m.groups()
    ratios = [float(c[:-1]) if c.endswith("x") else None for c in cells[2:4]]
    counts = [int(c) if c != "n/a" else None for c in cells[4:8]]
    return cells[0], ratios[0], ratios[1], counts


def complete(nums):
    """A row where every figure was computed over every benchmark."""
    return (nums is not None and None not in nums[1:3]
            and None not in nums[3] and min(nums[1:3]) > 0)


def parser_checks():
    """The script's pass-list parsers on made-up help and header text."""
    inline_help = ("  --opt=LIST   optimisation passes, e.g. -cse\n"
                   "                 (passes: fold, cse, dce, loop; all on"
                   " by default)\n  --gc-stress  collect\n")
    table_help = ("  --hot-loop=N  back-edges\n"
                  "  --opt=LIST    optimisation passes; the passes:\n"
                  "                  loop     loop peeling: a; b\n"
                  "                  fold     constant folding\n"
                  "                  unroll8x unrolling (off by default)\n"
                  "  --gc-stress   collect garbage\n")
    fd, path = tempfile.mkstemp(suffix=".h")
    with os.fdopen(fd, "w") as f:
        f.write('#define OPT_PASSES(X) \\\n'
                '    X(FOLD, fold, true, "constant folding") \\\n'
                '    X(LOOP, loop, false, "loop peeling")\n')
    try:
        header = bench_passes.passes_from_header(path)
    finally:
        os.unlink(path)
    return [("help parser: inline list",
             bench_passes.passes_from_help(inline_help)
             == ["fold", "cse", "dce", "loop"]),
            ("help parser: one pass per line",
             bench_passes.passes_from_help(table_help)
             == ["loop", "fold", "unroll8x"]),
            ("help parser: no list -> None",
             bench_passes.passes_from_help("usage: mtvm") is None),
            ("opt.h parser", header == ["fold", "loop"]),
            ("configurations", bench_passes.configurations(["a", "b"])
             == [("all", "all"), ("-a", "all,-a"), ("-b", "all,-b"),
                 ("none", "none")])]


def table_checks(out, passes, vm_failed):
    """Shape, labels and numbers of the table. With a VM failure (reported
    separately) rows may hold n/a or partial figures, but must still
    parse."""
    rows = parse_table(out)
    if rows is None:
        return [("table shape (header, rules)", False)]
    nums = [row_numbers(ln) for ln in rows]
    labels = [n[0] for n in nums if n]
    by_label = {n[0]: n for n in nums if n}
    checks = [
        ("table shape (header, rules)", True),
        ("passes listed by --help", len(passes) > 0),
        ("every row parses", None not in nums and len(nums) > 0),
        ("rows: all first, none last", labels[:1] == ["all"]
         and labels[-1:] == ["none"] and len(labels) == len(set(labels))),
        ("a -PASS row for every pass in --help",
         all("-" + p in labels for p in passes)),
        ("rows: all, one per pass, none", len(labels) == len(passes) + 2),
        ("header states the parameters",
         "params=test" in out and "1 process executions x 2" in out
         and "os.clock (CPU time)" in out),
    ]
    if not vm_failed:
        checks.append(("every figure computed over both benchmarks",
                       all(complete(n) for n in nums)))
        if complete(by_label.get("all")):
            checks.append(("all vs all is 1.000x", by_label["all"][1] == 1.0))
            checks.append(("all: traces and IR were counted",
                           by_label["all"][3][0] > 0
                           and by_label["all"][3][3] > 0))
    return checks


def json_checks(path, out):
    """The --json file agrees with the table and holds the raw runs."""
    try:
        with open(path) as f:
            doc = json.load(f)
        rows = {n[0]: n for n in map(row_numbers, parse_table(out) or [])
                if n}
        confs = doc["configurations"]
        same = all(c["label"] in rows and
                   (c["totals"] is None and rows[c["label"]][3][0] is None
                    or rows[c["label"]][3][0] == c["totals"]["ir_recorded"]
                    and rows[c["label"]][3][2] == c["totals"]["code_bytes"])
                   for c in confs)
        cells = [cell for b in doc["benchmarks"].values()
                 for cell in b["timing"].values() if "error" not in cell]
        return [("json: a configuration per row", len(confs) == len(rows)),
                ("json: totals match the table", same),
                ("json: each run is 1 process x 2 iterations",
                 len(cells) > 0 and all(len(c["runs"]) == 1
                                        and len(c["runs"][0]) == 2
                                        for c in cells))]
    except (OSError, ValueError, KeyError, TypeError) as e:
        return [("json file readable: %s" % e, False)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mtvm", default="build/mtvm")
    args = ap.parse_args()
    checks = parser_checks()
    if not os.access(os.path.join(ROOT, args.mtvm), os.X_OK):
        checks.append(("%s exists" % args.mtvm, False))
        return report(checks, "")
    fd, json_path = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    cmd = [sys.executable, "scripts/bench_passes.py", "--only",
           ",".join(BENCHES), "--params", "test", "--reps", "1",
           "--iters", "2", "--mtvm", args.mtvm + " --tracer=software",
           # each run takes < 0.3 s; a hung VM fails its cell quickly
           "--timeout", "3",
           "--json", json_path]
    t0 = time.time()
    out, err, status = run_script(cmd)
    print("bench_passes.py smoke run took %.1f s" % (time.time() - t0))
    vm_failures = [ln for ln in out.splitlines() if ln.startswith("FAILED ")]
    checks.append(("exit status 0" + (
        " (mtvm failed a run, a VM bug rather than the script's: %s)"
        % "; ".join(vm_failures) if vm_failures else ""), status == 0))
    checks += table_checks(out, help_passes(args.mtvm), bool(vm_failures))
    checks += json_checks(json_path, out)
    os.unlink(json_path)
    return report(checks, out + err[-2000:])


def run_script(cmd):
    """(stdout, stderr, status) of the script; on a hang, the whole process
    group (the script and the VM it runs) is killed."""
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, universal_newlines=True,
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        err += "\n(killed after 120 s)"
    return out, err, proc.returncode


def report(checks, output):
    failed = [name for name, ok in checks if not ok]
    for name in failed:
        print("FAIL bench_passes.py smoke test: %s" % name)
    if failed and output:
        print(output)
    print("bench_passes.py smoke test: %d passed, %d failed"
          % (len(checks) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
