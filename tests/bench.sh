#!/bin/sh
# `make bench`: times notepress on the shared benchmark documents, on a
# document of some 5,000 pages made from the long one, on a batch of
# 1,000 two-page notes and on a long report with and without its
# cross-references, beside the peer engines installed here.
#
#   sh tests/bench.sh [BUILD]        (BUILD defaults to build)
#
# Every figure is the whole process, start-up included: median wall and
# CPU seconds of 5 runs after 1 warm-up (tests/bench_time.c), the largest
# peak resident set of those runs, pages per wall second, PDF bytes a
# page, and the instructions callgrind counts (the same from run to
# run, which no load can move). The commands of one size (notepress,
# its floors, each peer) run interleaved, A B C A B C ..., so that a
# change of load on this shared machine falls on all of them alike; the
# load average is printed before and after. Peers run on the same
# content (../shared/bench/peers/SIZE/, beside this clone, or BENCH_DIR),
# each with the command of the shared README.md run inside a copy of
# peers/SIZE/, when it is installed and renders the short input; nothing
# is installed here (`make bench-peers`, tests/bench-peers.sh, installs
# them, Typst into build/peers/typst or BENCH_TYPST_DIR). A peer's pages
# are those of the PDF it wrote. The "floor" rows are what no engine
# can avoid for the same document: parsing the description (xmllint
# --noout) and compressing what notepress compresses: zlib itself at
# level 6 on each stream of its PDF but the images, as uncompressed by
# qpdf (tests/bench_zlib.c; gzip -6 of the same bytes took about 30 %
# longer, its own format and I/O besides zlib's work).
#
# The goals are checked at the end and reported as "met" or "NOT met",
# each with its figure; every ratio is given in CPU time and in wall
# time. They never fail a build (timing belongs here, never in make
# check), but the script exits 1 when a notepress command fails. A peer
# that is missing, or fails, is reported and never fails the script.

BUILD=${1:-build}
here=$(cd "$(dirname "$0")" && pwd) || exit 2
top=$(cd "$here/.." && pwd) || exit 2
bench=${BENCH_DIR:-$top/../shared/bench}
NP=$top/$BUILD/notepress
TIME=$top/$BUILD/bench_time
ZLIB=$top/$BUILD/bench_zlib
RUNS=${BENCH_RUNS:-5}
NOTES=${BENCH_NOTES:-1000}
COPIES=${BENCH_COPIES:-21}      # long.xml's body 21 times: some 5,000 pages
work=$top/$BUILD/bench
[ -x "$NP" ] && [ -x "$TIME" ] && [ -x "$ZLIB" ] || { echo "bench.sh: build first (make bench)"; exit 2; }
[ -f "$bench/long.xml" ] || { echo "bench.sh: no benchmark documents in $bench"; exit 2; }
command -v qpdf > /dev/null || { echo "bench.sh: qpdf is needed (engine/setup.sh)"; exit 2; }
rm -rf "$work"
mkdir -p "$work" || exit 2
unset SOURCE_DATE_EPOCH
LC_ALL=C
export LC_ALL

failed=0
rows=$work/rows
: > "$rows"
have_valgrind=
command -v valgrind > /dev/null 2>&1 && have_valgrind=1

pdf_pages() {
    [ -s "$1" ] && qpdf --show-npages "$1" 2> /dev/null
}

# instructions COMMAND...: what callgrind counts, the command's children
# included (a peer may run several processes), or "-".
instructions() {
    [ -n "$have_valgrind" ] || { echo -; return; }
    valgrind --tool=callgrind --trace-children=yes --callgrind-out-file=/dev/null \
        "$@" 2>&1 > /dev/null |
        awk '/Collected :/ { n += $NF; seen = 1 } END { if (seen) print n; else print "-" }'
}

# row NAME SIZE PAGES "WALL CPU KIB" PDF INSTR: one table row, also kept
# in $rows (name size wall cpu MiB bytes-a-page instructions) for the
# ratios and goals.
row() {
    set -- "$1" "$2" "$3" $4 "$5" "$6"
    pps=- mib=$(awk -v k="$6" 'BEGIN { printf "%.1f", k / 1024 }') bpp=-
    [ "$3" != - ] && pps=$(awk -v p="$3" -v w="$4" 'BEGIN { printf "%.0f", p / w }')
    [ -s "$7" ] && [ "$3" != - ] && bpp=$(( $(wc -c < "$7") / $3 ))
    mi=-
    [ "$8" != - ] && mi=$(awk -v i="$8" 'BEGIN { printf "%.1f", i / 1e6 }')
    printf '%-12s %-7s %6s %8s %8s %8s %8s %9s %9s\n' "$1" "$2" "$3" "$4" "$5" "$mib" "$pps" "$bpp" "$mi"
    echo "$1 $2 $4 $5 $mib $bpp $8" >> "$rows"
}

