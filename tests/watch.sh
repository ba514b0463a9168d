#!/bin/sh
# watch sees every edit of every file a render reads, as an editor of
# layouts makes them: one watch runs (one engine, its caches full) while
# the layout, the language file, a font and the hyphenation patterns are
# edited in turn. After each edit the watched output must be what a
# fresh `notepress render` of the same files makes, and must differ
# from the output before the edit (or the edit proved nothing). A
# broken layout edit is reported with its position and leaves the last
# good output; the edit that mends it is seen too.
#
# Usage: sh tests/watch.sh build/notepress. Prints "N passed, N failed".

NP=${1:-build/notepress}
case $NP in /*) ;; *) NP=$(pwd)/$NP ;; esac
. "$(dirname "$0")/harness.sh"
unset NOTEPRESS_ICC_PROFILE

# Everything the render reads lies in $tmp: the layout and its font in
# layouts/, the language in layouts/lang/, the patterns in hyphen/.
cd "$tmp" || exit 2
mkdir -p layouts/lang hyphen
cp "$top/samples/a-res-62-176.xml" doc.xml
cp "$top/layouts/emblem.png" layouts/
# hyphenated, so that the patterns count
sed 's/<hyphenation auto="no"/<hyphenation auto="yes"/' "$top/layouts/un-a4.xml" > layouts/mine.xml
cp "$top/layouts/lang/fr.xml" layouts/lang/fr.xml
cp "$top/fonts/LiberationSerif-Regular.ttf" layouts/
cp /usr/share/hyphen/hyph_fr.dic hyphen/
export NOTEPRESS_LAYOUTS="$tmp/layouts" NOTEPRESS_HYPHEN="$tmp/hyphen"

"$NP" watch doc.xml --layout mine --dump -o w.dump 2> log &
wpid=$!
trap 'kill "$wpid" 2> /dev/null; rm -rf "$tmp"' EXIT

# Waits until watch has said "rendered" or "not updated" $1 times.
renders=0
wait_render() {
    renders=$((renders + 1))
    for _ in $(seq 100); do
        [ "$(grep -c 'rendered\|not updated' log)" -ge "$renders" ] && return 0
        sleep 0.1
    done
    ko "watch did not render after edit $renders"
    return 1
}

# The watched output after an edit ($1 names it): a fresh render's,
# and not the one before.
seen() {
    wait_render || return
    "$NP" render doc.xml --layout mine --dump -o fresh.dump 2> /dev/null
    if cmp -s w.dump fresh.dump; then ok; else ko "watch missed the $1 edit"; fi
    if cmp -s w.dump before.dump; then ko "the $1 edit changed nothing"; else ok; fi
    cp w.dump before.dump
}

wait_render
cp w.dump before.dump

# the text column moved from 114.86 pt to 60 mm (written in place)
sed 's/<body left="114.86pt" width="365.5pt"/<body left="60mm" width="300pt"/' \
    layouts/mine.xml > edit && cat edit > layouts/mine.xml
seen layout

# a label of the language file (saved by renaming, as editors do)
sed 's|>Nations Unies<|>Organisation des Nations Unies<|' layouts/lang/fr.xml > edit
mv edit layouts/lang/fr.xml
seen language

# the regular face replaced by the bold one under the same name
cp "$top/fonts/LiberationSerif-Bold.ttf" edit && mv edit layouts/LiberationSerif-Regular.ttf
seen font

# the patterns emptied: no word breaks at a hyphen any more
printf 'UTF-8\n' > edit && mv edit hyphen/hyph_fr.dic
seen patterns

# a broken layout: the error with its position, the last output stays
sed 's/<body left="60mm"/<body left="sixty"/' layouts/mine.xml > edit && mv edit layouts/mine.xml
wait_render
check grep -q 'mine.xml:[0-9]*:[0-9]*: error: .*sixty' log
check grep -q 'not updated: the last good one stays' log
check cmp -s w.dump before.dump
# ...and mended
sed 's/<body left="sixty"/<body left="50mm"/' layouts/mine.xml > edit && mv edit layouts/mine.xml
seen "mending layout"

kill -INT "$wpid"; wait "$wpid"
check test $? -eq 130
finish
