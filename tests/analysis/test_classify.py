"""Outliers (§E.2), classification (§E.4, §E.6) and steady state (§E.5)."""
import unittest

import numpy as np

import helpers  # noqa: F401
import make_results
from warmup_analysis import analysis, classify, outliers
from warmup_analysis.classify import FLAT, NSS, SLOWDOWN, WARMUP


def run_pexec(shape, n=2000, seed=0):
    rng = np.random.default_rng(seed)
    x = make_results.series(shape, n, rng)
    return analysis.analyse_pexec(0, "C", x, outliers.window_size(n),
                                  classify.steady_horizon(n), classify.DEFAULT_DELTA)[0]


class Outliers(unittest.TestCase):
    def test_spike_found_and_start_skipped(self):
        rng = np.random.default_rng(1)
        x = 1.0 + rng.normal(0, 0.001, 1000)
        x[[5, 500, 999]] = 2.0            # 5 is inside the untested start
        self.assertEqual(outliers.find_outliers(x, 100).tolist(), [500, 999])

    def test_rule_by_hand(self):
        # W = 10: i is tested once its window x[i-5:i+5] is no longer clipped
        # short at the start (i >= 5); the band is median ± 3*(p90-p10).
        x = np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 30.0])
        got = outliers.find_outliers(x, 10).tolist()
        want = []
        for i in range(len(x)):
            lo, hi = max(0, i - 5), min(len(x), i + 5)
            if lo == 0 and hi < 10:
                continue
            w = x[lo:hi]
            med, p10, p90 = np.median(w), np.percentile(w, 10), np.percentile(w, 90)
            if x[i] > med + 3 * (p90 - p10) or x[i] < med - 3 * (p90 - p10):
                want.append(i)
        self.assertEqual(got, want)

    def test_window_sizes(self):
        self.assertEqual(outliers.window_size(2000), 200)
        self.assertEqual(classify.steady_horizon(2000), 500)
        self.assertEqual(outliers.find_outliers([1.0, 9.0, 1.0], 1).tolist(), [])