# The figure `field` (3 wall, 4 cpu, 5 MiB, 6 bytes a page, 7
# instructions) of a row.
figure() { awk -v n="$1" -v s="$2" -v f="$3" '$1 == n && $2 == s { print $f }' "$rows"; }

pages_of() {
    "$NP" render "$@" -o "$work/pages.pdf" --stats 2>&1 >/dev/null | sed -n 's/^pages: //p'
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

# instructions_of NAME SIZE: instructions of one row's command; only
# for pdflatex and groff among the peers (callgrind runs a program some
# fifty times slower: Java and Python peers would take an hour).
instructions_of() {
    case $1 in
    notepress) instructions "$NP" render "$bench/$2.xml" -o "$work/$2-i.pdf" ;;
    floor:parse) instructions xmllint --noout "$bench/$2.xml" ;;
    floor:zlib) instructions "$ZLIB" "$work/$2-raw.pdf" ;;
    pdflatex|groff) instructions sh -c "cd '$work/peer-$2' && $(peer_command "$1")" ;;
    *) echo - ;;
    esac
}

# group SIZE: notepress, its floors and every usable peer on SIZE.xml,
# interleaved in one bench_time call; then their instructions, one by
# one (callgrind, whose counts no load moves).
group() {
    size=$1
    doc=$bench/$size.xml
    "$NP" render "$doc" -o "$work/$size.pdf" 2> /dev/null || { failed=1; echo "notepress failed on $size.xml"; return; }
    qpdf --stream-data=uncompress --object-streams=disable "$work/$size.pdf" "$work/$size-raw.pdf"
    names="notepress floor:parse floor:zlib"
    set -- "$NP" render "$doc" -o "$work/$size.pdf" :: xmllint --noout "$doc" :: "$ZLIB" "$work/$size-raw.pdf"
    for p in $peers; do
        rm -f "$work/peer-$size/$p.pdf"
        set -- "$@" :: sh -c "cd '$work/peer-$size' && $(peer_command "$p")"
        names="$names $p"
    done
    "$TIME" "$RUNS" 1 "$@" > "$work/times" 2> /dev/null
    i=0
    for n in $names; do
        i=$((i + 1))
        m=$(sed -n "${i}p" "$work/times")
        case $n in
        notepress) pdf=$work/$size.pdf; pages=$(pages_of "$doc") ;;
        floor:*) pdf=; pages=- ;;
        *) pdf=$work/peer-$size/$n.pdf; pages=$(pdf_pages "$pdf") ;;
        esac
        if [ "$m" = failed ] || [ -z "$pages" ]; then
            printf '%-12s %-7s failed\n' "$n" "$size"
            [ "$n" = notepress ] && failed=1
            continue
        fi
        ins=$(instructions_of "$n" "$size")
        row "$n" "$size" "$pages" "$m" "$pdf" "$ins"
    done
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

load() { cut -d' ' -f1-3 /proc/loadavg 2> /dev/null; }
echo "notepress $("$NP" --version | sed 's/.* //') on $(nproc) processors, $(date -u +%Y-%m-%d);" \
     "median of $RUNS interleaved runs after 1 warm-up"
echo "peers used:${peers:- none}; not installed or not working here:${missing:- none}"
echo "load average (1, 5, 15 min) at the start: $(load)"
echo
printf '%-12s %-7s %6s %8s %8s %8s %8s %9s %9s\n' engine size pages 'wall s' 'cpu s' 'peak MiB' 'pages/s' 'bytes/pg' 'M instr'

for size in short medium long; do
    group "$size"
done

