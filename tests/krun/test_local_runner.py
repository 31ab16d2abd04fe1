"""scripts/run-experiment: Krun's results format (research/krun-warmup.md
D.1, D.3), failure flags (B.6), timeouts (B.7), --only, --resume after
kill -9."""
import bz2
import json
import os
import shutil
import signal
import subprocess
import time

from harness import EXP, FAKE_MTVM, ROOT, make_fixture_root, run
from experiment import results

RUN_EXPERIMENT = os.path.join(ROOT, "scripts", "run-experiment")


def rx(root, *args, **kw):
    return run([RUN_EXPERIMENT, "--root", root] + [str(a) for a in args], **kw)


def load(path):
    with bz2.open(path, "rt") as fh:
        return json.load(fh)


def t_fresh_run(s, root):
    out = os.path.join(root, "r1_results.json.bz2")
    rc, _, err = rx(root, "--quick", "--pexecs", 2, "--iterations", 5,
                    "--only", "alpha,beta", "--out", out)
    s.check("fresh: rc 0", rc == 0, err[-800:])
    doc = load(out)
    s.check("fresh: every top-level key (D.1)",
            sorted(doc) == sorted(results.TOP_KEYS), sorted(doc))
    keys = ["%s:%s:%s" % (b, vm, EXP.VARIANT)
            for b in ("alpha", "beta", "slow", "hang") for vm in EXP.vm_names()]
    s.check("fresh: every key present in every per-key table", all(
        sorted(doc[name]) == sorted(keys) for name in results.PER_KEY))
    s.check("fresh: consistent (Krun's integrity rules)",
            results.problems(doc) == [], results.problems(doc))
    a = "alpha:mtvm-interp:" + EXP.VARIANT
    b = "beta:mtvm-interp:" + EXP.VARIANT
    s.check("fresh: ok bench 2 C pexecs of 5 times",
            doc["pexec_flags"][a] == ["C", "C"] and
            [len(x) for x in doc["wallclock_times"][a]] == [5, 5])
    s.check("fresh: times rounded to 6 dp", all(
        t == float(format(t, ".6f")) for x in doc["wallclock_times"][a] for t in x))
    s.check("fresh: per-core entries [] (0 cores)",
            doc["core_cycle_counts"][a] == [[], []] == doc["mperf_counts"][a])
    s.check("fresh: crashing bench flagged E with empty lists",
            doc["pexec_flags"][b] == ["E", "E"] and
            doc["wallclock_times"][b] == [[], []] and doc["error_flag"] is True)
    skipped = "alpha:mtvm-pt:" + EXP.VARIANT
    s.check("fresh: skipped key has empty lists", all(
        doc[name][skipped] == [] for name in results.PER_KEY))
    s.check("fresh: unselected key has empty lists",
            doc["pexec_flags"]["slow:mtvm-interp:" + EXP.VARIANT] == [])
    au = doc["audit"]
    s.check("fresh: audit marked as not Krun, with machine info",
            "NOT produced by Krun" in au["produced_by"] and
            au["krun_version"].startswith("none") and
            au["uname"].startswith("Linux") and isinstance(au["cli_args"], list)
            and "processor" in au["cpuinfo"])
    with open(os.path.join(root, "krun-config", "mtvm-quick.krun")) as fh:
        s.check("fresh: config is the quick .krun text", doc["config"] == fh.read())
    s.check("fresh: eta_estimates are seconds", all(
        isinstance(x, float) and x > 0 for x in doc["eta_estimates"][a]))
    s.check("fresh: progress with ETA on stderr", "ETA" in err and "2/" in err)
    s.check("fresh: failure logged", os.path.exists(
        os.path.join(root, "r1.log")))
    rc, _, err = rx(root, "--quick", "--out", out)
    s.check("refuses to overwrite without --resume/--force", rc != 0, err)
    rc, _, err = rx(root, "--resume", "--iterations", 7, "--out", out)
    s.check("--resume refuses changed settings", rc != 0 and "cannot change" in err)
    rc, _, err = rx(root, "--resume", "--out", out)
    s.check("--resume of a finished file runs nothing",
            rc == 0 and load(out)["pexec_flags"] == doc["pexec_flags"], err[-500:])


def t_only_vm(s, root):
    out = os.path.join(root, "r2_results.json.bz2")
    rc, _, err = rx(root, "--quick", "--pexecs", 1, "--iterations", 3,
                    "--only", "alpha:mtvm-interp", "--out", out)
    doc = load(out)
    ran = sorted(k for k, v in doc["pexec_flags"].items() if v)
    s.check("--only bench:vm runs just that key", rc == 0 and
            ran == ["alpha:mtvm-interp:" + EXP.VARIANT], ran)
    rc, _, err = rx(root, "--quick", "--only", "nosuch", "--out", out + "x")
    s.check("--only unknown bench rejected", rc != 0)


