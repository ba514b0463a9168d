#!/bin/sh
# `make bench`: times notepress on the shared benchmark documents, on a
# batch of 1,000 two-page notes and on a long report with and without
# its cross-references, beside the peer engines installed here.
#
#   sh tests/bench.sh [BUILD]        (BUILD defaults to build)
#
# Every figure is the whole process, start-up included: median wall and
# CPU seconds of 5 runs after 1 warm-up (tests/bench_time.c), the largest
# peak resident set of those runs, pages per wall second. Peers run on
# the same content (../shared/bench/peers/SIZE/, beside this clone, or
# BENCH_DIR) in the same run, each with the command of the shared
# README.md run inside a copy of peers/SIZE/, when it is installed and
# renders the short input; nothing is installed here (`make bench-peers`,
# tests/bench-peers.sh, installs them, Typst into build/peers/typst or
# BENCH_TYPST_DIR). A peer's pages are those of the PDF it wrote. The
# "floor" rows are what no engine can avoid: parsing the description
# (xmllint --noout) and compressing what notepress compresses (gzip -6 of
# its long PDF with every stream uncompressed by qpdf).
#
# The goals of the issue are checked at the end and reported as "met" or
# "NOT met"; they never fail a build (timing belongs here, never in make
# check), but the script exits 1 when a notepress command fails. A peer
# that is missing, or fails, is reported and never fails the script.

BUILD=${1:-build}
here=$(cd "$(dirname "$0")" && pwd) || exit 2
top=$(cd "$here/.." && pwd) || exit 2
bench=${BENCH_DIR:-$top/../shared/bench}
NP=$top/$BUILD/notepress
TIME=$top/$BUILD/bench_time
RUNS=${BENCH_RUNS:-5}
NOTES=${BENCH_NOTES:-1000}
work=$top/$BUILD/bench
[ -x "$NP" ] && [ -x "$TIME" ] || { echo "bench.sh: build first (make bench)"; exit 2; }
[ -f "$bench/long.xml" ] || { echo "bench.sh: no benchmark documents in $bench"; exit 2; }
rm -rf "$work"
mkdir -p "$work" || exit 2
unset SOURCE_DATE_EPOCH
LC_ALL=C
export LC_ALL

failed=0
rows=$work/rows

# pdf_pages FILE: its page count, or nothing when it is not a PDF.
pdf_pages() {
    [ -s "$1" ] || return 1
    if command -v qpdf > /dev/null; then
        qpdf --show-npages "$1" 2> /dev/null
    else
        pdfinfo "$1" 2> /dev/null | sed -n 's/^Pages: *//p'
    fi
}

# measure NAME SIZE PAGES COMMAND...: one table row (also kept in $rows
# for the ratios and goals). PAGES "@FILE": the pages of the PDF FILE
# that the command writes (a peer's), counted after the runs; a peer's
# failure is reported without failing the script.
measure() {
    name=$1 size=$2 pages=$3
    shift 3
    case $pages in @*) out=${pages#@}; rm -f "$out" ;; *) out= ;; esac
    if ! m=$("$TIME" "$RUNS" 1 "$@"); then
        printf '%-12s %-7s failed: %s\n' "$name" "$size" "$*"
        [ -n "$out" ] || failed=1
        return
    fi
    if [ -n "$out" ]; then
        pages=$(pdf_pages "$out")
        case $pages in
        [1-9]*) ;;
        *) printf '%-12s %-7s failed: no PDF pages in %s\n' "$name" "$size" "$out"
           return ;;
        esac
    fi
    set -- $m
    pps=-
    [ "$pages" != - ] && pps=$(awk -v p="$pages" -v w="$1" 'BEGIN { printf "%.0f", p / w }')
    mib=$(awk -v k="$3" 'BEGIN { printf "%.1f", k / 1024 }')
    printf '%-12s %-7s %6s %9s %9s %9s %9s\n' "$name" "$size" "$pages" "$1" "$2" "$mib" "$pps"
    echo "$name $size $1 $2 $mib" >> "$rows"
}

# The figure `field` (3 wall, 4 cpu, 5 MiB) of a row.
figure() { awk -v n="$1" -v s="$2" -v f="$3" '$1 == n && $2 == s { print $f }' "$rows"; }

pages_of() {
    "$NP" render "$1" -o "$work/pages.pdf" --stats 2>&1 >/dev/null | sed -n 's/^pages: //p'
}

# Typst: the npm package of peers/typst/, installed by `make bench-peers`
# (or by `npm install` in the shared folder itself).
typst_dir=${BENCH_TYPST_DIR:-$top/build/peers/typst}
[ -d "$typst_dir/node_modules" ] || [ ! -d "$bench/peers/typst/node_modules" ] ||
    typst_dir=$bench/peers/typst

