#!/usr/bin/env python3
"""Check what a reader sees in a notepress PDF.

Usage:
    python3 tests/pdfcheck.py FILE.pdf --description IN.xml
        [--layout NAME|FILE] [--symbol E/CN.7/2011/12]
        [--expect-text GOLDEN.txt] [--rtl]

Every position checked comes from the layout the PDF was made with (the
frame, the text column, the header's baseline and rule, the masthead's
heavy rule, the bottom of the text, the indent step, the gap before a
note's number), read from its file as the engine reads it: --layout as
the command takes it (a name of layouts/ or a path), else the layout
attribute of the description, else un-a4; a layout that extends another
takes the other's values first. The symbol is the description's unless
--symbol gives it.

Checks, each described in the docstring of its function:
  1. qpdf --check accepts the file                        check_qpdf
  2. pdftotext extracts it without a message              check_pdftotext
  3. from the word boxes of pdftotext -bbox:
     a. running header on pages 2 onwards, masthead symbol on page 1
                                                          check_header
     b. no word crosses the frame or the text column      check_margins
     c. no word prints over another                       check_overprint
     d. every footnote is printed on the page of its call check_footnotes
  4. the plain text equals a golden file (--expect-text)  check_text

--rtl: the page of a right-to-left language (Arabic), the mirror image
of a left-to-right one about the axis of the text column: the word boxes
are mirrored so before the checks of 3, which then hold as written.

Prints one line per failed check, then "pdfcheck FILE: N checks, M failed";
exits 1 when a check failed, 0 otherwise, 2 on a usage error.
Needs only the Python 3 standard library, qpdf and pdftotext (poppler-utils).
Coordinates are in points, x from the left edge, y from the top edge of the
page, as pdftotext -bbox gives them.
"""

import argparse
import difflib
import html.parser
import os
import re
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET

from pagegeom import Geometry, layout_fields, length, split_turned  # noqa: F401

MAX_DIFF_LINES = 40

# ---- running the tools --------------------------------------------------

def run(cmd):
    """Run cmd; return (exit status, stdout, stderr) as text.

    A missing program gives status 127 and the error as stderr."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as e:
        return 127, "", str(e)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def first_lines(text, n=3):
    lines = [l.strip() for l in text.strip().splitlines() if l.strip()]
    more = " ..." if len(lines) > n else ""
    return "; ".join(lines[:n]) + more


# ---- the words of the pages ---------------------------------------------

class Word:
    __slots__ = ("text", "x0", "y0", "x1", "y1")

    def __init__(self, text, x0, y0, x1, y1):
        self.text, self.x0, self.y0, self.x1, self.y1 = text, x0, y0, x1, y1

    @property
    def height(self):
        return self.y1 - self.y0

    @property
    def ymid(self):
        return (self.y0 + self.y1) / 2

    def where(self):
        return "'%s' at x %.1f..%.1f, y %.1f" % (self.text, self.x0, self.x1,
                                                self.y1)


class Page:
    def __init__(self, number, width, height):
        self.number, self.width, self.height = number, width, height
        self.words = []

    def separator(self):
        """The footnote separator (a word of underscores), lowest if several."""
        seps = [w for w in self.words
                if len(w.text) >= 10 and set(w.text) == {"_"}]
        return max(seps, key=lambda w: w.y0) if seps else None


class BboxParser(html.parser.HTMLParser):
    """Reads the XHTML of pdftotext -bbox: <page width height> holding
    <word xMin yMin xMax yMax>text</word>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pages = []
        self.word = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "page":
            self.pages.append(Page(len(self.pages) + 1, float(a["width"]),
                                   float(a["height"])))
        elif tag == "word" and self.pages:
            self.word = [float(a["xmin"]), float(a["ymin"]),
                         float(a["xmax"]), float(a["ymax"]), ""]

    def handle_data(self, data):
        if self.word is not None:
            self.word[4] += data

    def handle_endtag(self, tag):
        if tag == "word" and self.word is not None:
            x0, y0, x1, y1, text = self.word
            self.pages[-1].words.append(Word(text.strip(), x0, y0, x1, y1))
            self.word = None