# ---- some 5,000 pages: long.xml's body COPIES times ------------------------
# Ids and references get a prefix per copy; the input and footnote
# limits are raised for it. Run once: peak memory is the figure.
awk -v k="$COPIES" '
    /^  <body>/ { inb = 1; print; next }
    /^  <\/body>/ {
        for (i = 0; i < k; i++)
            for (j = 1; j <= n; j++) {
                s = b[j]
                gsub(/id="/, "id=\"c" i "-", s)
                gsub(/ref="/, "ref=\"c" i "-", s)
                print s
            }
        inb = 0; print; next
    }
    inb { b[++n] = $0; next }
    { print }' "$bench/long.xml" > "$work/huge.xml"
huge_limits="--limit input=1073741824 --limit notes=1000000"
# shellcheck disable=SC2086
huge_pages=$(pages_of "$work/huge.xml" $huge_limits)
# shellcheck disable=SC2086
if m=$("$TIME" 1 0 "$NP" render "$work/huge.xml" $huge_limits -o "$work/huge.pdf"); then
    row notepress "x$COPIES" "$huge_pages" "$m" "$work/huge.pdf" -
else
    echo "notepress x$COPIES failed"; failed=1
fi

# ---- batch of two-page notes ---------------------------------------------
sh "$here/gen_notes.sh" "$NOTES" "$work/notes" || exit 1
"$NP" batch -j 2 -o "$work/notes-out" "$work/notes" > "$work/batch.txt" 2>/dev/null
batch_pages=$(sed -n 's/^batch: .* \([0-9]*\) pages,.*/\1/p' "$work/batch.txt")
"$TIME" "$RUNS" 1 "$NP" batch -j 2 --force -o "$work/notes-out" "$work/notes" \
    :: "$NP" batch -j 1 --force -o "$work/notes-out" "$work/notes" > "$work/times" 2> /dev/null
for j in 2 1; do
    m=$(sed -n "$((3 - j))p" "$work/times")
    if [ "$m" = failed ]; then echo "batch -j $j failed"; failed=1; continue; fi
    row "batch-j$j" "$NOTES" "$batch_pages" "$m" "" -
done
# What one more note costs a batch: 20 notes against 10, one job.
batch_note=-
if [ -n "$have_valgrind" ]; then
    sh "$here/gen_notes.sh" 20 "$work/notes20" && sh "$here/gen_notes.sh" 10 "$work/notes10" &&
    i20=$(instructions "$NP" batch -j 1 -o "$work/out20" "$work/notes20") &&
    i10=$(instructions "$NP" batch -j 1 -o "$work/out10" "$work/notes10") &&
    batch_note=$(( (i20 - i10) / 10 ))
fi
# ---- a long report: contents and cross-references -------------------------
# The same 200-page report (tests/gen_report.py) with a table of contents
# and 500 references (paragraph numbers back, section numbers forward,
# page numbers either way), and without them, each <xref> replaced by
# the text it prints: what the references' passes of layout cost. The
# two run interleaved.
python3 "$here/gen_report.py" "$work/report-refs.xml" "$work/report-plain.xml" 2>/dev/null || exit 1
report_pages=$(pages_of "$work/report-refs.xml")
"$TIME" "$RUNS" 1 "$NP" render "$work/report-refs.xml" -o "$work/report-refs.pdf" \
    :: "$NP" render "$work/report-plain.xml" -o "$work/report-plain.pdf" > "$work/times" 2> /dev/null
k=1
for kind in refs plain; do
    m=$(sed -n "${k}p" "$work/times")
    k=$((k + 1))
    if [ "$m" = failed ]; then echo "report $kind failed"; failed=1; continue; fi
    row report "$kind" "$report_pages" "$m" "$work/report-$kind.pdf" -
done
echo "load average at the end: $(load)"

# ---- ratios and goals -------------------------------------------------------
echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "-" }'; }
# both NAME SIZE NAME2 SIZE2: "Xx CPU, Yx wall" of NAME's figures over NAME2's
both() {
    echo "$(ratio "$(figure "$1" "$2" 4)" "$(figure "$3" "$4" 4)")x CPU, $(ratio "$(figure "$1" "$2" 3)" "$(figure "$3" "$4" 3)")x wall"
}
for size in short medium long; do
    for p in $peers; do
        [ -n "$(figure "$p" "$size" 3)" ] || { echo "$size: $p failed"; continue; }
        echo "$size: $p takes $(both "$p" "$size" notepress "$size") of notepress"
    done
