"""Local experiment runner: runs krun-config's experiment without Krun.

Modules: definition (the shared matrix), process (one process execution),
results (Krun's results file), audit (machine info), progress (bar + ETA),
cli (scripts/run-experiment).
"""
