# Krun configuration (krun-config/), the local experiment runner
# (scripts/run-experiment) and their tests (tests/krun/).
#
#   make test-krun          runner protocol, configs, local runner (< 60 s)
#   make experiment         quick experiment on this machine + report
#   make experiment-paper   the paper-shaped run (days); resumable

.PHONY: test-krun experiment experiment-paper
TEST_TARGETS += test-krun

KRUN_QUICK_RESULTS := results/mtvm-quick_results.json.bz2
KRUN_PAPER_RESULTS := results/mtvm_results.json.bz2

test-krun:
	@$(PYTHON) tests/krun/run_tests.py --vm $(MTVM)

# Every strategy this machine supports (the others are skipped with their
# reason), all benchmarks, test parameters, a fresh results file each time.
experiment: $(MTVM)
	$(PYTHON) scripts/run-experiment --quick --force --out $(KRUN_QUICK_RESULTS)
	$(PYTHON) scripts/warmup report $(KRUN_QUICK_RESULTS) --out results/quick --quality low

# 30 process executions x 2000 iterations, paper parameters. Interrupt it at
# will: running it again resumes without losing a finished process execution.
experiment-paper: $(MTVM)
	$(PYTHON) scripts/run-experiment --resume --out $(KRUN_PAPER_RESULTS)
	$(PYTHON) scripts/warmup report $(KRUN_PAPER_RESULTS) --out results/paper
