"""Segment equivalence, classifications and steady state (§E.4-§E.6).

A process execution (pexec) is described by its changepoints (0-based index
of the last iteration of every segment but the final one) and the mean and
population variance of each segment, all from §E.3.
"""
from collections import namedtuple

import numpy as np

FLAT = "flat"
WARMUP = "warmup"
SLOWDOWN = "slowdown"
NSS = "no steady state"
GOOD_INCONSISTENT = "good inconsistent"
BAD_INCONSISTENT = "bad inconsistent"
PEXEC_CLASSES = (FLAT, WARMUP, SLOWDOWN, NSS)

DEFAULT_DELTA = 0.001   # §E: mark_changepoints_in_json's default, seconds
STEADY_RATIO = 0.25     # §E: S = int(N * 0.25)


def steady_horizon(n_iterations):
    return int(n_iterations * STEADY_RATIO)


def absolute_delta(delta, means):
    """§E.4: D in seconds; a string "X%" means X% of the FASTEST segment mean
    of this pexec (what the code does, though its help says "final")."""
    if isinstance(delta, str):
        if delta.endswith("%"):
            return float(delta[:-1]) / 100.0 * min(means)
        return float(delta)
    return float(delta)


def steady_band(means, variances, delta=DEFAULT_DELTA):
    """§E.4: the band around the last segment L,
    [min(μ_L - v_L, μ_L - D), max(μ_L + v_L, μ_L + D)].
    The variance (s²) is compared with seconds directly, as the code does."""
    mu, v = means[-1], variances[-1]
    delta = absolute_delta(delta, means)
    return min(mu - v, mu - delta), max(mu + v, mu + delta)


def equivalent(mean, var, band):
    """§E.4: [μ_k - v_k, μ_k + v_k] overlaps the band."""
    lo, hi = band
    return mean + var >= lo and mean - var <= hi


def classify_pexec(changepoints, means, variances, n, horizon,
                   delta=DEFAULT_DELTA):
    """§E.4: scan from the second-to-last segment back to the first.
    n is the pexec's length including outliers, horizon is S."""
    band = steady_band(means, variances, delta)
    cls = FLAT
    for k in range(len(means) - 2, -1, -1):
        if equivalent(means[k], variances[k], band):
            continue
        if changepoints[k] > n - horizon:
            return NSS
        if means[k] - variances[k] < band[0]:
            return SLOWDOWN
        cls = WARMUP    # slower: keep scanning, a faster one may follow
    return cls


def classify_key(classes):
    """§E.6: consistent (one class), good inconsistent (exactly flat and
    warmup), otherwise bad inconsistent."""
    kinds = set(classes)
    if len(kinds) == 1:
        return classes[0]
    if kinds == {FLAT, WARMUP}:
        return GOOD_INCONSISTENT
    return BAD_INCONSISTENT


SteadyState = namedtuple("SteadyState",
                         "first_segment iteration time_to_reach mean samples")


def steady_state(x, outliers, changepoints, means, variances, cls,
                 delta=DEFAULT_DELTA):
    """§E.5, for a pexec that is not 'no steady state'.

    Returns the first steady segment f, the steady iteration (1 if flat, else
    c+1 with c = changepoints[f-1]), the time to reach it (0.0 if flat, else
    the sum of the first c iterations, outliers included), the unweighted mean
    of the steady segment means, and the bootstrap samples: one array per
    steady segment with the outliers removed.  warmup_stats' quirk is kept on
    purpose: the last segment's samples start AT changepoints[-1], so they
    include the last iteration of the segment before it."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    band = steady_band(means, variances, delta)
    f = len(means) - 1
    while f > 0 and equivalent(means[f - 1], variances[f - 1], band):
        f -= 1
    if cls == FLAT:
        iteration, time_to_reach = 1, 0.0
    else:
        c = changepoints[f - 1]
        iteration, time_to_reach = c + 1, float(x[:c].sum())
    keep = np.ones(n, dtype=bool)
    keep[np.asarray(outliers, dtype=np.int64)] = False
    samples = []
    for k in range(f, len(means)):
        if k == len(means) - 1:
            start = changepoints[-1] if changepoints else 0
            stop = n - 1
        else:
            start = changepoints[k - 1] + 1 if k > 0 else 0
            stop = changepoints[k]
        rng = np.arange(start, stop + 1)
        samples.append(x[rng[keep[rng]]])
    mean = float(np.mean(means[f:]))
    return SteadyState(f, iteration, time_to_reach, mean, samples)
