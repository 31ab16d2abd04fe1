#!/usr/bin/env python3
"""Generate random mt programs and compare a VM against lua5.4 on each.

    run_generated.py --vm "CMD" --count N --seed-base S [--jobs N] [--keep DIR]
                     [--ref lua5.4] [--timeout S]
    run_generated.py --selftest --count N --seed-base S
        (checks only that every generated program runs cleanly under the
         reference: exit status 0, no time-out)

Seeds S..S+N-1 are used; a mismatch prints the SEED (reproduce with
`tests/gen/mtgen.py --seed SEED`) and a diff. Programs are written to a
temporary directory (removed afterwards) or to --keep DIR.
"""
import argparse
import concurrent.futures
import os
import re
import shlex
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep the tree free of __pycache__
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
import mtgen      # noqa: E402  (sibling module)
import difftest   # noqa: E402  (shared runner and diff report)


# The sign of a NaN that arithmetic produces is not specified by Lua: x86
# keeps the first operand's NaN, and which operand comes first is the C
# compiler's choice (lua5.4 prints `-nan` for `(-x) + x` with x = -nan, where
# mtvm's build prints `nan`). Generated programs print such NaNs, so their
# outputs are compared with the sign of every printed NaN dropped. The
# hand-written corpus is compared exactly.
NAN_SIGN = re.compile(rb"-(nan|NaN)")


def without_nan_signs(output):
    return NAN_SIGN.sub(rb"\1", output)


def check_seed(seed, outdir, vm_cmd, ref_cmd, timeout):
    """Return None on agreement, else a report naming the seed."""
    path = os.path.join(outdir, "gen_%d.mt" % seed)
    with open(path, "w") as f:
        f.write(mtgen.generate(seed))
    if vm_cmd is None:  # self-test: the reference alone must run cleanly
        out, status, note = difftest.run_one(ref_cmd, path, timeout)
        if status == 0:
            return None
        return "SEED %d: reference %s: %s" % (
            seed, "timed out" if status is None else "exit %d" % status,
            note.strip()[:300])
    report = difftest.check(vm_cmd, ref_cmd, path, timeout, without_nan_signs)
    return None if report is None else "SEED %d\n%s" % (seed, report)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vm", help="VM command (shlex-split)")
    ap.add_argument("--ref", default="lua5.4")
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--seed-base", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--keep", help="write programs here and keep them")
    ap.add_argument("--selftest", action="store_true",
                    help="only check that the reference runs every program cleanly")
    a = ap.parse_args(argv)
    if not a.selftest and not a.vm:
        ap.error("--vm is required unless --selftest")
    vm_cmd = None if a.selftest else shlex.split(a.vm)
    ref_cmd = shlex.split(a.ref)
    seeds = range(a.seed_base, a.seed_base + a.count)
    tmp = None
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
        outdir = a.keep
    else:
        tmp = tempfile.TemporaryDirectory(prefix="mtgen_")
        outdir = tmp.name
    failed = 0
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
            futs = [ex.submit(check_seed, s, outdir, vm_cmd, ref_cmd, a.timeout)
                    for s in seeds]
            for fut in futs:
                report = fut.result()
                if report is not None:
                    failed += 1
                    print(report, flush=True)
    finally:
        if tmp:
            tmp.cleanup()
    print("%d passed, %d failed" % (a.count - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
