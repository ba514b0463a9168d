#!/bin/sh
# Faults around a render: each gives a clear message and a non-zero exit
# status, leaves no partial PDF and no temporary file, and leaves the
# previous PDF at the output path intact.
#
#   1. output directory missing or not a directory; unwritable (when a
#      user other than root is at hand);
#   2. full disk: a file size limit (ulimit -f), and a small tmpfs when
#      this machine lets us mount one;
#   3. a layout naming a missing font, a file that is not a font, or a
#      font whose outlines are damaged; a missing layout;
#   4. SIGTERM and SIGINT during a long render, and SIGTERM while one
#      paragraph of a million words is broken into lines; the page limit
#      (known only after pagination); standard output as the destination;
#   5. nothing in a PDF can run code: no JavaScript, launch, submit or
#      open actions, no embedded files; links are URIs;
#   6. every file the render reads (description, layout and the layout
#      it extends, language file, font, emblem, hyphenation patterns,
#      ICC profile) given as a FIFO nobody writes to or as a device:
#      refused at once with its name, never waited on or read without
#      end;
#   7. outputs that must not be replaced: a FIFO (written, or given up
#      on SIGTERM when nobody reads it), a link to standard output, a
#      character device, a directory; the description itself (by its
#      name, a hard link or a symbolic link) and the layout the render
#      reads are refused, and a symbolic link to an older PDF stays a
#      link;
#   8. the temporary file: hidden, removed by the next run of the same
#      output when a kill -9 left it, never in the way of a second
#      render of the same output at once; the PDF's mode is 0666 less
#      the umask;
#   9. values from outside the description: SOURCE_DATE_EPOCH, an emblem
#      reached through a symbolic link, a language file without the name
#      of an original language.
#
# Usage: sh tests/faults.sh build/notepress. Prints "N passed, N failed".

