#!/usr/bin/python3
"""tests/krun: the iterations runner, the Krun configs, the local runner.

  /usr/bin/python3 tests/krun/run_tests.py [--vm build/mtvm]

--vm is the mtvm binary the runner tests use; if it does not exist the
suite falls back to tests/krun/fake_mtvm (lua5.4 + a fake `mtvm` table) and
says so.
"""
import argparse
import os
import sys
import time

from harness import FAKE_MTVM, ROOT, Suite
import test_config
import test_local_runner
import test_real_krun
import test_runner


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vm", default=os.path.join(ROOT, "build", "mtvm"))
    args = ap.parse_args()
    vm = os.path.abspath(args.vm)
    if not os.access(vm, os.X_OK):
        print("note: %s does not exist; runner tests use %s (lua5.4 + shim)"
              % (args.vm, FAKE_MTVM))
        vm = FAKE_MTVM
    start = time.time()
    s = Suite()
    test_runner.run_all(s, [vm])
    test_config.run_all(s)
    test_local_runner.run_all(s, vm)
    test_real_krun.run_all(s, vm)
    print("krun tests (%s, %.1f s): %d passed, %d failed"
          % (os.path.relpath(vm, ROOT), time.time() - start, s.passed, s.failed))
    return 1 if s.failed else 0


if __name__ == "__main__":
    sys.exit(main())
