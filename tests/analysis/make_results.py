#!/usr/bin/python3
"""Synthetic Krun results files (research/krun-warmup.md §D) with known
warmup shapes, for testing anything that reads Krun results.

Library use:
    doc = make_doc({"nbody:VM:default-mt": ["flat"] * 5 + ["crash"]}, 200, seed=1)
    write(path, doc)            # .json.bz2 is compressed, .json is not
Command line:
    make_results.py OUT [--benchmarks 6] [--vms 5] [--pexecs 30]
                        [--iterations 2000] [--seed 1] [--crashes 0]

Shapes of one process execution (mean times in seconds; the analysis' delta
is 0.001 s, so levels differ by much more and noise is much smaller):
  flat      one level throughout
  warmup    slow first 10%, then the steady level
  slowdown  fast first 30%, then a slower steady level
  nss       steady level with a step in the last 10% (no steady state)
  outliers  flat plus a few isolated spikes (still flat)
  crash     an errored pexec: empty list, flag E
  timeout   a timed-out pexec: empty list, flag T
"""
import argparse
import bz2
import json

import numpy as np

SHAPES = ("flat", "warmup", "slowdown", "nss", "outliers")
FAILURES = {"crash": "E", "timeout": "T"}
HOST = "synth-host"


def series(shape, n, rng, base=0.05, noise=0.0002):
    """One pexec's wallclock times (6 decimal places, like Krun, §B.5)."""
    levels = np.full(n, base)
    if shape == "warmup":
        levels[:n // 10] = base * 1.6
    elif shape == "slowdown":
        levels[:3 * n // 10] = base * 0.7
    elif shape == "nss":
        levels[9 * n // 10:] = base * 1.3
    x = levels + rng.normal(0.0, noise, n)
    if shape == "outliers":
        spikes = rng.choice(np.arange(n // 5, n), size=max(1, n // 200), replace=False)
        x[spikes] = base * 5.0
    elif shape not in SHAPES:
        raise ValueError("unknown shape %r" % shape)
    return [float(format(v, ".6f")) for v in x]


def make_doc(spec, n_iterations, seed=1, host=HOST, base=0.05):
    """spec: {"bench:vm:variant": [shape per pexec]}; an empty list is a
    skipped key.  Returns the results document (a dict)."""
    rng = np.random.default_rng(seed)
    doc = {"audit": {"uname": "Linux %s 6.1.0-synthetic #1 SMP x86_64 GNU/Linux" % host,
                     "krun_version": "synthetic"},
           "config": "", "error_flag": False,
           "wallclock_times": {}, "core_cycle_counts": {}, "aperf_counts": {},
           "mperf_counts": {}, "pexec_flags": {}, "eta_estimates": {}}
    for key in sorted(spec):
        times, flags = [], []
        for shape in spec[key]:
            if shape in FAILURES:
                times.append([])
                flags.append(FAILURES[shape])
                doc["error_flag"] = True
            else:
                times.append(series(shape, n_iterations, rng, base=base))
                flags.append("C")
        doc["wallclock_times"][key] = times
        for per_core in ("core_cycle_counts", "aperf_counts", "mperf_counts"):
            doc[per_core][key] = [[] for _ in times]   # 0 cores (§C.3)
        doc["pexec_flags"][key] = flags
        doc["eta_estimates"][key] = [sum(t) for t in times]
    return doc


def write(path, doc):
    text = json.dumps(doc, indent=1, sort_keys=True)
    if path.endswith(".bz2"):
        with bz2.open(path, "wt", encoding="utf-8") as fh:
            fh.write(text)
    else:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)


BENCHES = ("binarytrees", "fannkuch_redux", "fasta", "nbody", "richards",
           "spectralnorm")
VMS = ("none", "software", "pt", "heuristic", "luajit")


def matrix_spec(n_bench=6, n_vms=5, n_pexecs=30, crashes=0, seed=1):
    """A paper-shaped matrix: every other key is consistent, the rest mix in
    about 20% of other shapes, so every classification appears."""
    rng = np.random.default_rng(seed + 1000)
    spec = {}
    for b in range(n_bench):
        for v in range(n_vms):
            key = "%s:%s:default-mt" % (BENCHES[b % len(BENCHES)] + ("" if b < len(BENCHES) else str(b)),
                                        VMS[v % len(VMS)] + ("" if v < len(VMS) else str(v)))
            main = SHAPES[(b + v) % len(SHAPES)]
            mix = 0.0 if (b + v) % 2 == 0 else 0.2
            shapes = [SHAPES[rng.integers(len(SHAPES))] if rng.random() < mix else main
                      for _ in range(n_pexecs)]
            for i in range(min(crashes, n_pexecs)):
                shapes[i] = "crash" if i % 2 == 0 else "timeout"
            spec[key] = shapes
    return spec


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--benchmarks", type=int, default=6)
    ap.add_argument("--vms", type=int, default=5)
    ap.add_argument("--pexecs", type=int, default=30)
    ap.add_argument("--iterations", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--crashes", type=int, default=0,
                    help="failed pexecs per key (alternately E and T)")
    a = ap.parse_args()
    spec = matrix_spec(a.benchmarks, a.vms, a.pexecs, a.crashes, a.seed)
    write(a.out, make_doc(spec, a.iterations, a.seed))


if __name__ == "__main__":
    main()
