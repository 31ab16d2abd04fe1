"""Optional: the same configs, runner output and local results file checked
by REAL Krun's code (Config, VM defs, check_and_parse_execution_results,
Results.integrity_check) under Python 2.7. Runs only when KRUN_SRC names a
Krun checkout and a python2.7 exists; Krun's code is never part of this repo.

  KRUN_SRC=/path/to/krun make test-krun
"""
import bz2
import json
import os
import shutil
import subprocess

from harness import (EXP, FIXTURES, HERE, RUNNER, ROOT, definition,
                     make_fixture_root, run)
from test_config import find_python27

RUN_EXPERIMENT = os.path.join(ROOT, "scripts", "run-experiment")


def runner_output(vm, bench, path, iters=5):
    rc, out, err = run([vm, RUNNER, os.path.join(FIXTURES, bench), iters, 1, 0])
    with open(path, "w") as fh:
        fh.write(out)


def t_real_krun(s, vm, krun_src, py27, root):
    out = os.path.join(root, "local_results.json.bz2")
    rc, _, err = run([RUN_EXPERIMENT, "--root", root, "--quick", "--pexecs", 2,
                      "--iterations", 5, "--out", out])
    s.check("real krun: local quick run", rc == 0, err[-500:])
    good, bad = os.path.join(root, "good.out"), os.path.join(root, "bad.out")
    runner_output(vm, "ok_bench.mt", good)
    runner_output(vm, "err_bench.mt", bad)
    env = dict(os.environ, PYTHONPATH=krun_src + ":" + os.path.join(HERE, "py2_stubs"),
               PYTHONDONTWRITEBYTECODE="1")
    p = subprocess.run([py27, os.path.join(HERE, "real_krun_check.py"),
                        "krun-config/mtvm-quick.krun", out, good, bad],
                       cwd=root, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    if not s.check("real krun: check script ran", p.returncode == 0,
                   p.stderr.decode()[-1500:]):
        return
    rep = json.loads(p.stdout.decode())
    with bz2.open(out, "rt") as fh:
        doc = json.load(fh)
    s.check("real krun: Config keys == local results keys",
            rep["keys"] == sorted(doc["pexec_flags"]))
    s.check("real krun: Results reads + integrity_check the local file",
            rep["results"].get("ok") and rep["results"]["same_keys"] and
            rep["results"]["done"] > 0, rep["results"])
    s.check("real krun: runner output accepted (5 times)",
            rep["outputs"][0] == {"ok": True, "n": 5}, rep["outputs"][0])
    s.check("real krun: failed runner output rejected (E)",
            rep["outputs"][1]["ok"] is False, rep["outputs"][1])
    settings = json.loads(doc["audit"]["local_runner_settings"])
    settings["iterations"] = EXP.SHAPES["quick"]["iterations"]   # the config's
    plan = definition.Plan(root, settings)
    same = True
    for key, argv in sorted(rep["argv"].items()):
        bench, vm_name, _ = key.split(":")
        if vm_name == EXP.LUAJIT_VM:
            continue
        param = dict(plan.benchmarks)[bench]
        if argv + ["0"] != plan.argv(bench, vm_name, param):
            same = False
            print("  %s: krun %s local %s" % (key, argv, plan.argv(bench, vm_name, param)))
    s.check("real krun: Krun's argv (+ debug flag) == local runner argv",
            same and rep["argv"])
    t_luajit_krun_runner(s, krun_src, root, rep)


def t_luajit_krun_runner(s, krun_src, root, rep):
    """The luajit rows: Krun's argv, Krun's own iterations_runner.lua and a
    non-MSR libkruntime (built by `make -C $KRUN_SRC/libkrun`) on bench.mt."""
    lib = os.path.join(krun_src, "libkrun")
    key = "alpha:%s:%s" % (EXP.LUAJIT_VM, EXP.VARIANT)
    if key not in rep["argv"] or not os.path.exists(
            os.path.join(lib, "libkruntime.so")):
        print("note: luajit + Krun runner check skipped (no luajit or "
              "libkruntime.so in KRUN_SRC/libkrun)")
        return
    env = {"PATH": "/bin:/usr/bin", "LD_LIBRARY_PATH": lib}
    rc, out, err = run(rep["argv"][key] + ["0"], env=env, cwd=root)
    ok = rc == 0
    try:
        data = json.loads(out)
    except ValueError:
        ok, data = False, {}
    s.check("real krun: luajit runs bench.mt under Krun's Lua runner",
            ok and sorted(data) == sorted(["wallclock_times", "core_cycle_counts",
                                           "aperf_counts", "mperf_counts"]) and
            len(data["wallclock_times"]) == EXP.SHAPES["quick"]["iterations"]
            and data["core_cycle_counts"] == [], (out[:200], err[-300:]))


def run_all(s, vm):
    krun_src = os.environ.get("KRUN_SRC")
    if not krun_src:
        print("note: KRUN_SRC not set; checks against real Krun skipped")
        return
    py27 = find_python27()
    if not (py27 and os.path.exists(os.path.join(krun_src, "krun", "config.py"))):
        print("note: real-Krun checks need python2.7 and KRUN_SRC=<krun checkout>")
        return
    root = make_fixture_root([("alpha", "ok_bench.mt"), ("beta", "err_bench.mt")],
                             vm)
    try:
        s.run("t_real_krun", t_real_krun, vm, krun_src, py27, root)
    finally:
        shutil.rmtree(root)
