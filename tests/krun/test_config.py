"""krun-config/mtvm.krun and mtvm-quick.krun, loaded as Krun loads them
(research/krun-warmup.md A.1-A.4, B.2, B.8, F.1) with the stub krun modules,
under Python 3 and, where it exists, Python 2.7."""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

from harness import EXP, HERE, ROOT, make_fixture_root, definition

LOADER = os.path.join(HERE, "load_config.py")
STUB_RUNNER_DIR = "/KRUN/iterations_runners"   # tests/krun/stubs/krun/vm_defs.py


def find_python27():
    """A working python2.7, or None (a pyenv shim may exist but not work)."""
    cands = [shutil.which("python2.7")] + sorted(
        glob.glob("/root/.pyenv/versions/2.7*/bin/python2.7")) + \
        sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/2.7*/bin/python2.7")))
    for c in cands:
        if not c:
            continue
        try:
            p = subprocess.run([c, "-c", "import sys; print(sys.version_info[0])"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if p.returncode == 0 and p.stdout.strip() == b"2":
            return c
    return None


def load(python, root, config, instr_file=None):
    argv = [python, LOADER, os.path.join("krun-config", config)]
    if instr_file:
        argv.append(instr_file)
    p = subprocess.run(argv, cwd=root, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    if p.returncode != 0:
        raise AssertionError("%s %s failed:\n%s" % (python, config,
                                                    p.stderr.decode()))
    return json.loads(p.stdout.decode()), p.stderr.decode()


def should_skip(skip, key):
    """Krun's SKIP matching (A.2): each field equal or exactly '*'."""
    k = key.split(":")
    for pat in skip:
        p = pat.split(":")
        if len(p) == 3 and all(p[i] in ("*", k[i]) for i in range(3)):
            return True
    return False


def check_matrix(s, tag, cfg, root, shape, params):
    exp = EXP
    s.check(tag + ": HEAP_LIMIT/STACK_LIMIT as the paper",
            cfg["HEAP_LIMIT"] == 2097152 and cfg["STACK_LIMIT"] == 8192)
    s.check(tag + ": N_EXECUTIONS", cfg["N_EXECUTIONS"] == shape["n_executions"])
    s.check(tag + ": EXECUTION_TIMEOUT", cfg["EXECUTION_TIMEOUT"] == shape["timeout"])
    s.check(tag + ": one variant bench.mt, no subdir",
            cfg["VARIANTS"] == {exp.VARIANT: ["bench.mt", None]})
    s.check(tag + ": BENCHMARKS = suite's %s params" % shape["params"],
            cfg["BENCHMARKS"] == dict(params), (cfg["BENCHMARKS"], params))
    s.check(tag + ": one VM per strategy plus luajit",
            sorted(cfg["VMS"]) == sorted(exp.vm_names()))
    for vm, v in sorted(cfg["VMS"].items()):
        s.check(tag + ": %s n_iterations" % vm,
                v["n_iterations"] == shape["iterations"])
        s.check(tag + ": %s variants" % vm, v["variants"] == [exp.VARIANT])
        if vm == exp.LUAJIT_VM:
            s.check(tag + ": luajit through LuaVMDef and Krun's runner",
                    v["class"] == "LuaVMDef" and v["iterations_runner"] ==
                    STUB_RUNNER_DIR + "/iterations_runner.lua")
            s.check(tag + ": luajit path absolute", v["vm_path"].startswith("/"))
            continue
        s.check(tag + ": %s MtvmVMDef with its flags" % vm,
                v["class"] == "MtvmVMDef" and
                v["extra_vm_args"] == exp.strategy_flags(vm), v)
        s.check(tag + ": %s absolute mtvm path and runner" % vm,
                v["vm_path"] == os.path.join(root, "build", "mtvm") and
                v["iterations_runner"] == os.path.join(
                    root, "krun-config", "iterations_runner.mt"), v)
    reasons = cfg["SKIP_REASONS"]      # {SKIP pattern: reason}
    s.check(tag + ": SKIP is exactly the patterns with reasons",
            sorted(cfg["SKIP"]) == sorted(reasons), (cfg["SKIP"], reasons))
    s.check(tag + ": mtvm-interp runs", "*:mtvm-interp:*" not in reasons)
    for vm in exp.mtvm_vm_names():
        if vm not in exp.IMPLEMENTED:
            s.check(tag + ": unimplemented %s skipped" % vm,
                    "not implemented" in reasons.get("*:%s:*" % vm, ""))
    pt_ok = exp.pt_available()
    for vm in ("mtvm-pt", "mtvm-pt-reopt"):
        s.check(tag + ": %s PT reason iff no PT" % vm,
                ("Intel PT unavailable" in reasons.get("*:%s:*" % vm, ""))
                == (not pt_ok))
    bench_pats = sorted(p for p in reasons if not p.startswith("*:"))
    want = sorted("%s:*:*" % b for b in exp.QUICK_SKIP if b in cfg["BENCHMARKS"])
    s.check(tag + ": benchmark skips only in the quick shape",
            bench_pats == (want if shape is exp.SHAPES["quick"] else []),
            bench_pats)
    keys = ["%s:%s:%s" % (b, vm, exp.VARIANT)
            for vm in cfg["VMS"] for b in cfg["BENCHMARKS"]]
    s.check(tag + ": names have no spaces or colons", all(
        " " not in n and ":" not in n
        for n in list(cfg["VMS"]) + list(cfg["BENCHMARKS"]) + list(cfg["VARIANTS"])))
    s.check(tag + ": argv of every key built", sorted(cfg["argv"]) == sorted(keys))
    run_keys = [k for k in keys if not should_skip(cfg["SKIP"], k)]
    skip_keys = [k for k in keys if should_skip(cfg["SKIP"], k)]
    s.check(tag + ": matrix = runnable + skipped",
            len(run_keys) + len(skip_keys) == len(cfg["VMS"]) * len(cfg["BENCHMARKS"]))
    s.check(tag + ": some keys run", len(run_keys) > 0)
    s.check(tag + ": Krun's matching agrees with experiment_def.should_skip",
            all(exp.should_skip(cfg["SKIP"], k) == should_skip(cfg["SKIP"], k)
                for k in keys))
    return run_keys


def check_argv_matches_local(s, tag, cfg, root, name, run_keys):
    """The local runner builds the same argv as the config's VM defs (B.2)."""
    exp = EXP
    shape = exp.SHAPES["quick" if name == "mtvm-quick" else "paper"]
    settings = {"name": name, "pexecs": 1, "iterations": shape["iterations"],
                "params": shape["params"], "timeout": 1, "only": [],
                "mtvm": None, "instrument": False}
    plan = definition.Plan(root, settings)
    same = True
    for key in run_keys:
        bench, vm, _ = key.split(":")
        if vm == exp.LUAJIT_VM:
            continue   # Krun uses its own Lua runner; local runs cannot
        local = plan.argv(bench, vm, cfg["BENCHMARKS"][bench])
        if local != cfg["argv"][key]:
            same = False
            print("  %s: krun %s\n  local %s" % (key, cfg["argv"][key], local))
    s.check(tag + ": local runner argv == Krun VM def argv", same)
    interp = [k for k in run_keys if ":mtvm-interp:" in k]
    if interp:
        a = cfg["argv"][interp[0]]
        s.check(tag + ": argv is mtvm flags runner bench iters param debug",
                a[1] == "--tracer=none" and a[2].endswith("iterations_runner.mt")
                and a[3].endswith("/bench.mt") and a[-1] == "0" and len(a) == 7, a)


def t_load(s, python, root, real):
    pyname = "py%s" % ("2.7" if "2.7" in python else "3")
    for name, shape_name in (("mtvm", "paper"), ("mtvm-quick", "quick")):
        tag = "%s %s%s" % (pyname, name, "" if real else " (fixture)")
        cfg, err = load(python, root, name + ".krun")
        shape = EXP.SHAPES[shape_name]
        params = EXP.benchmark_params(root, shape["params"])
        run_keys = check_matrix(s, tag, cfg, root, shape, params)
        check_argv_matches_local(s, tag, cfg, root, name, run_keys)
        if not EXP.pt_available():
            s.check(tag + ": says PT is unavailable when loading",
                    "Intel PT is unavailable" in err, err)
        for pat in cfg["SKIP_REASONS"]:
            s.check(tag + ": prints skip reason of %s" % pat,
                    "skipping %s:" % pat in err)
    return cfg


def t_instr_parse(s, python, root):
    with tempfile.NamedTemporaryFile("w", suffix=".stderr", delete=False) as fh:
        fh.write("some other line\n")
        for i in range(3):
            fh.write('%s{"iter": %d, "gc_collections": %d, "gc_time": 0.5, '
                     '"traces": 2}\n' % (EXP.INSTR_PREFIX, i, i))
        fh.write("[iterations_runner.mt] iteration 3/3\n")
    try:
        cfg, _ = load(python, root, "mtvm.krun", fh.name)
    finally:
        os.unlink(fh.name)
    s.check("parse_instr_stderr_file: per-counter lists (B.8)",
            cfg["instr_parse"] == {"gc_collections": [0, 1, 2],
                                   "gc_time": [0.5] * 3, "traces": [2] * 3},
            cfg["instr_parse"])


def t_skip_reasons(s):
    r = EXP.skip_reasons(True, "/usr/bin/luajit")
    s.check("skip_reasons with PT: pt rows only unimplemented",
            "Intel PT" not in r.get("mtvm-pt", "") and "luajit" not in r)
    r = EXP.skip_reasons(False, None)
    s.check("skip_reasons without PT/luajit",
            "Intel PT unavailable" in r["mtvm-pt-reopt"] and "luajit" in r)
    p = EXP.skip_patterns("quick", ["awfy_havlak", "nbody"], True,
                          "/usr/bin/luajit")
    s.check("skip_patterns quick: havlak skipped, nbody not",
            "awfy_havlak:*:*" in p and "nbody:*:*" not in p and
            EXP.should_skip(p, "awfy_havlak:mtvm-interp:x") and
            not EXP.should_skip(p, "nbody:mtvm-interp:x"))
    s.check("skip_patterns paper: no benchmark skipped", not [
        k for k in EXP.skip_patterns("paper", ["awfy_havlak"], True, "/x")
        if not k.startswith("*:")])
    s.check("pt_available reads sysfs", not EXP.pt_available("/nonexistent") and
            EXP.pt_available("/"))


def t_real_suite(s):
    """The six warmup benchmarks carry the paper's parameters (F.1)."""
    params = dict(EXP.benchmark_params(ROOT, "paper"))
    for b, p in sorted(EXP.PAPER_WARMUP_PARAMS.items()):
        s.check("suite: %s paper param %s" % (b, p), params.get(b) == p,
                params.get(b))


def run_all(s):
    fixture = make_fixture_root([("alpha", "ok_bench.mt"),
                                 ("beta", "err_bench.mt")])
    pythons = [sys.executable]
    py27 = find_python27()
    if py27:
        pythons.append(py27)
        print("note: loading the configs under %s too" % py27)
    else:
        print("note: no working python2.7 here; configs loaded under Python 3 only")
    try:
        for py in pythons:
            s.run("t_load fixture", t_load, py, fixture, False)
            s.run("t_instr_parse", t_instr_parse, py, fixture)
        if os.path.exists(os.path.join(ROOT, "benchmarks", "suite.json")):
            for py in pythons:
                s.run("t_load real", t_load, py, ROOT, True)
            s.run("t_real_suite", t_real_suite)
        else:
            print("note: benchmarks/suite.json missing; real-suite checks skipped")
        s.run("t_skip_reasons", t_skip_reasons)
    finally:
        shutil.rmtree(fixture)
