#!/usr/bin/env python3
"""The furniture of the kinds of document (format v1.1), where a reader
of the PDF sees it.

Usage:
    python3 tests/kinds.py build/notepress

Letter (samples/s-2008-letter.xml, un-letter):
  1. its paragraphs are unnumbered: each starts at the text's left edge;
  2. its items print the numbers the author gave (1, 11, 15, 16, 17, 20,
     21, 71), each at the left edge, its text one tab further in;
  3. each line of the signature ends at the text's right edge (the
     Editorial Manual: "aligned at the right-hand margin"), "(Signed)"
     before the name;
  4. a symbol (S/2003/939) is one word on one line.
Corrigendum (samples/unodc-honlac-31-4-corr-1.xml, un-a4):
  5. "Rectificatif" under the subtitle, at the text's left edge, as far
     below it as kind-label.gap says;
  6. the replacement paragraph prints 7 (no paragraph before it is
     numbered).
Report (samples/a-70-684-es.xml, un-letter):
  7. one label "Temas 15 y 116 del programa" for the two items;
  8. "Resumen" a tab in from the box's padding; the body's first
     paragraph numbered 1; the same summary made three pages long is
     framed on each page (render --dump): a rule across the column at
     the top and at the bottom of each.
Agenda (samples/a-57-150.xml, un-letter):
 15. the line saying when the session convenes is unnumbered, at the
     text's left edge; items 1 to 16 hang at the left edge with their
     text one tab further in, across the page break; the sub-items
     (a), (b), (c) hang one tab in with their text two tabs in;
 16. the note that items 1, 4, 5 and 6 call is printed once, and each
     of those items calls it with the same raised "1".
tests/cases/kinds.xml (un-a4):
  9. "12 bis." hangs at the left edge and the next paragraph is 3
     (automatic numbering goes on as if it were not there), the text
     of "12 bis." starting after the label;
 10. a <span lang="fr"> takes French quotation marks and spacing
     ("« Unité dans la diversité » : vraiment ?") inside English text;
 11. two agenda items naming two agendas share one label with one star,
     "Items 15 and 116 of the provisional agenda*", and one star note
     naming both agendas, "* A/75/1, A/75/150.";
 12. "[Original: French]" of the annex and the unsigned signature end
     at the text's right edge; the heading level="3" is bold 10 pt, as
     tall as body text, with no number;
 13. in Russian and Chinese (--lang), the annex's line is the formula of
     those languages' documents: "[Подлинный текст на французском
     языке]", "[原件：法文]".
tests/cases/span-hyphen.xml (Russian, hyphenated, an English <span>):
 14. the span's words are hyphenated with the English patterns: some
     line ends in a Latin word's first part and a hyphen, each such
     split joined with the next line's first letters gives a word of the
     span, and one split stands where the English patterns put one
     ("accountabil-ity", "en-vironmental").

Prints one line per fault, then "kinds: N passed, M failed".
"""

import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pdfcheck  # noqa: E402  (layout fields and pdftotext -bbox words)
from tally import Tally  # noqa: E402

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOLERANCE = 0.6     # points: rounding of pdftotext's boxes, tracking


def render(np, xml, tmp):
    pdf = os.path.join(tmp, os.path.basename(xml) + ".pdf")
    subprocess.run([np, "render", xml, "-o", pdf], check=True,
                   stderr=subprocess.DEVNULL)
    pages, err = pdfcheck.load_pages(pdf)
    if err:
        raise SystemExit("kinds: " + err)
    return pages


def column(layout):
    f = pdfcheck.layout_fields(layout)
    left = pdfcheck.length(f, "body", "left")
    return left, left + pdfcheck.length(f, "body", "width"), \
        pdfcheck.length(f, "body", "tab"), f


def lines(page):
    """Words grouped by baseline, each line's words left to right."""
    rows = {}
    for w in page.words:
        rows.setdefault(round(w.y1, 1), []).append(w)
    return [sorted(ws, key=lambda w: w.x0) for _, ws in sorted(rows.items())]


def line_of(page, first):
    for ln in lines(page):
        if ln[0].text == first:
            return ln
    return None


def near(a, b):
    return abs(a - b) <= TOLERANCE


