#!/usr/bin/python3
"""Checks a subset font program with fontTools, an independent reader.

    /usr/bin/python3 tests/fontcheck.py SUBSET.ttf FACE.ttf MAP

MAP has one line per character: "CODEPOINT GID", the code point in hex
and the glyph the subset shows it with. fontTools must read every table
of the subset; each character's outline (composites resolved) and
advance must equal the face's; the subset must hold no more glyphs than
.notdef, the characters' glyphs and their components. Prints one line per
failure and exits 1 if any.
"""
import sys

from fontTools.ttLib import TTFont


def outline(font, name):
    glyf = font['glyf']
    coords, ends, flags = glyf[name].getCoordinates(glyf)
    return list(coords), list(ends), [f & 1 for f in flags]


def components(font, name, seen):
    """The glyph and every glyph its composite refers to, recursively."""
    if name in seen:
        return
    seen.add(name)
    glyph = font['glyf'][name]
    if glyph.isComposite():
        for c in glyph.components:
            components(font, c.glyphName, seen)


def main():
    subset_path, face_path, map_path = sys.argv[1:4]
    subset = TTFont(subset_path)
    face = TTFont(face_path)
    failures = []
    for tag in subset.keys():
        if tag != 'GlyphOrder':
            subset[tag]             # decompiles the table: raises if broken
    order = subset.getGlyphOrder()
    cmap = face.getBestCmap()
    needed = {face.getGlyphOrder()[0]}
    for line in open(map_path):
        code, gid = (int(x, 16 if i == 0 else 10) for i, x in enumerate(line.split()))
        name = cmap.get(code, '.notdef')
        components(face, name, needed)
        mine = order[gid]
        if outline(subset, mine) != outline(face, name):
            failures.append('U+%04X: outline differs' % code)
        if subset['hmtx'][mine][0] != face['hmtx'][name][0]:
            failures.append('U+%04X: advance differs' % code)
    if len(order) != len(needed):
        failures.append('%d glyphs in the subset, %d needed' % (len(order), len(needed)))
    for f in failures:
        print('fontcheck: ' + f)
    print('fontcheck: %d characters, %d glyphs, %s' %
          (sum(1 for _ in open(map_path)), len(order), 'ok' if not failures else 'FAILED'))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
