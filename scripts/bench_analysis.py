#!/usr/bin/python3
"""Speed benchmark of the warmup analysis: generates a paper-sized Krun
results file (6 benchmarks x 5 VMs x 30 process executions x 2000
iterations, tests/analysis/make_results.py) and times
`scripts/warmup report --quality high` without and with plots.
The target is under 60 s for the analysis on 2 cores."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "analysis"))

import make_results  # noqa: E402

TARGET_SECS = 60.0


def timed(cmd):
    """Wall seconds and CPU seconds (user + sys of the whole process tree);
    the CPU figure does not depend on what else the machine is running."""
    start, before = time.time(), os.times()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode:
        sys.exit("bench-analysis: %s failed:\n%s" % (" ".join(cmd), r.stderr))
    after = os.times()
    cpu = (after.children_user - before.children_user
           + after.children_system - before.children_system)
    return time.time() - start, cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--quality", default="high", choices=("low", "high"))
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-analysis-")
    try:
        path = os.path.join(tmp, "paper_results.json.bz2")
        start = time.time()
        make_results.write(path, make_results.make_doc(make_results.matrix_spec(), 2000))
        print("generated %s in %.1f s" % (path, time.time() - start))
        warmup = [os.path.join(HERE, "warmup"), "report", path, "--quality", a.quality,
                  "--jobs", str(a.jobs)]
        t1, cpu1 = timed(warmup + ["--out", os.path.join(tmp, "noplots"), "--no-plots"])
        print("report --quality %s --no-plots, %d jobs: %.1f s wall, %.1f s CPU"
              % (a.quality, a.jobs, t1, cpu1))
        t2, cpu2 = timed(warmup + ["--out", os.path.join(tmp, "plots")])
        print("report --quality %s with plots, %d jobs: %.1f s wall, %.1f s CPU"
              % (a.quality, a.jobs, t2, cpu2))
        print("load average now: %.2f (wall times assume otherwise idle cores)"
              % os.getloadavg()[0])
        verdict = "within" if t1 < TARGET_SECS else "OVER"
        print("analysis %s the %.0f s target" % (verdict, TARGET_SECS))
        if a.keep:
            print("kept", tmp)
    finally:
        if not a.keep:
            shutil.rmtree(tmp)
    return 0 if t1 < TARGET_SECS else 1


if __name__ == "__main__":
    sys.exit(main())
