"""Shared pieces of the benchmark tools: reading benchmarks/suite.json and
running one benchmark on one VM through scripts/bench_driver.mt.

Used by scripts/bench.py and tests/bench/check_suite.py (standard library
only). Paths are relative to the repository root, which is where make runs.
"""

import json
import os
import shlex
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUITE_FILE = os.path.join(ROOT, "benchmarks", "suite.json")
DRIVER = os.path.join("scripts", "bench_driver.mt")
GROUPS = ("warmup", "awfy", "phase")
PARAM_KINDS = ("test", "dev", "paper")


def load_suite(path=SUITE_FILE):
    """Return the list of benchmark entries from suite.json."""
    with open(path) as f:
        return json.load(f)["benchmarks"]


def select(entries, suite="warmup", only=None):
    """Entries of one group ('all' for every group), or exactly the names in
    `only` (a list), in suite.json order. Unknown names raise ValueError."""
    if only:
        by_name = {e["name"]: e for e in entries}
        missing = [n for n in only if n not in by_name]
        if missing:
            raise ValueError("unknown benchmark(s): " + ", ".join(missing))
        return [by_name[n] for n in only]
    if suite == "all":
        return list(entries)
    if suite not in GROUPS:
        raise ValueError("unknown suite %r" % suite)
    return [e for e in entries if e["group"] == suite]


class RunResult:
    """Outcome of one process execution: per-iteration seconds, or an error."""

    def __init__(self, times, ok, message=""):
        self.times = times
        self.ok = ok
        self.message = message


def parse_driver_output(stdout, iterations):
    """Per-iteration times from the driver's stdout; None unless every
    iteration line and the final 'done' line are present."""
    times = []
    done = False
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "iteration":
            times.append(float(parts[2]))
        elif len(parts) == 2 and parts[0] == "done":
            done = int(parts[1]) == iterations
    if not done or len(times) != iterations:
        return None
    return times


def run_benchmark(vm_command, entry, param, iterations, timeout=600,
                  cpu_clock=False):
    """Run `entry` on the VM (a command string such as 'build/mtvm
    --tracer=none') for `iterations` in-process iterations at `param`.
    cpu_clock: time with os.clock on every VM (else mtvm.clock on mtvm)."""
    argv = shlex.split(vm_command) + [DRIVER, entry["file"], str(param),
                                      str(iterations)]
    if cpu_clock:
        argv.append("cpu")
    try:
        proc = subprocess.run(argv, cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout,
                              universal_newlines=True)
    except subprocess.TimeoutExpired:
        return RunResult([], False, "timed out after %d s" % timeout)
    except OSError as e:
        return RunResult([], False, "cannot run %s: %s" % (argv[0], e))
    times = parse_driver_output(proc.stdout, iterations)
    if proc.returncode != 0 or times is None:
        tail = (proc.stderr.strip() or proc.stdout.strip())[-600:]
        return RunResult([], False, "exit status %d: %s"
                         % (proc.returncode, tail))
    return RunResult(times, True)


def vm_available(vm_command):
    """True when the VM's executable exists (a path or a name on PATH)."""
    exe = shlex.split(vm_command)[0]
    if os.sep in exe:
        return os.access(os.path.join(ROOT, exe), os.X_OK)
    for d in os.environ.get("PATH", "").split(os.pathsep):
        if os.access(os.path.join(d, exe), os.X_OK):
            return True
    return False
