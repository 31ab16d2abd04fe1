"""warmup_stats' analysis method (research/krun-warmup.md §E) in Python 3.

Modules, one concept each:
  results      reading Krun results files (§D)
  outliers     sliding-window outlier detection (§E.2)
  changepoints PELT, Normal mean-and-variance cost (§E.3)
  classify     segment equivalence, classifications, steady state (§E.4-E.6)
  bootstrap    steady-state performance and its 99% interval (§E.6)
  analysis     the pipeline over a whole results set (parallel over keys)
  tables       terminal / LaTeX / HTML tables; summary_json the JSON summary
  diff         comparing two results sets
  plots        run-sequence and strategy-comparison plots
  cli          the `scripts/warmup` command line
"""
