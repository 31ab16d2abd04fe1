"""Bootstrapped steady-state performance and its 99% interval (§E.6)."""
import unittest

import numpy as np

import helpers  # noqa: F401
from warmup_analysis import bootstrap


def coverage(trials, pexecs, length, resamples, seed):
    """Fraction of intervals containing the true mean 1.0."""
    data_rng = np.random.default_rng(seed)
    boot_rng = np.random.default_rng(seed + 1)
    hits = 0
    for _ in range(trials):
        segs = [[data_rng.normal(1.0, 0.1, length)] for _ in range(pexecs)]
        est = bootstrap.estimate(segs, resamples, boot_rng)
        hits += est.lower <= 1.0 <= est.upper
    return hits / trials


class Coverage(unittest.TestCase):
    def test_one_pexec_near_99_percent(self):
        # 400 trials: a binomial sd of 0.5 percentage points around 0.99.
        cov = coverage(400, 1, 200, 2000, seed=1)
        self.assertGreaterEqual(cov, 0.97)
        self.assertLessEqual(cov, 1.0)

    def test_several_pexecs_at_least_99_percent(self):
        # Pexecs are never mixed, so the pooled means spread like one pexec's
        # mean plus the differences between pexecs: conservative.
        self.assertGreaterEqual(coverage(150, 5, 100, 2000, seed=2), 0.98)

    def test_segments_weighted_by_length(self):
        rng = np.random.default_rng(3)
        est = bootstrap.estimate([[np.full(30, 1.0), np.full(10, 2.0)]], 1000, rng)
        self.assertAlmostEqual(est.median, (30 * 1.0 + 10 * 2.0) / 40)
        self.assertAlmostEqual(est.ci, 0.0)


class Mechanics(unittest.TestCase):
    def test_resample_counts(self):
        self.assertEqual(bootstrap.resamples_per_pexec(100000, 30), 3334)
        rng = np.random.default_rng(0)
        est = bootstrap.estimate([[np.arange(5.0)]] * 30, 100000, rng)
        self.assertEqual(len(est.means), 100020)
        self.assertTrue(np.all(np.diff(est.means) >= 0))

    def test_interval_indices(self):
        # §E.6: lower = means[int(q_down(0.005 L))], upper =
        # means[int(q_up(0.995 L)) - 1]; L = 100020 -> 500 and 99518.
        means = np.arange(100020.0)
        self.assertEqual(bootstrap.percentile_interval(means), (500.0, 99518.0))
        self.assertEqual(bootstrap.percentile_interval(np.arange(10.0)), (0.0, 9.0))
        self.assertEqual(bootstrap.percentile_interval(np.arange(1000.0)), (5.0, 994.0))

    def test_reproducible(self):
        segs = [[np.random.default_rng(9).normal(1.0, 0.1, 50)]] * 3
        a = bootstrap.estimate(segs, 10000, np.random.default_rng(42))
        b = bootstrap.estimate(segs, 10000, np.random.default_rng(42))
        self.assertEqual(a[:4], b[:4])

    def test_ratio_interval(self):
        rng = np.random.default_rng(5)
        after = np.sort(rng.normal(0.8, 0.01, 10000))
        before = np.sort(rng.normal(1.0, 0.01, 10000))
        lo, hi = bootstrap.ratio_interval(after, before, rng)
        self.assertLess(lo, 0.8)
        self.assertGreater(hi, 0.8)
        self.assertLess(hi, 1.0)


if __name__ == "__main__":
    unittest.main()