def load_pages(pdf):
    """The pages of pdf with their words, or (None, error text)."""
    status, out, err = run(["pdftotext", "-bbox", pdf, "-"])
    if status != 0:
        return None, "pdftotext -bbox failed (exit %d): %s" % (
            status, first_lines(err))
    parser = BboxParser()
    try:
        parser.feed(out)
        parser.close()
    except (KeyError, ValueError) as e:
        return None, "cannot read the output of pdftotext -bbox: %s" % e
    if not parser.pages:
        return None, "pdftotext -bbox found no page"
    return parser.pages, None


def mirror(pages, g):
    """The pages as their mirror image about the text column's axis."""
    for page in pages:
        axis2 = sum(g.body_of(page))
        for w in page.words:
            w.x0, w.x1 = axis2 - w.x1, axis2 - w.x0


def is_number(text):
    return text.isdigit() and text.isascii()


def is_stars(text):
    return text != "" and set(text) == {"*"}


# ---- the report ---------------------------------------------------------

class Report:
    """Counts the checks made and prints one line per failed check."""

    def __init__(self, pdf):
        self.pdf = pdf
        self.checks = 0
        self.failed = 0

    def check(self, ok, message, page=None):
        self.checks += 1
        if not ok:
            self.fail(message, page, counted=True)
        return ok

    def fail(self, message, page=None, counted=False):
        if not counted:
            self.checks += 1
        self.failed += 1
        where = "page %d: " % page if page is not None else ""
        print("%s: %s%s" % (self.pdf, where, message))

    def summary(self):
        print("pdfcheck %s: %d checks, %d failed" % (self.pdf, self.checks,
                                                     self.failed))
        return 1 if self.failed else 0


def more(items, limit):
    return " (and %d more)" % (len(items) - limit) if len(items) > limit else ""


def listed(words, limit=3):
    return ", ".join(w.where() for w in words[:limit]) + more(words, limit)


# ---- 1 and 2: the file as a whole ---------------------------------------

def check_qpdf(rep, pdf):
    """1. qpdf --check finds the file well formed: exit status 0."""
    status, out, err = run(["qpdf", "--check", pdf])
    rep.check(status == 0, "qpdf --check failed (exit %d): %s"
              % (status, first_lines(err + out)))


def check_pdftotext(rep, pdf):
    """2. pdftotext reads the file without a word on stderr (Syntax Error,
    Syntax Warning, ...) and exits 0."""
    status, _, err = run(["pdftotext", pdf, "-"])
    rep.check(status == 0 and err.strip() == "",
              "pdftotext %s (exit %d): %s"
              % ("complains" if err.strip() else "failed", status,
                 first_lines(err) or "no message"))


# ---- 3a: header ---------------------------------------------------------

def masthead_symbol(page, symbol, g, mirrored=False):
    """Whether page 1 shows symbol at the top right, above the masthead's
    thin rule, possibly split into glued pieces (the first part large):
    pieces end where the next begins. On a mirrored page the symbol still
    reads left to right, so its pieces come in the other order and the
    first one ends at the frame's edge."""
    frame_right = g.frame[1]
    top = sorted((w for w in page.words if w.y1 < g.masthead_rule),
                 key=lambda w: -w.x1 if mirrored else w.x0)
    for i, first in enumerate(top):
        if not symbol.startswith(first.text):
            continue
        text, last = first.text, first
        for w in top[i + 1:]:
            if len(text) >= len(symbol):
                break
            gap = last.x0 - w.x1 if mirrored else w.x0 - last.x1
            if abs(gap) <= 0.6 and symbol.startswith(text + w.text):
                text, last = text + w.text, w
            elif 0.6 < gap <= 5.0 and symbol.startswith(text + " " + w.text):
                # a symbol holding a space: "S/RES/1632 (2005)"
                text, last = text + " " + w.text, w
        edge = first.x1 if mirrored else last.x1
        if text == symbol and abs(edge - frame_right) <= 1.5:
            return True
    return False


