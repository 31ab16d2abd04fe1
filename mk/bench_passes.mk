# What each trace-optimiser pass contributes: mtvm --tracer=software with
# all passes, each pass off in turn, and none, against lua5.4 (not part of
# `make test`; its smoke test is).
#   make bench-passes BENCH_PASSES_ARGS="--reps 3 --iters 5"
# See scripts/bench_passes.py --help.

.PHONY: bench-passes test-bench-passes

BENCH_PASSES_ARGS ?=

bench-passes: $(MTVM)
	@$(PYTHON) scripts/bench_passes.py --mtvm "$(MTVM) --tracer=software" $(BENCH_PASSES_ARGS)

test-bench-passes:
	@$(PYTHON) tests/bench/check_bench_passes.py --mtvm $(MTVM)

TEST_TARGETS += test-bench-passes
