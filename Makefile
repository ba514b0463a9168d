# notepress - plain GNU Makefile.
#
#   make              library build/libnotepress.a and command build/notepress
#   make samples      render samples/*.xml into out/
#   make golden       write every golden of the tests again (texts, layout
#                     dumps, messages, the layout schema, notepress(5)),
#                     for review in the diff (tests/golden.sh)
#   make check        every test, then every test again built with
#                     AddressSanitizer + UndefinedBehaviorSanitizer
#   make test         the tests once, with the normal build
#   make asan         the tests with the sanitizer build only
#   make valgrind     unit tests, sample renders and fuzz regressions
#                     under valgrind memcheck
#   make fuzz         libFuzzer targets (clang), FUZZ_SECONDS each
#   make check-slurm  the documented Slurm job array on a one-node cluster
#                     started by the test (root; tests/slurm.sh)
#   make guide        draw the pictures of the layout guide again
#   make bench        timings beside the peer engines (tests/bench.sh)
#   make bench-peers  install those peer engines (root; tests/bench-peers.sh)
#   make clean

# Small builds, made apart in build-small/ unless BUILD says where:
# make NO_HYPHEN=1 leaves out libhyphen (hyph_none.c stands in for
# hyph.c), make NO_PNG=1 leaves out libpng (png_none.c for png_check.c).
ifneq ($(NO_HYPHEN)$(NO_PNG),)
BUILD   ?= build-small
endif
BUILD   ?= build
CC      ?= cc
CFLAGS  ?= -O2 -g
NP_DATADIR ?= $(CURDIR)

XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
XML_LIBS   := $(shell pkg-config --libs libxml-2.0 2>/dev/null || echo -lxml2)
HB_CFLAGS  := $(shell pkg-config --cflags harfbuzz 2>/dev/null || echo -I/usr/include/harfbuzz)
HB_LIBS    := $(shell pkg-config --libs harfbuzz-subset harfbuzz 2>/dev/null || echo -lharfbuzz-subset -lharfbuzz)
BIDI_CFLAGS := $(shell pkg-config --cflags fribidi 2>/dev/null || echo -I/usr/include/fribidi)
BIDI_LIBS  := $(shell pkg-config --libs fribidi 2>/dev/null || echo -lfribidi)
FC_CFLAGS  := $(shell pkg-config --cflags fontconfig 2>/dev/null)
FC_LIBS    := $(shell pkg-config --libs fontconfig 2>/dev/null || echo -lfontconfig)

NP_CFLAGS = -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L \
            -Iengine/include -iquote engine/src -I$(BUILD)/gen $(XML_CFLAGS) $(HB_CFLAGS) $(BIDI_CFLAGS) $(FC_CFLAGS) \
            -DNP_DATADIR='"$(NP_DATADIR)"' -MMD -MP
LDLIBS  = -lhpdf -lhyphen $(XML_LIBS) $(HB_LIBS) $(BIDI_LIBS) $(FC_LIBS) -lunibreak -lqrencode -lpng -ldeflate -lz -lm -lpthread

