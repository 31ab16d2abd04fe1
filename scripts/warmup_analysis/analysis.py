"""The pipeline: per key, per pexec outliers -> changepoints -> classification
-> steady state; then per key the consistency class, the spreads of steady
iteration and time to steady state, and the bootstrapped steady-state
performance (§E.2-§E.6).  Keys are independent, so they run in parallel.
"""
import multiprocessing
import os
import zlib
from collections import namedtuple

import numpy as np

from . import bootstrap, classify, outliers
from .changepoints import segments_with_outliers
from .results import MIN_ITERATIONS

# §E.6: LOW_IQR_BOUND / HIGH_IQR_BOUND, a 5-95% inter-quantile range.
LOW_Q, HIGH_Q = 5.0, 95.0
BASE_SEED = 20170101
CRASHED = "crashed"     # every pexec of the key failed
SKIPPED = "skipped"     # the key has no pexecs at all (Krun SKIP)

Pexec = namedtuple("Pexec", "index flag classification outliers changepoints "
                            "means variances steady_iteration time_to_reach "
                            "steady_mean n_iterations")


def key_seed(key):
    """A fixed seed per key, so results do not depend on worker scheduling."""
    return BASE_SEED ^ zlib.crc32(key.encode("utf-8"))


def analyse_pexec(index, flag, times, window, horizon, delta):
    """One process execution; None classification when it failed (empty,
    or too short for PELT after removing outliers)."""
    x = np.asarray(times, dtype=float)
    failed = Pexec(index, flag, None, [], [], [], [], None, None, None, len(x))
    if len(x) < MIN_ITERATIONS:
        return failed, None
    outs = outliers.find_outliers(x, window)
    if len(x) - len(outs) < MIN_ITERATIONS:
        return failed, None
    cps, means, variances = segments_with_outliers(x, outs)
    cls = classify.classify_pexec(cps, means, variances, len(x), horizon, delta)
    if cls == classify.NSS:
        return Pexec(index, flag, cls, outs.tolist(), cps, means, variances,
                     None, None, None, len(x)), None
    st = classify.steady_state(x, outs, cps, means, variances, cls, delta)
    return Pexec(index, flag, cls, outs.tolist(), cps, means, variances,
                 st.iteration, st.time_to_reach, st.mean, len(x)), st.samples


def _spread(values):
    return (float(np.median(values)),
            [float(np.percentile(values, LOW_Q)), float(np.percentile(values, HIGH_Q))])


def summarise(data, pexecs, samples, resamples):
    """§E.6 for one key. Returns a dict (the JSON summary's fields plus ours)."""
    ok = [p for p in pexecs if p.classification is not None]
    out = {
        "key": data.key, "bench": data.bench, "vm": data.vm, "variant": data.variant,
        "n_pexecs": len(pexecs),
        "failed_pexecs": [{"index": p.index, "flag": p.flag,
                           "n_iterations": p.n_iterations}
                          for p in pexecs if p.classification is None],
        "detailed_classification": {c: sum(p.classification == c for p in ok)
                                    for c in classify.PEXEC_CLASSES},
        "steady_state_iteration": None, "steady_state_iteration_iqr": None,
        "steady_state_iteration_list": [],
        "steady_state_time_to_reach_secs": None,
        "steady_state_time_to_reach_secs_iqr": None,
        "steady_state_time_to_reach_secs_list": [],
        "steady_state_time": None, "steady_state_time_ci": None,
        "steady_state_time_interval": None, "steady_state_time_list": [],
        "process_executons": [pexec_json(p) for p in pexecs],
    }
    if not pexecs:
        out["classification"] = SKIPPED
        return out, None
    if not ok:
        out["classification"] = CRASHED
        return out, None
    classes = [p.classification for p in ok]
    out["classification"] = classify.classify_key(classes)
    if classify.NSS in classes:
        return out, None      # §E.6: everything null when any pexec is NSS
    out["steady_state_iteration_list"] = [p.steady_iteration for p in ok]
    out["steady_state_time_to_reach_secs_list"] = [p.time_to_reach for p in ok]
    out["steady_state_time_list"] = [p.steady_mean for p in ok]
    if any(c != classify.FLAT for c in classes):
        (out["steady_state_iteration"],
         out["steady_state_iteration_iqr"]) = _spread(out["steady_state_iteration_list"])
        (out["steady_state_time_to_reach_secs"],
         out["steady_state_time_to_reach_secs_iqr"]) = _spread(
            out["steady_state_time_to_reach_secs_list"])
    rng = np.random.default_rng(key_seed(data.key))
    est = bootstrap.estimate(samples, resamples, rng)
    out["steady_state_time"] = est.median
    out["steady_state_time_ci"] = est.ci
    out["steady_state_time_interval"] = [est.lower, est.upper]
    return out, est.means


def pexec_json(p):
    return {"index": p.index, "flag": p.flag, "classification": p.classification,
            "n_iterations": p.n_iterations, "outliers": p.outliers,
            "changepoints": p.changepoints, "segment_means": p.means,
            "segment_vars": p.variances, "steady_state_iteration": p.steady_iteration,
            "steady_state_time_to_reach_secs": p.time_to_reach,
            "steady_state_time": p.steady_mean}


def analyse_key(args):
    """Worker entry point: (KeyData, N, resamples, delta) -> (summary, means)."""
    data, n_iterations, resamples, delta = args
    window = outliers.window_size(n_iterations)
    horizon = classify.steady_horizon(n_iterations)
    pexecs, samples = [], []
    for i, times in enumerate(data.pexecs):
        p, s = analyse_pexec(i, data.flags[i], times, window, horizon, delta)
        pexecs.append(p)
        if s is not None:
            samples.append(s)
    summary, means = summarise(data, pexecs, samples, resamples)
    summary["window_size"] = window
    summary["steady_horizon"] = horizon
    return summary, means


class Analysis:
    """The analysed results set: summaries[key] (dicts) and the sorted
    bootstrap means per key (for ratio intervals)."""

    def __init__(self, results, quality="high", delta=classify.DEFAULT_DELTA,
                 jobs=None):
        self.results = results
        self.quality = quality
        self.resamples = bootstrap.RESAMPLES[quality]
        self.delta = delta
        self.summaries, self.means = {}, {}
        keys = sorted(results.keys)
        work = [(results.keys[k], results.n_iterations, self.resamples, delta)
                for k in keys]
        jobs = min(jobs or os.cpu_count() or 1, max(1, len(work)))
        if jobs > 1:
            with multiprocessing.Pool(jobs) as pool:
                done = pool.map(analyse_key, work, chunksize=1)
        else:
            done = [analyse_key(w) for w in work]
        for k, (summary, means) in zip(keys, done):
            self.summaries[k] = summary
            self.means[k] = means

    def get(self, bench, vm, variant):
        return self.summaries.get("%s:%s:%s" % (bench, vm, variant))