done
goal() {
    if awk "BEGIN { exit !($2) }" 2> /dev/null; then echo "goal met:     $1"
    else echo "goal NOT met: $1"; fi
}
unknown() { echo "goal unknown: $1"; }
# floor SIZE FIELD: parse + compress
floor() { awk -v a="$(figure floor:parse "$1" "$2")" -v b="$(figure floor:zlib "$1" "$2")" 'BEGIN { print a + b }'; }
for size in short long; do
    echo "$size: the floor (parse + compress) takes $(floor "$size" 4) s CPU, $(floor "$size" 3) s wall;" \
         "notepress $(ratio "$(figure notepress "$size" 4)" "$(floor "$size" 4)")x CPU," \
         "$(ratio "$(figure notepress "$size" 3)" "$(floor "$size" 3)")x wall"
done
hm=$(figure notepress "x$COPIES" 5)
lm=$(figure notepress long 5)
goal "$huge_pages pages under 40 MiB peak RSS ($hm MiB)" "$hm < 40"
goal "long.xml ($(pages_of "$bench/long.xml") pages) under 20 MiB peak RSS ($lm MiB)" "$lm < 20"
goal "long.xml within 1.2x of its floor in CPU time ($(ratio "$(figure notepress long 4)" "$(floor long 4)")x)" \
     "$(figure notepress long 4) <= 1.2 * $(floor long 4)"
goal "short.xml within 2x of its floor in CPU time ($(ratio "$(figure notepress short 4)" "$(floor short 4)")x)" \
     "$(figure notepress short 4) <= 2 * $(floor short 4)"
goal "a batch note under 8 M instructions ($batch_note)" "$batch_note < 8000000"
case " $peers " in
*" pdflatex "*)
    li=$(figure notepress long 7) pi=$(figure pdflatex long 7)
    goal "long.xml in at least 5x fewer instructions than pdflatex ($(ratio "$pi" "$li")x)" "$pi >= 5 * $li"
    goal "long.xml PDF bytes a page no more than pdflatex's ($(figure notepress long 6) against $(figure pdflatex long 6))" \
         "$(figure notepress long 6) <= $(figure pdflatex long 6)"
    goal "long.xml at least 3x faster than pdflatex ($(both pdflatex long notepress long))" \
         "$(figure pdflatex long 4) >= 3 * $(figure notepress long 4)" ;;
*)  unknown "notepress against pdflatex (pdflatex is not usable here; make bench-peers)" ;;
esac
case " $peers " in
*" groff "*)
    goal "short.xml at least 2.5x faster than groff ($(both groff short notepress short))" \
         "$(figure groff short 4) >= 2.5 * $(figure notepress short 4)" ;;
*)  unknown "notepress against groff (groff is not usable here)" ;;
esac
bw=$(figure batch-j2 "$NOTES" 3)
bm=$(figure batch-j2 "$NOTES" 5)
goal "$NOTES notes with -j 2 under 2 s wall ($bw s)" "$bw < 2"
goal "$NOTES notes with -j 2 peak RSS under 64 MiB ($bm MiB)" "$bm < 64"
goal "report with contents and 500 references within 1.3x the time of the plain one ($(both report refs report plain))" \
     "$(figure report refs 4) <= 1.3 * $(figure report plain 4)"

# ---- text in every script (callgrind) -----------------------------------------
# The long benchmark in English and the samples of the languages set in
# runs; the cost of shaped text was measured against the tree without
# it (docs/performance.md); the long report with and without its
# references.
if [ -n "$have_valgrind" ]; then
    echo
    echo "long.xml in English: $(instructions "$NP" render "$bench/long.xml" --lang en -o "$work/long-en.pdf") instructions;" \
         "start-up (--version): $(instructions "$NP" --version)"
    for s in charter-ru charter-zh charter-ar; do
        echo "samples/$s.xml: $(instructions "$NP" render "$top/samples/$s.xml" -o "$work/$s.pdf") instructions"
    done
    ri=$(instructions "$NP" render "$work/report-refs.xml" -o "$work/report-refs.pdf")
    pi=$(instructions "$NP" render "$work/report-plain.xml" -o "$work/report-plain.pdf")
    echo "long report: $ri instructions with contents and references, $pi without ($(ratio "$ri" "$pi")x)"
else
    unknown "instructions (valgrind is not installed)"
fi
exit "$failed"
