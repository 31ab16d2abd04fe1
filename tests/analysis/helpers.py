"""Shared set-up for the analysis tests: import paths and the repo root."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
SCRIPTS = os.path.join(ROOT, "scripts")
WARMUP = os.path.join(SCRIPTS, "warmup")
for p in (HERE, SCRIPTS):
    if p not in sys.path:
        sys.path.insert(0, p)