ifeq ($(NO_HYPHEN),1)
NOT_SRC := engine/src/text/hyph.c engine/src/readers/hyph_load.c
LDLIBS  := $(filter-out -lhyphen,$(LDLIBS))
else
NOT_SRC := engine/src/text/hyph_none.c
endif
ifeq ($(NO_PNG),1)
NOT_SRC += engine/src/readers/png_check.c
LDLIBS  := $(filter-out -lpng,$(LDLIBS))
else
NOT_SRC += engine/src/readers/png_none.c
endif
LIB_SRC := $(filter-out $(NOT_SRC),$(wildcard engine/src/*/*.c))
LIB_OBJ := $(LIB_SRC:engine/src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/embedded.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
EMBEDDED := engine/schema/document.rng layouts/un-a4.xml layouts/un-letter.xml layouts/un-geneva.xml \
            layouts/un-vienna.xml \
            layouts/lang/en.xml \
            layouts/lang/fr.xml layouts/lang/es.xml layouts/lang/ru.xml \
            layouts/lang/zh.xml layouts/lang/ar.xml

.PHONY: all samples check test unit asan clean replay fuzz fuzz-targets valgrind check-slurm golden
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

# Parts of the command besides its main file (public API only).
CLI_SRC := $(filter-out engine/cli/notepress.c,$(wildcard engine/cli/*.c))
CLI_OBJ := $(CLI_SRC:engine/cli/%.c=$(BUILD)/cli/%.o)
# The library's own headers are out of the command's reach.
CLI_CFLAGS = $(filter-out -iquote engine/src -I$(BUILD)/gen,$(NP_CFLAGS))

$(BUILD)/cli/%.o: engine/cli/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CLI_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/notepress: engine/cli/notepress.c $(CLI_OBJ) $(BUILD)/libnotepress.a
	$(CC) $(CLI_CFLAGS) $(CFLAGS) -o $@ $< $(CLI_OBJ) $(BUILD)/libnotepress.a $(LDLIBS) $(LDFLAGS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libnotepress.a $(wildcard tests/unit/*.h)
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
	@sh tests/layers.sh
	@sh tests/run.sh $(BUILD)/notepress
	@sh tests/cli.sh $(BUILD)/notepress
	@sh tests/watch.sh $(BUILD)/notepress
	@sh tests/explain.sh $(BUILD)/notepress
	@sh tests/families.sh $(BUILD)/notepress
	@sh tests/batch.sh $(BUILD)/notepress
	@sh tests/pdfa.sh $(BUILD)/notepress
	@sh tests/tags.sh $(BUILD)/notepress
	@sh tests/landscape.sh $(BUILD)/notepress
	@sh tests/emblem.sh $(BUILD)/notepress
	@sh tests/faults.sh $(BUILD)/notepress
	@python3 tests/pathological/run.py $(BUILD)/notepress
	@python3 tests/readers.py $(BUILD)/notepress
	@python3 tests/codes.py $(BUILD)/notepress
	@python3 tests/house/anchors.py $(BUILD)/notepress
	@python3 tests/langs.py $(BUILD)/notepress
	@python3 tests/kinds.py $(BUILD)/notepress
	@python3 tests/python.py $(BUILD)/notepress
	@$(MAKE) --no-print-directory install-check docs-check

check: test asan small-check

# make golden: every golden written again from what the build makes now;
# review them with git diff and commit them with the change that moved
# them (docs/tests.md).
golden: all man
	@sh tests/golden.sh $(BUILD)/notepress

# libhyphen is built without frame pointers: unwind slowly so that the
# suppression of its one known load leak matches. AddressSanitizer's
# shadow memory and quarantine triple a render's resident size.
asan:
	LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	ASAN_OPTIONS=fast_unwind_on_malloc=0:detect_leaks=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 NP_TIME_FACTOR=10 NP_MEMORY_FACTOR=3 \
	$(MAKE) BUILD=build-asan CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" test

# make check-slurm: docs/batch.md's job array, run as written by a Slurm
# cluster of one node that tests/slurm.sh starts and stops (about 30 s).
check-slurm: all
	@sh tests/slurm.sh $(BUILD)/notepress

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

# make valgrind: unit tests, samples, refused descriptions, pathological
# cases and fuzz regressions under valgrind memcheck (tests/valgrind.sh).
# Below REPLAY_BIN, which make expands as it reads this rule: above it,
# the replay programs were not prerequisites, and a clean tree had none.
valgrind: all $(UNIT_BIN) $(REPLAY_BIN)
	@sh tests/valgrind.sh $(BUILD)

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

# ---- shared library and install --------------------------------------
# The objects are position-independent, so one set makes both libraries.
# The shared library exports only the functions of notepress.h (the
# version script is made from the header), under the soname
# libnotepress.so.$(SOVERSION).
#
#   make install [PREFIX=/usr/local] [DESTDIR=stage]
#   make uninstall [PREFIX=...] [DESTDIR=...]
#
# Installed: bin/notepress (linked with the static library, so it runs
# from any prefix), lib/libnotepress.{a,so*}, lib/pkgconfig/notepress.pc,
# include/notepress.h, share/notepress/{layouts,fonts,schema}, share/man/man1/
# notepress.1, man3/notepress.3 and man5/notepress.5. The installed library looks for its
# data in $(PREFIX)/share/notepress (NOTEPRESS_DATADIR overrides it at run
# time): api/find.c alone is compiled again for that, in $(BUILD)/inst/.
NP_CFLAGS += -fPIC
VERSION   := $(shell sed -n 's/^\#define NP_VERSION "\(.*\)"/\1/p' engine/include/notepress.h)
SOVERSION := 0
PREFIX    ?= /usr/local
LIBDIR    ?= $(PREFIX)/lib
BINDIR    ?= $(PREFIX)/bin
INCLUDEDIR ?= $(PREFIX)/include
DATADIR   ?= $(PREFIX)/share/notepress
MANDIR    ?= $(PREFIX)/share/man
# the Python module finds the library at ../../ from here (LIBDIR)
PYTHONDIR ?= $(LIBDIR)/python3/dist-packages
INST      := $(BUILD)/inst
INST_OBJ  := $(filter-out $(BUILD)/obj/api/find.o,$(LIB_OBJ)) $(INST)/find.o
SHLIB     := libnotepress.so.$(VERSION)

.PHONY: shared install uninstall FORCE
all: shared
shared: $(BUILD)/$(SHLIB)

$(BUILD)/gen/notepress.map: engine/include/notepress.h
	@mkdir -p $(dir $@)
	{ echo '{ global:'; \
	  sed -n '/^typedef/d; s/^[a-z][^(]*[ *]\(np_[a-z0-9_]*\)(.*/    \1;/p' $<; \
	  echo 'local: *; };'; } > $@

# $(1): the directory, $(2): the objects.
define shared_lib
$(1)/$(SHLIB): $(2) $(BUILD)/gen/notepress.map
	$$(CC) -shared -Wl,-soname,libnotepress.so.$(SOVERSION) \
	    -Wl,--version-script=$(BUILD)/gen/notepress.map \
	    -o $$@ $(2) $$(LDLIBS) $$(LDFLAGS)
	ln -sf $(SHLIB) $(1)/libnotepress.so.$(SOVERSION)
	ln -sf libnotepress.so.$(SOVERSION) $(1)/libnotepress.so
endef
$(eval $(call shared_lib,$(BUILD),$(LIB_OBJ)))
$(eval $(call shared_lib,$(INST),$(INST_OBJ)))

# Always compiled again: PREFIX may differ from the last install.
$(INST)/find.o: engine/src/api/find.c FORCE | $(BUILD)/gen/embedded.h
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -DNP_DATADIR=%,$(NP_CFLAGS)) -DNP_DATADIR='"$(DATADIR)"' \
	    $(CFLAGS) -c -o $@ $<