def t_timeout(s, root):
    out = os.path.join(root, "r3_results.json.bz2")
    t0 = time.time()
    rc, _, err = rx(root, "--quick", "--pexecs", 1, "--iterations", 3,
                    "--only", "hang:mtvm-interp", "--timeout", 1, "--out", out)
    doc = load(out)
    k = "hang:mtvm-interp:" + EXP.VARIANT
    s.check("timeout: T does not set error_flag (as Krun)",
            doc["error_flag"] is False)
    s.check("timeout: flag T, empty lists, killed promptly",
            doc["pexec_flags"][k] == ["T"] and doc["wallclock_times"][k] == [[]]
            and time.time() - t0 < 20, (doc["pexec_flags"][k], err[-300:]))


def t_instrument(s, root):
    out = os.path.join(root, "r4_results.json.bz2")
    rc, _, err = rx(root, "--quick", "--pexecs", 1, "--iterations", 4,
                    "--only", "alpha:mtvm-interp", "--instrument", "--out", out)
    path = os.path.join(root, "r4_instr_data",
                        "alpha__mtvm-interp__%s__0.json.bz2" % EXP.VARIANT)
    ok = rc == 0 and os.path.exists(path)
    data = load(path) if ok else {}
    s.check("instrument: per-iteration lists written (B.8)", ok and data and
            all(len(v) == 4 for v in data.values()), (err[-300:], data))


def pexecs_done(path):
    try:
        return sum(len(v) for v in load(path)["pexec_flags"].values())
    except (OSError, ValueError, EOFError):
        return 0


def t_kill_resume(s, root):
    out = os.path.join(root, "r5_results.json.bz2")
    argv = [RUN_EXPERIMENT, "--root", root, "--quick", "--pexecs", "8",
            "--iterations", "10", "--params", "dev", "--only", "slow:mtvm-interp", "--out", out]
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    deadline = time.time() + 30
    while pexecs_done(out) < 3 and time.time() < deadline:
        time.sleep(0.02)
    p.send_signal(signal.SIGKILL)
    p.wait()
    before = load(out)
    k = "slow:mtvm-interp:" + EXP.VARIANT
    n = len(before["pexec_flags"][k])
    s.check("kill -9: file valid with finished pexecs", 3 <= n < 8 and
            results.problems(before) == [], n)
    time.sleep(0.3)
    ps = subprocess.run(["ps", "-eo", "args"], stdout=subprocess.PIPE).stdout
    s.check("kill -9: no benchmark process left behind",
            os.path.join(root, "benchmarks", "slow").encode() not in ps)
    rc, _, err = rx(root, "--resume", "--out", out)
    after = load(out)
    s.check("resume: rc 0", rc == 0, err[-500:])
    s.check("resume: 8 pexecs, all C", after["pexec_flags"][k] == ["C"] * 8,
            after["pexec_flags"][k])
    s.check("resume: nothing lost or rewritten (old pexecs a prefix)",
            after["wallclock_times"][k][:n] == before["wallclock_times"][k] and
            after["eta_estimates"][k][:n] == before["eta_estimates"][k])
    s.check("resume: final file consistent", results.problems(after) == [])
    s.check("resume: no temp files left", not [
        f for f in os.listdir(root) if ".tmp" in f])


def t_real_smoke(s, vm):
    """One pexec of every real benchmark on the real mtvm, when both exist."""
    suite = os.path.join(ROOT, "benchmarks", "suite.json")
    if not os.path.exists(suite) or vm == FAKE_MTVM:
        print("note: real-suite smoke run skipped (needs mtvm and suite.json)")
        return
    bench = EXP.benchmark_params(ROOT, "test")[0][0]
    tmp = os.path.join(ROOT, "build", "krun-test-smoke_results.json.bz2")
    rc, _, err = run([RUN_EXPERIMENT, "--quick", "--pexecs", 1, "--iterations", 2,
                      "--only", bench + ":mtvm-interp", "--force", "--mtvm", vm,
                      "--out", tmp])
    doc = load(tmp) if os.path.exists(tmp) else {"pexec_flags": {}}
    s.check("real smoke: %s on %s gives C" % (bench, vm),
            rc == 0 and doc["pexec_flags"].get(
                "%s:mtvm-interp:%s" % (bench, EXP.VARIANT)) == ["C"], err[-800:])
    for f in (tmp, tmp.replace("_results.json.bz2", ".log")):
        if os.path.exists(f):
            os.remove(f)


def run_all(s, vm):
    root = make_fixture_root([("alpha", "ok_bench.mt"), ("beta", "err_bench.mt"),
                              ("slow", "slow_bench.mt"), ("hang", "hang_bench.mt")],
                             vm)
    try:
        for fn in (t_fresh_run, t_only_vm, t_timeout, t_instrument,
                   t_kill_resume):
            s.run(fn.__name__, fn, root)
        s.run("t_real_smoke", t_real_smoke, vm)
    finally:
        shutil.rmtree(root)
