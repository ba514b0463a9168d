#!/usr/bin/env python3
"""Every PDF of the test suite opens in real readers without a word of
complaint, and they read the same text out of it.

    python3 tests/readers.py build/notepress

Renders every sample (plain and PDF/A) and the pathological cases that
render, then for each PDF:
  - qpdf --check finds no error or warning;
  - poppler: pdftotext and pdftoppm (every page rasterized) print nothing
    on standard error;
  - Ghostscript renders every page (nullpage device) and extracts the
    text (txtwrite) without printing anything else;
  - Ghostscript extracts the same letters and digits as pdftotext (in
    whatever order each reads the page: they place columns differently
    and only pdftotext joins hyphenated words). tests/run.sh compares
    pdftotext's text with the reviewed golden text of each sample.
    Ghostscript 10.0 misreads a ToUnicode entry of more than one
    character (an Arabic letter with the mark set on it, a ligature): it
    reads the first character, then one made of the low bytes of the
    two UTF-16 units ("<0627064B>" gives "ا❋"). In a PDF with such
    entries it must read every letter pdftotext reads, and may add no
    more characters than the PDF shows glyphs of those entries.
Prints "N passed, N failed"; the exit status says whether all passed."""
import collections
import glob
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import Tally  # noqa: E402  (tests/tally.py)

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
# tests/cases whose paragraphs every reader must read back, letter for
# letter: many-glyphs shows a face's CIDs past 240 in codes of two bytes.
READ_BACK = ['many-glyphs']
PATHOLOGICAL = ['long-word', 'long-footnote', 'big-cell', 'nested-lists-32',
                'long-symbol', 'long-fields', 'all-originals']


def run(cmd):
    p = subprocess.run(cmd, capture_output=True)
    return p.returncode, p.stdout, p.stderr.decode('utf-8', 'replace')


def letters(text):
    return collections.Counter(re.sub(r'[\W_]', '', text))


LITERAL_ESCAPES = {ord('n'): 10, ord('r'): 13, ord('t'): 9, ord('b'): 8,
                   ord('f'): 12}


def literal_string(data, i):
    """The bytes of the literal string opening at data[i] ('('), and
    the index after it: nested parentheses and escapes as PDF reads
    them."""
    out, depth, i = bytearray(), 1, i + 1
    while i < len(data):
        c = data[i]
        if c == 0x5C:                                   # backslash
            e = data[i + 1]
            if 0x30 <= e <= 0x37:
                octal = re.match(rb'[0-7]{1,3}', data[i + 1:i + 4]).group()
                out.append(int(octal, 8) & 0xFF)
                i += 1 + len(octal)
                continue
            if e not in (10, 13):
                out.append(LITERAL_ESCAPES.get(e, e))
            i += 2
            continue
        depth += (c == 0x28) - (c == 0x29)
        if depth == 0:
            return bytes(out), i + 1
        out.append(c)
        i += 1
    return bytes(out), i


def shown_strings(content):
    """The strings of the TJ arrays of a content stream, hex or literal,
    as bytes."""
    shown, array, i = [], None, 0
    while i < len(content):
        c = content[i:i + 1]
        if c == b'(':
            s, i = literal_string(content, i)
            if array is not None:
                array.append(s)
            continue
        if c == b'<' and content[i + 1:i + 2] != b'<':
            j = content.index(b'>', i)
            if array is not None:
                array.append(bytes.fromhex(content[i + 1:j].decode()))
            i = j + 1
            continue
        if c == b'[':
            array = []
        elif c == b']':
            if array is not None and re.match(rb'\s*TJ', content[i + 1:i + 8]):
                shown += array
            array = None
        i += 1
    return shown


def page_contents(qdf):
    """The content streams of the pages of a PDF in qpdf's QDF form."""
    for m in re.finditer(rb'%% Contents for page \d+\n.*?\nstream\n', qdf,
                         re.S):
        yield qdf[m.end():qdf.index(b'\nendstream', m.end())]


def split_codes(shown):
    """The codes of a string shown in a TrueType face: one byte below
    F0, two from F0 to FE, three after FF (pdf_font.c's /Encoding).
    The faces with entries of several characters (Arabic, ligatures)
    are TrueType faces."""
    i = 0
    while i < len(shown):
        n = 1 if shown[i] < 0xF0 else 2 if shown[i] < 0xFF else 3
        yield shown[i:i + n].hex().upper().encode()
        i += n


