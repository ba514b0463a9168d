#!/bin/sh
# Schema errors that teach: every refused description of tests/schema/
# (each breaks one rule of the schema) is refused by `notepress check`
# with messages of its own, never libxml2's bare words: each placed at
# a line and a column, followed by its source line and a caret under
# that column, as a compiler prints. (The words themselves, every error
# of a description at once, are in the goldens of tests/errors/, among
# them schema-several.err.)
#
# Usage: sh tests/explain.sh build/notepress. Prints "N passed, N failed".

NP=${1:-build/notepress}
case $NP in /*) ;; *) NP=$(pwd)/$NP ;; esac
. "$(dirname "$0")/harness.sh"

cd "$here/schema" || exit 2
for f in bad-*.xml; do
    "$NP" check "$f" > /dev/null 2> "$tmp/err"
    status=$?
    if [ "$status" -ne 1 ]; then ko "$f: status $status, not 1"; continue; fi
    # libxml2's words, which the explainer replaces
    if grep -q 'error: \(Did not expect\|Element \|Extra element\|Invalid attribute\|Expecting\|Invalid sequence\)' "$tmp/err"; then
        ko "$f: not explained: $(head -1 "$tmp/err")"
    else
        ok
    fi
    # every error placed, and shown with its line and a caret
    python3 - "$f" "$tmp/err" <<'PY' && ok || ko "$f: an error without its place or caret"
import re, sys
name, lines = sys.argv[1], open(sys.argv[2], encoding="utf-8").read().splitlines()
errors = [i for i, l in enumerate(lines) if ": error: " in l]
assert errors
for i in errors:
    m = re.match(re.escape(name) + r":([1-9][0-9]*):([1-9][0-9]*): error: ", lines[i])
    assert m, lines[i]
    src, caret = lines[i + 1], lines[i + 2]
    assert src.startswith("%6s | " % m.group(1)), src
    assert caret.startswith("       | ") and caret.endswith("^"), caret
    assert len(caret) - len("       | ") == int(m.group(2)), (caret, m.group(2))
PY
done
finish