def spaced_words(words):
    """The words, and the runs of words one space apart on a line joined
    as one (a symbol holding a space, "S/RES/1632 (2005)")."""
    out = list(words)
    line = sorted(words, key=lambda w: (round(w.y1, 1), w.x0))
    for i, first in enumerate(line):
        text, last = first.text, first
        for w in line[i + 1:i + 4]:
            if abs(w.y1 - last.y1) > 0.5 or not 0.6 < w.x0 - last.x1 <= 5.0:
                break
            text, last = text + " " + w.text, w
            out.append(Word(text, first.x0, first.y0, last.x1, last.y1))
    return out


def check_header(rep, pages, symbol, g, mirrored=False):
    """3a. Running header: on every page from 2 on, a word equal to the
    symbol sits on the header baseline (yMax within 3 pt of it), ending at
    the frame's right edge on odd pages and starting at its left edge on
    even pages (within 1.5 pt). Page 1 has the masthead instead: the
    symbol, split into a large first part and the rest, ends at the
    frame's right edge. A landscape page's header is checked as it
    stands on the portrait page before it is turned, on the layout's
    landscape header baseline (pagegeom.split_turned)."""
    left, right = g.frame
    if pages:
        rep.check(masthead_symbol(pages[0], symbol, g, mirrored),
                  "masthead symbol '%s' not found at the top right" % symbol,
                  page=1)
    for page in pages[1:]:
        odd = page.number % 2 == 1
        baseline = g.header_baseline_of(page)
        words = page.furniture if g.landscape(page) else page.words
        found = [w for w in spaced_words(words) if w.text == symbol]
        on_line = [w for w in found if abs(w.y1 - baseline) <= 3.0]
        if not on_line:
            elsewhere = " (it is printed at %s)" % listed(found) if found else ""
            rep.fail("running header '%s' missing on the header line (y %.2f)%s"
                     % (symbol, baseline, elsewhere), page.number)
            continue
        w = on_line[0]
        if odd:
            rep.check(abs(w.x1 - right) <= 1.5,
                      "running header on an odd page should end at the "
                      "frame's right edge x %.1f, it is %s" % (right, w.where()),
                      page.number)
        else:
            rep.check(abs(w.x0 - left) <= 1.5,
                      "running header on an even page should start at the "
                      "frame's left edge x %.1f, it is %s" % (left, w.where()),
                      page.number)


# ---- 3b: margins --------------------------------------------------------

def check_margins(rep, pages, g):
    """3b. Margins: no word crosses the frame (0.5 pt tolerance). In the
    text area (below the header rule, above the footer zone; on page 1
    below the masthead) no word passes the right edge of the text column,
    and on pages 2 onwards none starts left of two indent steps before the
    column (hanging labels). On page 1 the meeting block starts at the
    frame's left edge, so there only words starting in the column are
    held to its right edge. A landscape page's frame and column keep
    their left edges and their right margins (pagegeom.Geometry.turned);
    its running header and footer, turned, are not among its words."""
    for page in pages:
        fl, fr = g.frame_of(page)
        bl, br = g.body_of(page)
        out = [w for w in page.words if w.x0 < fl - 0.5 or w.x1 > fr + 0.5]
        rep.check(not out, "%d word(s) cross the frame %.1f..%.1f: %s"
                  % (len(out), fl, fr, listed(out)), page.number)

        text = [w for w in page.words
                if g.text_top(page) <= w.ymid <= g.text_bottom(page)]
        if page.number == 1:
            text = [w for w in text if w.x0 >= bl - 1]
        right = [w for w in text if w.x1 > br + 0.5]
        rep.check(not right, "%d word(s) pass the right edge of the text "
                  "column x %.1f: %s" % (len(right), br, listed(right)),
                  page.number)
        if page.number > 1:
            limit = bl - 2 * g.tab - 1
            left = [w for w in text if w.x0 < limit]
            rep.check(not left, "%d word(s) start left of x %.1f (two indent "
                      "steps before the text column): %s"
                      % (len(left), limit, listed(left)), page.number)


# ---- 3c: overprinting ---------------------------------------------------

