#!/usr/bin/env python3
"""Differential test runner: run mt programs under the VM and under lua5.4,
compare stdout bytes and exit status.

Usage: difftest.py --vm "CMD" [--ref lua5.4] [--jobs N] [--timeout S] PATHS...

Expected output is never cached: the reference is run at test time. A program
`x.mt` reads stdin from a sibling `x.stdin` when present, else /dev/null.
Stderr is not compared (tracebacks legitimately differ in detail).
"""
import argparse
import concurrent.futures
import difflib
import os
import shlex
import signal
import subprocess
import sys

DIFF_LINES = 40


def find_programs(paths):
    """Expand directories recursively to their *.mt files, sorted."""
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs.sort()
                out.extend(os.path.join(root, f) for f in sorted(files)
                           if f.endswith(".mt"))
        else:
            out.append(p)
    return out


def run_one(cmd, prog, timeout):
    """Run cmd + [prog]; return (stdout bytes, status or None, note).

    The child gets its own process group so that a timeout kills everything
    it started (a wrapper script's children would otherwise keep the pipes
    open and hang us)."""
    stdin_path = prog[:-3] + ".stdin" if prog.endswith(".mt") else None
    if not stdin_path or not os.path.exists(stdin_path):
        stdin_path = os.devnull
    try:
        with open(stdin_path, "rb") as fin:
            p = subprocess.Popen(cmd + [prog], stdin=fin, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, start_new_session=True)
    except OSError as e:
        return b"", None, "cannot run %s: %s" % (cmd[0], e)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
        return out, None, "TIMEOUT after %gs" % timeout
    return out, p.returncode, err.decode("utf-8", "replace")


def describe_status(status):
    """Exit status in words; a negative status is a signal (e.g. a crash)."""
    if status is not None and status < 0:
        try:
            return "%d (killed by %s)" % (status, signal.Signals(-status).name)
        except ValueError:
            return "%d (killed by signal %d)" % (status, -status)
    return str(status)


def describe_mismatch(prog, ref, vm):
    """Return a text report of how vm's result differs from ref's."""
    lines = ["FAIL %s" % prog]
    (rout, rstat, rnote), (vout, vstat, vnote) = ref, vm
    if rstat is None:
        lines.append("  reference failed: %s" % rnote.strip())
    if vstat is None:
        lines.append("  vm: %s" % vnote.strip())
    elif vstat != rstat:
        lines.append("  exit status: vm %s, ref %s"
                     % (describe_status(vstat), describe_status(rstat)))
        if vnote.strip():
            lines.append("  vm stderr: " + vnote.strip().splitlines()[0][:200])
    if vout != rout:
        diff = list(difflib.unified_diff(
            rout.decode("latin-1").splitlines(),
            vout.decode("latin-1").splitlines(),
            "expected (ref)", "actual (vm)", lineterm=""))
        if not diff:  # only trailing newline / line-ending bytes differ
            diff = ["stdout differs in bytes: ref %r vs vm %r"
                    % (rout[-40:], vout[-40:])]
        lines.extend(diff[:DIFF_LINES])
        if len(diff) > DIFF_LINES:
            lines.append("... (%d more diff lines)" % (len(diff) - DIFF_LINES))
    return "\n".join(lines)


def check(vm_cmd, ref_cmd, prog, timeout, normalise=None):
    """Return None when vm matches ref on prog, else a report string.
    normalise, if given, maps each output before they are compared."""
    ref = run_one(ref_cmd, prog, timeout)
    vm = run_one(vm_cmd, prog, timeout)
    same = (lambda a, b: a == b) if normalise is None else (
        lambda a, b: normalise(a) == normalise(b))
    if ref[1] is not None and vm[1] == ref[1] and same(vm[0], ref[0]):
        return None
    return describe_mismatch(prog, ref, vm)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vm", required=True, help="VM command (shlex-split)")
    ap.add_argument("--ref", default="lua5.4", help="reference command")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args(argv)
    progs = find_programs(a.paths)
    if not progs:
        print("no programs found", file=sys.stderr)
        return 2
    vm_cmd, ref_cmd = shlex.split(a.vm), shlex.split(a.ref)
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        futs = [ex.submit(check, vm_cmd, ref_cmd, p, a.timeout) for p in progs]
        for fut in futs:  # report in input order so output is stable
            report = fut.result()
            if report is not None:
                failed += 1
                print(report, flush=True)
    print("%d passed, %d failed" % (len(progs) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
