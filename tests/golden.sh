#!/bin/sh
# `make golden`: writes every golden of the suite again from what the
# command makes now (tests/goldens.sh says how each is made), removes
# the goldens whose input is gone, and lists what changed, for review
# in the diff before it is committed:
#
#   tests/golden/NAME.txt, .dump, .struct every sample of samples/
#   tests/tags/NAME.struct                every description of tests/tags/
#   tests/errors/NAME.err                 every refused description
#   tests/layouts/bad-NAME.err            every broken layout
#   engine/schema/layout.rng              the schema of layout files
#
# (engine/man/notepress.5, made from docs/format.md, is written by the
# Makefile's golden target through `make man`.)
#
# Usage: sh tests/golden.sh build/notepress

NP=${1:-build/notepress}
case $NP in /*) ;; *) NP=$(pwd)/$NP ;; esac
. "$(dirname "$0")/harness.sh"
. "$here/goldens.sh"

written=0
failed=0
# write GOLDEN MADE: MADE replaces GOLDEN.
write() {
    cp "$2" "$1" && written=$((written + 1))
}
# A sample that no longer renders has no golden to write: say so.
broken() {
    failed=$((failed + 1))
    printf 'golden: %s\n' "$*" >&2
}

# write_struct XML GOLDEN: the structure tree of XML's tagged PDF.
write_struct() {
    if golden_struct "$1" "$tmp/t.pdf" "$tmp/t.struct"; then
        write "$2" "$tmp/t.struct"
    else
        broken "${1#"$top"/} gives no structure tree"
    fi
}

for xml in "$top"/samples/*.xml; do
    name=$(basename "$xml" .xml)
    if golden_text "$xml" "$tmp/s.pdf" "$tmp/s.txt"; then
        write "$here/golden/$name.txt" "$tmp/s.txt"
    else
        broken "samples/$name.xml does not render"
    fi
    if golden_dump "$xml" "$tmp/s.dump"; then
        write "$here/golden/$name.dump" "$tmp/s.dump"
    else
        broken "samples/$name.xml gives no dump"
    fi
    write_struct "$xml" "$here/golden/$name.struct"
done
for xml in "$here"/tags/*.xml; do
    write_struct "$xml" "$here/tags/$(basename "$xml" .xml).struct"
done
for xml in "$here"/errors/*.xml; do
    name=$(basename "$xml" .xml)
    golden_error "$name" "$tmp/e.pdf" "$tmp/e.err"
    if [ $? -eq 1 ]; then write "$here/errors/$name.err" "$tmp/e.err"; else
        broken "tests/errors/$name.xml is not refused"
    fi
done
for lay in "$here"/layouts/bad-*.xml; do
    name=$(basename "$lay" .xml)
    golden_layout_error "$name" "$tmp/l.pdf" "$tmp/l.err"
    if [ $? -eq 1 ]; then write "$here/layouts/$name.err" "$tmp/l.err"; else
        broken "tests/layouts/$name.xml is not refused"
    fi
done
golden_layout_schema "$tmp/layout.rng" && write "$top/engine/schema/layout.rng" "$tmp/layout.rng"

# Goldens whose input is gone.
for g in "$here"/golden/*.txt "$here"/golden/*.dump "$here"/golden/*.struct; do
    [ -e "$g" ] || continue
    name=$(basename "${g%.*}")
    [ -e "$top/samples/$name.xml" ] || { rm -f "$g"; echo "golden: removed ${g#"$top"/}"; }
done
for g in "$here"/errors/*.err "$here"/layouts/bad-*.err; do
    [ -e "${g%.err}.xml" ] || { rm -f "$g"; echo "golden: removed ${g#"$top"/}"; }
done

echo "golden: $written goldens written, $failed inputs could not make theirs"
if command -v git > /dev/null && git -C "$top" rev-parse --git-dir > /dev/null 2>&1; then
    changed=$(git -C "$top" status --short -- tests/golden tests/errors tests/layouts tests/tags \
              engine/schema/layout.rng | grep -c .)
    echo "golden: $changed files differ from the last commit (git diff to review)"
fi
test "$failed" -eq 0
