#!/usr/bin/env python3
"""Draw the guide's "anatomy of page 1": page 1 of a document with the
fields of its layout named where they act.

The positions and values come from the layout file itself (its chain of
`extends` read as notepress reads it: a child's field replaces its
parent's) and from the words of the rendered page (`pdftotext -bbox`),
so that the picture follows the layout when a value changes. It names
the fields of the masthead, the meeting and title blocks, the text
column, the notes and the page-1 foot; it does not check them (the
engine and tests/run.sh do).

Usage: python3 layouts/tools/anatomy.py PAGE.pdf LAYOUT.xml OUT.png NAME
(NAME: what the legend calls the document, as its description's path).
The page is drawn at 110 dpi.
Needs pdftoppm, pdftotext and ImageMagick's convert; standard library
only. layouts/tools/guide-pictures.sh runs it for the guide.
"""

import html
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

RED = "#b3261e"
BLUE = "#1f5fbf"
MARGIN = 440            # pixels of label room on each side of the page
TOP = 70                # pixels above the page, for the legend
BOTTOM = 24
LABEL_SIZE = 15         # pixels
LABEL_STEP = 20         # the least distance between two labels' baselines
UNITS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}
FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
         "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
         "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")


def read_layout(path, depth=0):
    """The fields of a layout and of those it extends, as group.field."""
    if depth > 16:
        sys.exit("anatomy.py: extends goes deeper than 16 layouts")
    root = ET.parse(path).getroot()
    fields = {}
    parent = root.get("extends")
    if parent:
        here = os.path.dirname(path)
        named = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                             "..", parent + ".xml")
        fields = read_layout(named if os.path.exists(named)
                             else os.path.join(here, parent), depth + 1)
    for group in root:
        if not isinstance(group.tag, str) or group.tag == "language":
            continue
        for name, value in group.attrib.items():
            fields[group.tag + "." + name] = value
    return fields


class Layout:
    def __init__(self, path):
        self.name = ET.parse(path).getroot().get("name")
        self.fields = read_layout(path)

    def raw(self, field):
        return self.fields[field]

    def pt(self, field):
        m = re.fullmatch(r"(-?[0-9.]+)(pt|mm|cm|in)", self.fields[field])
        if not m:
            sys.exit("anatomy.py: %s is not a length: %s" % (field, self.fields[field]))
        return float(m.group(1)) * UNITS[m.group(2)]

    def num(self, field):
        """The value as the layout writes it, without its unit."""
        return re.sub(r"(pt|mm|cm|in)$", "", self.fields[field])


