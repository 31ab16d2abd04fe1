"""Changepoints by PELT with the Normal mean-and-variance cost (§E.3).

This reproduces R changepoint 2.2.2's cpt.meanvar(method="PELT",
penalty="Manual", pen.value=15*ln(m), minseglen=2), the call warmup_stats
makes on each process execution after removing its outliers.
"""
import math

import numpy as np

LOG_2PI = math.log(2.0 * math.pi)
# §E.3: a segment's variance is floored at 1e-11 when it is <= 0.
VAR_FLOOR = 1e-11
MIN_SEG_LEN = 2


def penalty(m):
    """§E.3: penalty 15 * ln(m), m = number of non-outlier points."""
    return 15.0 * math.log(m)


def cumulative_sums(x):
    """Prefix sums of x and x^2 with a leading 0, so that a segment's sums are
    differences of two entries. The data are centred first: the cost only
    depends on the variance, which a shift does not change, and centring
    keeps s2 - s1^2/l from cancelling catastrophically."""
    y = np.asarray(x, dtype=float)
    y = y - y.mean()
    s1 = np.concatenate(([0.0], np.cumsum(y)))
    s2 = np.concatenate(([0.0], np.cumsum(y * y)))
    return s1, s2


def segment_cost(s1, s2, length):
    """§E.3: l*(ln 2π + ln σ² + 1), σ² the population variance of the
    segment, floored at 1e-11. Works elementwise on numpy arrays."""
    var = (s2 - s1 * s1 / length) / length
    var = np.where(var <= 0.0, VAR_FLOOR, var)
    return length * (LOG_2PI + np.log(var) + 1.0)


def pelt(x, pen=None, minseglen=MIN_SEG_LEN):
    """Return the 1-based index of the last point of every segment (R's
    `cpts` slot including the final point len(x)), like changepoint 2.2.2.

    Recursion (§E.3): F(0) = -pen; F(t) = C(1..t) for t < 2*minseglen;
    otherwise F(t) = min over candidates τ of F(τ) + C(τ+1..t) + pen, the
    earliest candidate winning ties; a candidate survives if
    F(τ) + C(τ+1..t) <= F(t); after each t the candidate t-minseglen+1 joins.
    """
    n = len(x)
    if n < 2 * minseglen:
        raise ValueError("PELT needs at least %d points, got %d" % (2 * minseglen, n))
    if pen is None:
        pen = penalty(n)
    s1, s2 = cumulative_sums(x)
    F = np.zeros(n + 1)
    last = np.zeros(n + 1, dtype=np.int64)
    F[0] = -pen
    for t in range(minseglen, 2 * minseglen):
        F[t] = segment_cost(s1[t], s2[t], t)
    # The live candidates τ in ascending order, with F(τ), s1[τ], s2[τ]
    # alongside, in preallocated buffers: appending is O(1) and pruning
    # compacts in place.  PELT prunes little on homogeneous data, so these
    # hold O(t) candidates and the loop body is what costs.
    pos, cF, c1, c2 = (np.empty(n + 1) for _ in range(4))
    k = 0

    def add(tau):
        pos[k], cF[k], c1[k], c2[k] = tau, F[tau], s1[tau], s2[tau]
        return k + 1
    k = add(0)
    k = add(minseglen)
    for t in range(2 * minseglen, n + 1):
        # F(τ) + C(τ+1..t) + pen, the arithmetic of segment_cost() in place.
        length = t - pos[:k]
        sq = s1[t] - c1[:k]
        sq *= sq
        sq /= length
        tmp = s2[t] - c2[:k]
        tmp -= sq
        tmp /= length
        tmp[tmp <= 0.0] = VAR_FLOOR
        np.log(tmp, out=tmp)
        tmp += LOG_2PI
        tmp += 1.0
        tmp *= length
        tmp += cF[:k]
        tmp += pen
        best = int(np.argmin(tmp))          # first minimum: earliest τ
        F[t] = tmp[best]
        last[t] = int(pos[best])
        keep = tmp <= F[t] + pen
        if not keep.all():
            m = int(np.count_nonzero(keep))
            for buf in (pos, cF, c1, c2):
                buf[:m] = buf[:k][keep]
            k = m
        k = add(t - minseglen + 1)
    ends = []
    t = n
    while t > 0:
        ends.append(t)
        t = int(last[t])
    ends.reverse()
    return ends


def segments_with_outliers(x, outliers):
    """§E.3 steps 1, 4-6 for one process execution.

    Removes the outliers, runs PELT (penalty 15 ln m), maps the segment ends
    back to original indices and returns (changepoints, means, variances):
    changepoints are the 0-based indices of the last iteration of every
    segment but the final one; means and population variances are computed
    on the outlier-free data."""
    x = np.asarray(x, dtype=float)
    mask = np.ones(len(x), dtype=bool)
    mask[np.asarray(outliers, dtype=np.int64)] = False
    clean = x[mask]
    ends = pelt(clean, penalty(len(clean)))
    starts = [0] + ends[:-1]
    means = [float(clean[a:b].mean()) for a, b in zip(starts, ends)]
    variances = [float(clean[a:b].var()) for a, b in zip(starts, ends)]
    # §E.3 step 4: 0-based, then shift past each outlier in ascending order.
    # With the outliers removed, the k-th kept point has original index
    # kept_index[k], and the shifting rule amounts to that mapping.
    kept_index = np.nonzero(mask)[0]
    cps = [int(kept_index[e - 1]) for e in ends[:-1]]
    return cps, means, variances
