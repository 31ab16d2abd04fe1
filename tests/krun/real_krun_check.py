# Conformance checks against REAL Krun (Python 2.7 only; optional), run by
# tests/krun/test_real_krun.py with PYTHONPATH=<krun checkout>:py2_stubs.
# Uses Krun's own Config, VM defs, stdout parser and Results class on our
# configs, runner outputs and local results file; prints a JSON report.
#
#   python2.7 real_krun_check.py CONFIG.krun RESULTS.json.bz2 GOOD.out BAD.out...
import json
import sys

from krun.config import Config
from krun.results import Results
from krun.util import (ExecutionFailed, FatalKrunError,
                       check_and_parse_execution_results)


class FakePlatform(object):
    """What Results needs of a platform: a non-MSR libkruntime (0 cores)."""
    num_per_core_measurements = 0
    audit = {}


def keys_of(cfg):
    return sorted("%s:%s:%s" % (b, vm, var) for vm, info in cfg.VMS.items()
                  for b in cfg.BENCHMARKS for var in info["variants"])


def argv_of(cfg):
    """argv of every non-skipped key, from Krun's own run_exec path, with
    _run_exec (the sudo/wrapper part) replaced by a recorder."""
    out = {}
    for vm, info in cfg.VMS.items():
        vd = info["vm_def"]
        seen = []
        vd._run_exec = lambda args, *a, **k: seen.append(list(args)) or \
            ("", "", 0, None, False)
        for bench, param in cfg.BENCHMARKS.items():
            for var in info["variants"]:
                key = "%s:%s:%s" % (bench, vm, var)
                if cfg.should_skip(key):
                    continue
                vd.check_benchmark_files(bench, cfg.VARIANTS[var])
                vd.run_exec(cfg.VARIANTS[var], info["n_iterations"], param,
                            cfg.HEAP_LIMIT, cfg.STACK_LIMIT, key, 0)
                out[key] = seen[-1]
    return out


def parse(cfg, path):
    with open(path) as fh:
        text = fh.read()
    try:
        data = check_and_parse_execution_results(text, "", 0, cfg, "b:v:x")
        return {"ok": True, "n": len(data["wallclock_times"])}
    except ExecutionFailed as e:
        return {"ok": False, "why": str(e)[:200]}


def results_file(cfg, path):
    Results.ok_to_instantiate = True
    try:
        r = Results(cfg, FakePlatform(), results_file=path)
        r.integrity_check()
        return {"ok": True, "same_keys": sorted(r.wallclock_times) == keys_of(cfg),
                "done": sum(len(v) for v in r.pexec_flags.values())}
    except FatalKrunError as e:
        return {"ok": False, "why": str(e)[:300]}


def main():
    cfg = Config(sys.argv[1])
    report = {"keys": keys_of(cfg), "skip": cfg.SKIP, "argv": argv_of(cfg),
              "results": results_file(cfg, sys.argv[2]),
              "outputs": [parse(cfg, p) for p in sys.argv[3:]]}
    json.dump(report, sys.stdout)


if __name__ == "__main__":
    main()
