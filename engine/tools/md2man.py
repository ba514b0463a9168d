#!/usr/bin/env python3
"""md2man.py - a man(7) page from one of the project's Markdown pages.

    python3 engine/tools/md2man.py docs/format.md 5 "description format" > engine/man/notepress.5

The documentation is written once, in Markdown under docs/; the man page
is made from it so that both say the same thing (make docs-check checks
that the committed page is what this script makes). It reads only the
Markdown the project writes: headings, paragraphs, "- " lists with
indented continuation lines, pipe tables, fenced code blocks, and inline
`code`, **bold**, *italic* and [links](target). Tables become tagged
paragraphs (the first cell as the tag), so the page needs no tbl.
"""
import re
import sys


def escape(text):
    text = text.replace('\\', '\\e')
    text = text.replace('-', '\\-')
    # Characters beyond ASCII as named escapes, so the page reads the same
    # whatever encoding groff assumes.
    return ''.join(c if ord(c) < 128 else '\\[u%04X]' % ord(c) for c in text)


def inline(text):
    out = []
    pos = 0
    pattern = re.compile(r'`([^`]+)`|\*\*([^*]+)\*\*|\*([^*]+)\*|\[([^\]]+)\]\(([^)]+)\)')
    for m in pattern.finditer(text):
        out.append(escape(text[pos:m.start()]))
        code, bold, italic, label, _target = m.groups()
        if code is not None:
            out.append('\\fB' + escape(code) + '\\fR')
        elif bold is not None:
            out.append('\\fB' + escape(bold) + '\\fR')
        elif italic is not None:
            out.append('\\fI' + escape(italic) + '\\fR')
        else:
            out.append(escape(label))
        pos = m.end()
    out.append(escape(text[pos:]))
    return ''.join(out)


def text_line(line):
    """A line of running text; roff takes a leading . or ' as a request."""
    line = inline(line)
    if line.startswith(('.', "'")):
        line = '\\&' + line
    return line


def table_rows(lines):
    rows = []
    for line in lines:
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if all(re.fullmatch(r':?-+:?', c) for c in cells):
            continue
        rows.append(cells)
    return rows


def table(lines, out):
    rows = table_rows(lines)
    header, body = rows[0], rows[1:]
    for cells in body:
        out.append('.TP')
        out.append(text_line(cells[0]))
        text = cells[1] if len(cells) > 1 else ''
        for name, cell in zip(header[2:], cells[2:]):
            if cell:
                text += ' (%s: %s)' % (name, cell)
        out.append(text_line(text))


def convert(md, section, description):
    lines = md.split('\n')
    title = lines[0].lstrip('# ').strip()
    out = ['.\\" Made from docs/format.md by engine/tools/md2man.py; edit that page, not this one.',
           '.TH NOTEPRESS %s "" "notepress" "%s"' % (section, title),
           '.SH NAME', 'notepress \\- ' + escape(description)]
    i = 1
    in_list = False
    while i < len(lines):
        line = lines[i]
        if line.startswith('```'):
            out += ['.PP', '.RS 4', '.nf']
            i += 1
            while not lines[i].startswith('```'):
                out.append('\\&' + escape(lines[i]))
                i += 1
            out += ['.fi', '.RE']
            in_list = False
        elif line.startswith('### '):
            out += ['.SS ' + inline(line[4:].strip())]
            in_list = False
        elif line.startswith('## '):
            out += ['.SH ' + inline(line[3:].strip())]
            in_list = False
        elif line.startswith('|'):
            block = []
            while i < len(lines) and lines[i].startswith('|'):
                block.append(lines[i])
                i += 1
            table(block, out)
            in_list = False
            continue
        elif line.startswith('- '):
            out += ['.IP \\(bu 2', text_line(line[2:].strip())]
            in_list = True
        elif line.strip() == '':
            if not in_list or not (i + 1 < len(lines) and lines[i + 1].startswith('- ')):
                in_list = False
        elif in_list and line.startswith('  '):
            out.append(text_line(line.strip()))
        else:
            if not out[-1].startswith(('.PP', '.SH', '.SS')) and lines[i - 1].strip() == '':
                out.append('.PP')
            elif out[-1].startswith(('.SH', '.SS')):
                pass
            out.append(text_line(line.strip()))
        i += 1
    return '\n'.join(out) + '\n'


def main():
    if len(sys.argv) != 4:
        sys.exit('usage: md2man.py PAGE.md SECTION DESCRIPTION')
    with open(sys.argv[1], encoding='utf-8') as f:
        sys.stdout.write(convert(f.read(), sys.argv[2], sys.argv[3]))


if __name__ == '__main__':
    main()
