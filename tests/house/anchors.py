#!/usr/bin/env python3
"""The house style at a close look: anchors of our pages against the real
New York pages.

Usage: python3 tests/house/anchors.py build/notepress

Renders tests/house/a-inf-76-1.xml and a-80-l-1.xml (re-typed from the
published A/INF/76/1 and A/80/L.1, layout un-letter) and reads their words
with pdftotext -bbox. Each anchor is a word that must stand where it
stands on the real page: its left edge (or right edge, for text set
against the right margin) and its baseline within 2 pt. The positions of
the real pages are written below; they were measured once on the
published PDFs with `mutool trace` (glyph origins and the text matrix:
baselines and left edges exact to the hundredth) and `pdftotext -bbox`
(right edges), except where a comment says otherwise. The real PDFs are
not read here.

Our baselines come from the word boxes: pdftotext makes a box from the
font's ascent to its descent (Liberation Serif: 0.891 and 0.216 of the
size, in every face), so the baseline lies 0.216 / 1.107 of the box's
height above its bottom.

PENDING lists the anchors that hang on where lines break (the first
lines of the title, the sponsors line and the body). They are met only
once text is set as wide as Word sets it (character spacing and scaling
per text style) and without hyphenation: until then they are expected to
fail, and the test fails when one of them passes, so that it moves into
ANCHORS. The QR code's place is checked on a rendering of page 1.

Prints one line per failed check, then "anchors: N passed, N failed";
exits 1 when a check failed.
"""

import html.parser
import os
import subprocess
import sys
import tempfile

TOLERANCE = 2.0                 # points, every way
DESCENT = 0.216 / (0.891 + 0.216)

# (what, page, word, edge, x, baseline): edge "left" compares the word's
# left edge with x, "right" its right edge.
ANCHORS = {
    "a-inf-76-1.xml": [
        # masthead
        ("organisation", 1, "United", "left", 123.38, 57.84),
        ("symbol", 1, "/INF/76/1", "right", 552.06, 56.52),
        ("organ", 1, "General", "left", 123.38, 86.42),
        ("distribution", 1, "Distr.:", "left", 397.03, 86.66),
        ("date", 1, "15", "left", 397.03, 98.42),
        ("original, on the fourth line", 1, "Original:", "left", 397.03, 122.42),
        # meeting and title block
        ("session", 1, "Seventy-sixth", "left", 60.00, 222.26),
        ("title", 1, "Opening", "left", 123.38, 254.69),
        ("second line of the title", 1, "General", "left", 123.38, 269.69),
        ("subtitle", 1, "Note", "left", 123.38, 295.49),
        # first lines
        ("paragraph number", 1, "1.", "left", 123.38, 319.97),
        ("first line", 1, "In", "left", 147.14, 319.97),
        ("second line of paragraph 1", 1, "rule", "left", 123.38, 331.97),
        # page-1 footer: job line, date code, recycling label (the real
        # label is part of a picture: its left edge and baseline measured
        # on a 1200 dpi rendering, x 417.86, baseline 753.46)
        ("job line", 1, "21-02065", "left", 65.42, 747.58),
        ("date code", 1, "170221", "left", 133.92, 747.58),
        ("recycling label", 1, "Please", "left", 417.86, 753.46),
        # page 2: running head and footer, the table's repeated header
        # and its last row
        ("running head", 2, "A/INF/76/1", "left", 60.00, 59.04),
        ("page number", 2, "2/2", "left", 60.00, 755.28),
        ("footer job number", 2, "21-02065", "right", 551.98, 753.84),
        ("repeated table header", 2, "Session", "left", 123.38, 85.82),
        ("table row after it", 2, "Eighty-fifth", "left", 123.38, 108.86),
    ],
    "a-80-l-1.xml": [
        ("organisation", 1, "United", "left", 123.38, 57.84),
        ("symbol", 1, "/80/L.1", "right", 552.10, 56.52),
        ("organ", 1, "General", "left", 123.38, 86.42),
        ("distribution", 1, "Distr.:", "left", 397.03, 86.66),
        ("date", 1, "9", "left", 397.03, 98.42),
        ("original, on the fourth line", 1, "Original:", "left", 397.03, 122.42),
        ("session", 1, "Eightieth", "left", 60.00, 222.02),
        ("agenda item", 1, "Item", "left", 60.00, 233.54),
        ("agenda title", 1, "Question", "left", 60.00, 245.18),
        # title block of a draft: sponsors, title bold 12, the organ
        ("sponsors line", 1, "France,", "left", 123.38, 275.09),
        ("second line of the sponsors", 1, "Palestine:**", "left", 123.38, 287.09),
        ("draft title", 1, "Endorsement", "left", 123.38, 312.29),
        ("second line of the title", 1, "Settlement", "left", 123.38, 325.73),
        ("actor", 1, "The", "left", 147.14, 363.29),
        ("first preambular paragraph", 1, "Recalling", "left", 147.14, 380.93),
        ("second line of the preamble", 1, "convene", "left", 123.38, 392.57),
        # page-1 notes: separator, star notes on the line, numbered note
        ("note separator", 1, "__________________", "left", 99.62, 669.34),
        ("first star", 1, "*", "right", 119.51, 682.90),
        ("first star note", 1, "A/80/150.", "left", 123.38, 682.90),
        ("second star", 1, "**", "right", 119.51, 693.22),
        ("second star note", 1, "Any", "left", 123.38, 693.22),
        ("note number", 1, "1", "left", 117.02, 700.78),
        ("numbered note", 1, "A/CONF.243/2025/1,", "left", 123.38, 703.78),
        ("job line", 1, "25-14304", "left", 65.42, 747.58),
        ("date code", 1, "100925", "left", 134.06, 747.58),
        ("running head", 2, "A/80/L.1", "left", 60.00, 59.04),
        ("first line of page 2", 2, "(b)", "left", 147.14, 84.50),
        ("page number", 2, "2/2", "left", 60.00, 755.28),
        ("footer job number", 2, "25-14304", "right", 551.98, 753.82),
    ],
}

