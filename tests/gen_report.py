#!/usr/bin/env python3
"""Writes the long report of `make bench`: about 200 pages of numbered
paragraphs in 15 sections of 5 subsections, with a table of contents and
500 cross-references (paragraph numbers back, section numbers forward,
page numbers either way), and the same report without them: no
<contents/>, and each <xref> replaced by the text it would print, so
that both set the same lines.

Usage: python3 tests/gen_report.py WITH.xml WITHOUT.xml
The words come from a fixed list in a fixed order: the same files on
every run."""

import sys

WORDS = ("the General Assembly requested the Secretary-General to report on "
         "progress made in the implementation of its resolutions concerning "
         "development cooperation with Member States and the organizations of "
         "the United Nations system including the funds and programmes and the "
         "specialized agencies at the country and regional levels").split()
SECTIONS, SUBSECTIONS, PARAS = 15, 5, 22
REFS = 500


def words(seed, n):
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(n))


def roman(n):
    out = ""
    for v, s in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


def ref(k, para, total):
    """The k-th reference, in paragraph number `para`: (xref, printed)."""
    kind = k % 5
    if kind < 3 and para > 1:
        target = 1 + (para * 7 + k) % (para - 1) if para > 2 else 1
        return '<xref ref="p%d"/>' % target, str(target)
    section = 1 + (k * 3) % SECTIONS
    if kind == 3:
        return '<xref ref="s%d"/>' % section, roman(section)
    return '<xref ref="s%d" show="page"/>' % section, None


def main():
    with_refs, without = [], []
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<document lang="en" layout="un-letter">\n'
            '  <meta><symbol>A/99/200</symbol><organ>General Assembly</organ>'
            '<distribution>general</distribution><date>2026-03-02</date>'
            '<original lang="en"/><job>26-99200</job></meta>\n'
            '  <title>A long report for the benchmark</title>\n'
            '  <subtitle>Report of the Secretary-General</subtitle>\n  <body>\n')
    with_refs.append(head + "    <contents/>\n")
    without.append(head)
    para = refs = 0
    total = SECTIONS * SUBSECTIONS * PARAS
    for s in range(1, SECTIONS + 1):
        for out in (with_refs, without):
            out.append('    <section id="s%d"><title>%s</title>\n' % (s, words(s, 6)))
        for u in range(1, SUBSECTIONS + 1):
            for out in (with_refs, without):
                out.append('      <section><title>%s</title>\n' % words(s * 10 + u, 4))
            for _ in range(PARAS):
                para += 1
                text = words(para, 70)
                a = b = text
                if para * REFS // total > refs:
                    x, printed = ref(refs, para, total)
                    refs += 1
                    a = text + " (see " + x + ")"
                    b = text + " (see " + (printed or "12") + ")"
                with_refs.append('        <p id="p%d">%s.</p>\n' % (para, a))
                without.append('        <p id="p%d">%s.</p>\n' % (para, b))
            for out in (with_refs, without):
                out.append('      </section>\n')
        for out in (with_refs, without):
            out.append('    </section>\n')
    for out in (with_refs, without):
        out.append('  </body>\n</document>\n')
    for name, out in ((sys.argv[1], with_refs), (sys.argv[2], without)):
        with open(name, "w", encoding="utf-8") as f:
            f.write("".join(out))
    print("%d paragraphs, %d references" % (para, refs), file=sys.stderr)


if __name__ == "__main__":
    main()
