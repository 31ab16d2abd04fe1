"""Steady-state performance: stratified bootstrap with a 99% percentile
interval (§E.6, warmup_stats' warmup/bootstrapper.py).

Per pexec, r = floor(B / P) + 1 resamples; one resample draws len(seg)
values with replacement from each steady segment and takes the mean of all
drawn values of that pexec.  Pexecs are never mixed.  The reported value is
the median of the P*r means; the interval is the percentile interval, given
as a half-width like warmup_stats.  Unlike warmup_stats the RNG is numpy's
Generator with a fixed seed, so the output is reproducible.
"""
from collections import namedtuple
from decimal import Decimal, ROUND_DOWN, ROUND_UP

import numpy as np

RESAMPLES = {"high": 100000, "low": 10000}   # §E.6, --quality
CONFIDENCE = 0.99
# Cap on the values drawn per numpy call, to bound memory (8 bytes each).
CHUNK_VALUES = 1 << 22

Estimate = namedtuple("Estimate", "median ci lower upper means")


def resamples_per_pexec(total, n_pexecs):
    return total // n_pexecs + 1


def _segment_sums(rng, seg, count):
    """Sums of `count` resamples of len(seg) values drawn from seg."""
    seg = np.asarray(seg, dtype=float)
    size = len(seg)
    sums = np.empty(count)
    per = max(1, CHUNK_VALUES // size)
    idx_type = np.uint16 if size <= 65535 else np.int64
    for a in range(0, count, per):
        b = min(count, a + per)
        idx = rng.integers(0, size, size=(b - a, size), dtype=idx_type)
        sums[a:b] = seg[idx].sum(axis=1)
    return sums


def pexec_means(rng, segments, count):
    """`count` bootstrap means for one pexec (segments weighted by length)."""
    total = np.zeros(count)
    n = 0
    for seg in segments:
        if len(seg):
            total += _segment_sums(rng, seg, count)
            n += len(seg)
    return total / n


def _quantize(value, rounding):
    """§E.6: the interval's indices are quantized to one decimal place
    (Decimal('1.0')), rounding down / up, then truncated by int()."""
    return int(Decimal(value).quantize(Decimal("1.0"), rounding=rounding))


def percentile_interval(sorted_means, confidence=CONFIDENCE):
    size = len(sorted_means)
    e = (1.0 - confidence) / 2.0
    lower = sorted_means[_quantize(e * size, ROUND_DOWN)]
    upper = sorted_means[_quantize((1.0 - e) * size, ROUND_UP) - 1]
    return float(lower), float(upper)


def estimate(pexec_segments, total, rng):
    """pexec_segments: one list of sample arrays per pexec (all pexecs of a
    key). Returns the median, the half-width ci, the interval and the sorted
    means (kept for the ratio intervals of `diff`)."""
    r = resamples_per_pexec(total, len(pexec_segments))
    means = np.concatenate([pexec_means(rng, segs, r) for segs in pexec_segments])
    means.sort()
    median = float(np.median(means))
    lower, upper = percentile_interval(means)
    ci = ((upper - median) + (median - lower)) / 2.0
    return Estimate(median, ci, lower, upper, means)


def ratio_interval(after_means, before_means, rng, confidence=CONFIDENCE):
    """Interval of after/before from independent bootstrap distributions:
    pair the two sets of resample means at random and take the percentile
    interval of the ratios (our addition; warmup_stats' diff compares
    intervals for overlap instead)."""
    size = min(len(after_means), len(before_means))
    a = rng.permutation(after_means)[:size]
    b = rng.permutation(before_means)[:size]
    ratios = np.sort(a / b)
    return percentile_interval(ratios, confidence)
