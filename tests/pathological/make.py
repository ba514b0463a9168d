#!/usr/bin/env python3
"""Writes the pathological descriptions of tests/pathological/ (and the
long document of tests/faults.sh when the shared bench is not there, and
the document of tests/tags.sh and tests/pdfa.sh whose structure tree
outgrows single arrays, tagged-arrays).

    python3 tests/pathological/make.py CASE OUT.xml
    python3 tests/pathological/make.py --all DIR

Each case is valid but extreme; run.sh renders it, checks that it takes
less than 5 seconds, exits as expected, warns where the layout had to
bend, and that no text crosses the margins."""
import sys

HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
        '<document lang="en">\n'
        '  <meta><symbol>{symbol}</symbol><organ>General Assembly</organ>'
        '<distribution>general</distribution><date>2024-03-01</date>'
        '<original lang="en"/><job>N24-01234</job></meta>\n'
        '  <title>{title}</title>\n')
TAIL = '</document>\n'
WORDS = ('the committee recommends that member states strengthen their '
         'cooperation in matters of international concern').split()


def words(n, start=0):
    return ' '.join(WORDS[(start + i) % len(WORDS)] for i in range(n))


def doc(body, symbol='A/79/1', title='Pathological case'):
    return HEAD.format(symbol=symbol, title=title) + body + TAIL


def long_word():
    word = ''.join(chr(ord('a') + i % 26) for i in range(5000))
    return doc('  <body>\n    <p>Before the word ' + word + ' and after it, '
               + words(40) + '.</p>\n  </body>\n')


def long_footnote():
    note = words(3000)
    return doc('  <body>\n    <p>' + words(60) + '<fn>' + note + '.</fn> '
               + words(200) + '.</p>\n    <p>' + words(300) + '.</p>\n  </body>\n')


def big_cell():
    return doc('  <body>\n    <table>\n      <col width="30%"/><col/>\n'
               '      <tr><th>Item</th><th>Text</th></tr>\n'
               '      <tr><td>One</td><td>' + words(10000) + '.</td></tr>\n'
               '      <tr><td>Two</td><td>Short.</td></tr>\n'
               '    </table>\n  </body>\n')


def nested_lists(depth):
    opening = ''.join('<list style="bullet"><item>level %d' % (i + 1)
                      for i in range(depth))
    closing = '</item></list>' * depth
    return doc('  <body>\n    <p>' + words(20) + '</p>\n    ' + opening + ' '
               + words(80) + closing + '\n  </body>\n')


def long_symbol():
    symbol = '/'.join('E' * 9 + str(i) for i in range(50))[:500]
    return doc('  <body>\n    <p>' + words(600) + '.</p>\n  </body>\n',
               symbol=symbol)


def long_fields():
    """Every field of the masthead and furniture far too long."""
    w = 'x' * 300
    meta = ('  <meta><symbol>A/79/1</symbol><organ>%s</organ><distribution>general'
            '</distribution><date>2024-03-01</date><original lang="fr"/><job>N%s</job>'
            '</meta>\n' % (w, '1' * 300))
    meeting = ('  <meeting><body>%s</body><session>%s</session><place>%s</place>'
               '<agenda-item number="%s" agenda="%s">%s</agenda-item></meeting>\n'
               % (w, w, w, '9' * 200, w, w))
    body = ('  <sponsors>%s</sponsors>\n  <title>%s</title><subtitle>%s</subtitle>\n'
            '  <body><section number="%s"><title>%s</title><p>text %s</p></section>\n'
            '  <resolution><actor>%s</actor><pp>%s</pp><op>%s</op></resolution></body>\n'
            '  <annex><title>%s</title><p>%s</p></annex>\n'
            % (w, w, w, 'IV' * 50, w, w, w, w, w, w, w))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<document lang="en">\n'
            + meta + meeting + body + TAIL)


def all_originals():
    """Five original languages: an "Original:" line longer than the
    distribution block, in every language of the masthead."""
    return doc('  <body>\n    <p>' + words(60) + '.</p>\n  </body>\n').replace(
        '<original lang="en"/>', '<original lang="fr es ru zh ar"/>')


def long_href():
    """A link of 2 MB: more than a PDF string holds."""
    return doc('  <body>\n    <p>' + words(20) + ' <link href="https://example.org/'
               + 'a' * 2000000 + '">here</link>.</p>\n  </body>\n')


def long_title():
    """A title of 20 000 words: more than the document information's
    title, a PDF string, holds."""
    return doc('  <body>\n    <p>' + words(20) + '.</p>\n  </body>\n',
               title=words(20000))


def long_heading():
    """A section title of 20 000 words: more than its bookmark holds."""
    return doc('  <body>\n    <section><title>' + words(20000) + '</title>\n'
               '    <p>' + words(20) + '.</p></section>\n  </body>\n')


def many_pages():
    """33 000 page breaks: more pages than a PDF's page list holds."""
    return doc('  <body>\n' + '    <p>x</p><pagebreak/>\n' * 33000
               + '    <p>end</p>\n  </body>\n')


def deep_inline():
    """2 499 elements deep, the default depth limit being 2 500."""
    return doc('  <body>\n    <p>' + '<i><b>' * 1248 + 'deep ' + words(40)
               + '</b></i>' * 1248 + '</p>\n  </body>\n')


def many_lines():
    """100 000 forced line breaks in one paragraph: about 1 800 pages."""
    return doc('  <body>\n    <p>' + 'a<br/>' * 100000 + '</p>\n  </body>\n')


