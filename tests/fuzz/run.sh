#!/bin/sh
# Runs one libFuzzer target of `make fuzz` for a bounded time.
#
# Usage: sh tests/fuzz/run.sh BUILD_DIR render|layout SECONDS
# The corpus grows in BUILD_DIR/corpus/TARGET, seeded (read-only) from
# the samples, the tests and the kept regressions; a crash, leak or
# timeout leaves its input in BUILD_DIR and makes this script fail: fix
# the bug, then keep the input in tests/fuzz/regressions/TARGET/.
set -e
build=$1 target=$2 seconds=${3:-60}
top=$(cd "$(dirname "$0")/../.." && pwd)
case $target in
render) seeds="samples tests/errors tests/schema tests/pathological tests/fuzz/regressions/render"
        max_len=65536 ;;
layout) seeds="layouts tests/fuzz/regressions/layout"
        max_len=16384 ;;
*) echo "usage: $0 BUILD_DIR render|layout SECONDS" >&2; exit 2 ;;
esac
dirs=
for s in $seeds; do
    [ -d "$top/$s" ] && dirs="$dirs $top/$s"
done
mkdir -p "$build/corpus/$target"
cd "$build"
# The known load leaks of libhyphen and fontconfig are the only
# suppressions (tests/lsan.supp).
LSAN_OPTIONS=suppressions=$top/tests/lsan.supp \
ASAN_OPTIONS=fast_unwind_on_malloc=0:detect_leaks=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
./fuzz/fuzz_$target -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 \
    -max_len=$max_len -print_final_stats=1 -dict="$top/tests/fuzz/$target.dict" \
    "corpus/$target" $dirs