def core(w):
    """The part of a word's box that ink surely covers: from about the
    x-height to the baseline. Full boxes of lines set solid (a 14 pt title
    on 15 pt) touch without any ink touching."""
    h = w.height
    return (w.x0, w.y0 + 0.40 * h, w.x1, w.y0 + 0.80 * h)


def check_overprint(rep, pages):
    """3c. No word prints over another: the cores (see core()) of two words
    on a page do not overlap by more than 0.5 pt both ways."""
    for page in pages:
        boxes = sorted(((core(w), w) for w in page.words),
                       key=lambda b: b[0][1])
        clashes = []
        for i, (a, wa) in enumerate(boxes):
            for b, wb in boxes[i + 1:]:
                if b[1] >= a[3] - 0.5:
                    break
                if min(a[2], b[2]) - max(a[0], b[0]) > 0.5:
                    clashes.append((wa, wb))
        rep.check(not clashes, "%d pair(s) of words print over each other: %s"
                  % (len(clashes), "; ".join("%s over %s" % (a.where(),
                                                             b.where())
                                             for a, b in clashes[:3])
                     + more(clashes, 3)),
                  page.number)


# ---- 3d: footnotes ------------------------------------------------------
#
# Calls. A call is a number set smaller (6.5 pt in 10 pt text) and raised,
# glued to the word before it. pdftotext starts a new word when the font
# size changes by more than 5 % (poppler's TextOutputDev,
# maxWordFontSizeDelta), so "drogue" + call "1" comes out as two words,
# "drogue" and "1", the second starting where the first ends. Verified on
# the samples: "1972" + call "9" gives two words 0.00 pt apart, and no word
# of the samples mixes letters with a trailing number. Were a pdftotext to
# keep call and word together, the calls would go unseen and every note
# would be reported as never called: loud, not silent. Star calls are
# set at full size, so pdftotext keeps them in the word ("anglais*",
# "provisoire**"); they are read from the word's trailing stars.
#
# So a numbered call is a word of digits, above the footnote separator,
# that
#   - starts within 0.6 pt of the end of another word whose box holds its
#     vertical centre (glued, same line),
#   - is at most 0.75 of that word's height (smaller; this follows the
#     text size, so a call in a 14 pt heading is found too),
#   - ends at least 0.2 of that word's height above that word's bottom
#     (raised: "H" + subscript "2" is not a call).
# A small number (at most 0.75 of the median word height of the page) glued
# to nothing is reported as a detached call.
#
# A number set with <sup> after a word ("m2") looks like a call, to a reader
# and to this checker. Numbered notes are numbered in the order of their
# first calls, so first calls are read as a sequence: going through the
# pages in order, the calls of a page numbered next, next + 1, ... are first
# calls (any order within the page: tables are read cell by cell); smaller
# numbers are later calls of a note already called; larger ones are out of
# sequence, taken as superscripts and not as calls. Should the sequence break
# (a call lost), the notes after the break fall back on the first page
# showing their number.
#
# Labels. A footnote label is a word of digits or of stars below the
# separator (a word of underscores), ending the layout's number-gap of
# footnotes before the text column
# (1.5 pt tolerance).

def neighbour_before(page, w):
    """The word that w is glued to, or None."""
    for v in page.words:
        if v is not w and abs(v.x1 - w.x0) <= 0.6 and v.y0 <= w.ymid <= v.y1:
            return v
    return None


def is_raised_small(word, before):
    return (word.height <= 0.75 * before.height
            and word.y1 <= before.y1 - 0.2 * before.height)


def body_words(page, g):
    """Words of the text area above the footnote separator."""
    sep = page.separator()
    bottom = sep.y0 if sep else g.text_bottom(page)
    return [w for w in page.words if g.text_top(page) <= w.ymid <= bottom]


