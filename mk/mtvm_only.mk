# Programs whose output only mtvm defines (the mtvm module, the errors for
# what mt leaves out): compared with their .expected files, not with lua5.4.
.PHONY: test-mtvm-only
test-mtvm-only: $(MTVM)
	@pass=0; fail=0; for f in tests/mtvm_only/*.mt; do \
	  if $(MTVM) $$f 2>&1 | cmp -s - $${f%.mt}.expected; then pass=$$((pass+1)); \
	  else fail=$$((fail+1)); echo "FAIL $$f"; $(MTVM) $$f 2>&1 | diff $${f%.mt}.expected - | head -20; fi; \
	done; echo "mtvm-only programs: $$pass passed, $$fail failed"; [ $$fail -eq 0 ]
TEST_TARGETS += test-mtvm-only
