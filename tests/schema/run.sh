#!/bin/sh
# Schema tests for engine/schema/document.rng, with xmllint.
#
#   good-*.xml       must validate, with no other message (a message here
#                    would also reveal a warning while compiling the schema)
#   samples/*.xml    the project's samples must validate too
#   bad-*.xml        must be refused by validation (xmllint status 3, not
#                    a parse error), and the output must contain the text
#                    of the file's "<!-- expect: TEXT -->" comment
#
# Prints one line per failure, then "N passed, N failed"; exits 1 when a
# test fails. XMLLINT may name another xmllint.

XMLLINT=${XMLLINT:-xmllint}
here=$(cd "$(dirname "$0")" && pwd) || exit 2
rng=$here/../../engine/schema/document.rng
samples=$here/../../samples
out=${TMPDIR:-/tmp}/notepress-schema.$$
trap 'rm -f "$out"' EXIT
trap 'exit 2' HUP INT TERM

pass=0
fail=0

ok() {
    pass=$((pass + 1))
}

ko() {
    fail=$((fail + 1))
    printf 'FAIL %s: %s\n' "$1" "$2"
    sed 's/^/    /' "$out"
}

if ! command -v "$XMLLINT" >/dev/null 2>&1; then
    echo "FAIL: $XMLLINT not found"
    echo "0 passed, 1 failed"
    exit 1
fi

# Runs xmllint on $1 (a path relative to $here); sets $status, output in $out.
validate() {
    (cd "$here" && "$XMLLINT" --noout --relaxng "$rng" "$1") >"$out" 2>&1
    status=$?
}

check_good() {
    validate "$1"
    if [ "$status" -ne 0 ]; then
        ko "$1" "refused (xmllint status $status), expected valid"
    elif [ "$(cat "$out")" != "$1 validates" ]; then
        ko "$1" "valid, but xmllint printed other messages"
    else
        ok
    fi
}

check_bad() {
    expect=$(sed -n 's/^.*<!-- expect: \(.*\) -->.*$/\1/p' "$here/$1" | head -n 1)
    validate "$1"
    if [ "$status" -eq 0 ]; then
        ko "$1" "accepted, expected refused"
    elif [ "$status" -ne 3 ]; then
        ko "$1" "xmllint status $status, expected 3 (a validity error)"
    elif [ -z "$expect" ]; then
        ko "$1" "no <!-- expect: ... --> comment"
    elif ! grep -F -q -e "$expect" "$out"; then
        ko "$1" "refused, but without \"$expect\""
    else
        ok
    fi
}

if [ ! -f "$rng" ]; then
    echo "FAIL: no schema at $rng"
    echo "0 passed, 1 failed"
    exit 1
fi

for f in "$here"/good-*.xml; do
    [ -f "$f" ] && check_good "${f##*/}"
done
for f in "$samples"/*.xml; do
    [ -f "$f" ] && check_good "../../samples/${f##*/}"
done
for f in "$here"/bad-*.xml; do
    [ -f "$f" ] && check_bad "${f##*/}"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
