# mtvm — top-level build. `make` builds build/mtvm; `make test` installs what
# is missing, builds, and runs every test suite. Each area of the project adds
# its own targets through a fragment in mk/ (TEST_TARGETS collects the suites).

CC      ?= gcc
BUILD   := build
MTVM    := $(BUILD)/mtvm
PYTHON  := /usr/bin/python3
WARN    := -Wall -Wextra -Werror
# OPTFLAGS is what builds vary (the sanitizer build sets it); the language
# and warning flags always apply, and CFLAGS from the command line is added.
OPTFLAGS ?= -O2 -g
MT_CFLAGS = $(OPTFLAGS) -std=c11 -D_GNU_SOURCE $(WARN) -fno-strict-aliasing $(CFLAGS)
LDLIBS  += -lm

TEST_TARGETS :=

.PHONY: all test deps clean
all: $(MTVM)

deps:
	@scripts/install-deps.sh

include $(sort $(wildcard mk/*.mk))

# Suites run in the order the fragments register them; a failure stops make.
test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory $(TEST_TARGETS)
	@echo "make test: all suites passed"

clean:
	rm -rf $(BUILD)
