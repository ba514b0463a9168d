#!/bin/sh
# Tables turned on landscape pages of their own (<table landscape="yes">),
# read as a reader reads them:
#
#   - the turned table's pages are landscape (the portrait page's size
#     turned), the pages before and after it portrait; its header rows
#     open each landscape page, its notes close each;
#   - pdfcheck holds every page to the layout: the running header and
#     footer of a landscape page are those of the portrait page turned
#     with it, the table's words lie in the landscape text column, a
#     footnote called from a cell is printed on the page of its call;
#   - with un-geneva, the places measured on ECE/TRANS/WP.29/2026/139's
#     landscape pages (71, 78, 80): the header's symbol from x 795.7
#     (793.9, 795.5 and 797.7 measured: their mean), an even page's
#     number from x 28.5, the first word from x 113.3 (113.5 to 114.3)
#     with its top at y 61.7 (61.7);
#   - the dump back end says where drawing is turned; the tagged PDF
#     passes the structure checker, the turned furniture being artifacts.
#
# Usage: sh tests/landscape.sh build/notepress. Prints "N passed, N failed".

NP=${1:-build/notepress}
. "$(dirname "$0")/harness.sh"

doc=$here/cases/landscape.xml
size() { pdfinfo -f "$2" -l "$2" "$1" | sed -n 's/^Page *[0-9]* size: *\([0-9.]*\) x \([0-9.]*\).*/\1 \2/p'; }
# "x0 y0 x1 y1 word" of every word of page `2` of `1`
words() {
    pdftotext -bbox -f "$2" -l "$2" "$1" - |
        sed -n 's/.*xMin="\([0-9.]*\)" yMin="\([0-9.]*\)" xMax="\([0-9.]*\)" yMax="\([0-9.]*\)">\(.*\)<\/word>/\1 \2 \3 \4 \5/p'
}
# the box "x0 y0 x1 y1" of the first word `2` of page `3` of `1`
box() { words "$1" "$3" | awk -v w="$2" '$5 == w { print $1, $2, $3, $4; exit }'; }
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; exit !(d <= t && -d <= t) }'; }

"$NP" render "$doc" -o "$tmp/a4.pdf" 2>"$tmp/err"
check test $? -eq 0
check test ! -s "$tmp/err"
check test "$(pdfinfo "$tmp/a4.pdf" | sed -n 's/^Pages: *//p')" -eq 5
check test "$(size "$tmp/a4.pdf" 1)" = "595.28 841.89"
for p in 2 3 4; do
    check test "$(size "$tmp/a4.pdf" $p)" = "841.89 595.28"
    # the caption, then the header row, open the table; the header row
    # opens the next landscape pages: the first words of the column
    first=$(words "$tmp/a4.pdf" $p | awk '$1 > 100 && $1 < 750' |
        sort -n -k4,4 -k1,1 | awk "{ print \$5 }" | sed -n 1p)
    if [ $p = 2 ]; then check test "$first" = "Table"; else check test "$first" = "Region"; fi
    pdftotext -f $p -l $p "$tmp/a4.pdf" "$tmp/p.txt"
    check grep -q "^Source: Department of Economic and Social Affairs\.$" "$tmp/p.txt"
done
check test "$(size "$tmp/a4.pdf" 5)" = "595.28 841.89"
pdftotext -f 5 -l 5 "$tmp/a4.pdf" "$tmp/p5.txt"
check grep -q "The text after the turned table" "$tmp/p5.txt"
check python3 "$here/pdfcheck.py" "$tmp/a4.pdf" --description "$doc"
check python3 "$here/tagcheck.py" "$tmp/a4.pdf"
# the running header's symbol reads downwards: a box taller than wide
set -- $(box "$tmp/a4.pdf" "A/78/3" 2)
check awk -v x0="$1" -v y0="$2" -v x1="$3" -v y1="$4" 'BEGIN { exit !(y1 - y0 > 2 * (x1 - x0) && x0 > 780) }'
"$NP" render "$doc" --layout un-letter -o "$tmp/letter.pdf" 2>/dev/null
check test "$(size "$tmp/letter.pdf" 3)" = "792 612"
check python3 "$here/pdfcheck.py" "$tmp/letter.pdf" --description "$doc" --layout un-letter

# Geneva, against the pages measured
"$NP" render "$doc" --layout un-geneva -o "$tmp/gv.pdf" 2>/dev/null
set -- $(box "$tmp/gv.pdf" "A/78/3" 2)
check near "$1" 795.7 1
set -- $(box "$tmp/gv.pdf" "2" 2)
check near "$1" 28.5 1
set -- $(box "$tmp/gv.pdf" "Table" 2)
check near "$1" 113.3 1
check near "$2" 61.7 1

# the dump turns the furniture of each landscape page, and only theirs
"$NP" render "$doc" --dump -o "$tmp/d.txt" 2>/dev/null
check test "$(grep -c '^turned$' "$tmp/d.txt")" -eq 3
check test "$(grep -c '^unturned$' "$tmp/d.txt")" -eq 3

finish
