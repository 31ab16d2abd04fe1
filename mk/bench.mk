# Benchmarks: the suite's self-checks on every VM, a smoke test of the
# benchmark runner, and `make bench` (not part of `make test`).
#   make bench BENCH_ARGS="--suite awfy --reps 3"
# See benchmarks/README.md and scripts/bench.py --help.

.PHONY: test-benchmarks test-bench-script bench

BENCH_ARGS ?=

test-benchmarks:
	@$(PYTHON) tests/bench/check_suite.py --mtvm $(MTVM)

test-bench-script:
	@$(PYTHON) tests/bench/check_bench_script.py --mtvm $(MTVM)

bench: $(MTVM)
	@$(PYTHON) scripts/bench.py --vm mtvm="$(MTVM) --tracer=none" $(BENCH_ARGS)

TEST_TARGETS += test-benchmarks test-bench-script
