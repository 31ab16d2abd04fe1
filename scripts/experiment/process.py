"""One process execution: a fresh process, Krun's limits, a timeout, and
Krun's rules for judging its stdout (research/krun-warmup.md B.3-B.7)."""
import ctypes
import json
import os
import resource
import signal
import subprocess
import time

EXPECT_KEYS = {"wallclock_times", "core_cycle_counts", "aperf_counts",
               "mperf_counts"}
PR_SET_PDEATHSIG = 1


class Outcome:
    def __init__(self, stdout, stderr, rc, timed_out, seconds):
        self.stdout, self.stderr, self.rc = stdout, stderr, rc
        self.timed_out, self.seconds = timed_out, seconds


def _limits(heap_k, stack_k):
    """Child set-up: `ulimit -d`/`ulimit -s` like Krun's wrapper (B.3), and
    die with the runner (a kill -9 of the runner must not leave a benchmark
    running to disturb the resumed run)."""
    def setup():
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except OSError:
            pass
        for res, kib in ((resource.RLIMIT_DATA, heap_k),
                         (resource.RLIMIT_STACK, stack_k)):
            _, hard = resource.getrlimit(res)
            want = kib * 1024
            if hard != resource.RLIM_INFINITY:
                want = min(want, hard)
            resource.setrlimit(res, (want, want))
    return setup


def run(argv, env, cwd, timeout, heap_k, stack_k, stderr_path=None):
    """Runs one pexec. stderr goes to stderr_path when given (Krun's
    instrumentation mode, B.8), else is captured."""
    err_fh = open(stderr_path, "wb") if stderr_path else None
    start = time.monotonic()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE,
                            stderr=err_fh or subprocess.PIPE,
                            start_new_session=True,
                            preexec_fn=_limits(heap_k, stack_k))
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        # Krun leaves a timed-out pexec to the reboot (B.7); here it is killed.
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise
    finally:
        if err_fh:
            err_fh.close()
    if stderr_path:
        with open(stderr_path, "rb") as fh:
            err = fh.read()
    return Outcome(out.decode("utf-8", "replace"),
                   (err or b"").decode("utf-8", "replace"),
                   proc.returncode, timed_out, time.monotonic() - start)


def judge(outcome, num_cores=0):
    """(flag, wallclock list or None, error text), by Krun's rules (B.5,
    B.6): T on timeout; E if rc != 0 or stdout is not exactly one JSON object
    with the four keys and per-core lists of the right shape; else C."""
    if outcome.timed_out:
        return "T", None, "timed out after %.1f s" % outcome.seconds
    try:
        data = json.loads(outcome.stdout)
    except ValueError as e:
        return "E", None, "stdout is not JSON (%s); rc %s" % (e, outcome.rc)
    if outcome.rc != 0:
        return "E", None, "return code %s" % outcome.rc
    if not isinstance(data, dict) or set(data) != EXPECT_KEYS:
        return "E", None, "unexpected JSON keys: %r" % (
            sorted(data) if isinstance(data, dict) else type(data).__name__)
    times = data["wallclock_times"]
    for name in EXPECT_KEYS - {"wallclock_times"}:
        # Krun dies at write time on a wrong core count; an E is kinder.
        if len(data[name]) != num_cores:
            return "E", None, "%s has %d per-core lists, expected %d" % (
                name, len(data[name]), num_cores)
        if any(len(core) != len(times) for core in data[name]):
            return "E", None, "%s: per-core list of wrong length" % name
    # Krun stores wallclock times rounded to microseconds (B.5 item 5).
    return "C", [float(format(t, ".6f")) for t in times], ""
