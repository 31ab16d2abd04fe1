#!/usr/bin/python3
"""Smoke test of scripts/bench.py (make test-bench-script): one benchmark at
the test parameter, 1 process x 2 iterations on mtvm, lua5.4 and luajit; the
table, its ratio columns, the geometric means and the --json file must all
be there. Without build/mtvm, lua5.4 stands in for it (announced loudly).

Usage: check_bench_script.py [--mtvm build/mtvm]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mtvm", default="build/mtvm")
    args = ap.parse_args()
    mtvm = args.mtvm + " --tracer=none"
    if not os.access(os.path.join(ROOT, args.mtvm), os.X_OK):
        print("*** %s not found: lua5.4 stands in for mtvm ***" % args.mtvm)
        mtvm = "lua5.4"
    fd, json_path = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    cmd = [sys.executable, "scripts/bench.py", "--only", "fannkuch_redux",
           "--params", "test", "--reps", "1", "--iters", "2",
           "--vm", "mtvm=" + mtvm, "--json", json_path]
    proc = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True,
                          timeout=120)
    out = proc.stdout
    checks = [
        ("exit status 0", proc.returncode == 0),
        ("table header", "steady/iter" in out and "first iter" in out),
        ("a row per VM", all(v in out for v in ("mtvm", "lua5.4", "luajit"))),
        ("ratio columns", "mtvm/lua5.4" in out and "mtvm/luajit" in out),
        # two lines (vs lua5.4, vs luajit) for each mtvm configuration
        ("geometric means", out.count("geometric mean") >= 2
         and out.count("geometric mean") % 2 == 0 and "n/a" not in out),
    ]
    try:
        with open(json_path) as f:
            doc = json.load(f)
        cell = doc["benchmarks"]["fannkuch_redux"]["vms"]["lua5.4"]
        checks.append(("json: 2 iteration times",
                       len(cell["runs"]) == 1 and len(cell["runs"][0]) == 2))
        checks.append(("json: ratios",
                       doc["ratios"]["mtvm/luajit"]["geomean"] > 0))
    except (OSError, ValueError, KeyError, TypeError) as e:
        checks.append(("json file readable: %s" % e, False))
    finally:
        os.unlink(json_path)
    failed = [name for name, ok in checks if not ok]
    for name in failed:
        print("FAIL bench.py smoke test: %s" % name)
    if failed:
        print(out + proc.stderr[-2000:])
    print("bench.py smoke test: %d passed, %d failed"
          % (len(checks) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
