#!/bin/sh
# The layout's emblem drawn from PNGs with transparency, looked at on the
# page. Two layouts extending un-a4 (tests/layouts/good-alpha-*.xml) name
# the same picture as RGBA and as a 4-bit palette with tRNS: an opaque
# red square, a band of green at alpha 128 below it, fully transparent
# blue all round. For each, page 1 rendered by pdftoppm at 72 dpi must
# show red at the emblem's centre, white where it is transparent (never
# the blue) and the green band half laid over white, both:
#
#   - in a plain PDF, where the alpha is a soft mask; the file passes
#     qpdf --check and two renders give the same bytes;
#   - with --pdfa, where the alpha is laid over white (a note says so),
#     no soft mask is left, and Preflight finds a valid PDF/A-1b file.
#
# Usage: sh tests/emblem.sh build/notepress. Prints "N passed, N failed".

NP=${1:-build/notepress}
. "$(dirname "$0")/harness.sh"
unset NOTEPRESS_ICC_PROFILE

qpdf_ok() { qpdf --check "$1" > /dev/null 2>&1; }
smask() { pdfimages -list "$1" | grep -q ' smask '; }
# stderr may hold the sanitizers' summary, never a diagnostic
quiet() { ! grep -q ': \(error\|warning\|note\):' "$1"; }

. "$here/preflight.sh"
have_preflight=$(preflight_state)
case $have_preflight in
no) echo "emblem.sh: skipped: preflight not installed (no java; run engine/setup.sh)" ;;
missing) ko "java is here but the Preflight jars are not: run engine/setup.sh" ;;
esac

# colour PPM X Y R G B: the pixel (X, Y) of a binary PPM is R G B, give
# or take 2 on each sample (rounding in the renderer).
colour() {
    python3 - "$@" <<'PY'
import re, sys
path, x, y, *want = sys.argv[1:]
data = open(path, 'rb').read()
m = re.match(rb'P6\s+(\d+)\s+(\d+)\s+255\s', data)
w = int(m.group(1))
i = m.end() + 3 * (int(y) * w + int(x))
got = tuple(data[i:i + 3])
if any(abs(g - int(v)) > 2 for g, v in zip(got, want)):
    sys.exit(f'pixel ({x}, {y}) is {got}, not {tuple(map(int, want))}')
PY
}

# The emblem box of un-a4 is 55.96pt, 71.3pt, 56.14pt x 47pt: one pixel
# of the picture is 2.8 x 2.35 pt, so at 72 dpi the centre is (84, 94),
# the transparent border holds (84, 76) and (62, 94), the band (84, 112).
look() {
    pdftoppm -r 72 -f 1 -l 1 -singlefile "$1" "$tmp/page"
    check colour "$tmp/page.ppm" 84 94 255 0 0
    check colour "$tmp/page.ppm" 84 76 255 255 255
    check colour "$tmp/page.ppm" 62 94 255 255 255
    check colour "$tmp/page.ppm" 84 112 127 255 127
}

sample=$top/samples/e-cn.7-2011-12.xml
for kind in rgba palette; do
    lay=$here/layouts/good-alpha-$kind.xml
    "$NP" render "$sample" --layout "$lay" -o "$tmp/plain.pdf" 2> "$tmp/err"
    check test $? -eq 0
    check quiet "$tmp/err"
    check qpdf_ok "$tmp/plain.pdf"
    check smask "$tmp/plain.pdf"
    look "$tmp/plain.pdf"
    "$NP" render "$sample" --layout "$lay" -o "$tmp/again.pdf" 2> /dev/null
    check cmp -s "$tmp/plain.pdf" "$tmp/again.pdf"

    "$NP" render "$sample" --layout "$lay" --pdfa -o "$tmp/a.pdf" 2> "$tmp/err"
    check test $? -eq 0
    check grep -q "the image .*alpha-$kind.png is laid over white" "$tmp/err"
    check qpdf_ok "$tmp/a.pdf"
    check sh -c "! pdfimages -list '$tmp/a.pdf' | grep -q smask"
    look "$tmp/a.pdf"
    if [ "$have_preflight" = yes ]; then
        preflight "$tmp/a.pdf" > "$tmp/preflight" 2>&1
        if grep -q "is a valid PDF/A-1b file" "$tmp/preflight"; then ok; else
            ko "$kind emblem: Preflight refuses it"; head -20 "$tmp/preflight"
        fi
    fi
