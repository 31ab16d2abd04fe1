# Warmup analysis (warmup_stats' method, scripts/warmup): tests and speed check.
.PHONY: test-analysis bench-analysis
TEST_TARGETS += test-analysis

# Unit and end-to-end tests of scripts/warmup_analysis (about 15 s).
test-analysis:
	@$(PYTHON) tests/analysis/run_tests.py -q

# Times `warmup report --quality high` on a paper-sized synthetic results file
# (6 benchmarks x 5 VMs x 30 pexecs x 2000 iterations); not part of `make test`.
bench-analysis:
	@$(PYTHON) scripts/bench_analysis.py
