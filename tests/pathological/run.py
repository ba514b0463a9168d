#!/usr/bin/env python3
"""Pathological but valid descriptions: each renders (or is refused by a
limit, with its message) within 5 seconds of CPU time and 512 MB of
memory (peak resident size; NP_MEMORY_FACTOR multiplies it), says so in a
warning where the layout had to bend, and puts no text past the margins
(tests/pdfcheck.py). The tagged PDF of many-refs, whose structure tree
outgrows single arrays, passes qpdf --check and tests/tagcheck.py.

    python3 tests/pathological/run.py build/notepress

The descriptions are tests/pathological/*.xml, written by make.py (the
largest are not kept: they are written again here); UTF-16 and BOM-prefixed
copies of a sample are made here too. NP_TIME_FACTOR
multiplies the 5 seconds (sanitizer builds run several times slower).
Prints "N passed, N failed"; the exit status says whether all passed."""
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tally import Tally  # noqa: E402  (tests/tally.py)

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
SECONDS = 5 * float(os.environ.get('NP_TIME_FACTOR', '1'))
MEGABYTES = 512 * float(os.environ.get('NP_MEMORY_FACTOR', '1'))

# name, options, exit status, patterns the messages must hold
CASES = [
    ('long-word', [], 0, [r'warning: "abcdefghij.*" is wider than the line .*cut by force']),
    ('long-footnote', [], 0, [r'note: footnote 1 continues on the next page']),
    ('big-cell', [], 0, []),
    ('nested-lists-32', [], 0, [r'warning: nested too deep for the page']),
    ('nested-lists-1000', [], 0, [r'nested-lists-1000.xml:7:\d+: warning: nested too deep for the page']),
    ('nested-lists-1001', [], 1,
     [r'nested-lists-1001.xml:7:\d+: error: lists nested more than 1000 deep \(limit list-depth\)']),
    ('nested-lists-5000', [], 1,
     [r'nested-lists-5000.xml:7:\d+: error: elements nested more than 2500 deep \(limit depth\)']),
    # a depth past the largest allowed is taken as the largest, 5 000
    ('nested-lists-5000', ['--limit', 'depth=99999'], 1,
     [r'nested-lists-5000.xml:7:\d+: error: elements nested more than 5000 deep \(limit depth\)']),
    ('long-symbol', [], 0, [r'warning: "EEEEEEEEE0/.*" is too long for its place on the page']),
    ('long-fields', [], 0, [r'too long for its place on the page',
                            r"warning: the job number's barcode would be wider"]),
    ('all-originals', [], 0, [r'all-originals.xml: warning: "Original: French/Spanish/Russian/Chinese.*" '
                              r'is too long for its place on the page']),
    ('all-originals', ['--lang', 'fr'], 0, [r'warning: "Original\s*: français/espagnol/russe/chi.*" '
                                            r'is too long']),
    # values past what a PDF holds: refused at their place, never as an
    # error number of the PDF library
    ('long-href', [], 1, [r'long-href.xml:6:\d+: error: a link of 2000020 bytes: a PDF holds at most 65535']),
    ('long-title', [], 1, [r'long-title.xml:4:3: error: <title> of \d+ characters: the PDF.s document '
                           r'title holds at most 32766']),
    ('long-heading', [], 1, [r'long-heading.xml:6:14: error: <title> of \d+ characters: the PDF.s '
                             r'bookmark holds at most 32702']),
    ('many-pages', ['--limit', 'pages=40000'], 1,
     [r'many-pages.xml: error: the document would have 33001 pages, more than the limit of 32767']),
    ('deep-inline', [], 0, []),
    ('many-lines', [], 0, []),
    ('many-refs', [], 0, []),
    # a page's marked-content sequences are one array of the ParentTree:
    # past what one holds (32 767; 8 191 in PDF/A-1), refused by name
    ('huge-page-calls', ['--layout', os.path.join(TOP, 'tests', 'layouts', 'good-huge-page.xml')],
     1, [r'huge-page-calls.xml: error: page 1 would hold more than 32767 marked-content '
         r'sequences: .* the PDF library writes no longer one']),
    ('notes-on-a-word', ['--pdfa'], 1,
     [r'notes-on-a-word.xml: error: page 1 would hold more than 8191 marked-content '
      r'sequences: .* PDF/A-1 allows no longer one']),
    ('many-attributes', [], 1,
     [r'many-attributes.xml:6:5: error: an element with more than 64 attributes']),
    ('empty-lines', [], 0, []),
    ('notes-on-a-word', [], 0, [r'notes-on-a-word.xml:6:\d+: note: footnote \d+ continues on the next page']),
    ('many-sections', [], 0, [r'warning: "MMMCMXCIX\." is too long for its place on the page']),
]
# Too many pages for tests/pdfcheck.py to read in reasonable time: the
# case is there for time and memory.
NO_PDFCHECK = {'many-lines', 'many-refs', 'empty-lines', 'notes-on-a-word',
               'many-sections'}
# Checked as a reader of the structure tree would (about 45 s for its
# 130 000 elements: read through qpdf's JSON).
TAGCHECK = {'many-refs'}


