#!/bin/sh
# `make valgrind`: the unit tests, every sample, every refused
# description of tests/errors/, the pathological cases, the command's
# batch, watch, check and usage errors, and the kept fuzz regressions,
# each under valgrind memcheck. Any memory error or leak
# fails (tests/valgrind.supp suppresses libhyphen's and fontconfig's
# known load leaks and an over-read inside glibc's dynamic loader,
# nothing of ours);
# still-reachable blocks at exit (libxml2's globals) are not leaks.
#
# Usage: sh tests/valgrind.sh BUILD_DIR. Prints "N passed, N failed".

build=${1:-build}
. "$(dirname "$0")/harness.sh"
cd "$top" || exit 2
# Time bounds inside the tests are for blow-ups, not for valgrind's pace.
NP_TIME_FACTOR=50
export NP_TIME_FACTOR
# vg WANT-STATUS COMMAND...: valgrind finds nothing (status 99 is its own)
# and the command exits with WANT-STATUS.
vg() {
    want=$1
    shift
    valgrind -q --error-exitcode=99 --leak-check=full \
        --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible \
        --suppressions="$here/valgrind.supp" "$@" > "$tmp/out" 2>&1
    status=$?
    if [ "$status" -eq "$want" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        printf 'FAIL (status %s, not %s): %s\n' "$status" "$want" "$*"
        grep -v '^\(.*: [0-9]* passed, 0 failed\)$' "$tmp/out" | head -40
    fi
}

for t in "$build"/tests/test_*; do
    case $t in *.d) continue ;; esac
    vg 0 "$t"
done
for f in samples/*.xml; do
    vg 0 "$build/notepress" render "$f" -o "$tmp/out.pdf"
done
for f in tests/errors/*.xml; do
    args=$(cat "${f%.xml}.args" 2>/dev/null)
    vg 1 "$build/notepress" render "$f" -o "$tmp/out.pdf" $args
done
for f in long-word long-footnote nested-lists-32 nested-lists-1000 long-fields deep-inline; do
    vg 0 "$build/notepress" render "tests/pathological/$f.xml" -o "$tmp/out.pdf"
done
# The command's own code: a batch on two threads with the options of a
# render, watch, check, and usage errors (options freed on every path).
vg 0 "$build/notepress" batch -j 2 -o "$tmp/batch" --lang en --limit pages=100 samples
vg 0 "$build/notepress" watch samples/e-cn.7-2011-12.xml --once --dump -o "$tmp/out.dump"
vg 0 "$build/notepress" check --layout un-letter samples/a-res-62-176.xml
vg 2 "$build/notepress" render samples/e-cn.7-2011-12.xml --linebreak best
vg 2 "$build/notepress" batch --pdfa --once samples
vg 0 "$build/fuzz/replay_fuzz_render" tests/fuzz/regressions/render
vg 0 "$build/fuzz/replay_fuzz_layout" tests/fuzz/regressions/layout

finish