class KnownShapes(unittest.TestCase):
    def test_shapes(self):
        want = {"flat": FLAT, "warmup": WARMUP, "slowdown": SLOWDOWN,
                "nss": NSS, "outliers": FLAT}
        for n in (2000, 400):
            for shape, cls in want.items():
                for seed in range(3):
                    p = run_pexec(shape, n, seed)
                    self.assertEqual(p.classification, cls, (shape, n, seed))

    def test_outliers_are_marked(self):
        p = run_pexec("outliers", 2000, 7)
        self.assertGreaterEqual(len(p.outliers), 10)
        self.assertEqual(p.changepoints, [])

    def test_warmup_steady_state(self):
        n = 2000
        p = run_pexec("warmup", n, 3)
        self.assertEqual(p.changepoints, [n // 10 - 1])
        self.assertEqual(p.steady_iteration, n // 10)       # c + 1
        self.assertAlmostEqual(p.steady_mean, 0.05, places=4)
        rng = np.random.default_rng(3)
        x = make_results.series("warmup", n, rng)
        self.assertAlmostEqual(p.time_to_reach, sum(x[:n // 10 - 1]))   # first c
        self.assertAlmostEqual(run_pexec("flat").time_to_reach, 0.0)
        self.assertEqual(run_pexec("flat").steady_iteration, 1)


class Rules(unittest.TestCase):
    """§E.4 on hand-built segments (means/variances in seconds)."""
    n, S = 2000, 500

    def cls(self, cps, means, variances=None):
        variances = variances or [0.0] * len(means)
        return classify.classify_pexec(cps, means, variances, self.n, self.S)

    def test_single_segment_flat(self):
        self.assertEqual(self.cls([], [1.0]), FLAT)

    def test_delta_equivalence(self):
        self.assertEqual(self.cls([99], [1.0009, 1.0]), FLAT)       # within D
        self.assertEqual(self.cls([99], [1.0011, 1.0]), WARMUP)
        self.assertEqual(self.cls([99], [0.9989, 1.0]), SLOWDOWN)

    def test_percentage_delta(self):
        # "X%" is X% of the fastest segment mean (§E.4): 1% of 0.5 = 0.005.
        def cls(means):
            return classify.classify_pexec([99], means, [0.0, 0.0], self.n, self.S, "1%")
        self.assertEqual(cls([0.504, 0.5]), FLAT)
        self.assertEqual(cls([0.506, 0.5]), WARMUP)
        self.assertAlmostEqual(classify.absolute_delta("10%", [3.0, 2.0]), 0.2)

    def test_variance_widens_band(self):
        # v_L = 0.01 (s^2) widens the band to ±0.01; v_k widens segment k.
        self.assertEqual(self.cls([99], [1.009, 1.0], [0.0, 0.01]), FLAT)
        self.assertEqual(self.cls([99], [1.015, 1.0], [0.015, 0.0]), FLAT)
        self.assertEqual(self.cls([99], [1.015, 1.0], [0.013, 0.0]), WARMUP)

    def test_no_steady_state_horizon(self):
        # The latest non-equivalent segment ends after n - S -> NSS (strict).
        self.assertEqual(self.cls([self.n - self.S], [2.0, 1.0]), WARMUP)
        self.assertEqual(self.cls([self.n - self.S + 1], [2.0, 1.0]), NSS)

    def test_scan_continues_after_warmup(self):
        # slower, then faster earlier on: the earlier faster one wins.
        self.assertEqual(self.cls([99, 199], [0.5, 2.0, 1.0]), SLOWDOWN)
        self.assertEqual(self.cls([99, 199], [2.0, 3.0, 1.0]), WARMUP)
        # an equivalent segment between does not stop the scan
        self.assertEqual(self.cls([99, 199, 299], [0.5, 1.0, 2.0, 1.0]), SLOWDOWN)

    def test_key_consistency(self):
        self.assertEqual(classify.classify_key([WARMUP] * 3), WARMUP)
        self.assertEqual(classify.classify_key([NSS, NSS]), NSS)
        self.assertEqual(classify.classify_key([FLAT, WARMUP, FLAT]), "good inconsistent")
        self.assertEqual(classify.classify_key([FLAT, SLOWDOWN]), "bad inconsistent")
        self.assertEqual(classify.classify_key([WARMUP, NSS]), "bad inconsistent")

    def test_steady_segments_and_samples(self):
        x = np.arange(20, dtype=float)
        cps, means, variances = [4, 9, 14], [5.0, 1.0, 1.0005, 1.0], [0.0] * 4
        st = classify.steady_state(x, [12], cps, means, variances, WARMUP)
        self.assertEqual(st.first_segment, 1)
        self.assertEqual(st.iteration, 5)                    # c = cps[0] = 4
        self.assertEqual(st.time_to_reach, 0 + 1 + 2 + 3)    # first c iterations
        self.assertAlmostEqual(st.mean, np.mean([1.0, 1.0005, 1.0]))
        # Segments 1, 2 whole (outlier 12 removed); the last starts AT cps[-1].
        self.assertEqual([s.tolist() for s in st.samples],
                         [[5, 6, 7, 8, 9], [10, 11, 13, 14], [14, 15, 16, 17, 18, 19]])


class KeySummary(unittest.TestCase):
    def summarise(self, shapes, n=300):
        doc = make_results.make_doc({"b:vm:v": shapes}, n, seed=5)
        from warmup_analysis.results import keys_of
        data = keys_of(doc, "mem")["b:vm:v"]
        return analysis.analyse_key((data, n, 2000, classify.DEFAULT_DELTA))[0]

    def test_consistency_classes(self):
        self.assertEqual(self.summarise(["warmup"] * 4)["classification"], WARMUP)
        s = self.summarise(["flat", "warmup", "flat"])
        self.assertEqual(s["classification"], "good inconsistent")
        self.assertEqual(s["detailed_classification"],
                         {FLAT: 2, WARMUP: 1, SLOWDOWN: 0, NSS: 0})
        self.assertEqual(self.summarise(["flat", "slowdown"])["classification"],
                         "bad inconsistent")

    def test_nulls(self):
        s = self.summarise(["warmup", "nss"])
        self.assertIsNone(s["steady_state_time"])
        self.assertIsNone(s["steady_state_iteration"])
        s = self.summarise(["flat"] * 3)
        self.assertEqual(s["classification"], FLAT)
        self.assertIsNone(s["steady_state_iteration"])
        self.assertAlmostEqual(s["steady_state_time"], 0.05, places=4)
        s = self.summarise(["warmup"] * 3 + ["crash", "timeout"])
        self.assertEqual(s["steady_state_iteration"], 30.0)
        self.assertEqual(s["steady_state_iteration_iqr"], [30.0, 30.0])
        self.assertEqual([f["flag"] for f in s["failed_pexecs"]], ["E", "T"])

    def test_all_failed(self):
        self.assertEqual(self.summarise(["crash", "crash"])["classification"], "crashed")
        self.assertEqual(self.summarise([])["classification"], "skipped")


if __name__ == "__main__":
    unittest.main()
