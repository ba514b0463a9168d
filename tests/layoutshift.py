"""Checks that every word of the text column moved by exactly DX points.

Usage: python3 tests/layoutshift.py BASE.pdf MOVED.pdf DX LEFT

BASE.pdf and MOVED.pdf are the same description rendered with a layout
and with a layout derived from it whose text column starts DX points
further right. The text column is every line (words sharing a baseline)
between the running header (on page 1, the masthead) and the footer
whose first word starts at or
right of LEFT (the column's left edge less the hanging labels): those
words must sit exactly DX further right, in the same order, on the same
pages and baselines. Lines starting left of LEFT (the meeting block, the
footer) are not part of the column and are left out. Prints one line per
difference and "N passed, N failed"; exits 1 on a difference.
"""
import subprocess
import sys
from html.parser import HTMLParser


class Words(HTMLParser):
    """Collects (page, yMin, xMin, text) from pdftotext -bbox output."""

    def __init__(self):
        super().__init__()
        self.page = 0
        self.height = 0.0
        self.words = []
        self.current = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "page":
            self.page += 1
            self.height = float(a["height"])
        elif tag == "word":
            self.current = [self.page, float(a["ymin"]), float(a["xmin"]), ""]

    def handle_data(self, data):
        if self.current is not None:
            self.current[3] += data

    def handle_endtag(self, tag):
        if tag == "word" and self.current is not None:
            top = 215 if self.page == 1 else 70    # under the masthead on page 1
            if top < self.current[1] < self.height - 60:
                self.words.append(tuple(self.current))
            self.current = None


def column_words(pdf, left):
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], capture_output=True,
                         text=True, check=True).stdout
    parser = Words()
    parser.feed(out)
    lines = {}
    for w in parser.words:
        lines.setdefault((w[0], round(w[1], 1)), []).append(w)
    kept = []
    for key in sorted(lines):
        line = sorted(lines[key], key=lambda w: w[2])
        if line[0][2] >= left:
            kept.extend(line)
    return kept


def main():
    base_pdf, moved_pdf, dx, left = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
    base = column_words(base_pdf, left)
    moved = column_words(moved_pdf, left + dx)
    passed = failed = 0
    if len(base) != len(moved) or len(base) == 0:
        print(f"FAIL word count: {len(base)} in {base_pdf}, {len(moved)} in {moved_pdf}")
        failed += 1
    for a, b in zip(base, moved):
        same = a[0] == b[0] and a[3] == b[3] and abs(a[1] - b[1]) < 0.01
        if same and abs(b[2] - a[2] - dx) < 0.01:
            passed += 1
        else:
            failed += 1
            if failed <= 10:
                print(f"FAIL page {a[0]} '{a[3]}' at x {a[2]:.3f}: moved to page {b[0]} "
                      f"'{b[3]}' at x {b[2]:.3f} (expected {a[2] + dx:.3f})")
    print(f"layoutshift: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
