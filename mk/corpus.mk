# Differential tests against lua5.4: the hand-written corpus (tests/corpus)
# and random programs from tests/gen/mtgen.py. Expected output always comes
# from running lua5.4 at test time; nothing is cached.
#   make test-corpus CORPUS_VM=lua5.4     # check the corpus itself
#   make test-generated GEN_SEED=5000     # another slice of random programs

DIFFTEST := $(PYTHON) tests/difftest.py
RUNGEN   := $(PYTHON) tests/gen/run_generated.py
CORPUS_VM ?= $(MTVM)
GEN_SEED  ?= 1
GEN_COUNT ?= 1000

# Build the VM first only when it is the one under test.
CORPUS_VM_DEP := $(if $(filter $(MTVM),$(CORPUS_VM)),$(MTVM))

.PHONY: test-corpus test-generated test-gen-selftest

test-corpus: $(CORPUS_VM_DEP)
	$(DIFFTEST) --vm "$(CORPUS_VM)" tests/corpus

test-generated: $(CORPUS_VM_DEP)
	$(RUNGEN) --vm "$(CORPUS_VM)" --count $(GEN_COUNT) --seed-base $(GEN_SEED)

# The generator must only produce programs that lua5.4 runs cleanly.
test-gen-selftest:
	$(RUNGEN) --selftest --count 200 --seed-base $(GEN_SEED)

TEST_TARGETS += test-gen-selftest test-corpus test-generated
