# The corpus again, under ASan+UBSan and under the GC stress mode (a
# collection at every collection point, i.e. after every allocating
# operation). Both compare with lua5.4 exactly like test-corpus.
.PHONY: test-corpus-asan test-corpus-gcstress
test-corpus-asan: $(ASAN_MTVM)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    $(DIFFTEST) --vm "$(ASAN_MTVM)" --timeout 60 tests/corpus
test-corpus-gcstress: $(MTVM)
	$(DIFFTEST) --vm "$(MTVM) --gc-stress" --timeout 60 tests/corpus
TEST_TARGETS += test-corpus-asan test-corpus-gcstress