def page_lines(pdf):
    """The lines of page 1: (x, top, bottom, right, text), top to bottom."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-"],
                         check=True, capture_output=True, text=True).stdout
    words = []
    for m in re.finditer(r'<word xMin="([0-9.]+)" yMin="([0-9.]+)" '
                         r'xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>', out):
        x0, y0, x1, y1 = (float(m.group(i)) for i in range(1, 5))
        words.append((x0, y0, x1, y1, html.unescape(m.group(5))))
    lines = []
    for w in words:
        if lines and abs(lines[-1][1] - w[1]) < 0.5 and w[0] >= lines[-1][3] - 0.5:
            x0, y0, y1, x1, text = lines[-1]
            lines[-1] = (x0, y0, max(y1, w[3]), w[2], text + " " + w[4])
        else:
            lines.append((w[0], w[1], w[3], w[2], w[4]))
    return lines


def size_of(line):
    """Type size of a line of Liberation Serif (ascent 0.891 + descent 0.216)."""
    return (line[2] - line[1]) / 1.107


def baseline_of(line):
    return line[1] + 0.891 * size_of(line)


class Picture:
    """Labels, leaders and dimension marks, written as ImageMagick MVG."""

    def __init__(self, dpi):
        self.k = dpi / 72.0
        self.mvg = []
        self.labels = {"left": [], "right": []}

    def px(self, x, y):
        return MARGIN + x * self.k, TOP + y * self.k

    def draw(self, text):
        self.mvg.append(text)

    def line(self, x0, y0, x1, y1, colour=RED, width=1.2, dash=None):
        self.draw("push graphic-context stroke '%s' stroke-width %.1f fill none%s "
                  "line %.1f,%.1f %.1f,%.1f pop graphic-context"
                  % (colour, width, " stroke-dasharray 5 4" if dash else "", x0, y0, x1, y1))

    def rule(self, x0, y0, x1, y1, **kw):
        """A line between two points of the page."""
        self.line(*self.px(x0, y0), *self.px(x1, y1), **kw)

    def box(self, x, y, w, h):
        (a, b), (c, d) = self.px(x, y), self.px(x + w, y + h)
        self.draw("push graphic-context stroke '%s' stroke-width 1.2 fill none "
                  "stroke-dasharray 5 4 rectangle %.1f,%.1f %.1f,%.1f pop graphic-context"
                  % (RED, a, b, c, d))

    def head(self, x, y, dx, dy):
        """An arrowhead at (x, y) pixels pointing along (dx, dy)."""
        n = (dx * dx + dy * dy) ** 0.5
        ux, uy = dx / n, dy / n
        bx, by = x - 8 * ux, y - 8 * uy
        self.draw("push graphic-context stroke none fill '%s' polygon %.1f,%.1f "
                  "%.1f,%.1f %.1f,%.1f pop graphic-context"
                  % (BLUE, x, y, bx - 3 * uy, by + 3 * ux, bx + 3 * uy, by - 3 * ux))

    def dimension(self, x0, y0, x1, y1):
        """A measured distance between two points of the page, arrowed."""
        (a, b), (c, d) = self.px(x0, y0), self.px(x1, y1)
        self.line(a, b, c, d, colour=BLUE, width=1.2)
        self.head(a, b, a - c, b - d)
        self.head(c, d, c - a, d - b)
        return (x0 + x1) / 2, (y0 + y1) / 2

    def baseline(self, x0, x1, y):
        self.rule(x0, y, x1, y, colour=RED, width=1.4)

    def label(self, side, x, y, text):
        """Name a field in the margin of SIDE, its leader ending at (x, y)."""
        self.labels[side].append((y, x, text))

    def text(self, x, y, s, colour=RED, size=LABEL_SIZE, anchor="start"):
        s = s.replace("\\", "\\\\").replace("'", "\\'")
        self.draw("push graphic-context stroke none fill '%s' font-size %d "
                  "text-anchor %s text %.1f,%.1f '%s' pop graphic-context"
                  % (colour, size, anchor, x, y, s))

    def place_labels(self, page_w, page_h):
        """Each side's labels in the order of their places, as near them
        as the labels before and after allow, within the page's height."""
        for side, items in self.labels.items():
            items.sort()
            ys = spread([TOP + y * self.k + 5 for y, _, _ in items],
                        TOP, TOP + page_h * self.k, LABEL_STEP)
            for ty, (y, x, text) in zip(ys, items):
                self.leader(side, ty, self.px(x, y), text, page_w)

    def leader(self, side, ty, anchor, text, page_w):
        """A label at height TY in the margin, and its line to ANCHOR."""
        if side == "left":
            tx = MARGIN - 18
            self.text(tx, ty, text, anchor="end")
            edge = tx + 6
        else:
            tx = MARGIN + page_w * self.k + 18
            self.text(tx, ty, text)
            edge = tx - 6
        self.line(edge, ty - 5, anchor[0], anchor[1], width=1)
        self.draw("push graphic-context stroke none fill '%s' circle "
                  "%.1f,%.1f %.1f,%.1f pop graphic-context"
                  % (RED, anchor[0], anchor[1], anchor[0] + 2.6, anchor[1]))


def spread(ys, lo, hi, step):
    """Heights near YS (sorted), STEP apart at least, between LO and HI."""
    out = []
    for y in ys:
        out.append(max(y, out[-1] + step if out else lo))
    limit = hi
    for i in range(len(out) - 1, -1, -1):
        out[i] = min(out[i], limit)
        limit = out[i] - step
    return out