# peer_command NAME: the command of the shared README.md, run inside
# peer-SIZE/ (via sh -c, so that groff's redirection is part of what is
# timed); each writes NAME.pdf there. ../fop-embed.xconf and ../typst/
# stand beside the copies as beside the shared ones.
peer_command() {
    case $1 in
    pdflatex|lualatex) echo "$1 -interaction=batchmode -halt-on-error -jobname=$1 doc.tex" ;;
    groff) echo "groff -ms -mfr -Kutf8 -Tpdf -dpaper=a4 -P-pa4 doc.ms > groff.pdf" ;;
    fop) echo "fop -q -fo doc.fo -pdf fop.pdf" ;;
    fop-embed) echo "fop -q -c ../fop-embed.xconf -fo doc.fo -pdf fop-embed.pdf" ;;
    weasyprint) echo "weasyprint doc.html weasyprint.pdf" ;;
    typst) echo "node ../typst/compile.js doc.typ typst.pdf" ;;
    esac
}

# A peer is used when what it needs is installed and its command renders
# the short input to a PDF with pages (which also builds lualatex's font
# name database, when it has none yet, before any timing).
usable() {
    case $1 in
    fop-embed) command -v fop > /dev/null &&
        [ -f /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || return 1 ;;
    typst) command -v node > /dev/null && [ -f "$work/typst/compile.js" ] &&
        [ -d "$work/typst/node_modules" ] || return 1 ;;
    *) command -v "$1" > /dev/null || return 1 ;;
    esac
    rm -f "$work/peer-short/$1.pdf"
    (cd "$work/peer-short" && sh -c "$(peer_command "$1")") > /dev/null 2>&1 &&
        [ -n "$(pdf_pages "$work/peer-short/$1.pdf")" ]
}

for size in short medium long; do
    cp -r "$bench/peers/$size" "$work/peer-$size" && chmod -R u+w "$work/peer-$size" || exit 2
done
cp "$bench/peers/fop-embed.xconf" "$work/fop-embed.xconf" 2> /dev/null
[ -d "$typst_dir" ] && ln -s "$typst_dir" "$work/typst"
peers=
missing=
for p in pdflatex lualatex groff fop fop-embed weasyprint typst; do
    if usable "$p"; then peers="$peers $p"; else missing="$missing $p"; fi
done

echo "notepress $("$NP" --version | sed 's/.* //') on $(nproc) processors, $(date -u +%Y-%m-%d);" \
     "median of $RUNS runs after 1 warm-up"
echo "peers used:${peers:- none}; not installed or not working here:${missing:- none}"
echo
printf '%-12s %-7s %6s %9s %9s %9s %9s\n' engine size pages 'wall s' 'cpu s' 'peak MiB' 'pages/s'

for size in short medium long; do
    pages=$(pages_of "$bench/$size.xml")
    measure notepress "$size" "$pages" "$NP" render "$bench/$size.xml" -o "$work/$size.pdf"
    for p in $peers; do
        measure "$p" "$size" "@$work/peer-$size/$p.pdf" \
            sh -c "cd '$work/peer-$size' && $(peer_command "$p")"
    done
done

# ---- floor ------------------------------------------------------------
"$NP" render "$bench/long.xml" -o "$work/long.pdf" 2>/dev/null
if command -v xmllint > /dev/null; then
    measure 'floor:parse' long - xmllint --noout "$bench/long.xml"
fi
if command -v qpdf > /dev/null && command -v gzip > /dev/null; then
    qpdf --stream-data=uncompress --object-streams=disable "$work/long.pdf" "$work/long-raw.pdf"
    measure 'floor:zip' long - sh -c "gzip -6 -c '$work/long-raw.pdf' > /dev/null"
fi

# ---- batch of two-page notes ---------------------------------------------
sh "$here/gen_notes.sh" "$NOTES" "$work/notes" || exit 1
"$NP" batch -j 2 -o "$work/notes-out" "$work/notes" > "$work/batch.txt" 2>/dev/null
batch_pages=$(sed -n 's/^batch: .* \([0-9]*\) pages,.*/\1/p' "$work/batch.txt")
measure batch-j2 "$NOTES" "$batch_pages" "$NP" batch -j 2 --force -o "$work/notes-out" "$work/notes"
measure batch-j1 "$NOTES" "$batch_pages" "$NP" batch -j 1 --force -o "$work/notes-out" "$work/notes"

# ---- ratios and goals -------------------------------------------------------
echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "-" }'; }
for size in short medium long; do
    for p in $peers; do
        [ -n "$(figure "$p" "$size" 3)" ] || { echo "$size: $p failed"; continue; }
        echo "$size: $p takes $(ratio "$(figure "$p" "$size" 3)" "$(figure notepress "$size" 3)")x the wall time of notepress"
    done
