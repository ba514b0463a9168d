#!/usr/bin/env python3
"""Line-end hyphens of a notepress PDF, read as a reader reads them.

Usage:
    python3 tests/hyphencheck.py FILE.pdf DESCRIPTION.xml [--hyphenated N]

A line of the PDF (pdftotext -raw: the plain mode joins split words)
that ends in letters and a hyphen is either the end of a word with a
hyphen of its own ("system-" / "wide", found as "system-wide" in
the description) or a word split by hyphenation ("As-" / "semblée",
found as "Assemblée"). Without --hyphenated no split may appear: the UN
layouts set no automatic hyphenation. With --hyphenated N (a layout that
turns it on) at least N splits must appear, and each must be the start of a
word of the description, so the machinery is seen working end to end.

Prints one line per fault, then "hyphencheck FILE: N splits, M faults";
exits 1 on a fault. Needs only the Python 3 standard library and pdftotext.
"""

import argparse
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

WORD_END = re.compile(r"([^\W\d_]+)-$")
WORD_START = re.compile(r"^([^\W\d_]*)")


def lines_of(pdf):
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"],
                         stdout=subprocess.PIPE, check=True).stdout
    return [l.strip() for l in out.decode("utf-8").splitlines()]


def words_of(xml):
    """The words of the description, and the parts of its compounds
    ("re-establishing" gives "establishing" too, which a split may
    break as any word)."""
    text = " ".join(ET.parse(xml).getroot().itertext())
    words = set(re.findall(r"[\w-]+", text))
    return words | {part for w in words for part in w.split("-") if part}


def line_end_splits(lines):
    """(left, right) for each line ending in letters and '-'; right is
    the letters starting the next line, "" when it starts otherwise (a
    page ends there, and the notes and running head come first)."""
    for here, after in zip(lines, lines[1:] + [""]):
        end = WORD_END.search(here)
        if end:
            yield end.group(1), WORD_START.match(after).group(1)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf")
    ap.add_argument("xml")
    ap.add_argument("--hyphenated", type=int, default=None, metavar="N")
    args = ap.parse_args(argv)
    words = words_of(args.xml)
    splits, faults = 0, 0
    for left, right in line_end_splits(lines_of(args.pdf)):
        if any(w.startswith(left + "-") for w in words):
            continue            # the word's own hyphen
        splits += 1
        if args.hyphenated is None:
            faults += 1
            print(f"{args.pdf}: a line ends in the hyphenated split {left}-/{right}")
        elif not any(w.startswith(left + right) and len(w) > len(left)
                     and w[len(left)] != "-" for w in words):
            faults += 1
            print(f"{args.pdf}: split {left}-/{right} starts no word of the description")
    if args.hyphenated is not None and splits < args.hyphenated:
        faults += 1
        print(f"{args.pdf}: {splits} hyphenated splits, expected at least {args.hyphenated}")
    print(f"hyphencheck {args.pdf}: {splits} splits, {faults} faults")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
