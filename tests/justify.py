#!/usr/bin/env python3
"""Justified lines end on the margin, with the letter spacing they were given.

Usage:
    python3 tests/justify.py build/notepress

Renders every sample and house description (tests/house/*.xml, un-letter)
twice: as a PDF, read back with pdftotext -bbox, and as the dump, which
gives each text run's tracking (tc, the points after every glyph). In a
justified line the glyphs give a little (spacing.letter-shrink of un-a4,
0.1 pt per glyph), so the tracking of a body run (10 pt, 0.32 pt; the
actor's italic 0.33 pt) lies between its style's and 0.1 pt under it.
Footnotes (8.5 pt; 0.26 pt in un-letter, 0.3 pt in un-a4) are set
ragged (footnote.align="left", as the real pages set them): their
tracking is their style's exactly and their spaces are not widened.

pdftotext ends a word's box at its last glyph's advance, without the
tracking after it: a line that ends within 1.5 pt of the right edge of
the text column must end there exactly (within 0.02 pt) once that
tracking is added, whether its letters were narrowed or not. The run
must also hold at least one line with narrowed letters, or nothing was
tested.

Prints one line per fault, then "justify: N passed, M failed".
"""

import os
import re
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RIGHT = {"un-a4": 480.36, "un-letter": 488.88}     # body.left + body.width
EXACT = 0.02
NEAR = 1.5
LETTER_SHRINK = 0.1
# per layout, size: trackings of its styles
STYLES = {"un-a4": {10.0: (0.32, 0.33), 8.5: (0.3,)},
          "un-letter": {10.0: (0.32, 0.33), 8.5: (0.26,)}}
GIVE = {10.0: LETTER_SHRINK, 8.5: 0}                # ragged notes give nothing
RUN = re.compile(r'^text ([\d.]+) ([\d.]+) f(\d) ([\d.]+) ([-+][\d.]+)(?: tc(-?[\d.]+))?.* "(.*)"$')
WORD = re.compile(r'<page |xMin="([\d.]+)" yMin="([\d.]+)" '
                  r'xMax="([\d.]+)" yMax="([\d.]+)">')


def runs_of(dump, styles):
    """(page, baseline) -> list of (x, size, tracking, space extra) of the text runs in
    regular or italic at a body size, between the masthead (page 1) or
    the running header and the footer."""
    page, height, lines = 0, 0, {}
    for line in dump.splitlines():
        if line.startswith("page "):
            page += 1
            height = float(line.split()[2].split("x")[1])
            continue
        m = RUN.match(line)
        if not m or m.group(3) not in "01" or float(m.group(4)) not in styles:
            continue
        if not m.group(7).strip("* "):
            continue        # the stars of a bold line's note (call.star-font)
        x, y, size = float(m.group(1)), float(m.group(2)), float(m.group(4))
        if (y < 215 if page == 1 else y < 70) or y > height - 60:
            continue
        lines.setdefault((page, y), []).append((x, size, float(m.group(6) or 0),
                                                float(m.group(5))))
    return lines


def words_of(pdf):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True,
                         stdout=subprocess.PIPE).stdout.decode("utf-8")
    page, words = 0, []
    for m in WORD.finditer(out):
        if m.group(0).startswith("<page"):
            page += 1
            continue
        words.append((page,) + tuple(float(v) for v in m.groups()))
    return words


def layout_of(xml, forced):
    if forced:
        return forced
    with open(xml, encoding="utf-8") as f:
        m = re.search(r'<document[^>]*layout="([^"]*)"', f.read())
    return m.group(1) if m else "un-a4"


def check(np, xml, layout, faults, tally):
    right = RIGHT[layout]
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "j.pdf")
        args = [np, "render", xml, "--layout", layout]
        subprocess.run(args + ["-o", pdf], check=True, stderr=subprocess.DEVNULL)
        dump = subprocess.run(args + ["--dump", "-o", "-"], check=True,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        lines = runs_of(dump.stdout.decode("utf-8"), STYLES[layout])
        words = words_of(pdf)
    name = os.path.basename(xml)
    for (page, y), runs in sorted(lines.items()):
        for x, size, tc, extra in runs:
            base = STYLES[layout][size]
            tally["runs"] += 1
            if GIVE[size] == 0 and extra != 0:
                faults.append("%s: page %d y %.2f: a ragged line's spaces widened by %.2f"
                              % (name, page, y, extra))
            if not any(b - GIVE[size] - 1e-6 <= tc <= b + 1e-6 for b in base):
                faults.append("%s: page %d y %.2f: tracking %.3f outside its style's %s"
                              % (name, page, y, tc, base))
        ends = [w[3] for w in words if w[0] == page and w[2] < y < w[4]]
        if not ends:
            continue
        _, size, tc, _ = max(runs)          # the line's last run
        end = max(ends) + tc
        if abs(end - right) > NEAR:
            continue
        tally["lines"] += 1
        tally["narrowed"] += tc < min(STYLES[layout][size]) - 0.005
        if abs(end - right) > EXACT:
            faults.append("%s: page %d y %.2f: line ends at %.3f, not on the margin %.2f"
                          % (name, page, y, end, right))


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    np = argv[1]
    # Right-to-left pages end every line on the right margin, and their
    # Arabic is never spaced: tests/langs.py checks them.
    docs = [(os.path.join(TOP, "samples", f), None)
            for f in sorted(os.listdir(os.path.join(TOP, "samples")))
            if f.endswith(".xml") and not re.search(r'<document[^>]*lang="ar"', open(
                os.path.join(TOP, "samples", f), encoding="utf-8").read())]
    docs += [(os.path.join(TOP, "tests", "house", f), "un-letter")
             for f in sorted(os.listdir(os.path.join(TOP, "tests", "house"))) if f.endswith(".xml")]
    faults, tally = [], {"runs": 0, "lines": 0, "narrowed": 0}
    for xml, layout in docs:
        check(np, xml, layout_of(xml, layout), faults, tally)
    if tally["narrowed"] == 0:
        faults.append("no justified line has narrowed letters: nothing was tested")
    for f in faults:
        print(f)
    print("justify: %d runs, %d lines on the margin, %d of them narrowed"
          % (tally["runs"], tally["lines"], tally["narrowed"]))
    print("justify: %d passed, %d failed"
          % (tally["runs"] + tally["lines"] - len(faults), len(faults)))
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
