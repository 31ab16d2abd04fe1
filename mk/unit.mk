# Check unit tests: each tests/unit/test_*.c is a program of its own (with its
# own main running its suites through an SRunner), linked with the VM's
# objects except main.o. tests/unit/unit.h has shared helpers.
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/unit/%)
CHECK_LIBS = $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lrt -lpthread -lm)

$(BUILD)/unit/%: tests/unit/%.c $(LIB_OBJS) $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(MT_CFLAGS) -Wno-unused-parameter -Ivm -Itracer -Itests/unit -o $@ $< $(LIB_OBJS) $(CHECK_LIBS) $(LDLIBS)

.PHONY: test-unit
test-unit: $(UNIT_BINS)
	@fail=0; for t in $(UNIT_BINS); do CK_VERBOSITY=normal $$t || fail=1; done; exit $$fail
TEST_TARGETS += test-unit
