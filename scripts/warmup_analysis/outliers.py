"""Sliding-window outlier detection (§E.2, warmup_stats' warmup/outliers.py).

For iteration i, the window is x[max(0, i-W//2) : min(n, i+W//2)]; i is
never tested while the window is still clipped at the start and shorter than
W; otherwise i is an outlier iff it lies strictly outside
median ± 3*(p90 - p10) of its window (percentiles by linear interpolation,
numpy's default rule).
"""
import numpy as np

WINDOW_RATIO = 0.1   # §E: W = int(N * 0.1), N = iterations per pexec
BAND_WIDTH = 3.0     # §E.2: median ± 3 * (p90 - p10)


def window_size(n_iterations):
    return int(n_iterations * WINDOW_RATIO)


def _window_stats(windows):
    """Median, p10 and p90 along the last axis of a 2-D array of windows."""
    q = np.percentile(windows, [50.0, 10.0, 90.0], axis=-1)
    return q[0], q[1], q[2]


def find_outliers(x, window):
    """Return the ascending 0-based indices of the outliers of series x.

    Interpretation: with W//2 == 0 (series under 20 iterations with the
    default ratio) every window is empty and warmup_stats would fail on it;
    we report no outliers instead."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    half = window // 2
    if half == 0 or n == 0:
        return np.zeros(0, dtype=np.int64)
    idx = np.arange(n)
    lo = np.maximum(0, idx - half)
    hi = np.minimum(n, idx + half)
    tested = ~((lo == 0) & (hi < window))
    full = tested & (idx - half >= 0) & (idx + half <= n)
    med = np.zeros(n)    # untested entries stay 0 and are masked below
    p10 = np.zeros(n)
    p90 = np.zeros(n)
    full_idx = idx[full]
    if len(full_idx):
        # Every untruncated window has exactly 2*half points: one strided
        # view, one vectorised percentile call.
        view = np.lib.stride_tricks.sliding_window_view(x, 2 * half)
        med[full_idx], p10[full_idx], p90[full_idx] = _window_stats(
            view[full_idx - half])
    for i in idx[tested & ~full]:   # windows clipped by either end
        w = x[lo[i]:hi[i]]
        med[i], p10[i], p90[i] = _window_stats(w[None, :])
    band = BAND_WIDTH * (p90 - p10)
    out = tested & ((x > med + band) | (x < med - band))
    return np.nonzero(out)[0]
