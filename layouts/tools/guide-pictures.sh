#!/bin/sh
# guide-pictures.sh: draws every picture of the layout guide
# (layouts/guide/*.png) again from the tree: the descriptions of
# samples/ and tests/house/, the layouts of layouts/ and
# layouts/examples/, set by the notepress given (build/notepress by
# default), rasterised by pdftoppm, cut and joined by ImageMagick's
# convert; the anatomy of page 1 is drawn over its page by anatomy.py.
# `make guide` runs it.
#
# Whole pages are drawn at PAGE_DPI (110: an A4 page 910 pixels wide), parts
# of pages at CROP_DPI (150) and the narrow strips of running footers at
# STRIP_DPI (200), so that a 0.5 pt rule and 7 pt text can be read.
# Parts are given in points from the page's top-left corner, as layouts
# give positions; parts whose place follows the text (a table, the
# notes) are found from a word of the page (pdftotext -bbox).
#
# It does not judge the pictures: look at them before committing. The
# same tree gives the same PNG bytes (no dates, no comments in them).
#
# Usage: sh layouts/tools/guide-pictures.sh [NOTEPRESS]
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
NP=${1:-$top/build/notepress}
case $NP in /*) ;; *) NP=$(pwd)/$NP ;; esac
out=$top/layouts/guide
PAGE_DPI=110
CROP_DPI=150
STRIP_DPI=200
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$top"

# render NAME DESCRIPTION [LAYOUT]: $tmp/NAME.pdf
render() {
    if [ $# -gt 2 ]; then
        "$NP" render "$2" --layout "$3" -o "$tmp/$1.pdf" 2>/dev/null
    else
        "$NP" render "$2" -o "$tmp/$1.pdf" 2>/dev/null
    fi
}

# finish RAW OUT: the PNG as the guide keeps it: no metadata, no dates,
# a palette of 16 greys (32 colours when the page has colour, as blue
# links), without dithering: anti-aliased type looks the same as with
# 256 levels and the file is a third smaller.
finish() {
    if [ "$(convert "$1" -colorspace HSL -channel G -separate +channel \
              -format '%[fx:maxima]' info:)" = 0 ]; then
        set -- "$1" "$2" -colorspace Gray -colors 16
    else
        set -- "$1" "$2" -colors 32
    fi
    src=$1 dst=$2
    shift 2
    convert "$src" -strip -dither None "$@" -define png:exclude-chunks=date,time \
        -define png:compression-level=9 "PNG8:$dst"
}

# page NAME PAGE OUT: a whole page at PAGE_DPI.
page() {
    pdftoppm -png -r "$PAGE_DPI" -f "$2" -l "$2" -singlefile "$tmp/$1.pdf" "$tmp/raw"
    finish "$tmp/raw.png" "$3"
}

# cut NAME PAGE X Y W H DPI RAW: the part X, Y, W x H (points) of a page.
cut() {
    set -- "$@" $(echo "$3 $4 $5 $6 $7" | awk '{ k = $5 / 72;
        printf "%d %d %d %d", $1 * k + 0.5, $2 * k + 0.5, $3 * k + 0.5, $4 * k + 0.5 }')
    pdftoppm -png -r "$7" -f "$2" -l "$2" -x "$9" -y "${10}" -W "${11}" -H "${12}" \
        -singlefile "$tmp/$1.pdf" "${8%.png}"
}

# crop NAME PAGE X Y W H OUT [DPI]: a part of a page, at CROP_DPI.
crop() {
    cut "$1" "$2" "$3" "$4" "$5" "$6" "${8:-$CROP_DPI}" "$tmp/raw.png"
    finish "$tmp/raw.png" "$7"
}

# at NAME PAGE WORD [BELOW]: the top of the first WORD of the page whose
# top is below BELOW (points), for parts that follow the text.
at() {
    pdftotext -bbox -f "$2" -l "$2" "$tmp/$1.pdf" - | awk -v w="$3" -v below="${4:-0}" '
        { if (match($0, /yMin="[0-9.]+"/)) y = substr($0, RSTART + 6, RLENGTH - 7) + 0
          t = $0; sub(/^.*">/, "", t); sub(/<\/word>.*$/, "", t) }
        t == w && y > below { printf "%.2f\n", y; found = 1; exit }
        END { if (!found) exit 1 }'
}

# side NAME... OUT: whole pages (PAGE NAME pairs) side by side, on grey,
# each framed by a hairline, their tops level.
side() {
    set -- "$@"
    files=""
    n=0
    while [ $# -gt 1 ]; do
        n=$((n + 1))
        pdftoppm -png -r "$PAGE_DPI" -f "$1" -l "$1" -singlefile "$tmp/$2.pdf" "$tmp/s$n"
        convert "$tmp/s$n.png" -bordercolor '#777777' -border 1 "$tmp/s$n.png"
        files="$files $tmp/s$n.png"
        shift 2
    done
    # shellcheck disable=SC2086
    convert -background '#aaaaaa' $files -gravity west -splice 16x0 \
        -gravity north +append -gravity east -splice 16x0 \
        -gravity north -splice 0x16 -gravity south -splice 0x16 \
        "$tmp/side.png"
    finish "$tmp/side.png" "$1"
}

# ---- The anatomy of page 1: un-a4's fields where they act ------------------
render anatomy samples/e-cn.7-2011-12-en.xml un-a4
python3 layouts/tools/anatomy.py "$tmp/anatomy.pdf" layouts/un-a4.xml \
    "$out/anatomy-page1.png" samples/e-cn.7-2011-12-en.xml

# ---- The three duty stations: ECE/TRANS/WP.29/2026/139 -------------------
ece=tests/house/ece-trans-wp29-2026-139.xml
render ny "$ece" un-letter
render ge "$ece" un-geneva
render vi "$ece" un-vienna
side 1 ny 1 ge 1 vi "$out/stations-page1.png"
side 2 ny 2 ge 2 vi "$out/stations-page2.png"
# Geneva's own pages, the top and foot of pages 1 and 3 (A4).
crop ge 1 40 20 515 342 "$out/geneva-page1-top.png"
crop ge 1 40 700 515 130 "$out/geneva-page1-foot.png"
crop ge 3 40 25 515 120 "$out/geneva-page3-top.png"
crop ge 3 40 700 515 130 "$out/geneva-page3-foot.png"

# ---- Vienna: ST/SPACE/61/Rev.3 in French, pages 2 and 3 --------------------
render st tests/house/st-space-61-rev3-fr.xml un-vienna
crop st 2 40 35 515 115 "$out/vienna-page2-top.png"
crop st 2 40 715 515 105 "$out/vienna-page2-foot.png"
crop st 3 40 792 515 20 "$out/vienna-page3-foot.png" "$STRIP_DPI"

# ---- The customisations: E/CN.7/2011/12 in French, un-a4 --------------------
note=samples/e-cn.7-2011-12.xml
render a4 "$note" un-a4
render margins "$note" layouts/examples/wide-margins.xml
render committee "$note" layouts/examples/committee.xml
render older "$note" layouts/examples/older-footer.xml
"$NP" render layouts/examples/note-ru.xml -o "$tmp/ru.pdf" 2>/dev/null
page a4 1 "$out/before-page1.png"
page a4 2 "$out/before-page2.png"
page margins 1 "$out/margins-page1.png"
page committee 1 "$out/committee-page1.png"
page committee 2 "$out/committee-page2.png"
page ru 1 "$out/russian-page1.png"
crop a4 2 40 792 515 20 "$out/footer-before.png" "$STRIP_DPI"
crop older 2 40 792 515 20 "$out/footer-after.png" "$STRIP_DPI"

# ---- New York at a close look: the fields measured, then set back ----------
# "before" is layouts/examples/unmeasured.xml: un-letter with the
# measured fields at plain values.
draft=tests/house/a-80-l-1.xml
inf=tests/house/a-inf-76-1.xml
res=samples/a-res-62-176.xml
render draft-un "$draft" layouts/examples/unmeasured.xml
render draft-ny "$draft" un-letter
render inf-un "$inf" layouts/examples/unmeasured.xml
render inf-ny "$inf" un-letter
render res-un "$res" layouts/examples/unmeasured.xml
render res-ny "$res" un-letter

crop draft-un 1 50 25 515 345 "$out/draft-page1-before.png"
crop draft-ny 1 50 25 515 345 "$out/draft-page1-after.png"
for v in un ny; do
    case $v in un) when=before ;; *) when=after ;; esac
    # The table, from the heading over it (the second "Opening" of page 1).
    y=$(at inf-$v 1 Opening 300)
    crop inf-$v 1 115 "$(echo "$y - 6" | bc)" 382 312 "$out/table-$when.png"
    crop inf-$v 1 55 700 510 70 "$out/page1-foot-$when.png"
    crop inf-$v 2 55 744 510 18 "$out/page2-foot-$when.png" "$STRIP_DPI"
    # The notes of page 1, from the first note's number.
    y=$(at res-$v 1 1 450)
    crop res-$v 1 90 "$(echo "$y - 22" | bc)" 420 95 "$out/notes-$when.png"
    # The body of A/80/L.1, from "The General Assembly,".
    y=$(at draft-$v 1 The 300)
    crop draft-$v 1 95 "$(echo "$y - 6" | bc)" 405 362 "$out/setwidth-$when.png"
done
