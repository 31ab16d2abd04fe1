"""The results reader and the `scripts/warmup` command line, end to end on
small synthetic Krun results files (make_results.py)."""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

import helpers
import make_results
from warmup_analysis import results

SPEC = {
    "nbody:none:default-mt": ["warmup"] * 3 + ["crash"],
    "nbody:software:default-mt": ["flat", "outliers", "flat"],
    "fasta:none:default-mt": ["slowdown", "timeout", "slowdown"],
    "fasta:software:default-mt": ["nss", "nss", "warmup"],
    "fasta:luajit:default-lua": [],                       # skipped by Krun
    "richards:none:default-mt": ["crash", "timeout"],    # every pexec failed
}


def warmup(*args):
    return subprocess.run([helpers.WARMUP] + list(args), capture_output=True,
                          text=True, timeout=120)


class Reader(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="warmup-test-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def test_bz2_and_plain_json(self):
        doc = make_results.make_doc(SPEC, 50, seed=2)
        for name in ("r.json.bz2", "r.json"):
            path = os.path.join(self.dir, name)
            make_results.write(path, doc)
            rs = results.ResultsSet([path])
            self.assertEqual(rs.machine, "synth-host")
            self.assertEqual(rs.n_iterations, 50)
            k = rs.keys["nbody:none:default-mt"]
            self.assertEqual([len(p) for p in k.pexecs], [50, 50, 50, 0])
            self.assertEqual(k.flags, ["C", "C", "C", "E"])
            self.assertEqual(rs.keys["fasta:luajit:default-lua"].pexecs, [])

    def test_old_krun_without_flags_and_merging(self):
        doc = make_results.make_doc({"b:vm:v": ["flat", "crash"]}, 30, seed=3)
        del doc["pexec_flags"]
        doc["reboots"] = 3                      # legacy keys are ignored (§D.2)
        doc["starting_temperatures"] = []
        p1, p2 = os.path.join(self.dir, "a.json"), os.path.join(self.dir, "b.json.bz2")
        make_results.write(p1, doc)
        make_results.write(p2, doc)
        rs = results.ResultsSet([p1, p2])
        self.assertEqual(rs.keys["b:vm:v"].flags, ["?", "?", "?", "?"])
        self.assertEqual(len(rs.keys["b:vm:v"].pexecs), 4)

    def test_bad_files(self):
        path = os.path.join(self.dir, "bad.json.bz2")
        with open(path, "wb") as fh:
            fh.write(b"not bzip2")
        with self.assertRaises(results.ResultsError):
            results.ResultsSet([path])
        r = warmup("table", path)
        self.assertEqual(r.returncode, 2)
        self.assertIn("cannot read", r.stderr)


class CommandLine(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="warmup-cli-")
        cls.path = os.path.join(cls.dir, "small_results.json.bz2")
        make_results.write(cls.path, make_results.make_doc(SPEC, 200, seed=4))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def test_report_writes_everything(self):
        out = os.path.join(self.dir, "report")
        r = warmup("report", self.path, "--out", out, "--quality", "low")
        self.assertEqual(r.returncode, 0, r.stderr)
        for name in ("table.txt", "report.html", "table.tex", "summary.json"):
            self.assertTrue(os.path.getsize(os.path.join(out, name)) > 0, name)
        with open(os.path.join(out, "table.txt")) as fh:
            self.assertEqual(fh.read(), r.stdout)
        self.assertIn("nbody", r.stdout)
        self.assertIn("[1 failed]", r.stdout)
        self.assertIn("crashed", r.stdout)
        self.assertIn("nbody:none:default-mt: #4 E (error)", r.stdout)
        self.assertIn("fasta:none:default-mt: #2 T (timed out)", r.stdout)
        plots = os.listdir(os.path.join(out, "plots"))
        for key in SPEC:
            if SPEC[key]:
                for ext in (".png", ".pdf"):
                    self.assertIn(key.replace(":", "__") + ext, plots)
        for bench in ("nbody", "fasta", "richards"):
            self.assertIn("compare__%s.png" % bench, plots)
            self.assertIn("compare__%s.pdf" % bench, plots)
        with open(os.path.join(out, "report.html")) as fh:
            page = fh.read()
        self.assertIn("plots/nbody__none__default-mt.png", page)
        self.assertIn("plots/compare__fasta.pdf", page)
        with open(os.path.join(out, "table.tex")) as fh:
            tex = fh.read()
        self.assertIn(r"\begin{tabular}", tex)
        self.assertIn(r"\multicolumn{4}{c}{luajit}", tex)
        self.assertIn("skipped", tex)

    def test_summary_json(self):
        r = warmup("table", self.path, "--format", "json", "--quality", "low")
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = json.loads(r.stdout)
        self.assertEqual(doc["warmup_format_version"], "2")
        m = doc["machines"]["synth-host"]
        self.assertEqual(m["none"]["nbody"]["classification"], "warmup")
        self.assertEqual(m["none"]["nbody"]["steady_state_iteration"], 20.0)
        self.assertEqual(m["software"]["nbody"]["classification"], "flat")
        self.assertEqual(m["none"]["fasta"]["classification"], "slowdown")
        self.assertEqual(m["software"]["fasta"]["classification"], "bad inconsistent")
        self.assertIsNone(m["software"]["fasta"]["steady_state_time"])
        self.assertEqual(m["none"]["richards"]["classification"], "crashed")
        self.assertEqual(m["luajit"]["fasta"]["classification"], "skipped")
        pe = m["none"]["nbody"]["process_executons"]
        self.assertEqual(len(pe), 4)
        self.assertEqual(pe[3]["flag"], "E")
        self.assertIsNone(pe[3]["classification"])
        self.assertEqual(pe[0]["changepoints"], [19])
        self.assertEqual(doc["analysis"]["resamples"], 10000)

    def test_table_formats_and_reproducibility(self):
        outs = {}
        for fmt in ("text", "html", "latex", "json"):
            r = warmup("table", self.path, "--format", fmt, "--quality", "low",
                       "--jobs", "1")
            self.assertEqual(r.returncode, 0, r.stderr)
            outs[fmt] = r.stdout
        self.assertTrue(outs["html"].startswith("<!DOCTYPE html>"))
        self.assertIn(r"\end{tabular}", outs["latex"])
        again = warmup("table", self.path, "--format", "json", "--quality", "low")
        self.assertEqual(again.stdout, outs["json"])     # fixed seeds, any --jobs

    def test_plot_one_key(self):
        out = os.path.join(self.dir, "plots1")
        r = warmup("plot", self.path, "--out", out, "--key", "fasta:none:default-mt",
                   "--quality", "low")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(os.listdir(out)),
                         ["compare__fasta.pdf", "compare__fasta.png",
                          "fasta__none__default-mt.pdf", "fasta__none__default-mt.png"])
        r = warmup("plot", self.path, "--out", out, "--key", "no:such:key")
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    unittest.main()
