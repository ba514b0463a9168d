#!/usr/bin/env python3
"""Characters per full body line, ours against the real New York pages.

Usage:
    python3 tests/density.py build/notepress

Renders two real documents retyped in our format (tests/house/*.xml,
un-letter) and reads the lines back with pdftotext -bbox. A full body line
is one of 10 pt text (a word box 10.5 to 11.8 pt high) that starts at the
text column's left edge and ends at its right edge (within 2.5 pt left and
1 pt right of it: a justified line, not the last of its paragraph). Its
characters are those of its words plus one space between each two. The
median over the document must be within 2 % of the real page's.

The real figures were measured once, with the same rules, with
pdftotext -bbox (poppler 22.12) on the New York PDFs of these documents
(Word's output; docs/house-style.md): A/INF/76/1, 7 full body lines,
median 82 characters; A/80/L.1, 17 full body lines, median 84. Set at the
font's nominal widths the same text gave 89 and 88.

Prints one line per document, then "density: N passed, M failed".
"""

import os
import re
import statistics
import subprocess
import sys
import tempfile

LEFT, RIGHT = 123.38, 488.88        # un-letter's text column
REAL = {"a-inf-76-1": 82, "a-80-l-1": 84}
TOLERANCE = 0.02
WORD = re.compile(r'<page |xMin="([\d.]+)" yMin="([\d.]+)" '
                  r'xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<')


def lines_of(pdf):
    """Words of each line, keyed by (page, baseline), as (x0, x1, h, text)."""
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True,
                         stdout=subprocess.PIPE).stdout.decode("utf-8")
    page, lines = 0, {}
    for m in WORD.finditer(out):
        if m.group(0).startswith("<page"):
            page += 1
            continue
        x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
        lines.setdefault((page, round(y1)), []).append((x0, x1, y1 - y0, m.group(5)))
    return lines.values()


def full_line_counts(pdf):
    counts = []
    for words in lines_of(pdf):
        words.sort()
        height = statistics.median(w[2] for w in words)
        if not 10.5 < height < 11.8 or abs(words[0][0] - LEFT) > 1.0:
            continue
        if not RIGHT - 2.5 <= words[-1][1] <= RIGHT + 1.0:
            continue
        counts.append(sum(len(w[3]) for w in words) + len(words) - 1)
    return counts


def main(argv):
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    here = os.path.dirname(os.path.abspath(__file__))
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, real in sorted(REAL.items()):
            pdf = os.path.join(tmp, name + ".pdf")
            subprocess.run([argv[0], "render", os.path.join(here, "house", name + ".xml"),
                            "-o", pdf], check=True, stderr=subprocess.DEVNULL)
            counts = full_line_counts(pdf)
            ours = statistics.median(counts) if counts else 0
            ok = len(counts) >= 5 and abs(ours - real) <= TOLERANCE * real
            print("%s %s: median %s characters over %d full lines, real page %d"
                  % ("ok  " if ok else "FAIL", name, ours, len(counts), real))
            passed += ok
            failed += not ok
    print("density: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