def letter(c, np, tmp):
    pages = render(np, os.path.join(TOP, "samples", "s-2008-letter.xml"), tmp)
    left, right, tab, _ = column("un-letter")
    page = pages[0]
    first = line_of(page, "I")
    c.check(first and near(first[0].x0, left),
            "letter: its first paragraph does not start at the left edge")
    for number in ("1.", "11.", "15.", "16.", "17.", "20.", "21.", "71."):
        ln = line_of(page, number)
        c.check(ln and near(ln[0].x0, left) and near(ln[1].x0, left + tab),
                "letter: item %s not hung at %.1f with its text at %.1f"
                % (number, left, left + tab))
    for first_word in ("(Signed)", "Ambassador", "Permanent"):
        ln = line_of(page, first_word)
        c.check(ln and near(ln[-1].x1, right),
                "letter: the signature line of '%s' does not end at %.1f"
                % (first_word, right))
    signed = line_of(page, "(Signed)")
    c.check(signed and [w.text for w in signed] == ["(Signed)", "Bashar", "Ja’afari"],
            "letter: the signature's first line is not '(Signed) Bashar Ja’afari'")
    c.check(any(w.text.startswith("(S/2003/939)") for w in page.words),
            "letter: S/2003/939 is broken")


def corrigendum(c, np, tmp):
    xml = os.path.join(TOP, "samples", "unodc-honlac-31-4-corr-1.xml")
    page = render(np, xml, tmp)[0]
    left, _, tab, f = column("un-a4")
    label = line_of(page, "Rectificatif")
    note = line_of(page, "Note")
    gap = pdfcheck.length(f, "kind-label", "gap")
    c.check(label and note and near(label[0].x0, left)
            and near(label[0].y1 - note[0].y1, gap),
            "corrigendum: 'Rectificatif' is not %.1f pt under the subtitle at %.1f"
            % (gap, left))
    seven = line_of(page, "7.")
    c.check(seven and near(seven[0].x0, left) and near(seven[1].x0, left + tab),
            "corrigendum: the replacement paragraph does not print 7")
    c.check(not line_of(page, "1."), "corrigendum: a paragraph is numbered 1")


def report(c, np, tmp):
    page = render(np, os.path.join(TOP, "samples", "a-70-684-es.xml"), tmp)[0]
    left, _, tab, f = column("un-letter")
    label = line_of(page, "Temas")
    c.check(label and " ".join(w.text for w in label) == "Temas 15 y 116 del programa",
            "report: the two items do not share 'Temas 15 y 116 del programa'")
    heading = line_of(page, "Resumen")
    pad = pdfcheck.length(f, "summary", "padding")
    c.check(heading and near(heading[0].x0, left + pad + tab),
            "report: 'Resumen' is not at %.1f" % (left + pad + tab))
    c.check(line_of(page, "1.") is not None, "report: the body is not numbered")


