#!/usr/bin/env python3
"""The languages with text of their own kind, as a reader of the PDF sees it.

Usage:
    python3 tests/langs.py build/notepress

Arabic (samples/a-c.3-72-l.1.xml and samples/charter-ar.xml, un-a4):
  1. pdftotext gives back the words of every paragraph in the order they
     are written (logical order), once the bidi controls poppler adds
     (U+202A to U+202E) are taken out and the vowel marks (which poppler
     orders by position) are left aside;
  2. every Arabic word of the body without marks is as wide on the page
     (pdftotext -bbox) as HarfBuzz's own command shapes it (hb-shape,
     Debian's libharfbuzz-bin, on fonts/NotoNaskhArabic-Regular.ttf at
     the body's 10 pt, kerning and ligatures off as un-a4 sets them),
     within 0.02 pt;
  3. the words of every line run right to left: each word of the text
     lies to the left of the one before it on the same line.
Chinese (samples/charter-zh.xml, samples/fccc-kp-cmp-2012-1.xml):
  4. no line starts with ，。、；：？！）》” nor ends with （《“ (ST/SPACE/61/Rev.3
     in Chinese: none of its 2,140 lines does);
  5. every line of a justified paragraph but its last ends on the right
     edge of the text column (as un-a4 places it), within 0.5 pt.

Prints one line per fault, then "langs: N passed, M failed". pdftotext
lists the letters of an Arabic word in the order they are drawn (left to
right): they are turned back before comparing.
"""

import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfcheck  # noqa: E402  (the layout's fields, as pdfcheck reads them)
from tally import Tally  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARABIC = ["a-c.3-72-l.1", "charter-ar"]
CHINESE = ["charter-zh", "fccc-kp-cmp-2012-1"]
NASKH = os.path.join(TOP, "fonts", "NotoNaskhArabic-Regular.ttf")
BODY_SIZE = 10.0
NASKH_HEIGHT = 17.03        # (1069 + 634) / 1000 em: a 10 pt Naskh word's box
# un-a4 as it is for Chinese (<language code="zh">: body text 10.5 pt on
# 14 pt, as ST/SPACE/61/Rev.3 in Chinese)
UN_A4_ZH = pdfcheck.layout_fields("un-a4", lang="zh")
COLUMN_RIGHT = (pdfcheck.length(UN_A4_ZH, "body", "left")
                + pdfcheck.length(UN_A4_ZH, "body", "width"))
LEADING_ZH = pdfcheck.length(UN_A4_ZH, "text", "leading")
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                  r'yMax="([\d.]+)">(.*?)</word>')
LINE = re.compile(r'<line .*?</line>', re.S)
BIDI = dict.fromkeys(range(0x202A, 0x202F))
NO_START = set("，。、；：？！）》”")
NO_END = set("（《“")


def run(args):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          check=False).stdout.decode("utf-8")


def is_arabic(ch):
    return "\u0600" <= ch <= "\u06FF" or "\uFB50" <= ch <= "\uFEFF"


def is_mark(ch):
    return unicodedata.category(ch) == "Mn"


def plain(text):
    """Text without bidi controls and vowel marks, spaces collapsed."""
    text = text.translate(BIDI)
    return " ".join("".join(c for c in text if not is_mark(c)).split())


def paragraphs(xml):
    """The text of each paragraph and item of the body, marks left aside."""
    root = ET.parse(xml).getroot()
    for p in root.find("body").iter():
        if p.tag in ("p", "item"):
            own = (p.text or "") + "".join((c.tail or "") for c in p)
            if own.strip():
                yield plain(own)


def whole_text(xml):
    """Every text of the description, marks left aside."""
    return plain(" ".join(ET.parse(xml).getroot().itertext()))


def unmarked_words(xml):
    """The Arabic words of the body written without vowel marks, their
    punctuation stripped."""
    root = ET.parse(xml).getroot()
    words = " ".join(root.find("body").itertext()).split()
    return {w.strip(".,،:؛()") for w in words if not any(is_mark(c) for c in w)}


def render(np, name, tmp):
    pdf = os.path.join(tmp, name + ".pdf")
    subprocess.run([np, "render", os.path.join(TOP, "samples", name + ".xml"),
                    "-o", pdf], check=True, stderr=subprocess.DEVNULL)
    return pdf


