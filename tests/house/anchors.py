#!/usr/bin/env python3
"""The house style at a close look: anchors of our pages against the real
pages of New York, Geneva and Vienna.

Usage: python3 tests/house/anchors.py build/notepress [--table]

Renders the descriptions of tests/house/, each re-typed from a published
document and naming the layout of its duty station: a-inf-76-1.xml and
a-80-l-1.xml (A/INF/76/1 and A/80/L.1, un-letter),
ece-trans-wp29-2026-139.xml (ECE/TRANS/WP.29/2026/139, un-geneva) and
st-space-61-rev3-fr.xml (two continuation pages of ST/SPACE/61/Rev.3 in
French, un-vienna), and reads their words with pdftotext -bbox. Each anchor is a word that must stand where it
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
ANCHORS. The QR code's place, and the rules that are no words (the
footnote separator of Geneva), are checked on a rendering of the page.

With --table, also prints every anchor: the real page's position
against ours. Prints one line per failed check, then "anchors: N passed,
N failed";
exits 1 when a check failed.
"""

import html.parser
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tally import Tally  # noqa: E402  (tests/tally.py)

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
    # ECE/TRANS/WP.29/2026/139, Geneva, A4: positions measured with
    # mutool trace on pages 1 to 3 of the published PDF (glyph origins,
    # run ends), the recycling label on a 1200 dpi rendering of its
    # picture (left edge 416.0, baseline 812.76).
    "ece-trans-wp29-2026-139.xml": [
        # masthead
        ("organisation", 1, "United", "left", 120.50, 49.70),
        ("symbol, first part", 1, "ECE", "left", 394.51, 52.30),
        ("symbol", 1, "/TRANS/WP.29/2026/139", "right", 538.84, 52.30),
        ("organ", 1, "Economic", "left", 120.50, 80.00),
        ("distribution", 1, "Distr.:", "left", 396.91, 78.80),
        ("date", 1, "14", "left", 396.91, 90.90),
        ("original, on the fourth line", 1, "Original:", "left", 396.91, 114.90),
        # meeting block: three bodies, none wrapped, then the item
        ("first body", 1, "Economic", "left", 56.64, 219.00),
        ("second body", 1, "Inland", "left", 56.64, 241.10),
        ("third body", 1, "World", "left", 56.64, 261.40),
        ("third body, unwrapped", 1, "Regulations", "right", 345.38, 261.40),
        ("session", 1, "199th", "left", 56.64, 279.90),
        ("place", 1, "Geneva,", "left", 56.64, 291.90),
        ("agenda item", 1, "Item", "left", 56.64, 303.90),
        ("agenda title", 1, "Consideration", "left", 56.64, 315.90),
        ("agenda title wrapped", 1, "draft", "left", 56.64, 327.90),
        ("sub-item title", 1, "Proposal", "left", 56.64, 339.90),
        ("sub-sub-item title", 1, "Proposal", "left", 56.64, 351.90),
        # title block and first lines
        ("title", 1, "Proposal", "left", 112.82, 384.00),
        ("second line of the title", 1, "Regulation", "left", 112.82, 399.00),
        ("subtitle", 1, "Submitted", "left", 113.30, 430.90),
        ("second line of the subtitle", 1, "Connected", "left", 113.30, 444.40),
        ("first line, indented 1 cm", 1, "The", "left", 141.74, 468.90),
        ("second paragraph", 1, "It", "left", 141.74, 570.90),
        # the star note: its star 6.5 pt, raised, at the end of a 1 cm
        # margin; 9 pt on 11; ending where every page's notes end
        ("star of the note", 1, "*", "right", 107.66, 746.70),
        ("star note", 1, "In", "left", 113.30, 750.20),
        ("last line of the star note", 1, "document", "left", 113.30, 783.20),
        # foot of page 1
        ("job line", 1, "GE.26-05299", "left", 56.64, 811.60),
        ("language letter, two spaces on", 1, "(E)", "left", 115.89, 811.60),
        ("recycling label", 1, "Please", "left", 416.00, 812.76),
        # page 2: head, first line, number
        ("running head", 2, "ECE/TRANS/WP.29/2026/139", "left", 56.64, 51.00),
        ("first line of page 2 (a 14 pt heading)", 2, "United", "left", 113.30, 82.90),
        ("page number", 2, "2", "left", 56.64, 812.00),
        # page 3: head, headings, first paragraph, notes, number
        ("running head", 3, "ECE/TRANS/WP.29/2026/139", "right", 538.64, 51.00),
        ("chapter number", 3, "I.", "right", 99.26, 82.90),
        ("chapter title", 3, "Statement", "left", 113.30, 82.90),
        ("section letter", 3, "A.", "left", 85.22, 114.90),
        ("section title", 3, "Introduction", "left", 113.30, 114.90),
        ("paragraph number", 3, "1.", "left", 113.54, 139.20),
        ("first line", 3, "With", "left", 141.62, 139.20),
        ("second section letter", 3, "B.", "left", 85.22, 614.40),
        ("paragraph 8", 3, "8.", "left", 113.54, 638.90),
        ("note number", 3, "1", "right", 107.66, 725.30),
        ("first note", 3, "ECE/TRANS/WP.29/2024/39", "left", 113.30, 728.30),
        ("last note", 3, "Informal", "left", 113.30, 783.20),
        ("page number", 3, "3", "right", 538.72, 812.00),
    ],
    # ST/SPACE/61/Rev.3 in French, Vienna, A4: pages 8 and 9 of the
    # published PDF are pages 2 and 3 of the description; positions
    # measured with mutool trace. The real page numbers read "8/106" and
    # "9/106": ours, "2/3" and "3/3", stand at their left or right edge.
    "st-space-61-rev3-fr.xml": [
        ("running head", 2, "ST/SPACE/61/Rev.3", "left", 52.56, 59.00),
        ("section letter, first line (a 12 pt heading)", 2, "A.", "left", 90.38, 84.50),
        ("section title", 2, "Traité", "left", 114.98, 84.50),
        ("actor", 2, "Les", "left", 138.74, 136.00),
        ("first preambular paragraph", 2, "S’inspirant", "left", 138.74, 154.00),
        ("note separator", 2, "__________________", "left", 91.22, 737.90),
        ("note number", 2, "1", "right", 111.38, 749.00),
        ("note", 2, "Nations", "left", 114.98, 752.00),
        ("page number, outer side", 2, "2/3", "left", 57.00, 805.00),
        ("job number, inner side", 2, "V.24-22756", "right", 538.30, 803.50),
        ("running head", 3, "ST/SPACE/61/Rev.3", "right", 542.98, 59.00),
        ("first line of page 3 (text)", 3, "Les", "left", 114.98, 82.30),
        ("article heading", 3, "Article", "left", 114.98, 130.10),
        ("page number, outer side", 3, "3/3", "right", 538.34, 805.00),
        ("job number, inner side", 3, "V.24-22756", "left", 57.00, 803.50),
    ],
}

