"""PELT against an exhaustive optimal-partitioning search (§E.3)."""
import math
import unittest

import numpy as np

import helpers  # noqa: F401  (import paths)
from warmup_analysis import changepoints as cp

MIN = cp.MIN_SEG_LEN


def direct_cost(seg):
    """Same cost as §E.3, computed independently from the segment itself."""
    var = float(np.var(seg))          # population variance
    if var <= 0.0:
        var = 1e-11
    return len(seg) * (math.log(2 * math.pi) + math.log(var) + 1.0)


def optimal_partitioning(x, pen):
    """O(n^2) dynamic programme: F(0) = -pen, F(t) = min over every τ that
    leaves segments of >= MIN points of F(τ) + C(τ+1..t) + pen; earliest τ
    wins ties. Returns (segment ends, objective)."""
    n = len(x)
    F = [math.inf] * (n + 1)
    last = [0] * (n + 1)
    F[0] = -pen
    for t in range(MIN, n + 1):
        for tau in [0] + list(range(MIN, t - MIN + 1)):
            v = F[tau] + direct_cost(x[tau:t]) + pen
            if v < F[t]:
                F[t], last[t] = v, tau
    ends, t = [], n
    while t > 0:
        ends.append(t)
        t = last[t]
    return ends[::-1], F[n]


def objective(x, ends, pen):
    starts = [0] + ends[:-1]
    return sum(direct_cost(x[a:b]) for a, b in zip(starts, ends)) + pen * (len(ends) - 1)


def random_series(rng, round_prob=0.0):
    n = int(rng.integers(10, 81))
    k = int(rng.integers(1, 5))
    cuts = sorted(rng.choice(np.arange(2, n - 1), size=k - 1, replace=False)) if k > 1 else []
    bounds = [0] + list(cuts) + [n]
    x = np.concatenate([rng.normal(rng.uniform(0.5, 2.0), rng.uniform(0.001, 0.3), b - a)
                        for a, b in zip(bounds, bounds[1:])])
    if rng.random() < round_prob:
        x = np.round(x, 2)            # ties and zero-variance stretches
    return x


class PeltVsExhaustive(unittest.TestCase):
    def compare(self, count, pen_of, seed, round_prob=0.0):
        """Returns how many of `count` random series PELT partitions exactly
        like the exhaustive search; a difference that is only a float tie
        (same objective) counts as agreement. PELT can never beat OP."""
        rng = np.random.default_rng(seed)
        agree = 0
        for _ in range(count):
            x = random_series(rng, round_prob)
            pen = pen_of(len(x))
            got = cp.pelt(x, pen)
            want, best = optimal_partitioning(x, pen)
            mine = objective(x, got, pen)
            tol = 1e-7 * abs(best) + 1e-9
            self.assertGreaterEqual(mine, best - tol)
            if got == want or abs(mine - best) <= tol:
                agree += 1
        return agree

    def test_paper_penalty(self):
        # 15 ln n on continuous data: PELT must find the optimum every time.
        self.assertEqual(self.compare(300, cp.penalty, seed=11), 300)

    def test_low_penalty_and_ties(self):
        """R changepoint's pruning (kept faithfully, §E.3) is exact only when
        splitting never raises the cost: the 1e-11 variance floor on tied
        values and pruning a candidate one step before a 2-point segment
        could use it break that now and then. Allow those rare cases."""
        n = 200
        agree = self.compare(n, lambda m: 2.0 * math.log(m), seed=12, round_prob=0.3)
        self.assertGreaterEqual(agree, 0.9 * n)

    def test_segments_have_min_length(self):
        rng = np.random.default_rng(3)
        for _ in range(50):
            x = random_series(rng)
            ends = cp.pelt(x, 1.0)
            starts = [0] + ends[:-1]
            self.assertTrue(all(b - a >= MIN for a, b in zip(starts, ends)))
            self.assertEqual(ends[-1], len(x))

    def test_finds_obvious_step(self):
        rng = np.random.default_rng(4)
        x = np.concatenate([rng.normal(1.0, 0.01, 100), rng.normal(0.5, 0.01, 300)])
        self.assertEqual(cp.pelt(x), [100, 400])

    def test_too_short(self):
        with self.assertRaises(ValueError):
            cp.pelt([1.0, 2.0, 3.0])

    def test_outlier_index_mapping(self):
        """§E.3 step 4: changepoints are shifted past removed outliers and
        mean the last (original, 0-based) index of the earlier segment."""
        rng = np.random.default_rng(5)
        x = np.concatenate([rng.normal(1.0, 0.01, 50), rng.normal(0.5, 0.01, 50)])
        x[10] = x[20] = x[70] = 100.0
        cps, means, variances = cp.segments_with_outliers(x, [10, 20, 70])
        self.assertEqual(cps, [49])
        self.assertAlmostEqual(means[0], np.delete(x[:50], [10, 20]).mean())
        self.assertAlmostEqual(variances[1], np.delete(x[50:], [20]).var())
        # Outliers straddling the change: clean index 47 is original 49.
        cps, _, _ = cp.segments_with_outliers(x, [10, 20])
        self.assertIn(49, cps)


if __name__ == "__main__":
    unittest.main()
