# Builds build/mtvm from vm/ and tracer/, and the sanitizer build.
VM_SRCS  := $(sort $(wildcard vm/*.c) $(wildcard tracer/*.c))
VM_OBJS  := $(VM_SRCS:%.c=$(BUILD)/obj/%.o)
LIB_OBJS := $(filter-out $(BUILD)/obj/vm/main.o,$(VM_OBJS))

$(MTVM): $(VM_OBJS)
	$(CC) $(MT_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(MT_CFLAGS) $(CPPFLAGS) -Ivm -Itracer -MMD -MP -c -o $@ $<

-include $(VM_OBJS:.o=.d)

# The same sources under AddressSanitizer + UndefinedBehaviorSanitizer.
ASAN_MTVM := $(BUILD)/asan/mtvm
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
.PHONY: asan
asan: $(ASAN_MTVM)
$(ASAN_MTVM): $(VM_SRCS) $(wildcard vm/*.h tracer/*.h)
	@$(MAKE) --no-print-directory BUILD=$(BUILD)/asan OPTFLAGS="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" $(BUILD)/asan/mtvm
