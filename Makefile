# notepress - plain GNU Makefile.
#
#   make              library build/libnotepress.a and command build/notepress
#   make samples      render samples/*.xml into out/
#   make check        every test, then every test again built with
#                     AddressSanitizer + UndefinedBehaviorSanitizer
#   make test         the tests once, with the normal build
#   make asan         the tests with the sanitizer build only
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
EMBEDDED := engine/schema/document.rng layouts/un-a4.xml layouts/lang/en.xml \
            layouts/lang/fr.xml layouts/lang/es.xml

.PHONY: all samples check test unit asan clean
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

test: all unit
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

clean:
	rm -rf build build-asan out

-include $(LIB_OBJ:.o=.d)
