"""`scripts/warmup diff` on two synthetic results files."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import helpers
import make_results

BEFORE = {"nbody:none:default-mt": ["warmup"] * 4,
          "fasta:none:default-mt": ["flat"] * 4,
          "richards:none:default-mt": ["flat"] * 4,
          "spectralnorm:none:default-mt": ["nss"] * 3,
          "gone:none:default-mt": ["flat"] * 2}
AFTER = {"nbody:none:default-mt": ["warmup"] * 4,     # 20% faster
         "fasta:none:default-mt": ["flat"] * 4,       # 20% faster
         "richards:none:default-mt": ["warmup"] * 4,  # class changes
         "spectralnorm:none:default-mt": ["flat"] * 3,
         "new:none:default-mt": ["flat"] * 2}


class Diff(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="warmup-diff-")
        cls.before = os.path.join(cls.dir, "before.json.bz2")
        cls.after = os.path.join(cls.dir, "after.json.bz2")
        make_results.write(cls.before, make_results.make_doc(BEFORE, 200, seed=1))
        after = make_results.make_doc(AFTER, 200, seed=2)
        faster = make_results.make_doc(AFTER, 200, seed=2, base=0.04)
        for key in ("nbody:none:default-mt", "fasta:none:default-mt"):
            after["wallclock_times"][key] = faster["wallclock_times"][key]
        make_results.write(cls.after, after)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def run_diff(self, fmt):
        r = subprocess.run([helpers.WARMUP, "diff", self.before, self.after, "--format",
                            fmt, "--quality", "low"], capture_output=True, text=True,
                           timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def test_json(self):
        rows = {r["key"]: r for r in json.loads(self.run_diff("json"))["keys"]}
        nb = rows["nbody:none:default-mt"]
        self.assertEqual(nb["classification_change"], "same")
        self.assertAlmostEqual(nb["ratio"], 0.8, delta=0.01)
        self.assertLess(nb["ratio_interval"][1], 1.0)
        self.assertLess(nb["ratio_interval"][0], nb["ratio"])
        self.assertEqual(nb["verdict"], "faster")
        self.assertEqual(rows["fasta:none:default-mt"]["verdict"], "faster")
        ri = rows["richards:none:default-mt"]
        self.assertEqual((ri["before_classification"], ri["after_classification"],
                          ri["classification_change"]), ("flat", "warmup", "changed"))
        self.assertLess(ri["ratio_interval"][0], 1.0)
        self.assertGreater(ri["ratio_interval"][1], 1.0)
        self.assertEqual(ri["verdict"], "same")
        sn = rows["spectralnorm:none:default-mt"]
        self.assertEqual(sn["verdict"], "no steady state")
        self.assertIsNone(sn["ratio"])
        self.assertEqual(rows["gone:none:default-mt"]["classification_change"], "only before")
        self.assertEqual(rows["new:none:default-mt"]["classification_change"], "only after")

    def test_text_html_latex(self):
        text = self.run_diff("text")
        line = [l for l in text.splitlines() if l.startswith("nbody:none")][0]
        self.assertIn("faster", line)
        self.assertIn("0.8", line)
        self.assertIn("<tr class='faster'>", self.run_diff("html"))
        self.assertIn(r"\end{tabular}", self.run_diff("latex"))


if __name__ == "__main__":
    unittest.main()