$(INST)/libnotepress.a: $(INST_OBJ)
	rm -f $@
	ar rcs $@ $^

$(INST)/notepress: engine/cli/notepress.c $(CLI_OBJ) $(INST)/libnotepress.a
	$(CC) $(CLI_CFLAGS) $(CFLAGS) -o $@ $< $(CLI_OBJ) $(INST)/libnotepress.a $(LDLIBS) $(LDFLAGS)

# libdir and includedir are written relative to ${prefix} when they lie
# under it, so that pkg-config --define-prefix can move a staged tree.
$(INST)/notepress.pc: engine/notepress.pc.in FORCE
	@mkdir -p $(dir $@)
	sed -e 's|@PREFIX@|$(PREFIX)|' \
	    -e 's|@LIBDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))|' \
	    -e 's|@INCLUDEDIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))|' \
	    -e 's|@DATADIR@|$(patsubst $(PREFIX)/%,$${prefix}/%,$(DATADIR))|' \
	    -e 's|@VERSION@|$(VERSION)|' -e 's|@LIBS_PRIVATE@|$(LDLIBS)|' $< > $@

install: $(INST)/libnotepress.a $(INST)/$(SHLIB) $(INST)/notepress $(INST)/notepress.pc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
	    $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(DATADIR)/layouts/lang \
	    $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(DATADIR)/schema \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 \
	    $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(INST)/notepress $(DESTDIR)$(BINDIR)/notepress
	install -m 644 $(INST)/libnotepress.a $(DESTDIR)$(LIBDIR)/
	install -m 755 $(INST)/$(SHLIB) $(DESTDIR)$(LIBDIR)/
	ln -sf $(SHLIB) $(DESTDIR)$(LIBDIR)/libnotepress.so.$(SOVERSION)
	ln -sf libnotepress.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libnotepress.so
	install -m 644 $(INST)/notepress.pc $(DESTDIR)$(LIBDIR)/pkgconfig/
	install -m 644 engine/include/notepress.h $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 layouts/*.xml layouts/*.png $(DESTDIR)$(DATADIR)/layouts/
	install -m 644 layouts/lang/*.xml $(DESTDIR)$(DATADIR)/layouts/lang/
	install -m 644 engine/schema/document.rng engine/schema/layout.rng $(DESTDIR)$(DATADIR)/schema/
	install -m 644 fonts/*.ttf fonts/LICENSE-Liberation fonts/LICENSE-Noto $(DESTDIR)$(DATADIR)/fonts/
	install -m 644 engine/man/notepress.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 engine/man/notepress.3 $(DESTDIR)$(MANDIR)/man3/
	install -m 644 engine/man/notepress.5 $(DESTDIR)$(MANDIR)/man5/
	install -d $(DESTDIR)$(PYTHONDIR)
	install -m 644 engine/python/notepress.py $(DESTDIR)$(PYTHONDIR)/
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 644 engine/completion/notepress.bash \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/notepress

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/notepress $(DESTDIR)$(LIBDIR)/libnotepress.a \
	    $(DESTDIR)$(LIBDIR)/libnotepress.so* $(DESTDIR)$(LIBDIR)/pkgconfig/notepress.pc \
	    $(DESTDIR)$(INCLUDEDIR)/notepress.h $(DESTDIR)$(MANDIR)/man1/notepress.1 \
	    $(DESTDIR)$(MANDIR)/man3/notepress.3 $(DESTDIR)$(MANDIR)/man5/notepress.5 \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions/notepress \
	    $(DESTDIR)$(PYTHONDIR)/notepress.py
	rm -rf $(DESTDIR)$(DATADIR)

# ---- checks of the install and of the small build ---------------------
# install-check (in make test): a staged install with PREFIX=/usr, then
# tests/install.sh builds samples/embed.c against it through pkg-config.
# small-check (in make check): the NO_HYPHEN=1 NO_PNG=1 build renders a
# sample, says what it lost (no emblem image: the QR code's stencil is
# the only picture), and needs neither library itself.
STAGE := $(abspath $(BUILD))/stage

.PHONY: install-check small-check
install-check: all
	rm -rf $(STAGE)
	$(MAKE) --no-print-directory install DESTDIR=$(STAGE) PREFIX=/usr
	CC="$(CC)" CFLAGS="$(CFLAGS)" LDFLAGS="$(LDFLAGS)" \
	    sh tests/install.sh $(STAGE) $(BUILD)/notepress

small-check:
	$(MAKE) --no-print-directory NO_HYPHEN=1 NO_PNG=1 BUILD=build-small all
	build-small/notepress render samples/e-cn.7-2011-12.xml \
	    -o build-small/small.pdf 2> build-small/small.err
	grep -q 'no hyphenation' build-small/small.err
	grep -q 'no PNG support' build-small/small.err
	qpdf --check build-small/small.pdf > /dev/null
	! pdfimages -list build-small/small.pdf | awk 'NR > 2 && $$3 == "image"' | grep -q .
	pdfimages -list build-small/small.pdf | awk 'NR > 2 && $$3 == "stencil"' | grep -q .
	! readelf -d build-small/notepress | grep -q 'NEEDED.*lib\(hyphen\|png\)'
	@echo "small-check: the NO_HYPHEN=1 NO_PNG=1 build renders, says what it lost, and links neither library"

# The format's man page is made from docs/format.md: `make man` writes it
# again after an edit of the page, and docs-check (in make test) fails
# when the committed page is not what the Markdown makes.
.PHONY: man docs-check
MAN5_CMD = python3 engine/tools/md2man.py docs/format.md 5 "the description format of documents"
man:
	$(MAN5_CMD) > engine/man/notepress.5

docs-check:
	@$(MAN5_CMD) | cmp -s - engine/man/notepress.5 \
	    || { echo "docs-check: engine/man/notepress.5 is older than docs/format.md: run make man"; exit 1; }
	@echo "docs-check: notepress(5) is made from docs/format.md"

# make guide: every picture of the layout guide (layouts/guide/*.png)
# drawn again from the tree by layouts/tools/guide-pictures.sh, for
# review in the diff; not part of make check (it needs pdftoppm and
# ImageMagick).
.PHONY: guide
guide: all
	@sh layouts/tools/guide-pictures.sh $(BUILD)/notepress

# Timings and their goals live here, never in make check. make bench-peers
# installs the peer engines that make bench times beside notepress (as
# root or with sudo; never in CI): tests/bench-peers.sh.
.PHONY: bench bench-peers
bench: all $(BUILD)/bench_time $(BUILD)/bench_zlib
	@sh tests/bench.sh $(BUILD)

bench-peers:
	@sh tests/bench-peers.sh

$(BUILD)/bench_time: tests/bench_time.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -Wall -Wextra -Werror -O2 -o $@ $<

# The compression floor: zlib itself on the streams of a PDF.
$(BUILD)/bench_zlib: tests/bench_zlib.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -Wall -Wextra -Werror -O2 -o $@ $< -lz

clean:
	rm -rf build build-asan build-fuzz build-small out

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