def find(lines, test, what):
    for line in lines:
        if test(line):
            return line
    sys.exit("anatomy.py: no %s on page 1" % what)


def masthead_left(p, L, lines):
    """The names, the emblem and the frame's edges."""
    fl, fr = L.pt("frame.left"), L.pt("frame.right")
    org_x, org_b = L.pt("organization.x"), L.pt("organization.baseline")
    org = find(lines, lambda l: abs(l[0] - org_x) < 0.5 and l[1] < org_b, "organization")
    p.baseline(org_x, org[3], org_b)
    p.label("left", org_x, org_b, "organization: x %s, baseline %s, %s pt"
            % (L.num("organization.x"), L.num("organization.baseline"),
               L.num("organization.size")))
    ex, ey = L.pt("emblem.x"), L.pt("emblem.y")
    p.box(ex, ey, L.pt("emblem.width"), L.pt("emblem.height"))
    p.label("left", ex, ey + L.pt("emblem.height") / 2,
            "emblem: x %s, y %s, %s x %s" % (L.num("emblem.x"), L.num("emblem.y"),
                                             L.num("emblem.width"), L.num("emblem.height")))
    organ_b = L.pt("organ.baseline")
    organ = find(lines, lambda l: abs(baseline_of(l) - organ_b) < 1 and l[0] < fl + 100, "organ")
    p.baseline(L.pt("organ.x"), organ[3], organ_b)
    p.label("left", L.pt("organ.x"), organ_b, "organ: x %s, baseline %s, bold %s pt"
            % (L.num("organ.x"), L.num("organ.baseline"), L.num("organ.size")))
    heavy = L.pt("heavy-rule.y")
    for x in (fl, fr):
        p.rule(x, 30, x, heavy + 110, colour=BLUE, width=1, dash=True)
    p.label("left", fl, 30, "frame.left %s: masthead, rules, meeting block"
            % L.num("frame.left"))
    p.label("right", fr, 30, "frame.right %s" % L.num("frame.right"))


def masthead_right(p, L, lines):
    """The symbol, rules and distribution block, at the frame's right."""
    fr, heavy = L.pt("frame.right"), L.pt("heavy-rule.y")
    sym_b = L.pt("symbol.baseline")
    p.label("right", fr, sym_b, "symbol: first-size %s, size %s, baseline %s"
            % (L.num("symbol.first-size"), L.num("symbol.size"), L.num("symbol.baseline")))
    thin = L.pt("thin-rule.y")
    p.label("right", fr - 20, thin, "thin-rule: y %s, width %s"
            % (L.num("thin-rule.y"), L.num("thin-rule.width")))
    dx, db = L.pt("distribution.x"), L.pt("distribution.baseline")
    dist = find(lines, lambda l: abs(l[0] - dx) < 0.5, "distribution block")
    p.baseline(dx, dist[3], db)
    p.label("right", dist[3], db, "distribution: x %s, baseline %s"
            % (L.num("distribution.x"), L.num("distribution.baseline")))
    lead = L.pt("distribution.leading")
    p.label("right", dx + 20, db + 2 * lead - 3, "distribution.version-line %s (third line)"
            % L.raw("distribution.version-line"))
    p.label("right", fr - 20, heavy, "heavy-rule: y %s, width %s"
            % (L.num("heavy-rule.y"), L.num("heavy-rule.width")))