def find_calls(rep, page, g):
    """Numbered calls of page as a dict number -> first word; reports
    small numbers glued to no word."""
    words = body_words(page, g)
    calls = {}
    if not words:
        return calls
    # Numbers are set in the Latin face: measure them against the words
    # of that face (Arabic and Chinese faces have taller boxes).
    latin = [w for w in words if w.text.isascii()] or words
    median = statistics.median(w.height for w in latin)
    for w in sorted(words, key=lambda w: (w.y1, w.x0)):
        if not is_number(w.text):
            continue
        before = neighbour_before(page, w)
        if before is not None:
            if is_raised_small(w, before):
                calls.setdefault(int(w.text), w)
        elif w.height <= 0.75 * median and not in_small_line(page, w):
            rep.fail("small number %s is glued to no word (a call detached "
                     "from its word?)" % w.where(), page.number)
    return calls


def in_small_line(page, w):
    """Whether w stands on a line of words of its own size, as a year in
    a table's 7 pt header row does: a call is raised above its line."""
    return any(v is not w and not is_number(v.text)
               and abs(v.y1 - w.y1) <= 0.5
               and abs(v.height - w.height) <= 0.1 * w.height
               for v in page.words)


def first_calls(calls_by_page):
    """The first call of each note as a dict number -> (page, word), read
    as a sequence (see above). calls_by_page: list of (page, calls)."""
    first = {}
    following = 1
    for number, calls in calls_by_page:
        while following in calls:
            first[following] = (number, calls[following])
            following += 1
    return first


def find_labels(page, g):
    """Footnote labels of page as a list of (label, word), label being an
    int or a string of stars, top to bottom."""
    sep = page.separator()
    if sep is None:
        return []
    x = g.body[0] - g.note_gap
    labels = [w for w in page.words
              if w.y0 > sep.y1 and abs(w.x1 - x) <= 1.5
              and (is_number(w.text) or is_stars(w.text))]
    labels.sort(key=lambda w: w.y0)
    return [(int(w.text) if is_number(w.text) else w.text, w) for w in labels]


def star_calls(page):
    """Numbers of trailing stars of the words above the separator of page
    (page 1 holds the star calls: masthead, meeting block, title)."""
    sep = page.separator()
    bottom = sep.y0 if sep else page.height
    found = set()
    for w in page.words:
        if w.y1 <= bottom:
            m = re.search(r"\*+$", w.text)
            if m:
                found.add(len(m.group()))
    return found


def check_numbered_notes(rep, labels, calls_by_page):
    """Each numbered label n on page p has its first call on page p; the
    labels run 1, 2, 3 ...; each first call has a note."""
    first = first_calls(calls_by_page)
    for p, n, w in labels:
        if n in first:
            q = first[n][0]
        else:   # the sequence broke before n: take the first page showing n
            q = min((pg for pg, calls in calls_by_page if n in calls),
                    default=None)
        if q is None:
            rep.fail("footnote %d is printed but never called" % n, p)
        elif q < p:
            rep.fail("footnote %d is called on page %d but printed on page %d"
                     % (n, q, p), p)
        else:
            rep.check(q == p, "footnote %d is printed on page %d but first "
                      "called on page %d" % (n, p, q), p)

    order = [n for _, n, _ in labels]
    rep.check(order == list(range(1, len(order) + 1)),
              "footnote numbers run %s, expected 1 to %d in order"
              % (", ".join(map(str, order)) or "(none)", len(order)))
    for n, (p, w) in sorted(first.items()):
        if n not in order:
            rep.fail("call %d (%s) has no footnote %d" % (n, w.where(), n), p)


def check_star_notes(rep, labels, page1):
    """Star labels are on page 1, in order *, **, ..., each with a call on
    page 1 (a word above the separator ending with as many stars)."""
    calls = star_calls(page1)
    for i, (p, lab, w) in enumerate(labels):
        if not rep.check(p == 1, "star footnote %s is printed on page %d, "
                         "not on page 1" % (lab, p), p):
            continue
        rep.check(len(lab) == i + 1, "star footnote %s comes where %s is "
                  "expected" % (lab, "*" * (i + 1)), p)
        rep.check(len(lab) in calls, "star footnote %s has no call on "
                  "page 1" % lab, p)