def render(np, xml, out, options):
    """Runs a render; returns (status, messages, cpu seconds, wall
    seconds, peak resident megabytes)."""
    start = time.monotonic()
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen([np, 'render', xml, '-o', out] + options, stderr=err)
        deadline = start + 60 * SECONDS
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                p.kill()
                pid, status, usage = os.wait4(p.pid, 0)
                status = None
                break
            time.sleep(0.01)
        err.seek(0)
        text = err.read().decode('utf-8', 'replace')
    p.returncode = 0        # reaped here: keep Popen from waiting again
    code = 'timeout' if status is None else os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return code, text, cpu, time.monotonic() - start, usage.ru_maxrss / 1024


def run_case(t, np, tmp, name, options, want, patterns):
    xml = os.path.join(HERE, name + '.xml')
    if not os.path.exists(xml):
        xml = os.path.join(tmp, name + '.xml')
        subprocess.run(['python3', os.path.join(HERE, 'make.py'), name, xml], check=True)
    pdf = os.path.join(tmp, name + '.pdf')
    status, err, cpu, wall, mb = render(np, xml, pdf, options)
    t.check(status == want, '%s: exit status %s, not %d\n%s' % (name, status, want, err[:500]))
    t.check(cpu < SECONDS, '%s: %.2f s of CPU (%.2f s wall), more than %.0f s'
            % (name, cpu, wall, SECONDS))
    t.check(mb < MEGABYTES, '%s: %.0f MB of memory, more than %.0f MB' % (name, mb, MEGABYTES))
    for pat in patterns:
        t.check(re.search(pat, err), '%s: no message matching /%s/\n%s' % (name, pat, err[:500]))
    t.check('Traceback' not in err and 'Sanitizer' not in err, name + ': crash report')
    if want == 0 and name not in NO_PDFCHECK:
        p = subprocess.run(['python3', os.path.join(TOP, 'tests', 'pdfcheck.py'), pdf,
                            '--description', xml], capture_output=True, text=True)
        t.check(p.returncode == 0, '%s: pdfcheck\n%s' % (name, p.stdout[-1500:]))
    if want == 0 and name in TAGCHECK:
        tagcheck(t, name, pdf)
    elif want != 0:
        t.check(not os.path.exists(pdf), name + ': a refused document left a PDF')
    print('pathological %s: %.2f s CPU, %.0f MB, exit %s' % (name, cpu, mb, status))


def tagcheck(t, name, pdf):
    """qpdf --check and tests/tagcheck.py accept the file."""
    p = subprocess.run(['qpdf', '--check', pdf], capture_output=True, text=True)
    t.check(p.returncode == 0, '%s: qpdf --check\n%s' % (name, p.stdout[-1500:]))
    p = subprocess.run(['python3', os.path.join(TOP, 'tests', 'tagcheck.py'), pdf],
                       capture_output=True, text=True)
    t.check(p.returncode == 0, '%s: tagcheck\n%s' % (name, p.stdout[-1500:]))


def text_of(pdf):
    return subprocess.run(['pdftotext', pdf, '-'], capture_output=True).stdout


def encodings(t, np, tmp):
    """UTF-16 (both byte orders, with BOM) and UTF-8 with a BOM read as
    XML requires: the same text as the UTF-8 original."""
    src_path = os.path.join(TOP, 'samples', 'e-cn.7-2011-12.xml')
    with open(src_path, encoding='utf-8') as f:
        src = f.read()
    s16 = src.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    copies = {
        'utf8-bom': b'\xef\xbb\xbf' + src.encode('utf-8'),
        'utf16le': b'\xff\xfe' + s16.encode('utf-16-le'),
        'utf16be': b'\xfe\xff' + s16.encode('utf-16-be'),
    }
    ref = os.path.join(tmp, 'ref.pdf')
    render(np, src_path, ref, [])
    want = text_of(ref)
    t.check(len(want) > 1000, 'encodings: the original renders')
    for name, data in copies.items():
        xml = os.path.join(tmp, name + '.xml')
        with open(xml, 'wb') as f:
            f.write(data)
        pdf = os.path.join(tmp, name + '.pdf')
        status, err, _, _, _ = render(np, xml, pdf, [])
        t.check(status == 0, 'encoding %s: exit status %s\n%s' % (name, status, err))
        t.check(status == 0 and text_of(pdf) == want, 'encoding %s: text differs' % name)
    # A refused character in UTF-16 input is found at its place.
    bad = s16.replace('Note du Secrétariat', 'Note du\u0085 Secrétariat')
    xml = os.path.join(tmp, 'utf16-bad.xml')
    with open(xml, 'wb') as f:
        f.write(b'\xff\xfe' + bad.encode('utf-16-le'))
    line = bad[:bad.index('\u0085')].count('\n') + 1
    col = len(bad[:bad.index('\u0085')].rsplit('\n', 1)[-1]) + 1
    status, err, _, _, _ = render(np, xml, os.path.join(tmp, 'bad.pdf'), [])
    t.check(status == 1 and ':%d:%d: error: character U+0085 is not allowed' % (line, col) in err,
            'encoding utf16-bad: %s' % err)


def main():
    if len(sys.argv) != 2:
        sys.exit('usage: run.py build/notepress')
    np = os.path.abspath(sys.argv[1])
    t = Tally()
    with tempfile.TemporaryDirectory(prefix='notepress-path.') as tmp:
        for name, options, want, patterns in CASES:
            run_case(t, np, tmp, name, options, want, patterns)
        encodings(t, np, tmp)
    sys.exit(t.summary('pathological'))


main()