def multi_char_glyphs(pdf):
    """How many glyphs the PDF draws with a ToUnicode entry of more than
    one character: none when it has no such entry."""
    rc, out, _ = run(['qpdf', '--qdf', '--object-streams=disable', pdf, '-'])
    codes = set(re.findall(rb'<((?:[0-9A-F]{2}){1,3})> <[0-9A-F]{8,}>', out))
    if not codes:
        return 0
    return sum(1 for content in page_contents(out)
               for s in shown_strings(content)
               for code in split_codes(s) if code in codes)


def check_pdf(t, pdf, tmp):
    name = os.path.basename(pdf)
    rc, out, err = run(['qpdf', '--check', pdf])
    t.check(rc == 0 and 'No syntax or stream encoding errors' in out.decode(),
            '%s: qpdf --check\n%s%s' % (name, out.decode()[-500:], err))
    rc, text, err = run(['pdftotext', pdf, '-'])
    t.check(rc == 0 and not err, '%s: pdftotext: %s' % (name, err[:500]))
    rc, _, err = run(['pdftoppm', '-r', '30', '-gray', pdf, os.path.join(tmp, 'page')])
    t.check(rc == 0 and not err, '%s: pdftoppm: %s' % (name, err[:500]))
    rc, out, err = run(['gs', '-q', '-dNOPAUSE', '-dBATCH', '-dSAFER',
                        '-sDEVICE=nullpage', pdf])
    t.check(rc == 0 and not out and not err, '%s: gs: %s%s' % (name, out[:300], err[:300]))
    rc, gtext, err = run(['gs', '-q', '-dNOPAUSE', '-dBATCH', '-dSAFER',
                          '-sDEVICE=txtwrite', '-sOutputFile=-', pdf])
    t.check(rc == 0 and not err, '%s: gs txtwrite: %s' % (name, err[:300]))
    a = letters(text.decode('utf-8', 'replace'))
    b = letters(gtext.decode('utf-8', 'replace'))
    multi = multi_char_glyphs(pdf)
    same = a == b if multi == 0 else (not a - b and sum((b - a).values()) <= multi)
    t.check(same and sum(a.values()) > 0,
            '%s: Ghostscript and pdftotext read different text (%s | %s)'
            % (name, dict((a - b).most_common(5)), dict((b - a).most_common(5))))
    for f in glob.glob(os.path.join(tmp, 'page*')):
        os.remove(f)


def check_read_back(t, xml, pdf):
    """pdftotext reads every letter of the description's paragraphs."""
    with open(xml, encoding='utf-8') as f:
        source = letters(' '.join(re.findall(r'<p>(.*?)</p>', f.read(), re.S)))
    _, text, _ = run(['pdftotext', pdf, '-'])
    missing = source - letters(text.decode('utf-8', 'replace'))
    t.check(not missing, '%s: pdftotext does not read back %s'
            % (os.path.basename(pdf), ''.join(sorted(missing))[:80]))


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: readers.py build/notepress')
    np = os.path.abspath(sys.argv[1])
    t = Tally()
    with tempfile.TemporaryDirectory(prefix='notepress-readers.') as tmp:
        jobs = []
        for xml in sorted(glob.glob(os.path.join(TOP, 'samples', '*.xml'))):
            base = os.path.splitext(os.path.basename(xml))[0]
            jobs.append((xml, os.path.join(tmp, base + '.pdf'), []))
            jobs.append((xml, os.path.join(tmp, base + '-pdfa.pdf'), ['--pdfa']))
        for name in PATHOLOGICAL:
            jobs.append((os.path.join(HERE, 'pathological', name + '.xml'),
                         os.path.join(tmp, name + '.pdf'), []))
        for name in READ_BACK:
            for opts, suffix in (([], ''), (['--pdfa'], '-pdfa')):
                jobs.append((os.path.join(HERE, 'cases', name + '.xml'),
                             os.path.join(tmp, name + suffix + '.pdf'), opts))
        for xml, pdf, opts in jobs:
            rc, _, err = run([np, 'render', xml, '-o', pdf] + opts)
            t.check(rc == 0, '%s: render failed: %s' % (os.path.basename(pdf), err[:300]))
            if rc == 0:
                check_pdf(t, pdf, tmp)
            if rc == 0 and os.path.basename(xml)[:-4] in READ_BACK:
                check_read_back(t, xml, pdf)
    sys.exit(t.summary('readers.py'))


main()