def meeting(p, L, lines):
    """The meeting block: its lines at the frame's left edge under the
    heavy rule. Returns the last one."""
    fl, heavy = L.pt("frame.left"), L.pt("heavy-rule.y")
    block = [l for l in lines if abs(l[0] - fl) < 0.5 and heavy < l[1] < heavy + 200]
    if len(block) < 4:
        sys.exit("anatomy.py: no meeting block on page 1")
    first = L.pt("meeting.first-baseline")
    p.baseline(fl, block[0][3], first)
    order = L.raw("meeting.order").split()
    names = {"body": "meeting-body", "session": "session", "place": "place"}
    styles = [names[o] for o in order] + ["agenda-label"]
    for line, style in zip(block, styles):
        y = baseline_of(line)
        size = L.num(style + ".size")
        if line is block[0]:
            text = "meeting.first-baseline %s: %s, %s pt" % (L.num("meeting.first-baseline"),
                                                              style, size)
        else:
            text = "%s, %s pt" % (style, size)
        p.label("left", fl, y - 3, text)
    rest = block[len(styles):]
    if rest:
        p.label("left", fl, baseline_of(rest[0]) - 3, "agenda-title, %s pt"
                % L.num("agenda-title.size"))
        y = baseline_of(rest[-1]) + 6
        mid = p.dimension(fl, y, fl + L.pt("meeting.width"), y)
        p.label("right", mid[0] + 60, y, "meeting.width %s: the agenda items' measure"
                % L.num("meeting.width"))
    return block[-1]


def title_block(p, L, lines, last_meeting):
    left = L.pt("body.left")
    col = [l for l in lines if abs(l[0] - left) < 0.5 and l[1] > last_meeting[2]]
    title = [l for l in col if abs(size_of(l) - L.pt("title.size")) < 0.3]
    sub = [l for l in col if abs(size_of(l) - L.pt("subtitle.size")) < 0.3]
    text = [l for l in col if abs(size_of(l) - L.pt("text.size")) < 0.3]
    if not (title and sub and text):
        sys.exit("anatomy.py: no title, subtitle and text on page 1")
    x = left - 10
    mid = p.dimension(x, baseline_of(last_meeting), x, baseline_of(title[0]))
    p.label("left", x, mid[1], "title.gap %s: title bold %s on %s"
            % (L.num("title.gap"), L.num("title.size"), L.num("title.leading")))
    mid = p.dimension(x, baseline_of(title[-1]), x, baseline_of(sub[0]))
    p.label("left", x, mid[1], "subtitle.gap %s: subtitle bold %s (kind-label alike)"
            % (L.num("subtitle.gap"), L.num("subtitle.size")))
    mid = p.dimension(x, baseline_of(sub[0]), x, baseline_of(text[0]))
    p.label("left", x, mid[1], "subtitle.space-after %s" % L.num("subtitle.space-after"))
    p.label("left", left + 2, baseline_of(text[0]) + 14,
            "text: %s on %s pt, space-after %s, %s" % (
                L.num("text.size"), L.num("text.leading"), L.num("text.space-after"),
                L.raw("text.align")))
    p.label("left", left + L.pt("body.tab"), baseline_of(text[0]) - 4,
            "body.tab %s: after a paragraph number" % L.num("body.tab"))
    return text[-1]


def column(p, L, lines, last_text):
    left, width = L.pt("body.left"), L.pt("body.width")
    y = baseline_of(last_text) + 14
    mid = p.dimension(0, y, left, y)
    p.label("left", mid[0], y, "body.left %s" % L.num("body.left"))
    mid = p.dimension(left, y, left + width, y)
    p.label("right", left + width - 40, y, "body.width %s: the text column"
            % L.num("body.width"))
    p.rule(left, 30, left, L.pt("body.first-page-bottom"), colour=BLUE, width=0.8, dash=True)
    p.rule(left + width, 30, left + width, L.pt("body.first-page-bottom"),
           colour=BLUE, width=0.8, dash=True)
    sep = find(lines, lambda l: set(l[4]) == {"_"} or l[4] == L.raw("separator.text"),
               "separator")
    p.label("left", sep[0], (sep[1] + sep[2]) / 2, "separator: indent %s, gap %s"
            % (L.num("separator.indent"), L.num("separator.gap")))
    note = find(lines, lambda l: l[1] > sep[2], "footnote")
    p.label("left", note[0], (note[1] + note[2]) / 2,
            "footnote: %s on %s, number %s raised %s" % (
                L.num("footnote.size"), L.num("footnote.leading"),
                L.num("footnote.number-size"), L.num("footnote.number-raise")))
    bottom = L.pt("body.first-page-bottom")
    p.rule(left, bottom, left + width, bottom, colour=BLUE, width=1.2, dash=True)
    p.label("right", left + width, bottom, "body.first-page-bottom %s: page 1's text ends"
            % L.num("body.first-page-bottom"))