# Anchors that depend on where lines break (see the module's comment).
PENDING = {
    "a-inf-76-1.xml": [],
    "a-80-l-1.xml": [],
}

# Marks that are no words, found as the box of dark pixels in a region
# of a page: (what, page, region, box), region and box as (x0, top, x1,
# bottom). The QR code's box is the image's placement in the real PDFs
# (mutool trace): 54.7 pt at x 498.1, top 709.32 in A/80/L.1
# (A/INF/76/1 put it at x 495.2, 3 pt further left), right of the
# recycling mark.
MARKS = {
    "a-inf-76-1.xml": [
        ("QR code", 1, (492.0, 700.0, 612.0, 792.0), (498.1, 709.32, 552.8, 764.02)),
    ],
    "a-80-l-1.xml": [
        ("QR code", 1, (492.0, 700.0, 612.0, 792.0), (498.1, 709.32, 552.8, 764.02)),
    ],
    # Geneva: the QR code's picture, 45 pt at 496.35, 778.10; the notes'
    # separator, a rule 0.48 pt thick and 73.8 pt long
    "ece-trans-wp29-2026-139.xml": [
        ("QR code", 1, (490.0, 770.0, 595.0, 842.0), (496.35, 778.10, 541.35, 823.10)),
        ("note separator", 1, (80.0, 725.0, 200.0, 740.0), (90.62, 736.30, 164.42, 736.78)),
        ("note separator", 3, (80.0, 700.0, 200.0, 719.0), (90.62, 714.34, 164.42, 714.82)),
    ],
    # Vienna: the header's rule, 0.24 pt, from 51.84 to 542.88
    "st-space-61-rev3-fr.xml": [
        ("header rule", 2, (40.0, 62.0, 560.0, 68.0), (51.84, 64.80, 542.88, 65.04)),
        ("header rule", 3, (40.0, 62.0, 560.0, 68.0), (51.84, 64.80, 542.88, 65.04)),
    ],
}
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
            best = (d, "%+.2f pt across, %+.2f pt down" % (dx, dy), x + dx,
                    baseline + dy)
    return best[:2] if best else (None, "no word '%s' on page %d" % (text, page))