# Anchors that depend on where lines break (see the module's comment).
PENDING = {
    "a-inf-76-1.xml": [],
    "a-80-l-1.xml": [],
}

# The QR code's square on page 1 (x0, top, x1, bottom), from the image's
# placement in the real PDFs (mutool trace): 54.7 pt at x 498.1, top
# 709.32 in A/80/L.1; A/INF/76/1 put it at x 495.2, 3 pt further left.
QR = {
    "a-inf-76-1.xml": (498.1, 709.32, 552.8, 764.02),
    "a-80-l-1.xml": (498.1, 709.32, 552.8, 764.02),
}
QR_REGION = (492.0, 700.0, 612.0, 792.0)    # right of the recycling mark
DPI = 144


def run(cmd):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")


class Words(html.parser.HTMLParser):
    """The words of pdftotext -bbox: page number, text, box."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words = []
        self.page = 0
        self.box = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "page":
            self.page += 1
        elif tag == "word":
            self.box = [float(a[k]) for k in ("xmin", "ymin", "xmax", "ymax")]
            self.text = ""

    def handle_data(self, data):
        if self.box is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "word" and self.box is not None:
            x0, y0, x1, y1 = self.box
            baseline = y1 - DESCENT * (y1 - y0)
            self.words.append((self.page, self.text.strip(), x0, x1, baseline))
            self.box = None


def words_of(pdf):
    status, out, err = run(["pdftotext", "-bbox", pdf, "-"])
    if status != 0:
        return None, "pdftotext -bbox failed: " + err.strip()
    parser = Words()
    parser.feed(out.decode("utf-8"))
    return parser.words, None


def place(words, anchor):
    """How far the nearest word of the anchor's text is from its place:
    (distance, description), distance None when no such word."""
    what, page, text, edge, x, baseline = anchor
    best = None
    for p, t, x0, x1, bl in words:
        if p != page or t != text:
            continue
        dx = (x0 if edge == "left" else x1) - x
        dy = bl - baseline
        d = max(abs(dx), abs(dy))
        if best is None or d < best[0]:
            best = (d, "%+.2f pt across, %+.2f pt down" % (dx, dy))
    return best if best else (None, "no word '%s' on page %d" % (text, page))


def read_pgm(path):
    with open(path, "rb") as f:
        data = f.read()
    fields, at = [], 0
    while len(fields) < 4:
        while data[at:at + 1].isspace():
            at += 1
        end = at
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[at:end])
        at = end
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[at + 1:]


def qr_square(pdf, tmp):
    """The box of dark pixels right of the recycling mark on page 1, in
    points, or None."""
    stem = os.path.join(tmp, "page1")
    status, _, err = run(["pdftoppm", "-r", str(DPI), "-f", "1", "-l", "1",
                          "-gray", "-singlefile", pdf, stem])
    if status != 0:
        return None
    width, height, pixels = read_pgm(stem + ".pgm")
    k = DPI / 72.0
    x0, y0, x1, y1 = (int(v * k) for v in QR_REGION)
    dark = [(x, y) for y in range(y0, min(y1, height))
            for x in range(x0, min(x1, width)) if pixels[y * width + x] < 128]
    if not dark:
        return None
    xs = [p[0] for p in dark]
    ys = [p[1] for p in dark]
    return (min(xs) / k, min(ys) / k, (max(xs) + 1) / k, (max(ys) + 1) / k)


class Tally:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, ok, message):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL " + message)
        return ok


def check_document(np_bin, name, tally, tmp):
    here = os.path.dirname(os.path.abspath(__file__))
    pdf = os.path.join(tmp, name + ".pdf")
    status, _, err = run([np_bin, "render", os.path.join(here, name), "-o", pdf])
    if not tally.check(status == 0, "%s: render failed: %s" % (name, err.strip())):
        return
    words, why = words_of(pdf)
    if not tally.check(words is not None, "%s: %s" % (name, why)):
        return
    for anchor in ANCHORS[name]:
        d, how = place(words, anchor)
        tally.check(d is not None and d <= TOLERANCE,
                    "%s: %s ('%s', page %d): %s" % (name, anchor[0], anchor[2],
                                                    anchor[1], how))
    for anchor in PENDING.get(name, []):
        d, how = place(words, anchor)
        tally.check(d is None or d > TOLERANCE,
                    "%s: %s ('%s', page %d) is now in place (%s): move it "
                    "from PENDING to ANCHORS" % (name, anchor[0], anchor[2],
                                                 anchor[1], how))
    got, want = qr_square(pdf, tmp), QR[name]
    tally.check(got is not None and all(abs(a - b) <= TOLERANCE
                                        for a, b in zip(got, want)),
                "%s: QR code at %s, expected %s" % (
                    name, "nowhere" if got is None else
                    "(%.2f, %.2f)-(%.2f, %.2f)" % got, "(%.2f, %.2f)-(%.2f, %.2f)" % want))


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="notepress-anchors.") as tmp:
        for name in sorted(ANCHORS):
            check_document(sys.argv[1], name, tally, tmp)
    print("anchors: %d passed, %d failed" % (tally.passed, tally.failed))
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