def foot(p, L, lines):
    fx, fb = L.pt("first-footer.x"), L.pt("first-footer.baseline")
    job = find(lines, lambda l: abs(l[0] - fx) < 0.5 and abs(baseline_of(l) - fb) < 1,
               "job number")
    p.baseline(fx, job[3], fb)
    p.label("left", fx, fb - 3, "first-footer: x %s, baseline %s"
            % (L.num("first-footer.x"), L.num("first-footer.baseline")))
    if L.raw("barcode.show") == "yes":
        bb = L.pt("barcode.baseline")
        p.label("left", fx, bb - L.pt("barcode.height") / 2,
                "barcode: baseline %s, height %s, narrow %s"
                % (L.num("barcode.baseline"), L.num("barcode.height"), L.num("barcode.narrow")))
    if L.raw("qr.show") == "yes":
        qx, qy, qs = L.pt("qr.x"), L.pt("qr.y"), L.pt("qr.size")
        p.box(qx, qy, qs, qs)
        p.label("right", qx + qs, qy + qs / 2, "qr: x %s, y %s, size %s"
                % (L.num("qr.x"), L.num("qr.y"), L.num("qr.size")))
    if L.raw("recycle.show") == "yes":
        r, t, h = L.pt("recycle.right"), L.pt("recycle.top"), L.pt("recycle.height")
        p.box(r - h, t, h, h)
        p.label("right", r, t + h, "recycle: right %s, top %s, baseline %s"
                % (L.num("recycle.right"), L.num("recycle.top"), L.num("recycle.baseline")))


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__.split("\n\n")[3])
    pdf, layout_path, out, name = sys.argv[1:5]
    L = Layout(layout_path)
    lines = page_lines(pdf)
    p = Picture(110)
    masthead_left(p, L, lines)
    masthead_right(p, L, lines)
    last = meeting(p, L, lines)
    column(p, L, lines, title_block(p, L, lines, last))
    foot(p, L, lines)
    pw, ph = L.pt("page.width"), L.pt("page.height")
    p.place_labels(pw, ph)
    p.text(MARGIN, 26, "Page 1 of %s in %s: each field where it acts, its value in points "
           "from the top-left corner of the page" % (name, L.name),
           colour="#222222", size=17)
    p.text(MARGIN, 50, "Red: a position or a style. Blue: a distance, an edge. "
           "body.first-baseline (%s) places the text of pages 2 onwards, not of page 1."
           % L.num("body.first-baseline"), colour="#222222", size=15)
    write_png(pdf, p, pw, ph, out)


def write_png(pdf, p, pw, ph, out):
    """The page at p's resolution, framed in grey, with p's drawing over it."""
    dpi = int(round(p.k * 72))
    font = next((f for f in FONTS if os.path.exists(f)), None)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1",
                        "-singlefile", pdf, os.path.join(tmp, "page")], check=True)
        # given inline: ImageMagick's usual policy refuses -draw @file
        mvg = ("font '%s'\n" % font if font else "") + "\n".join(p.mvg)
        w = int(2 * MARGIN + pw * p.k + 1)
        h = int(TOP + ph * p.k + BOTTOM + 1)
        subprocess.run(["convert", "-size", "%dx%d" % (w, h), "xc:white",
                        os.path.join(tmp, "page.png"), "-geometry", "+%d+%d" % (MARGIN, TOP),
                        "-composite", "-fill", "none", "-stroke", "#999999",
                        "-draw", "rectangle %d,%d %d,%d" % (MARGIN - 1, TOP - 1,
                                                            MARGIN + pw * p.k, TOP + ph * p.k),
                        "-stroke", "none", "-draw", mvg,
                        "-strip", "-dither", "None", "-colors", "64",
                        "-define", "png:exclude-chunks=date,time",
                        "-define", "png:compression-level=9", "PNG8:" + out], check=True)


if __name__ == "__main__":
    main()