NP=${1:-build/notepress}
case $NP in /*) ;; *) NP=$(pwd)/$NP ;; esac
. "$(dirname "$0")/harness.sh"
mounted=
cleanup() {
    [ -n "$mounted" ] && umount "$mounted" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

sample=$top/samples/e-cn.7-2011-12.xml

# The output path holds a previous PDF; after a failed render it must
# still hold it, and nothing else may be left beside it.
previous() {
    printf 'previous PDF\n' > "$1"
}
intact() {
    check grep -qx 'previous PDF' "$1"
    left=$(ls -A "$(dirname "$1")" | grep -c "$(basename "$1")\..*tmp")
    check test "$left" -eq 0
}
# render OUT EXPECTED-STATUS MESSAGE-PATTERN [options...]
render_fails() {
    out=$1 want=$2 pattern=$3
    shift 3
    "$NP" render "$sample" -o "$out" "$@" 2> "$tmp/err"
    status=$?
    if [ "$status" -eq "$want" ]; then ok; else ko "status $status, not $want: $out $*"; fi
    if grep -q "$pattern" "$tmp/err"; then ok; else
        ko "message for $out: wanted /$pattern/"; cat "$tmp/err"
    fi
}

# ---- 1. output directory ------------------------------------------
render_fails "$tmp/missing/x.pdf" 1 'error: cannot write .*missing/x.pdf: No such file'
printf 'a file\n' > "$tmp/file"
render_fails "$tmp/file/x.pdf" 1 'error: cannot write .*file/x.pdf: Not a directory'
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1 && command -v su >/dev/null; then
    mkdir "$tmp/ro" && chmod 755 "$tmp" && chmod 555 "$tmp/ro"
    previous "$tmp/ro/x.pdf"
    su nobody -s /bin/sh -c "'$NP' render '$sample' -o '$tmp/ro/x.pdf'" 2> "$tmp/err"
    check test $? -eq 1
    check grep -q 'error: cannot write .*ro/x.pdf: Permission denied' "$tmp/err"
    intact "$tmp/ro/x.pdf"
elif [ "$(id -u)" -ne 0 ]; then
    mkdir "$tmp/ro" && previous "$tmp/ro/x.pdf" && chmod 555 "$tmp/ro"
    render_fails "$tmp/ro/x.pdf" 1 'error: cannot write .*ro/x.pdf: Permission denied'
    intact "$tmp/ro/x.pdf"
    chmod 755 "$tmp/ro"
fi

# ---- 2. full disk ---------------------------------------------------
# A long document (about 200 pages, 1.2 MB of PDF) against a 64 kB file
# size limit: the write fails with EFBIG (the command ignores SIGXFSZ).
long=$top/../shared/bench/long.xml
if [ ! -f "$long" ]; then
    long=$tmp/long.xml
    python3 "$here/pathological/make.py" long "$long"
fi
previous "$tmp/full.pdf"
(ulimit -f 128; "$NP" render "$long" -o "$tmp/full.pdf") 2> "$tmp/err"
check test $? -eq 1
check grep -q 'error: cannot write .*full.pdf: File too large' "$tmp/err"
intact "$tmp/full.pdf"
mkdir "$tmp/mnt"
if mount -t tmpfs -o size=256k tmpfs "$tmp/mnt" 2>/dev/null; then
    mounted=$tmp/mnt
    previous "$tmp/mnt/o.pdf"
    "$NP" render "$long" -o "$tmp/mnt/o.pdf" 2> "$tmp/err"
    check test $? -eq 1
    check grep -q 'error: cannot write .*o.pdf: No space left on device' "$tmp/err"
    intact "$tmp/mnt/o.pdf"
    umount "$tmp/mnt" && mounted=
fi

# ---- 3. fonts and layouts -------------------------------------------
sed 's/LiberationSerif-Italic.ttf/Missing-Italic.ttf/' "$top/layouts/un-a4.xml" > "$tmp/nofont.xml"
previous "$tmp/f.pdf"
render_fails "$tmp/f.pdf" 1 'nofont.xml:[0-9]*:[0-9]*: error: cannot load font Missing-Italic.ttf: not found' \
    --layout "$tmp/nofont.xml"
intact "$tmp/f.pdf"
printf 'not a font\n' > "$tmp/Junk.ttf"
sed 's/LiberationSerif-Bold.ttf/Junk.ttf/' "$top/layouts/un-a4.xml" > "$tmp/junkfont.xml"
render_fails "$tmp/f.pdf" 1 'error: cannot load font .*Junk.ttf: ' --layout "$tmp/junkfont.xml"
intact "$tmp/f.pdf"
# A face whose outlines are damaged (2 000 bytes of its glyf table
# changed, always the same ones) is refused, naming the file and the
# glyph, rather than embedded in a PDF that readers complain about.
python3 - "$top/fonts/LiberationSerif-Regular.ttf" "$tmp/Damaged.ttf" <<'EOF'
import random, struct, sys
data = bytearray(open(sys.argv[1], 'rb').read())
count = struct.unpack('>H', data[4:6])[0]
for i in range(count):
    tag, _, off, length = struct.unpack('>4sIII', data[12 + 16 * i:28 + 16 * i])
    if tag == b'glyf':
        break
r = random.Random(1)
for _ in range(2000):
    data[off + r.randrange(length)] = r.randrange(256)
open(sys.argv[2], 'wb').write(data)
EOF
sed 's/LiberationSerif-Regular.ttf/Damaged.ttf/' "$top/layouts/un-a4.xml" > "$tmp/damaged.xml"
render_fails "$tmp/f.pdf" 1 'damaged.xml:[0-9]*:[0-9]*: error: cannot load font .*Damaged.ttf: glyph [0-9]* is damaged: ' \
    --layout "$tmp/damaged.xml"
intact "$tmp/f.pdf"
render_fails "$tmp/f.pdf" 1 'error: unknown layout "no-such-layout"' --layout no-such-layout
intact "$tmp/f.pdf"
render_fails "$tmp/f.pdf" 1 'error: .*no-such-dir/layout.xml' --layout "$tmp/no-such-dir/layout.xml"
intact "$tmp/f.pdf"
NOTEPRESS_LAYOUTS=$tmp/no-such-dir render_fails "$tmp/f.pdf" 1 'unknown layout "nowhere"' \
    --layout nowhere
intact "$tmp/f.pdf"

# ---- 4. interrupted ---------------------------------------------------
# Copies of the long document's body, about 12 MB in all (under the
# 16 MiB input limit, whichever long document is at hand): several
# seconds of work, so that the signal comes in the middle of it.
python3 - "$long" "$tmp/longer.xml" <<'EOF'
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
head, rest = src.split("<body>\n", 1)
body, tail = rest.split("</body>\n", 1)
count = max(2, 12_000_000 // len(src.encode("utf-8")))
copies = [re.sub(r'\b(id|ref)="([^"]*)"', lambda m: '%s="%s-%d"' % (m[1], m[2], k), body)
          for k in range(count)]
open(sys.argv[2], "w", encoding="utf-8").write(head + "<body>\n" + "".join(copies) + "</body>\n" + tail)
EOF
# How long a whole render of IN takes here, in milliseconds: a signal is
# sent at half of it, so that it comes in the middle of the work on a
# fast machine as on a slow one.
whole_ms() {
    start=$(date +%s%N)
    "$NP" render "$@" -o "$tmp/whole.pdf" 2>/dev/null
    echo $(( ($(date +%s%N) - start) / 1000000 ))
}
# signal_midway FILE SIG OUT WHOLE_MS [options...]: renders FILE into
# OUT and sends it SIG part-way, at half the time WHOLE_MS one render of
# it took; when this render ran faster (the machine is shared, its load
# changes) and was already done, or so nearly done that it finished and
# wrote its file before it looked for a signal again (status 0), again
# at a quarter, an eighth, a sixteenth. Sets `status` (the render's exit
# status) and `took` (ms from the signal to its end), both -1 when no
# try caught it running.
signal_midway() {
    file=$1 sig=$2 out=$3 whole=$4
    shift 4
    for part in 2 4 8 16; do
        previous "$out"
        "$NP" render "$file" -o "$out" "$@" 2> "$tmp/err" &
        pid=$!
        sleep "$(python3 -c "print($whole / ($part * 1000))")"
        start=$(date +%s%N)
        if kill -"$sig" "$pid" 2>/dev/null; then
            wait "$pid"
            status=$?
            took=$(( ($(date +%s%N) - start) / 1000000 ))
            [ "$status" -ne 0 ] && return 0
            continue
        fi
        wait "$pid"
    done
    status=-1 took=-1
}
longer_ms=$(whole_ms "$tmp/longer.xml")
interrupt() {
    sig=$1 want=$2
    signal_midway "$tmp/longer.xml" "$sig" "$tmp/sig.pdf" "$longer_ms"
    if [ "$status" -eq "$want" ]; then ok; else ko "$sig: status $status, not $want"; fi
    check grep -q "error: interrupted by SIG$sig" "$tmp/err"
    intact "$tmp/sig.pdf"
}
interrupt TERM 143
interrupt INT 130
# One paragraph of a million words: most of its time goes to choosing
# its line breaks, and SIGTERM must stop that within half a second (the
# test allows a second; NP_TIME_FACTOR for slow builds).
python3 - "$tmp/paragraph.xml" <<'EOF'
import sys
w = 'the committee recommends that member states strengthen their cooperation'.split()
text = ' '.join(w[i % len(w)] for i in range(1000000))
open(sys.argv[1], 'w').write('<?xml version="1.0" encoding="UTF-8"?>\n<document lang="en">'
    '<meta><symbol>A/1</symbol></meta><title>T</title><body><p>' + text + '</p></body></document>\n')
EOF
paragraph_ms=$(whole_ms "$tmp/paragraph.xml" --limit text=16000000)
signal_midway "$tmp/paragraph.xml" TERM "$tmp/sig.pdf" "$paragraph_ms" --limit text=16000000
check test "$status" -eq 143
limit_ms=$(python3 -c "import os; print(int(1000 * float(os.environ.get('NP_TIME_FACTOR', '1'))))")
if [ "$took" -le "$limit_ms" ]; then ok; else ko "SIGTERM in one long paragraph: $took ms to stop"; fi
intact "$tmp/sig.pdf"

# The page limit is known only once the document is paginated (`check`
# does not paginate): refused before anything is drawn, nothing written.
previous "$tmp/pages.pdf"
"$NP" render "$long" -o "$tmp/pages.pdf" --limit pages=50 2> "$tmp/err"
check test $? -eq 1
check grep -q 'long.xml: error: the document would have [0-9]* pages, more than the limit of 50 (limit pages)' "$tmp/err"
intact "$tmp/pages.pdf"

# Standard output (-o -): the same bytes as a file, and nothing at all
# for a refused description.
"$NP" render "$sample" -o "$tmp/file.pdf" 2>/dev/null
"$NP" render "$sample" -o - > "$tmp/stdout.pdf" 2>/dev/null
check cmp -s "$tmp/file.pdf" "$tmp/stdout.pdf"
"$NP" render "$top/tests/errors/bad-date.xml" -o - > "$tmp/stdout.pdf" 2>/dev/null
check test $? -eq 1
check test ! -s "$tmp/stdout.pdf"

# ---- 5. nothing runs -------------------------------------------------
# Uncompressed object dictionaries (qpdf --qdf) hold no action that runs
# code or leaves the document, and every link is a URI action.
"$NP" render "$top/samples/a-res-62-176.xml" -o "$tmp/links.pdf" 2>/dev/null
check test $? -eq 0
if qpdf --qdf --object-streams=disable "$tmp/links.pdf" "$tmp/links.qdf" 2>/dev/null; then ok; else
    ko "qpdf --qdf links.pdf"
fi
for key in JavaScript JS Launch SubmitForm ImportData OpenAction AA EmbeddedFile \
           EmbeddedFiles RichMedia GoToR GoToE Movie Sound XFA; do
    if grep -aq "/$key[^A-Za-z]" "$tmp/links.qdf"; then ko "/$key in a PDF"; else ok; fi
done
actions=$(grep -ac '/S /URI' "$tmp/links.qdf")
# every /S but the structure types of the tagged PDF's elements
all=$(grep -a '/S /' "$tmp/links.qdf" | grep -acvE '/S /(Document|Sect|BlockQuote|Caption|P|H[1-6]|L|LI|Lbl|LBody|Table|THead|TBody|TR|TH|TD|Span|Note|Reference|Link|Figure)$')
check test "$actions" -eq "$all"
# A link's target is written as a URI, in ASCII: the other characters of
# an IRI (letters with accents, a space) percent-encoded.
cat > "$tmp/iri.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<document lang="fr">
  <meta><symbol>E/1</symbol></meta>
  <title>Titre</title>
  <body><p>Voir <link href="https://example.org/été 2024?q=a b">ici</link>.</p></body>
</document>
EOF
"$NP" render "$tmp/iri.xml" -o "$tmp/iri.pdf" 2>/dev/null
check test $? -eq 0
qpdf --qdf --object-streams=disable "$tmp/iri.pdf" "$tmp/iri.qdf" 2>/dev/null
check grep -aq '/URI (https://example.org/%C3%A9t%C3%A9%202024?q=a%20b)' "$tmp/iri.qdf"

# ---- 6. files that are not regular files ------------------------------
# Each run is bounded by `timeout`: before, opening a FIFO blocked for
# ever and /dev/zero was read up to the input limit.
mkdir "$tmp/special" "$tmp/special/fonts" "$tmp/special/lang" "$tmp/special/hyph" \
      "$tmp/special/lay"
sp=$tmp/special
mkfifo "$sp/in.xml" "$sp/layout.xml" "$sp/parent.xml" "$sp/fonts/LiberationSerif-Bold.ttf" \
       "$sp/lang/fr.xml" "$sp/hyph/hyph_fr.dic" "$sp/lay/emblem.png"
printf '<?xml version="1.0"?>\n<layout name="child" extends="parent.xml"/>\n' > "$sp/child.xml"
cp "$top/layouts/un-a4.xml" "$sp/lay/un-a4.xml"
# special WHAT EXPECTED-STATUS MESSAGE-PATTERN command...
special() {
    what=$1 want=$2 pattern=$3
    shift 3
    previous "$tmp/sp.pdf"
    timeout 20 "$@" 2> "$tmp/err"
    status=$?
    if [ "$status" -eq "$want" ]; then ok; else ko "$what: status $status, not $want"; fi
    if grep -q "$pattern" "$tmp/err"; then ok; else
        ko "$what: wanted /$pattern/"; cat "$tmp/err"
    fi
}
special "FIFO description" 1 "cannot read $sp/in.xml: a FIFO, not a regular file" \
    "$NP" render "$sp/in.xml" -o "$tmp/sp.pdf"
intact "$tmp/sp.pdf"
special "device description" 1 'cannot read /dev/zero: a character device, not a regular file' \
    "$NP" check /dev/zero
special "FIFO layout" 1 "cannot read $sp/layout.xml: a FIFO, not a regular file" \
    "$NP" render "$sample" -o "$tmp/sp.pdf" --layout "$sp/layout.xml"
special "FIFO parent layout" 1 "cannot read $sp/parent.xml: a FIFO, not a regular file" \
    "$NP" render "$sample" -o "$tmp/sp.pdf" --layout "$sp/child.xml"
special "device layout" 1 'cannot read /dev/null: a character device, not a regular file' \
    "$NP" render "$sample" -o "$tmp/sp.pdf" --layout /dev/null
special "FIFO font" 1 "cannot load font $sp/fonts/LiberationSerif-Bold.ttf: .*a FIFO, not a regular file" \
    env NOTEPRESS_FONTS="$sp/fonts" "$NP" render "$sample" -o "$tmp/sp.pdf"
special "FIFO language file" 1 "cannot read $sp/lang/fr.xml: a FIFO, not a regular file" \
    env NOTEPRESS_LAYOUTS="$sp" "$NP" render "$sample" -o "$tmp/sp.pdf"
special "FIFO emblem" 1 "image $sp/lay/emblem.png: a FIFO, not a regular file" \
    "$NP" render "$sample" -o "$tmp/sp.pdf" --layout "$sp/lay/un-a4.xml"
intact "$tmp/sp.pdf"
special "device ICC profile" 1 'PDF/A needs an sRGB ICC profile: /dev/zero: a character device, not a regular file' \
    env NOTEPRESS_ICC_PROFILE=/dev/zero "$NP" render "$sample" -o "$tmp/sp.pdf" --pdfa
intact "$tmp/sp.pdf"
# Patterns that cannot be read only cost the hyphenation, with a warning.
special "FIFO patterns" 0 "no hyphenation patterns for \"fr\" ($sp/hyph/hyph_fr.dic)" \
    env NOTEPRESS_HYPHEN="$sp/hyph" "$NP" render "$sample" -o "$tmp/sp.pdf"

# ---- 7. outputs that are not to be replaced ----------------------------
mkdir "$tmp/outs"
o=$tmp/outs
"$NP" render "$sample" -o "$o/ref.pdf" 2>/dev/null
# A FIFO with a reader gets the PDF, and stays a FIFO.
mkfifo "$o/fifo"
timeout 20 cat "$o/fifo" > "$o/from-fifo.pdf" &
reader=$!
timeout 20 "$NP" render "$sample" -o "$o/fifo" 2> "$tmp/err"
check test $? -eq 0
wait "$reader"
check test -p "$o/fifo"
check cmp -s "$o/ref.pdf" "$o/from-fifo.pdf"
# Nobody reads it: the render waits, and stops on SIGTERM.
"$NP" render "$sample" -o "$o/fifo" 2> "$tmp/err" &
pid=$!
sleep 1
kill -TERM "$pid"
start=$(date +%s)
wait "$pid"
status=$?
check test "$status" -eq 143
check test $(($(date +%s) - start)) -le 2
check test -p "$o/fifo"
# A link to this process's standard output is written through, never
# replaced (as root, a rename over /dev/stdout replaced the system's).
ln -s /proc/self/fd/1 "$o/stdout-link"
"$NP" render "$sample" -o "$o/stdout-link" 2>/dev/null | cat > "$o/from-pipe.pdf"
check test -L "$o/stdout-link"
check cmp -s "$o/ref.pdf" "$o/from-pipe.pdf"
# A character device is written, not replaced: a node of our own when
# root may make one, else /dev/null itself (which only root could
# replace).
if mknod "$o/null" c 1 3 2>/dev/null; then dev=$o/null; else dev=/dev/null; fi
"$NP" render "$sample" -o "$dev" 2> "$tmp/err"
check test $? -eq 0
check test -c "$dev"
render_fails "$o" 1 "cannot write $o: a directory, not a regular file"
# The description itself, by name, hard link or symbolic link.
cp "$sample" "$o/desc.xml"
ln "$o/desc.xml" "$o/hard.pdf"
ln -s desc.xml "$o/soft.pdf"
for out in desc.xml hard.pdf soft.pdf; do
    "$NP" render "$o/desc.xml" -o "$o/$out" 2> "$tmp/err"
    check test $? -eq 1
    check grep -q "error: refusing to write $o/$out: it is the same file as $o/desc.xml, which this render reads" "$tmp/err"
    check cmp -s "$sample" "$o/desc.xml"
done
check test -L "$o/soft.pdf"
# The layout the render reads, found only once the render has started.
cp "$top/layouts/un-a4.xml" "$top/layouts/emblem.png" "$o/"
cp "$o/un-a4.xml" "$o/un-a4.orig"
"$NP" render "$sample" --layout "$o/un-a4.xml" -o "$o/un-a4.xml" 2> "$tmp/err"
check test $? -eq 1
check grep -q "refusing to write $o/un-a4.xml: it is the same file as $o/un-a4.xml, which this render reads" "$tmp/err"
check cmp -s "$o/un-a4.orig" "$o/un-a4.xml"
# A symbolic link to an older PDF: the PDF is replaced, the link stays.
previous "$o/old.pdf"
ln -s old.pdf "$o/link.pdf"
"$NP" render "$sample" -o "$o/link.pdf" 2>/dev/null
check test -L "$o/link.pdf"
check cmp -s "$o/ref.pdf" "$o/old.pdf"

# ---- 8. the temporary file --------------------------------------------
mkdir "$tmp/tmpf"
t=$tmp/tmpf
"$NP" render "$tmp/longer.xml" -o "$t/x.pdf" --limit pages=100000 2>/dev/null &
pid=$!
sleep 1
# hidden while the render runs: nothing but dot files in the directory
check test -z "$(ls "$t")"
check test "$(ls -A "$t" | grep -c '^\.x\.pdf\..*tmp$')" -eq 1
kill -KILL "$pid"
wait "$pid" 2>/dev/null
check test "$(ls -A "$t" | grep -c '^\.x\.pdf\..*tmp$')" -eq 1
# The next run of the same output takes the stale one away...
"$NP" render "$sample" -o "$t/x.pdf" 2>/dev/null
check test "$(ls -A "$t")" = x.pdf
# ... but not a live one: two renders of one output at once both end
# well, and leave nothing behind.
"$NP" render "$long" -o "$t/x.pdf" 2>/dev/null &
pid=$!
"$NP" render "$sample" -o "$t/x.pdf" 2>/dev/null
check test $? -eq 0
wait "$pid"
check test $? -eq 0
check test "$(ls -A "$t")" = x.pdf
# Mode 0666 less the umask, as any other program's files.
for mask in 022 077 002; do
    (umask $mask && "$NP" render "$sample" -o "$t/m$mask.pdf" 2>/dev/null)
    want=$(printf '%o' $((0666 & ~0$mask)))
    check test "$(stat -c %a "$t/m$mask.pdf")" = "$want"
done

# ---- 9. values from outside the description ---------------------------
# SOURCE_DATE_EPOCH: a malformed value, or one past the year 9999 (which
# a PDF date cannot hold), stops render and batch with status 2 before
# anything is written; the last second of 9999 is written as it is.
for v in abc 12x -5 1.5 ' 7' 253402300800; do
    previous "$tmp/date.pdf"
    SOURCE_DATE_EPOCH=$v "$NP" render "$sample" -o "$tmp/date.pdf" 2> "$tmp/err"
    check test $? -eq 2
    check grep -q "error: SOURCE_DATE_EPOCH=\"$v\" is not a number of seconds" "$tmp/err"
    intact "$tmp/date.pdf"
done
SOURCE_DATE_EPOCH=253402300799 "$NP" render "$sample" -o "$tmp/date.pdf" 2>/dev/null
check test $? -eq 0
check sh -c "pdfinfo -isodates '$tmp/date.pdf' | grep -q '^CreationDate: *9999-12-31T23:59:59'"
mkdir "$tmp/batch-date"
SOURCE_DATE_EPOCH=10000-01-01 "$NP" batch -o "$tmp/batch-date" "$sample" 2> "$tmp/err"
check test $? -eq 2
check test -z "$(ls "$tmp/batch-date")"

# An emblem reached through a symbolic link that leads out of the
# layout's directory (to a file, or through a linked directory) is
# refused at the layout's field; a link within the directory is fine.
mkdir -p "$tmp/lay/sub"
cp "$top/layouts/emblem.png" "$tmp/lay/sub/globe.png"
ln -s "$top/layouts/emblem.png" "$tmp/lay/out.png"
ln -s "$top/layouts" "$tmp/lay/outdir"
ln -s sub/globe.png "$tmp/lay/in.png"
emblem_layout() {
    printf '<?xml version="1.0"?>\n<layout name="e" extends="un-a4">\n  <emblem file="%s"/>\n</layout>\n' "$1" \
        > "$tmp/lay/e.xml"
}
for f in out.png outdir/emblem.png; do
    emblem_layout "$f"
    previous "$tmp/f.pdf"
    render_fails "$tmp/f.pdf" 1 "e.xml:3:11: error: emblem.file: \"$f\" leads to .*layouts/emblem.png, outside the layout's directory" \
        --layout "$tmp/lay/e.xml"
    intact "$tmp/f.pdf"
done
emblem_layout in.png
"$NP" render "$sample" --layout "$tmp/lay/e.xml" -o "$tmp/e.pdf" 2> "$tmp/err"
check test $? -eq 0
check sh -c "pdfimages -list '$tmp/e.pdf' | grep -q image"

# An original language whose name the document's language file does not
# give is refused at the attribute, never printed as its bare code.
mkdir -p "$tmp/langs/lang"
grep -v 'code="zh"' "$top/layouts/lang/fr.xml" > "$tmp/langs/lang/fr.xml"
sed 's/<original lang="en"/<original lang="zh"/' "$sample" > "$tmp/zh.xml"
previous "$tmp/f.pdf"
NOTEPRESS_LAYOUTS=$tmp/langs "$NP" render "$tmp/zh.xml" -o "$tmp/f.pdf" 2> "$tmp/err"
check test $? -eq 1
check grep -q 'zh.xml:[0-9]*:[0-9]*: error: the language file of "fr" gives no name for "zh"' "$tmp/err"
intact "$tmp/f.pdf"
"$NP" render "$tmp/zh.xml" -o "$tmp/f.pdf" 2>/dev/null
check test $? -eq 0
check sh -c "pdftotext '$tmp/f.pdf' - | grep -qF 'Original : chinois'"

finish