def many_refs():
    """5 000 notes with ids, each called again 20 times: 100 000 look-ups,
    five calls after each word of 10 paragraphs. Tagged, each paragraph
    has some 12 000 kids, more than one array of a PDF/A-1 holds."""
    notes = ''.join('    <p>%s<fn id="n%d">Note %d.</fn></p>\n' % (words(8, i), i, i)
                    for i in range(5000))
    calls = ''.join('    <p>%s</p>\n' % ' '.join(
        WORDS[w % len(WORDS)] + ''.join('<fnref ref="n%d"/>' % (c % 5000)
                                        for c in range(w * 5, w * 5 + 5))
        for w in range(p * 2000, p * 2000 + 2000)) for p in range(10))
    return doc('  <body>\n' + notes + calls + '  </body>\n')


def huge_page_calls():
    """20 000 words each followed by a note call, in one paragraph: on
    the page of tests/layouts/good-huge-page.xml, 40 000 marked-content
    sequences on page 1, more than a tagged PDF maps for one page."""
    notes = ''.join('    <p>%s<fn id="n%d">Note %d.</fn></p>\n' % (words(8, i), i, i)
                    for i in range(10))
    calls = ' '.join('%s<fnref ref="n%d"/>' % (WORDS[i % len(WORDS)], i % 10)
                     for i in range(20000))
    return doc('  <body>\n' + notes + '    <p>' + calls + '</p>\n  </body>\n')


def tagged_arrays():
    """The structure tree's arrays past one array of PDF/A-1, for
    tests/tags.sh: a paragraph of some 10 000 kids (1 700 words, each
    followed by five note calls), 100 notes (an IDTree of 100 IDs) and
    70 links (a ParentTree of more than 64 keys)."""
    notes = ''.join('    <p>%s<fn id="n%d">Note %d.</fn></p>\n' % (words(8, i), i, i)
                    for i in range(100))
    links = '    <p>%s</p>\n' % ' '.join(
        '<link href="https://example.org/%d">link %d</link>' % (i, i) for i in range(70))
    calls = '    <p>%s</p>\n' % ' '.join(
        WORDS[w % len(WORDS)] + ''.join('<fnref ref="n%d"/>' % (c % 100)
                                        for c in range(w * 5, w * 5 + 5))
        for w in range(1700))
    return doc('  <body>\n' + notes + links + calls + '  </body>\n')


def many_attributes():
    """80 000 attributes on one element: libxml2 compared them pairwise
    (14 s) before anything of ours could refuse them."""
    attrs = ' '.join('a%d="x"' % i for i in range(80000))
    return doc('  <body>\n    <p ' + attrs + '>' + words(20) + '</p>\n  </body>\n')


def empty_lines():
    """199 000 empty lines in a row, under the element limit of 200 000:
    each line's start was looked for past all the rest (8.8 s for
    80 000)."""
    return doc('  <body>\n    <p>' + words(10) + '<br/>' * 199000 + words(10)
               + '</p>\n  </body>\n')


def notes_on_a_word():
    """9 999 notes of 100 words all called on one word, 8 MB: the notes
    still to place were copied onto every page (5 s, 1.6 GB)."""
    note = words(100)
    return doc('  <body>\n    <p>' + words(30) + '<fn>' + ('</fn><fn>'.join([note] * 9999))
               + '</fn> ' + words(30) + '.</p>\n  </body>\n')


def many_sections():
    """40 000 sections in a row: each counted its elder siblings for its
    number (9.1 s)."""
    return doc('  <body>\n' + '    <section><title>Part</title></section>\n' * 40000
               + '  </body>\n')


def long_document():
    paras = ''.join('    <p>%s<fn>Note %d: %s.</fn> %s.</p>\n'
                    % (words(80, i), i, words(30, i), words(90, i + 3))
                    for i in range(1500))
    return doc('  <body>\n' + paras + '  </body>\n')


# Written again by run.py when needed, not kept in the tree.
NOT_KEPT = ('long', 'tagged-arrays', 'huge-page-calls', 'many-lines', 'many-refs',
            'nested-lists-1001', 'nested-lists-5000', 'long-href', 'long-title', 'long-heading',
            'many-pages', 'many-attributes', 'empty-lines', 'notes-on-a-word',
            'many-sections')

CASES = {
    'long-word': long_word,
    'long-footnote': long_footnote,
    'big-cell': big_cell,
    'nested-lists-1000': lambda: nested_lists(1000),
    'nested-lists-1001': lambda: nested_lists(1001),
    'nested-lists-5000': lambda: nested_lists(5000),
    'nested-lists-32': lambda: nested_lists(32),
    'long-symbol': long_symbol,
    'long-fields': long_fields,
    'all-originals': all_originals,
    'long-href': long_href,
    'long-title': long_title,
    'long-heading': long_heading,
    'many-pages': many_pages,
    'deep-inline': deep_inline,
    'many-lines': many_lines,
    'many-refs': many_refs,
    'huge-page-calls': huge_page_calls,
    'many-attributes': many_attributes,
    'empty-lines': empty_lines,
    'notes-on-a-word': notes_on_a_word,
    'many-sections': many_sections,
    'long': long_document,
    'tagged-arrays': tagged_arrays,
}


def main():
    if len(sys.argv) == 3 and sys.argv[1] == '--all':
        for name, make in CASES.items():
            if name not in NOT_KEPT:
                with open('%s/%s.xml' % (sys.argv[2], name), 'w', encoding='utf-8') as f:
                    f.write(make())
    elif len(sys.argv) == 3 and sys.argv[1] in CASES:
        with open(sys.argv[2], 'w', encoding='utf-8') as f:
            f.write(CASES[sys.argv[1]]())
    else:
        sys.exit('usage: make.py CASE OUT.xml | make.py --all DIR')


main()