def bbox_lines(pdf):
    """Lines of pdftotext -bbox-layout: lists of (x0, y0, x1, y1, text)."""
    out = run(["pdftotext", "-bbox-layout", pdf, "-"])
    for block in LINE.findall(out):
        yield [(float(a), float(b), float(c), float(d), t)
               for a, b, c, d, t in WORD.findall(block)]


def logical(word):
    """An Arabic word as the text writes it: its letters turned back."""
    return word[::-1] if any(is_arabic(c) for c in word) else word


def check_order(t, name, pdf, xml):
    text = plain(run(["pdftotext", pdf, "-"]))
    for para in paragraphs(xml):
        words = [w for w in para.split() if any(is_arabic(c) for c in w)]
        at, ok = 0, True
        for w in words:
            w = w.strip(".,،:؛()\"”“")
            found = text.find(w, at)
            ok = ok and found >= 0
            at = found + len(w) if found >= 0 else at
        t.check(ok, "%s: pdftotext does not give the words of \"%s...\" in their "
                "order" % (name, para[:40]))


def hb_width(word):
    out = run(["hb-shape", "--features=-kern,-liga,-clig", "--no-glyph-names",
               NASKH, word])
    return sum(int(a) for a in re.findall(r"\+(-?\d+)", out)) * BODY_SIZE / 1000


def check_widths(t, name, pdf, xml):
    body_words = unmarked_words(xml)
    seen = 0
    for line in bbox_lines(pdf):
        for x0, y0, x1, y1, text in line:
            word = logical(text)
            if (abs(y1 - y0 - NASKH_HEIGHT) > 0.05 or not all(is_arabic(c) for c in word)
                    or word not in body_words):
                continue
            want = hb_width(word)
            t.check(abs((x1 - x0) - want) <= 0.02,
                    "%s: \"%s\" is %.2f pt wide, hb-shape makes it %.2f pt"
                    % (name, word, x1 - x0, want))
            seen += 1
    t.check(seen >= 10, "%s: only %d Arabic words measured" % (name, seen))


def check_right_to_left(t, name, pdf, xml):
    text = whole_text(xml)
    known = set(text.split())
    lines = 0
    for line in bbox_lines(pdf):
        words = [plain(logical(w[4])) for w in sorted(line, key=lambda w: -w[0])
                 if all(is_arabic(c) or is_mark(c) for c in w[4])]
        words = [w for w in words if w]
        if len(words) < 3 or not all(w in known for w in words):
            continue
        lines += 1
        at, ok = 0, True
        for w in words:
            found = text.find(w, at)
            ok = ok and found >= 0
            at = found + len(w) if found >= 0 else at
        t.check(ok, "%s: the words of the line \"%s\" do not run right to left"
                % (name, " ".join(words)[:50]))
    t.check(lines >= 2, "%s: no line of Arabic words found" % name)


def check_chinese(t, name, pdf):
    """Returns how many full lines it checked."""
    full = 0
    lines = [l for l in bbox_lines(pdf) if l]
    for i, line in enumerate(lines):
        text = "".join(w[4] for w in line)
        if not any("\u4e00" <= c <= "\u9fff" for c in text):
            continue
        t.check(text[0] not in NO_START, "%s: a line starts with %s: %s"
                % (name, text[0], text[:20]))
        t.check(text[-1] not in NO_END, "%s: a line ends with %s: %s"
                % (name, text[-1], text[-20:]))
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        # a full line: the next line of the same paragraph follows at the
        # body's leading and starts at the column's left edge
        right = max(w[2] for w in line)
        if (nxt and abs(nxt[0][1] - line[0][1] - LEADING_ZH) < 0.5
                and right > COLUMN_RIGHT - 12):
            full += 1
            t.check(abs(right - COLUMN_RIGHT) <= 0.5, "%s: a full line ends at %.2f, "
                    "not on the margin: %s" % (name, right, text[:20]))
    return full


def main(argv):
    np = argv[1] if len(argv) > 1 else "build/notepress"
    t = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        for name in ARABIC:
            xml = os.path.join(TOP, "samples", name + ".xml")
            pdf = render(np, name, tmp)
            check_order(t, name, pdf, xml)
            check_widths(t, name, pdf, xml)
            check_right_to_left(t, name, pdf, xml)
        full = 0
        for name in CHINESE:
            if os.path.exists(os.path.join(TOP, "samples", name + ".xml")):
                full += check_chinese(t, name, render(np, name, tmp))
        t.check(full >= 5, "only %d full lines of Chinese found" % full)
    return t.summary('langs')


if __name__ == "__main__":
    sys.exit(main(sys.argv))