def table_row(name, words, anchor):
    """One line of --table: the anchor, the real position, ours."""
    what, page, text, edge, x, baseline = anchor
    near = [(max(abs((x0 if edge == "left" else x1) - x), abs(bl - baseline)),
             x0 if edge == "left" else x1, bl)
            for p, t, x0, x1, bl in words if p == page and t == text]
    if not near:
        return "%-28s p%d %-38s %8.2f %7.2f   (none)" % (name, page, what[:38], x, baseline)
    d, ox, oy = min(near)
    return "%-28s p%d %-38s %8.2f %7.2f  %8.2f %7.2f  %5.2f" % (
        name, page, what[:38], x, baseline, ox, oy, d)


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


def dark_box(pdf, page, region, tmp):
    """The box of dark pixels in `region` of page `page`, in points, or
    None."""
    stem = os.path.join(tmp, "page%d" % page)
    status, _, err = run(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l",
                          str(page), "-gray", "-singlefile", pdf, stem])
    if status != 0:
        return None
    width, height, pixels = read_pgm(stem + ".pgm")
    k = DPI / 72.0
    x0, y0, x1, y1 = (int(v * k) for v in region)
    dark = [(x, y) for y in range(y0, min(y1, height))
            for x in range(x0, min(x1, width)) if pixels[y * width + x] < 128]
    if not dark:
        return None
    xs = [p[0] for p in dark]
    ys = [p[1] for p in dark]
    return (min(xs) / k, min(ys) / k, (max(xs) + 1) / k, (max(ys) + 1) / k)


def check_document(np_bin, name, tally, tmp, table=False):
    here = os.path.dirname(os.path.abspath(__file__))
    pdf = os.path.join(tmp, name + ".pdf")
    status, _, err = run([np_bin, "render", os.path.join(here, name), "-o", pdf])
    if not tally.check(status == 0, "%s: render failed: %s" % (name, err.strip())):
        return
    words, why = words_of(pdf)
    if not tally.check(words is not None, "%s: %s" % (name, why)):
        return
    for anchor in ANCHORS[name]:
        if table:
            print(table_row(name, words, anchor))
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
    for what, page, region, want in MARKS.get(name, []):
        got = dark_box(pdf, page, region, tmp)
        tally.check(got is not None and all(abs(a - b) <= TOLERANCE
                                            for a, b in zip(got, want)),
                    "%s: %s (page %d) at %s, expected %s" % (
                        name, what, page, "nowhere" if got is None else
                        "(%.2f, %.2f)-(%.2f, %.2f)" % got,
                        "(%.2f, %.2f)-(%.2f, %.2f)" % want))


def main():
    table = sys.argv[2:] == ["--table"]
    if len(sys.argv) != 2 and not table:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    if table:
        print("%-28s %-41s %8s %7s  %8s %7s  %5s" % (
            "document", "page, anchor", "real x", "bl", "ours x", "bl", "off"))
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="notepress-anchors.") as tmp:
        for name in sorted(ANCHORS):
            check_document(sys.argv[1], name, tally, tmp, table)
    return tally.summary('anchors')


if __name__ == "__main__":
    sys.exit(main())