done
goal() {
    if awk "BEGIN { exit !($2) }"; then echo "goal met:     $1"; else echo "goal NOT met: $1"; fi
}
long_wall=$(figure notepress long 3)
floor=$(awk -v a="$(figure floor:parse long 3)" -v b="$(figure floor:zip long 3)" 'BEGIN { print a + b }')
short_wall=$(figure notepress short 3)
echo "long: $(ratio "$long_wall" "$floor")x the floor (parse + compress, $floor s)"
goal "long.xml within 1.5x of the floor ($long_wall s)" "$long_wall <= 1.5 * $floor"
goal "long.xml peak RSS under 24 MiB ($(figure notepress long 5) MiB)" "$(figure notepress long 5) < 24"
goal "short note under 20 ms ($short_wall s)" "$short_wall < 0.020"
for p in pdflatex groff; do
    case " $peers " in
    *" $p "*) ;;
    *) echo "goal unknown: notepress against $p ($p is not usable here)"; continue ;;
    esac
    want=3; size=long
    [ "$p" = groff ] && want=2.5 && size=short
    pw=$(figure "$p" "$size" 3)
    [ -n "$pw" ] || { echo "goal unknown: notepress against $p ($p failed on $size.xml)"; continue; }
    goal "$size.xml at least ${want}x faster than $p ($(ratio "$pw" "$(figure notepress "$size" 3)")x)" \
         "$pw >= $want * $(figure notepress "$size" 3)"
done
bw=$(figure batch-j2 "$NOTES" 3)
bm=$(figure batch-j2 "$NOTES" 5)
goal "$NOTES notes with -j 2 under 2 s ($bw s)" "$bw < 2"
goal "$NOTES notes with -j 2 peak RSS under 64 MiB ($bm MiB)" "$bm < 64"

# ---- a long report: contents and cross-references ---------------------------
# The same 200-page report (tests/gen_report.py) with a table of contents
# and 500 references (paragraph numbers back, section numbers forward,
# page numbers either way), and without them, each <xref> replaced by
# the text it prints: what the references' passes of layout cost.
python3 "$here/gen_report.py" "$work/report-refs.xml" "$work/report-plain.xml" 2>/dev/null || exit 1
echo
printf '%-12s %-7s %6s %9s %9s %9s %9s\n' report kind pages 'wall s' 'cpu s' 'peak MiB' 'pages/s'
measure report refs "$(pages_of "$work/report-refs.xml")" \
    "$NP" render "$work/report-refs.xml" -o "$work/report-refs.pdf"
measure report plain "$(pages_of "$work/report-plain.xml")" \
    "$NP" render "$work/report-plain.xml" -o "$work/report-plain.pdf"
rw=$(figure report refs 3)
pw=$(figure report plain 3)
goal "report with contents and 500 references within 1.3x the time of the plain one ($(ratio "$rw" "$pw")x)" \
     "$rw <= 1.3 * $pw"

# ---- the cost of text in every script (callgrind) ---------------------------
# Instructions, which callgrind counts the same from run to run: the long
# benchmark in English (long.xml with --lang en) and the short note, whole
# processes, against the same commands before shaped text came in (Debian
# 12, this tree without it, on the same layouts: 2,090,187,955 and
# 47,231,661 instructions); then the samples of the languages set in runs.
instructions() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 |
        sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
}
if command -v valgrind >/dev/null 2>&1; then
    echo
    long_i=$(instructions "$NP" render "$bench/long.xml" --lang en -o "$work/long-en.pdf")
    short_i=$(instructions "$NP" render "$bench/short.xml" -o "$work/short-i.pdf")
    start_i=$(instructions "$NP" --version)
    echo "long.xml in English: $long_i instructions; short.xml: $short_i; start-up (--version): $start_i"
    goal "long.xml in English within 1.15x of its instructions before shaped text ($(ratio "$long_i" 2090187955)x)" \
         "$long_i <= 1.15 * 2090187955"
    goal "short note within 1.2x of its instructions before shaped text ($(ratio "$short_i" 47231661)x)" \
         "$short_i <= 1.2 * 47231661"
    for s in charter-ru charter-zh charter-ar; do
        echo "samples/$s.xml: $(instructions "$NP" render "$top/samples/$s.xml" -o "$work/$s.pdf") instructions"
    done
    ri=$(instructions "$NP" render "$work/report-refs.xml" -o "$work/report-refs.pdf")
    pi=$(instructions "$NP" render "$work/report-plain.xml" -o "$work/report-plain.pdf")
    echo "long report: $ri instructions with contents and references, $pi without ($(ratio "$ri" "$pi")x)"
else
    echo "goal unknown: instructions (valgrind is not installed)"
fi
exit "$failed"
