#!/bin/sh
# PDF/A-1b: every sample rendered with --pdfa must be "a valid PDF/A-1b
# file" for Apache PDFBox Preflight 2.0 (Debian package libpdfbox2-java,
# with libactivation-java and libjaxb-api-java on Java 17; engine/setup.sh
# installs them). Besides:
#
#   - the PDF/A files pass qpdf --check and their text is the text of
#     the plain render (pdftotext);
#   - two PDF/A renders give the same bytes (the /ID comes from the
#     content, not the clock nor where the files were read from), and a
#     different document another /ID;
#   - a plain render carries no PDF/A identification, only PDF/UA-1's;
#     the PDF/A one says PDF/A-1a (it is tagged);
#   - PDF/A-1 (PDF 1.4) has no object stream and a classic table, as
#     qpdf --show-xref and the trailer tell; a plain render, tagged or
#     not, has its small objects in object streams and a
#     cross-reference stream (output/pdf_objstm.c), and passes qpdf
#     --check;
#   - with SOURCE_DATE_EPOCH the XMP dates match the Info dates, and a
#     title with XML markup characters is escaped in the XMP;
#   - a face shown in codes of one and two bytes (tests/cases/many-glyphs.xml:
#     its embedded /Encoding) is valid;
#   - an emblem with an alpha channel is laid over white (a note says
#     so) and the file stays valid;
#   - a tagged file whose structure tree outgrows one array of PDF/A-1
#     (8191 items; Preflight says "Array too long" past it) is valid;
#   - a missing ICC profile refuses the render with a message naming
#     the file and the package, and writes nothing.
#
# Without java the Preflight part is skipped with one "skipped" line; the
# other checks still run. With java but no Preflight jars, that is a
# failure: setup.sh was not run.
#
# Usage: sh tests/pdfa.sh build/notepress. Prints "N passed, N failed".

NP=${1:-build/notepress}
. "$(dirname "$0")/harness.sh"
unset NOTEPRESS_ICC_PROFILE

qpdf_ok() { qpdf --check "$1" > /dev/null 2>&1; }

. "$here/preflight.sh"
have_preflight=$(preflight_state)
case $have_preflight in
no) echo "pdfa.sh: skipped: preflight not installed (no java; run engine/setup.sh)" ;;
missing)
    ko "java is here but the Preflight jars are not: run engine/setup.sh"
    have_preflight=no ;;
esac

# A classic table and no object in an object stream (PDF/A-1, PDF 1.4).
classic() {
    qpdf --show-xref "$1" > "$tmp/xref" 2>&1 &&
    ! grep -q ': compressed;' "$tmp/xref" &&
    ! qpdf --show-object=trailer "$1" | grep -q '/XRef' &&
    head -c 8 "$1" | grep -q '^%PDF-1.4$'
}

# Objects in object streams, a cross-reference stream, PDF 1.5 at least,
# valid for qpdf.
packed() {
    qpdf_ok "$1" && qpdf --show-xref "$1" > "$tmp/xref" 2>&1 &&
    grep -q ': compressed; stream = ' "$tmp/xref" &&
    qpdf --show-object=trailer "$1" | grep -q '/Type /XRef' &&
    head -c 8 "$1" | grep -q '^%PDF-1\.[5-7]$'
}