done

# An opaque 8-bit PNG (the default emblem) goes into the PDF as the
# file's own compressed rows, with a PNG predictor: the samples poppler
# reads back must be the file's, unfiltered here by hand.
"$NP" render "$sample" -o "$tmp/default.pdf" 2> /dev/null
check qpdf_ok "$tmp/default.pdf"
check sh -c "qpdf --show-object=7 '$tmp/default.pdf' | grep -q '/Predictor 15'"
pdfimages -f 1 -l 1 "$tmp/default.pdf" "$tmp/img"
check python3 - "$top/layouts/emblem.png" "$tmp/img-000.ppm" <<'PY'
import re, struct, sys, zlib
png, ppm = open(sys.argv[1], 'rb').read(), open(sys.argv[2], 'rb').read()
w, h, depth, ctype = struct.unpack('>IIBB', png[16:26])
comps = {0: 1, 2: 3}[ctype]
at, idat = 8, b''
while at < len(png):
    n = struct.unpack('>I', png[at:at + 4])[0]
    if png[at + 4:at + 8] == b'IDAT':
        idat += png[at + 8:at + 8 + n]
    at += 12 + n
raw, rows, prev, i, stride = zlib.decompress(idat), [], bytearray(w * comps), 0, w * comps
for _ in range(h):
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
    i += 1 + stride
    for x in range(stride):
        a = line[x - comps] if x >= comps else 0
        b, c = prev[x], prev[x - comps] if x >= comps else 0
        p = a + b - c
        pred = [0, a, b, (a + b) // 2,
                a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c)
                else b if abs(p - b) <= abs(p - c) else c][f]
        line[x] = (line[x] + pred) & 255
    rows.append(bytes(line))
    prev = line
want = b''.join(rows)
m = re.match(rb'P6\s+(\d+)\s+(\d+)\s+255\s', ppm)
got = ppm[m.end():]
if comps == 1:
    got = got[0::3]
sys.exit(0 if got == want else 'the drawn emblem differs from the file')
PY

# An engine kept for many renders (here, watch) must see a new emblem:
# the picture is replaced under the same name while watch runs; the
# next render of the changed description shows the new one.
mkdir -p "$tmp/w/img"
cp "$here/layouts/good-alpha-rgba.xml" "$tmp/w/layout.xml"
cp "$here/layouts/img/alpha-rgba.png" "$tmp/w/img/alpha-rgba.png"
cp "$sample" "$tmp/w/doc.xml"
"$NP" watch "$tmp/w/doc.xml" --layout "$tmp/w/layout.xml" -o "$tmp/w/doc.pdf" \
    2> "$tmp/w/log" &
wpid=$!
for _ in $(seq 30); do [ -s "$tmp/w/doc.pdf" ] && break; sleep 0.2; done
pdftoppm -r 72 -f 1 -l 1 -singlefile "$tmp/w/doc.pdf" "$tmp/w/first"
check colour "$tmp/w/first.ppm" 84 94 255 0 0
cp "$top/layouts/emblem.png" "$tmp/w/img/new.png"
mv "$tmp/w/img/new.png" "$tmp/w/img/alpha-rgba.png"
for _ in $(seq 30); do
    [ "$(grep -c 'rendered' "$tmp/w/log")" -ge 2 ] && break; sleep 0.2
done
pdftoppm -r 72 -f 1 -l 1 -singlefile "$tmp/w/doc.pdf" "$tmp/w/second"
if colour "$tmp/w/second.ppm" 84 94 255 0 0 2> /dev/null; then
    ko "watch: the replaced emblem is still drawn"
else
    ok
fi
kill -INT "$wpid"; wait "$wpid"

finish
