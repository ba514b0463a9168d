# notepress - plain GNU Makefile.
#
#   make              library build/libnotepress.a and command build/notepress
#   make samples      render samples/*.xml into out/
#   make check        every test, then every test again built with
#                     AddressSanitizer + UndefinedBehaviorSanitizer
#   make test         the tests once, with the normal build
#   make asan         the tests with the sanitizer build only
#   make valgrind     unit tests, sample renders and fuzz regressions
#                     under valgrind memcheck
#   make fuzz         libFuzzer targets (clang), FUZZ_SECONDS each
#   make clean

BUILD   ?= build
CC      ?= cc
CFLAGS  ?= -O2 -g
NP_DATADIR ?= $(CURDIR)

XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
XML_LIBS   := $(shell pkg-config --libs libxml-2.0 2>/dev/null || echo -lxml2)

NP_CFLAGS = -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L \
            -Iengine/include -Iengine/src -I$(BUILD)/gen $(XML_CFLAGS) \
            -DNP_DATADIR='"$(NP_DATADIR)"' -MMD -MP
LDLIBS  = -lhpdf -lhyphen $(XML_LIBS) -lpng -lz -lm -lpthread

LIB_SRC := $(wildcard engine/src/*.c)
LIB_OBJ := $(LIB_SRC:engine/src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/embedded.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
EMBEDDED := engine/schema/document.rng layouts/un-a4.xml layouts/un-letter.xml layouts/lang/en.xml \
            layouts/lang/fr.xml layouts/lang/es.xml

.PHONY: all samples check test unit asan clean replay fuzz fuzz-targets valgrind
all: $(BUILD)/libnotepress.a $(BUILD)/notepress

$(BUILD)/obj/%.o: engine/src/%.c | $(BUILD)/gen/embedded.h
	@mkdir -p $(dir $@)
	$(CC) $(NP_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/embedded.o: $(BUILD)/gen/embedded.c
	$(CC) $(NP_CFLAGS) $(CFLAGS) -c -o $@ $<

# Files compiled into the library, so that it works with no data
# directory at all (the default layout, languages and the schema).
$(BUILD)/embed: engine/tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -Wall -Wextra -Werror -O2 -o $@ $<

$(BUILD)/gen/embedded.h $(BUILD)/gen/embedded.c: $(BUILD)/embed $(wildcard $(EMBEDDED))
	@mkdir -p $(BUILD)/gen
	$(BUILD)/embed $(BUILD)/gen/embedded $(wildcard $(EMBEDDED))

$(BUILD)/libnotepress.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/notepress: engine/cli/notepress.c $(BUILD)/libnotepress.a
	$(CC) $(NP_CFLAGS) $(CFLAGS) -o $@ $< $(BUILD)/libnotepress.a $(LDLIBS) $(LDFLAGS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libnotepress.a tests/unit/unit.h
	@mkdir -p $(dir $@)
	$(CC) $(NP_CFLAGS) $(CFLAGS) -o $@ $< $(BUILD)/libnotepress.a $(LDLIBS) $(LDFLAGS)

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do $$t; done

samples: all
	@mkdir -p out
	@set -e; for f in samples/*.xml; do \
	    b=$$(basename $$f .xml); \
	    $(BUILD)/notepress render $$f -o out/$$b.pdf && echo "out/$$b.pdf"; \
	done

test: all unit replay
	@sh tests/run.sh $(BUILD)/notepress

check: test asan

# libhyphen is built without frame pointers: unwind slowly so that the
# suppression of its one known load leak matches.
asan:
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	ASAN_OPTIONS=fast_unwind_on_malloc=0:detect_leaks=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" test

# ---- fuzzing (tests/fuzz/) -----------------------------------------
# The fuzz targets, linked with a plain main (tests/fuzz/replay.c), replay
# every kept regression input in `make test`, under each sanitizer run.
FUZZ_TARGETS := fuzz_render fuzz_layout
REPLAY_BIN := $(FUZZ_TARGETS:%=$(BUILD)/fuzz/replay_%)

$(BUILD)/fuzz/replay_%: tests/fuzz/%.c tests/fuzz/replay.c $(BUILD)/libnotepress.a
	@mkdir -p $(dir $@)
	$(CC) $(NP_CFLAGS) $(CFLAGS) -o $@ $< tests/fuzz/replay.c $(BUILD)/libnotepress.a $(LDLIBS) $(LDFLAGS)

replay: $(REPLAY_BIN)
	$(BUILD)/fuzz/replay_fuzz_render tests/fuzz/regressions/render
	$(BUILD)/fuzz/replay_fuzz_layout tests/fuzz/regressions/layout

# make fuzz [FUZZ_SECONDS=60]: the library built again with clang,
# libFuzzer, ASan and UBSan in build-fuzz/, then each target run for
# FUZZ_SECONDS, seeded from the samples, the tests and the kept
# regressions. New interesting inputs go to build-fuzz/corpus/; a crash
# leaves its input in build-fuzz/ (crash-*, leak-*, timeout-*).
FUZZ_SECONDS ?= 60
FUZZ_BUILD := build-fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(BUILD)/libnotepress.a
	@mkdir -p $(dir $@)
	$(CC) $(NP_CFLAGS) $(CFLAGS) -fsanitize=fuzzer -o $@ $< $(BUILD)/libnotepress.a $(LDLIBS) $(LDFLAGS)

fuzz-targets: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%)

fuzz:
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang \
	    CFLAGS="-O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link" \
	    LDFLAGS="$(FUZZ_SAN)" fuzz-targets
	sh tests/fuzz/run.sh $(FUZZ_BUILD) render $(FUZZ_SECONDS)
	sh tests/fuzz/run.sh $(FUZZ_BUILD) layout $(FUZZ_SECONDS)

clean:
	rm -rf build build-asan build-fuzz out

-include $(LIB_OBJ:.o=.d)