# ---- every sample ------------------------------------------------
for xml in "$top"/samples/*.xml; do
    name=$(basename "$xml" .xml)
    pdf=$tmp/$name.pdf
    if ! "$NP" render "$xml" --pdfa -o "$pdf" 2> "$tmp/err"; then
        ko "$name: --pdfa render failed"; cat "$tmp/err"; continue
    fi
    check qpdf_ok "$pdf"
    if [ $have_preflight = yes ]; then
        preflight "$pdf" > "$tmp/preflight" 2>&1
        if grep -q "is a valid PDF/A-1b file" "$tmp/preflight"; then ok; else
            ko "$name: Preflight refuses it"; head -20 "$tmp/preflight"
        fi
    fi
    "$NP" render "$xml" -o "$tmp/plain.pdf" 2>/dev/null
    pdftotext "$pdf" "$tmp/a.txt" && pdftotext "$tmp/plain.pdf" "$tmp/plain.txt"
    check cmp -s "$tmp/a.txt" "$tmp/plain.txt"
    "$NP" render "$xml" --pdfa -o "$tmp/again.pdf" 2>/dev/null
    check cmp -s "$pdf" "$tmp/again.pdf"
    qpdf --show-object=trailer "$pdf" | grep -o '/ID \[ <[0-9a-f]*>' >> "$tmp/ids"
    check sh -c "! pdfinfo -meta '$tmp/plain.pdf' | grep -q pdfaid:"
    check sh -c "pdfinfo -meta '$tmp/plain.pdf' | grep -q '<pdfuaid:part>1</pdfuaid:part>'"
    check sh -c "pdfinfo -meta '$pdf' | grep -q '<pdfaid:conformance>A</pdfaid:conformance>'"
    check classic "$pdf"
    check packed "$tmp/plain.pdf"
done
# one /ID per sample, all different
check test "$(sort -u "$tmp/ids" | wc -l)" -eq "$(ls "$top"/samples/*.xml | wc -l)"

# a face shown past its 235 one-byte codes: its embedded /Encoding CMap
# of one-, two- and three-byte codes (output/pdf_font.c) is valid
"$NP" render "$here/cases/many-glyphs.xml" --pdfa -o "$tmp/glyphs.pdf"
check qpdf_ok "$tmp/glyphs.pdf"
if [ $have_preflight = yes ]; then
    preflight "$tmp/glyphs.pdf" > "$tmp/preflight" 2>&1
    check grep -q "is a valid PDF/A-1b file" "$tmp/preflight"
fi

# untagged: object streams too, PDF 1.5
"$NP" render "$top/samples/e-cn.7-2011-12.xml" --untagged -o "$tmp/untagged.pdf"
check packed "$tmp/untagged.pdf"
check sh -c "head -c 8 '$tmp/untagged.pdf' | grep -q '^%PDF-1.5$'"
"$NP" render "$top/samples/e-cn.7-2011-12.xml" --untagged --pdfa -o "$tmp/untagged-a.pdf"
check classic "$tmp/untagged-a.pdf"

# ---- metadata: dates and escaping ---------------------------------
cat > "$tmp/markup.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<document lang="en">
  <meta><symbol>A/&lt;1&gt;</symbol><organ>Council &amp; "friends"</organ></meta>
  <title>Fish &amp; chips &lt;b&gt; ]]&gt;</title>
  <body><p>Text with <link href="https://example.org/?a=1&amp;b=2">a link</link>.</p></body>
</document>
EOF
SOURCE_DATE_EPOCH=1293937445 "$NP" render "$tmp/markup.xml" --pdfa -o "$tmp/markup.pdf"
check test $? -eq 0
pdfinfo -meta "$tmp/markup.pdf" > "$tmp/xmp"
check grep -q 'Fish &amp; chips &lt;b&gt; \]\]&gt;' "$tmp/xmp"
check grep -q 'Council &amp; &quot;friends&quot;' "$tmp/xmp"
check grep -q '<xmp:CreateDate>2011-01-02T03:04:05+00:00</xmp:CreateDate>' "$tmp/xmp"
check grep -q '<pdfaid:part>1</pdfaid:part>' "$tmp/xmp"
check xmllint --noout "$tmp/xmp"
check sh -c "pdfinfo '$tmp/markup.pdf' | grep -q '^Title: *Fish & chips <b> ]]>$'"
if [ $have_preflight = yes ]; then
    preflight "$tmp/markup.pdf" > "$tmp/preflight" 2>&1
    if grep -q "is a valid PDF/A-1b file" "$tmp/preflight"; then ok; else
        ko "markup.xml: Preflight refuses it"; head -20 "$tmp/preflight"
    fi
fi

# ---- an emblem with an alpha channel is laid over white --------------
python3 - "$tmp/alpha.png" <<'EOF'
import struct, sys, zlib
w, h = 40, 30
def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
rows = b''.join(b'\0' + bytes(v for x in range(w)
                              for v in (200, 6 * x, 50, 255 * x // (w - 1)))
               for y in range(h))
open(sys.argv[1], 'wb').write(b'\x89PNG\r\n\x1a\n'
    + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 6, 0, 0, 0))
    + chunk(b'IDAT', zlib.compress(rows)) + chunk(b'IEND', b''))
EOF
cat > "$tmp/alpha.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<layout name="alpha" extends="un-a4"><emblem file="alpha.png"/></layout>
EOF
"$NP" render "$top/samples/e-cn.7-2011-12.xml" --layout "$tmp/alpha.xml" --pdfa \
    -o "$tmp/alpha.pdf" 2> "$tmp/err"
check test $? -eq 0
check grep -q "the image .*alpha.png is laid over white" "$tmp/err"
check sh -c "pdfimages -list '$tmp/alpha.pdf' | grep -q ' image '"
check sh -c "! pdfimages -list '$tmp/alpha.pdf' | grep -q smask"
if [ $have_preflight = yes ]; then
    preflight "$tmp/alpha.pdf" > "$tmp/preflight" 2>&1
    if grep -q "is a valid PDF/A-1b file" "$tmp/preflight"; then ok; else
        ko "alpha emblem: Preflight refuses it"; head -20 "$tmp/preflight"
    fi
fi

# The same emblem and layout in another directory: the same bytes (the
# /ID digests the image's pixels, not where it was read from).
mkdir "$tmp/elsewhere"
cp "$tmp/alpha.png" "$tmp/alpha.xml" "$tmp/elsewhere/"
"$NP" render "$top/samples/e-cn.7-2011-12.xml" --layout "$tmp/elsewhere/alpha.xml" --pdfa \
    -o "$tmp/alpha-elsewhere.pdf" 2>/dev/null
check cmp -s "$tmp/alpha.pdf" "$tmp/alpha-elsewhere.pdf"

# ---- a tree past one array: NonStruct groups, trees of nodes -----------
python3 "$here/pathological/make.py" tagged-arrays "$tmp/arrays.xml"
"$NP" render "$tmp/arrays.xml" --pdfa -o "$tmp/arrays.pdf"
check test $? -eq 0
if [ $have_preflight = yes ]; then
    preflight "$tmp/arrays.pdf" > "$tmp/preflight" 2>&1
    if grep -q "is a valid PDF/A-1b file" "$tmp/preflight"; then ok; else
        ko "tagged-arrays: Preflight refuses it"; head -20 "$tmp/preflight"
    fi
fi

# ---- no profile, no PDF --------------------------------------------
NOTEPRESS_ICC_PROFILE=$tmp/none.icc "$NP" render "$tmp/markup.xml" --pdfa \
    -o "$tmp/none.pdf" 2> "$tmp/err"
check test $? -eq 1
check grep -q "none.icc: No such file or directory (Debian package libgs-common" "$tmp/err"
check test ! -e "$tmp/none.pdf"

finish
