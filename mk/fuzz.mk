# Fuzzing with libFuzzer (clang): `make fuzz SECONDS=N` runs each target for
# N/2 seconds from the language corpus; crashes land in build/fuzz/artifacts
# and belong, once fixed, in tests/fuzz/regressions/ (run by make test).
SECONDS    ?= 60
FUZZ_CC    := clang
FUZZ_FLAGS := -std=c11 -D_GNU_SOURCE -O1 -g -fno-strict-aliasing -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
FUZZ_SRCS  := $(filter-out vm/main.c,$(VM_SRCS))
FUZZ_DIR   := $(BUILD)/fuzz

$(FUZZ_DIR)/%: tests/fuzz/%.c $(FUZZ_SRCS) $(wildcard vm/*.h tracer/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -Ivm -Itracer -o $@ $< $(FUZZ_SRCS) -lm

# The execution target again with the JIT on (see fuzz_exec.c).
$(FUZZ_DIR)/fuzz_exec_jit: tests/fuzz/fuzz_exec.c $(FUZZ_SRCS) $(wildcard vm/*.h tracer/*.h)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -DFUZZ_WITH_JIT -Ivm -Itracer -o $@ $< $(FUZZ_SRCS) -lm

.PHONY: fuzz
fuzz: $(FUZZ_DIR)/fuzz_frontend $(FUZZ_DIR)/fuzz_exec $(FUZZ_DIR)/fuzz_exec_jit
	@mkdir -p $(FUZZ_DIR)/artifacts $(FUZZ_DIR)/corpus-frontend $(FUZZ_DIR)/corpus-exec $(FUZZ_DIR)/corpus-exec-jit
	$(FUZZ_DIR)/fuzz_frontend -max_total_time=$$(($(SECONDS) / 3)) -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=$(FUZZ_DIR)/artifacts/ $(FUZZ_DIR)/corpus-frontend tests/corpus/*/ tests/fuzz/regressions
	$(FUZZ_DIR)/fuzz_exec -max_total_time=$$(($(SECONDS) / 3)) -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=$(FUZZ_DIR)/artifacts/ $(FUZZ_DIR)/corpus-exec tests/corpus/*/ tests/fuzz/regressions
	$(FUZZ_DIR)/fuzz_exec_jit -max_total_time=$$(($(SECONDS) / 3)) -timeout=10 -rss_limit_mb=2048 \
	    -artifact_prefix=$(FUZZ_DIR)/artifacts/jit- $(FUZZ_DIR)/corpus-exec-jit tests/corpus/*/ tests/fuzz/regressions

# Every saved crash or hang input runs through every target once (no
# fuzzing), each within the fuzzing runs' time limit.
.PHONY: test-fuzz-regressions
test-fuzz-regressions: $(FUZZ_DIR)/fuzz_frontend $(FUZZ_DIR)/fuzz_exec $(FUZZ_DIR)/fuzz_exec_jit
	@n=$$(ls tests/fuzz/regressions | wc -l); \
	$(FUZZ_DIR)/fuzz_frontend -runs=0 -timeout=10 tests/fuzz/regressions >/dev/null 2>$(FUZZ_DIR)/frontend.log && \
	$(FUZZ_DIR)/fuzz_exec -runs=0 -timeout=10 tests/fuzz/regressions >/dev/null 2>$(FUZZ_DIR)/exec.log && \
	$(FUZZ_DIR)/fuzz_exec_jit -runs=0 -timeout=10 tests/fuzz/regressions >/dev/null 2>$(FUZZ_DIR)/exec-jit.log && \
	echo "fuzz regressions: $$n passed, 0 failed" || \
	{ tail -30 $(FUZZ_DIR)/frontend.log $(FUZZ_DIR)/exec.log $(FUZZ_DIR)/exec-jit.log; echo "fuzz regressions: 0 passed, $$n failed"; exit 1; }
TEST_TARGETS += test-fuzz-regressions