def long_summary(c, np, tmp):
    with open(os.path.join(TOP, "samples", "a-70-684-es.xml"), encoding="utf-8") as f:
        xml = f.read()
    start = xml.index("<summary>") + len("<summary>")
    end = xml.index("</summary>")
    path = os.path.join(tmp, "long-summary.xml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(xml[:start] + xml[start:end] * 12 + xml[end:])
    dump = subprocess.run([np, "render", path, "--dump", "-o", "-"], check=True,
                          stdout=subprocess.PIPE).stdout.decode("utf-8")
    left, right, _, f = column("un-letter")
    width = pdfcheck.length(f, "summary", "rule-width")
    pages = dump.split("\npage ")[1:]
    framed = 0
    for page in pages:
        across = [ln.split() for ln in page.splitlines() if ln.startswith("rule ")]
        across = [r for r in across if r[-1] == "w%.2f" % width
                  and near(float(r[1]), left) and near(float(r[3]), right)]
        framed += len(across) >= 2
    c.check(len(pages) >= 3 and framed >= 3,
            "report: a summary over %d pages is framed on %d of them"
            % (len(pages), framed))


def agenda(c, np, tmp):
    pages = render(np, os.path.join(TOP, "samples", "a-57-150.xml"), tmp)
    left, _, tab, _ = column("un-letter")
    first = next((ln for ln in lines(pages[0])
                  if [w.text for w in ln[:2]] == ["To", "convene"]), None)
    c.check(first and near(first[0].x0, left),
            "agenda: 'To convene' does not start at the left edge, unnumbered")
    for n in range(1, 17):
        ln = next((line_of(p, "%d." % n) for p in pages
                   if line_of(p, "%d." % n)), None)
        c.check(ln and near(ln[0].x0, left) and near(ln[1].x0, left + tab),
                "agenda: item %d. not hung at %.1f with its text at %.1f"
                % (n, left, left + tab))
    for sub in ("(a)", "(b)", "(c)"):
        found = [ln for p in pages for ln in lines(p) if ln[0].text == sub]
        c.check(found and all(near(ln[0].x0, left + tab)
                              and near(ln[1].x0, left + 2 * tab)
                              for ln in found),
                "agenda: sub-item %s not hung at %.1f with its text at %.1f"
                % (sub, left + tab, left + 2 * tab))
    words = pages[0].words
    notes = [i for i, w in enumerate(words[:-1])
             if w.text == "In" and words[i + 1].text == "accordance"]
    c.check(len(notes) == 1, "agenda: the note called four times is printed "
            "%d times" % len(notes))
    calls = [w for w in words if w.text == "1" and
             (lambda b: b is not None and pdfcheck.is_raised_small(w, b))(
                 pdfcheck.neighbour_before(pages[0], w))]
    c.check(len(calls) == 4, "agenda: %d raised calls of note 1, not 4"
            % len(calls))


def case(c, np, tmp):
    pages = render(np, os.path.join(TOP, "tests", "cases", "kinds.xml"), tmp)
    left, right, tab, _ = column("un-a4")
    page = pages[0]
    bis = line_of(page, "12")
    c.check(bis and bis[1].text == "bis." and near(bis[0].x0, left)
            and bis[2].x0 > bis[1].x1 + 1,
            "case: '12 bis.' does not hang before its text")
    c.check(line_of(page, "3.") is not None and line_of(page, "4.") is None,
            "case: numbering does not go on as if '12 bis' were not there")
    words = " ".join(w.text for ln in lines(page) for w in ln)
    c.check("Items 15 and 116 of the provisional agenda* Culture of peace" in words
            and "* A/75/1, A/75/150." in words,
            "case: two items of two agendas do not share a label and a star note")
    c.check("« Unité dans la diversité » : vraiment ?" in words,
            "case: the French span has no French quotes and spacing")
    heading = next((ln for ln in lines(page) if len(ln) > 1 and ln[1].text == "bold"),
                   None)
    c.check(heading and near(heading[0].x0, left) and heading[0].height < 12,
            "case: the level-3 heading is not unnumbered 10 pt at %.1f" % left)
    annex = pages[1]
    for first_word in ("[Original:", "A.", "Chargé"):
        ln = line_of(annex, first_word)
        c.check(ln and near(ln[-1].x1, right),
                "case: '%s' does not end at %.1f" % (first_word, right))
    c.check(line_of(annex, "(Signed)") is None,
            "case: signed=\"no\" still prints (Signed)")


def annex_original_langs(c, np, tmp):
    xml = os.path.join(TOP, "tests", "cases", "kinds.xml")
    for lang, line in (("ru", "[Подлинный текст на французском языке]"),
                       ("zh", "[原件：法文]")):
        pdf = os.path.join(tmp, "kinds-%s.pdf" % lang)
        subprocess.run([np, "render", xml, "--lang", lang, "-o", pdf], check=True,
                       stderr=subprocess.DEVNULL)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], check=True,
                              capture_output=True).stdout.decode("utf-8")
        c.check(line in text,
                "case --lang %s: no annex line '%s'" % (lang, line))


def span_hyphenation(c, np, tmp):
    xml = os.path.join(TOP, "tests", "cases", "span-hyphen.xml")
    pdf = os.path.join(tmp, "span-hyphen.pdf")
    subprocess.run([np, "render", xml, "--untagged", "-o", pdf], check=True,
                   stderr=subprocess.DEVNULL)
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", pdf, "-"], check=True,
                          capture_output=True).stdout.decode("utf-8").splitlines()
    with open(xml, encoding="utf-8") as f:
        words = set(f.read().split())
    splits = [(a.split()[-1][:-1], b.split()[0].rstrip(",.")) for a, b in zip(text, text[1:])
              if a and b and a[-1] == "-" and a.split()[-1][:-1].isascii()
              and a.split()[-1][:-1].isalpha()]
    c.check(len(splits) >= 2, "span: %d English words hyphenated, not 2 or more" % len(splits))
    for left, right in splits:
        c.check(left + right in words, "span: '%s-' + '%s' is no word of the span" % (left, right))
    english = {"accountabil": "ity", "en": "vironmental", "respon": "sibilities",
               "internation": "alization", "ad": "ministrative"}
    c.check(any(english.get(left) == right for left, right in splits),
            "span: no split where the English patterns put one: %s" % splits)


def main(argv):
    np = os.path.abspath(argv[1] if len(argv) > 1 else "build/notepress")
    c = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        for part in (letter, corrigendum, report, long_summary, agenda, case,
                     annex_original_langs, span_hyphenation):
            part(c, np, tmp)
    return c.summary("kinds")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
