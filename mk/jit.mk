# The differential tests again with the software tracer, at stress settings
# (every loop hot after one or two arrivals and every exit after one or two
# exits, so nearly everything is traced, nearly every exit gets a side
# trace and nearly every guard gets exercised), under ASan+UBSan too; and
# once at the default thresholds, where traces run long enough to matter.
JIT_STRESS := --tracer=software --hot-loop=1 --hot-exit=1
.PHONY: test-jit-corpus test-jit-generated test-jit-asan test-jit-benchmarks
test-jit-corpus: $(MTVM)
	$(DIFFTEST) --vm "$(MTVM) $(JIT_STRESS)" tests/corpus
	$(DIFFTEST) --vm "$(MTVM) --tracer=software --hot-loop=2 --hot-exit=2 --gc-stress" --timeout 60 tests/corpus
	$(DIFFTEST) --vm "$(MTVM) --tracer=software" tests/corpus
test-jit-generated: $(MTVM)
	$(RUNGEN) --vm "$(MTVM) $(JIT_STRESS)" --count 1000 --seed-base $(GEN_SEED)
	$(RUNGEN) --vm "$(MTVM) --tracer=software --hot-loop=2 --hot-exit=2" --count 300 --seed-base $$(($(GEN_SEED) + 5000))
test-jit-asan: $(ASAN_MTVM)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(DIFFTEST) --vm "$(ASAN_MTVM) $(JIT_STRESS)" --timeout 60 tests/corpus
test-jit-benchmarks: $(MTVM)
	$(PYTHON) tests/bench/check_suite.py --vms mtvm --mtvm "$(MTVM) --tracer=software --hot-loop=2 --hot-exit=2"
TEST_TARGETS += test-jit-corpus test-jit-generated test-jit-asan test-jit-benchmarks
