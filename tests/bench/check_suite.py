#!/usr/bin/python3
"""Checks the benchmark suite (make test-benchmarks).

1. benchmarks/suite.json agrees with the directory: every benchmarks/<name>/
   folder is listed, every entry's file exists and defines run_iter, fields
   are well formed, every number in an entry's `expected` occurs as a
   literal in its file, phase kernels and their controls point at each other
   and differ only in the CONTROL line.
2. Every benchmark file (and the driver) stays inside the portable subset:
   no // & | ~ << >> goto varargs, unpack, math.random, pairs/ipairs, load,
   require, print/io.write/tostring (research/benchmarks.md §3.5).
3. Every benchmark runs on every VM at its test parameter for test_iters
   in-process iterations (phase kernels past their phase change) and passes
   its self-check; and the driver reports a benchmark that fails.

Usage: check_suite.py [--vms mtvm,lua5.4,luajit] [--mtvm build/mtvm]
                      [--only NAME,...] [--jobs 2]
A VM is a known name (mtvm, lua5.4, luajit) or NAME=COMMAND.
"""

import argparse
import concurrent.futures
import os
import re
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts"))
import bench_suite  # noqa: E402

ROOT = bench_suite.ROOT
REQUIRED = ("name", "group", "file", "paper", "dev", "test", "test_iters",
            "expected", "check")


class Tally:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL %s%s" % (what, (": " + detail) if detail else ""))
        return ok


# ---- 1. suite.json against the directory -------------------------------

def check_entry_fields(t, e):
    name = e.get("name", "?")
    missing = [k for k in REQUIRED if k not in e]
    t.check(not missing, "%s: fields" % name, "missing " + ", ".join(missing))
    t.check(e.get("group") in bench_suite.GROUPS, "%s: group" % name,
            repr(e.get("group")))
    t.check(e.get("file") == "benchmarks/%s/bench.mt" % name,
            "%s: file path" % name, repr(e.get("file")))
    for k in bench_suite.PARAM_KINDS + ("test_iters",):
        v = e.get(k)
        t.check(isinstance(v, int) and v > 0, "%s: %s is a positive integer"
                % (name, k), repr(v))
    path = os.path.join(ROOT, e.get("file", ""))
    exists = t.check(os.path.isfile(path), "%s: file exists" % name, path)
    if exists:
        with open(path) as f:
            text = f.read()
        t.check(re.search(r"^function run_iter\(n\)", text, re.M) is not None,
                "%s: defines global run_iter(n)" % name)
        missing = expected_not_in_file(e.get("expected", {}), text)
        t.check(not missing, "%s: suite.json expected values appear in the "
                "file" % name, ", ".join(repr(v) for v in missing))


NUMBER = re.compile(r"(?<![\w.])(\d+\.?\d*(?:[eE][-+]?\d+)?)")


def expected_not_in_file(expected, text):
    """Numbers in `expected` (nested) that no numeric literal of the file
    equals (compared as floats, ignoring sign), so suite.json and the
    self-check cannot drift apart."""
    literals = {float(m) for m in NUMBER.findall(text)}
    numbers = []

    def walk(v):
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, (int, float)) and not isinstance(v, bool):
            numbers.append(v)
    walk(expected)
    return [v for v in numbers if abs(float(v)) not in literals]


def check_phase_pairs(t, entries):
    by_name = {e["name"]: e for e in entries}
    for e in entries:
        if e["group"] != "phase" or "control_of" in e:
            continue
        name = e["name"]
        ctl = by_name.get(e.get("control"))
        if not t.check(ctl is not None, "%s: control entry exists" % name,
                       repr(e.get("control"))):
            continue
        t.check(ctl.get("control_of") == name, "%s: control links back" % name)
        pci = e.get("phase_change_iteration")
        t.check(isinstance(pci, int) and pci > 0 and e["test_iters"] > pci,
                "%s: phase_change_iteration < test_iters" % name, repr(pci))
        t.check(control_differs_only_in_flag(e["file"], ctl["file"]),
                "%s: control differs only in the CONTROL line" % name)
    for e in entries:
        if "control_of" in e:
            t.check(e["control_of"] in by_name, "%s: control_of exists"
                    % e["name"])


def control_differs_only_in_flag(kernel_file, control_file):
    with open(os.path.join(ROOT, kernel_file)) as f:
        a = f.read().splitlines()
    with open(os.path.join(ROOT, control_file)) as f:
        b = f.read().splitlines()
    if len(a) != len(b):
        return False
    diff = [(x, y) for x, y in zip(a, b) if x != y]
    return (len(diff) == 1 and diff[0][0] == "local CONTROL = false"
            and diff[0][1].startswith("local CONTROL = true"))


def check_directory(t, entries):
    listed = {e["name"] for e in entries}
    t.check(len(listed) == len(entries), "suite.json: names are unique")
    bdir = os.path.join(ROOT, "benchmarks")
    for d in sorted(os.listdir(bdir)):
        if os.path.isdir(os.path.join(bdir, d)):
            t.check(d in listed, "benchmarks/%s is listed in suite.json" % d)


# ---- 2. portable subset ------------------------------------------------

LONG_BRACKET = re.compile(r"\[(=*)\[")


