# The start and the end that the shell tests of the suite share, sourced
# first thing by each:
#
#   . "$(dirname "$0")/harness.sh"
#
# sets `here` (tests/), `top` (the tree) and `tmp` (a directory of its
# own, removed at exit; a test with more to clean up sets its own EXIT
# trap after this), unsets SOURCE_DATE_EPOCH so that PDFs carry no
# date, and gives the counting helpers: `ok`, `ko MESSAGE` (prints FAIL
# MESSAGE), `check COMMAND...` (ok when it succeeds), and `finish`,
# which prints "NAME.sh: N passed, N failed" and returns 0 only when
# none failed: a test script ends with it.

here=$(cd "$(dirname "$0")" && pwd) || exit 2
top=$(cd "$here/.." && pwd) || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/notepress-$(basename "$0" .sh).XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' HUP INT TERM
unset SOURCE_DATE_EPOCH

pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); printf 'FAIL %s\n' "$*"; }
check() { if "$@"; then ok; else ko "$*"; fi; }
finish() {
    echo "$(basename "$0"): $pass passed, $fail failed"
    test "$fail" -eq 0
}
