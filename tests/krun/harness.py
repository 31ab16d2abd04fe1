"""Shared bits of the tests/krun suites: pass/fail counting, paths, the VM
under test, and a fixture repository tree."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(HERE, "fixtures")
RUNNER = os.path.join(ROOT, "krun-config", "iterations_runner.mt")
FAKE_MTVM = os.path.join(HERE, "fake_mtvm")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
sys.dont_write_bytecode = True

from experiment import definition, process  # noqa: E402

EXP = definition.load_def(ROOT)


class Suite:
    def __init__(self):
        self.passed, self.failed = 0, 0

    def check(self, name, cond, detail=""):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL %s %s" % (name, detail))
        return cond

    def run(self, name, fn, *args):
        """Runs one test function; an exception is one failure."""
        try:
            fn(self, *args)
        except Exception:
            self.failed += 1
            print("FAIL %s raised:\n%s" % (name, traceback.format_exc()))


def run(argv, timeout=60, env=None, cwd=ROOT):
    argv = [str(a) for a in argv]
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout, env=env, cwd=cwd)
    return p.returncode, p.stdout.decode("utf-8", "replace"), \
        p.stderr.decode("utf-8", "replace")


def is_json(text):
    try:
        json.loads(text)
        return True
    except ValueError:
        return False


def make_fixture_root(benches, vm=FAKE_MTVM):
    """A throw-away repository tree: the real krun-config/, a suite.json of
    the given [(name, fixture file)], and build/mtvm -> vm."""
    root = tempfile.mkdtemp(prefix="krun-test-")
    os.symlink(os.path.join(ROOT, "krun-config"),
               os.path.join(root, "krun-config"))
    os.makedirs(os.path.join(root, "build"))
    os.symlink(vm, os.path.join(root, "build", "mtvm"))
    suite = []
    for i, (name, src) in enumerate(benches):
        d = os.path.join(root, "benchmarks", name)
        os.makedirs(d)
        shutil.copy(os.path.join(FIXTURES, src), os.path.join(d, "bench.mt"))
        suite.append({"name": name, "group": "warmup", "paper": 100 + i,
                      "dev": 10 + i, "test": 1 + i})
    with open(os.path.join(root, "benchmarks", "suite.json"), "w") as fh:
        json.dump(suite, fh)
    return root