def check_footnotes(rep, pages, g):
    """3d. Footnotes on the page of their call: every numbered note n
    printed on page p is first called on page p (later calls of the same
    note may be anywhere), the numbers run 1, 2, 3 ... through the
    document, each printed once, and every note called is printed. Star
    notes are printed on page 1, in order, each called on page 1."""
    calls_by_page = [(page.number, find_calls(rep, page, g)) for page in pages]
    labels = [(page.number, lab, w) for page in pages
              for lab, w in find_labels(page, g)]
    check_numbered_notes(rep, [l for l in labels if isinstance(l[1], int)],
                         calls_by_page)
    if pages:
        check_star_notes(rep, [l for l in labels if isinstance(l[1], str)],
                         pages[0])


# ---- 4: golden text -----------------------------------------------------

def check_text(rep, pdf, golden):
    """4. The plain text (pdftotext FILE -) equals the golden file line by
    line; on a difference, prints a unified diff of at most 40 lines."""
    try:
        with open(golden, encoding="utf-8") as f:
            expected = f.read().splitlines()
    except OSError as e:
        rep.fail("cannot read the golden text: %s" % e)
        return
    status, out, err = run(["pdftotext", pdf, "-"])
    actual = out.splitlines()
    if rep.check(status == 0 and actual == expected,
                 "text differs from %s%s" % (golden, "" if status == 0 else
                                             " (pdftotext exit %d)" % status)):
        return
    diff = list(difflib.unified_diff(expected, actual, golden, pdf,
                                     lineterm=""))
    for line in diff[:MAX_DIFF_LINES]:
        print("    " + line)
    if len(diff) > MAX_DIFF_LINES:
        print("    ... (%d more diff lines)" % (len(diff) - MAX_DIFF_LINES))


# ---- main ---------------------------------------------------------------

def description_of(path):
    """(symbol, layout attribute or None) of a description."""
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    symbol = re.search(r"<symbol>(.*?)</symbol>", text)
    layout = re.search(r"<document\b[^>]*\blayout=\"([^\"]*)\"", text)
    return (symbol.group(1) if symbol else None,
            layout.group(1) if layout else None)


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="pdfcheck.py",
        description="Check what a reader sees in a notepress PDF.")
    ap.add_argument("pdf", metavar="FILE.pdf")
    ap.add_argument("--description", metavar="IN.xml",
                    help="the description the PDF was made from: its symbol "
                    "and layout")
    ap.add_argument("--layout", metavar="NAME|FILE",
                    help="the layout the PDF was made with, as --layout of "
                    "the command (default: the description's, or un-a4)")
    ap.add_argument("--symbol", help="document symbol, e.g. E/CN.7/2011/12 "
                    "(default: the description's)")
    ap.add_argument("--expect-text", metavar="GOLDEN.txt",
                    help="compare the plain pdftotext output with this file")
    ap.add_argument("--rtl", action="store_true",
                    help="a right-to-left page: mirrored before the checks")
    args = ap.parse_args(argv)
    symbol, layout = (description_of(args.description) if args.description
                      else (None, None))
    args.symbol = args.symbol or symbol
    args.layout = args.layout or layout or "un-a4"
    if not args.symbol:
        ap.error("no symbol: give --symbol or --description")
    try:
        args.geometry = Geometry(layout_fields(args.layout))
    except (OSError, ET.ParseError, KeyError, ValueError) as e:
        ap.error("cannot read the layout %s: %s" % (args.layout, e))
    return args


def main(argv):
    args = parse_args(argv)
    rep = Report(args.pdf)
    check_qpdf(rep, args.pdf)
    check_pdftotext(rep, args.pdf)
    pages, error = load_pages(args.pdf)
    if pages is None:
        rep.fail(error)
    else:
        g = args.geometry
        for page in pages:
            split_turned(page, g)
        if args.rtl:
            mirror(pages, g)
        check_header(rep, pages, args.symbol, g, args.rtl)
        check_margins(rep, pages, g)
        check_overprint(rep, pages)
        check_footnotes(rep, pages, g)
    if args.expect_text:
        check_text(rep, args.pdf, args.expect_text)
    return rep.summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