def strip_comments_and_strings(src):
    """Source with comments removed and string contents replaced by ''."""
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("--", i):
            m = LONG_BRACKET.match(src, i + 2)
            if m:
                end = src.find("]" + m.group(1) + "]", m.end())
                i = n if end < 0 else end + len(m.group(1)) + 2
            else:
                end = src.find("\n", i)
                i = n if end < 0 else end
        elif c in "\"'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append("''")
            i = j + 1
        elif c == "[" and LONG_BRACKET.match(src, i):
            m = LONG_BRACKET.match(src, i)
            end = src.find("]" + m.group(1) + "]", m.end())
            out.append("''")
            i = n if end < 0 else end + len(m.group(1)) + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


FORBIDDEN = [
    (r"//", "integer division //"),
    (r"[&|]", "bitwise operator"),
    (r"~(?!=)", "bitwise ~"),
    (r"<<|>>", "shift operator"),
    (r"\bgoto\b", "goto"),
    (r"\.\.\.", "varargs"),
    (r"\bunpack\b", "unpack"),
    (r"\bmath\.random", "math.random"),
    (r"(?<![.:\w])(i?pairs|next)\s*\(", "pairs/ipairs/next"),
    (r"\b(load|loadstring|require)\b", "load/require"),
]
# Benchmarks must not print; the driver prints through string.format only.
FORBIDDEN_IN_BENCH = [(r"\b(print|tostring)\b|io\.write", "printing")]


def lint(t, path, rules):
    with open(os.path.join(ROOT, path)) as f:
        code = strip_comments_and_strings(f.read())
    for lineno, line in enumerate(code.splitlines(), 1):
        for pattern, what in rules:
            if re.search(pattern, line):
                t.check(False, "%s:%d: portable subset" % (path, lineno),
                        "%s in: %s" % (what, line.strip()))
                return
    t.check(True, path)


# ---- 3. running --------------------------------------------------------

KNOWN_VMS = {"lua5.4": "lua5.4", "luajit": "luajit"}


def parse_vms(spec, mtvm):
    vms = []
    for item in spec.split(","):
        item = item.strip()
        if "=" in item:
            name, cmd = item.split("=", 1)
        elif item == "mtvm":
            name, cmd = item, mtvm
        elif item in KNOWN_VMS:
            name, cmd = item, KNOWN_VMS[item]
        else:
            raise SystemExit("check_suite: unknown VM %r (use NAME=COMMAND)"
                             % item)
        vms.append((name, cmd))
    return vms


def run_all(t, entries, vms, jobs):
    # Single-iteration entries are the slow ones (spectralnorm, havlak):
    # start them first so they do not become the tail of the run.
    ordered = sorted(entries, key=lambda e: e["test_iters"] != 1)
    work = [(e, name, cmd) for e in ordered for name, cmd in vms]

    def one(item):
        e, name, cmd = item
        return item, bench_suite.run_benchmark(cmd, e, e["test"],
                                               e["test_iters"], timeout=300)

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for (e, name, _), res in pool.map(one, work):
            t.check(res.ok, "%s on %s (param %d x %d iterations)"
                    % (e["name"], name, e["test"], e["test_iters"]),
                    res.message)


def check_failure_detected(t, vms):
    """A benchmark whose self-check fails at iteration 2 must be reported."""
    with tempfile.NamedTemporaryFile("w", suffix=".mt", delete=False) as f:
        f.write("local k = 0\nfunction run_iter(n)\n  k = k + 1\n"
                "  if k == 2 then error('mismatch at iteration 2') end\nend\n")
        path = f.name
    try:
        for name, cmd in vms:
            res = bench_suite.run_benchmark(cmd, {"file": path}, 1, 3)
            t.check(not res.ok and "mismatch" in res.message,
                    "driver reports a failing iteration on %s" % name,
                    res.message)
    finally:
        os.unlink(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--vms", default="mtvm,lua5.4,luajit")
    ap.add_argument("--mtvm", default=os.environ.get("MTVM", "build/mtvm"))
    ap.add_argument("--only", default="")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()

    t = Tally()
    entries = bench_suite.load_suite()
    for e in entries:
        check_entry_fields(t, e)
    check_phase_pairs(t, entries)
    check_directory(t, entries)
    for e in entries:
        if os.path.isfile(os.path.join(ROOT, e["file"])):
            lint(t, e["file"], FORBIDDEN + FORBIDDEN_IN_BENCH)
    lint(t, bench_suite.DRIVER, FORBIDDEN)

    vms = []
    for name, cmd in parse_vms(args.vms, args.mtvm):
        if bench_suite.vm_available(cmd):
            vms.append((name, cmd))
        else:
            print("*" * 72)
            print("*** SKIPPING VM %s: %s not found -- its benchmarks were NOT"
                  " run" % (name, cmd.split()[0]))
            print("*" * 72)
    selected = entries
    if args.only:
        selected = bench_suite.select(entries, only=args.only.split(","))
    check_failure_detected(t, vms)
    run_all(t, selected, vms, args.jobs)
    print("benchmark suite (%s): %d passed, %d failed"
          % (", ".join(n for n, _ in vms), t.passed, t.failed))
    return 1 if t.failed else 0


if __name__ == "__main__":
    sys.exit(main())
