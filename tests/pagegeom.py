"""The geometry of a notepress layout's pages, as tests/pdfcheck.py
holds the words of a PDF to it: the layout's fields read from its file
as the engine reads them, and the places of a page's text, portrait or
landscape.

A landscape page (a table turned on pages of its own) is the portrait
page turned a quarter: its running header and footer lie along its
right and left edges, reading downwards. split_turned() takes them out
of the page's words and gives them back as they stand on the portrait
page before it is turned, where the header's checks hold them.
"""

import os
import re
import xml.etree.ElementTree as ET

LAYOUTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                       "layouts")
UNITS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}


# ---- the layout ---------------------------------------------------------

def layout_path(name, beside=None):
    """The file of a layout named as --layout or extends= take it: a path
    (relative to `beside`, the file naming it, for extends=), or a name
    of layouts/."""
    if "/" in name or name.endswith(".xml"):
        return os.path.join(os.path.dirname(beside), name) if beside else name
    return os.path.join(LAYOUTS, name + ".xml")


def layout_fields(name, beside=None, depth=0, lang=None):
    """{(element, attribute): text} of a layout, its parents' first; each
    file's <language code="LANG"> groups after its own, as the engine
    reads them for a document in LANG."""
    path = layout_path(name, beside)
    root = ET.parse(path).getroot()
    fields = {}
    if root.get("extends") and depth < 16:
        fields = layout_fields(root.get("extends"), path, depth + 1, lang)
    groups = [el for el in root if el.tag != "language"]
    for block in root.findall("language"):
        if lang and block.get("code") == lang:
            groups.extend(block)
    for el in groups:
        for attr, value in el.attrib.items():
            fields[(el.tag, attr)] = value
    return fields


def length(fields, element, attr):
    """A length of the layout in points: "12.5pt", "10mm", "1in"."""
    text = fields[(element, attr)].strip()
    m = re.fullmatch(r"(-?[0-9.]+)\s*(pt|mm|cm|in)", text)
    if not m:
        raise ValueError("%s %s=\"%s\" is not a length" % (element, attr, text))
    return float(m.group(1)) * UNITS[m.group(2)]


class Geometry:
    """The positions of a layout that the checks hold words to, in points
    from the top-left corner of the page."""

    def __init__(self, fields):
        def at(element, attr):
            return length(fields, element, attr)
        self.frame = (at("frame", "left"), at("frame", "right"))
        left = at("body", "left")
        self.body = (left, left + at("body", "width"))
        self.tab = at("body", "tab")    # hanging labels take up to two
        self.header_baseline = at("header", "baseline")
        # A footnote's number ends this far left of the text column.
        self.note_gap = at("footnote", "number-gap")
        # The text of a page lies below the header's rule (the
        # masthead's heavy rule on page 1) and sits on baselines no lower
        # than the body's bottom, above the footer.
        self.masthead_rule = at("thin-rule", "y")  # the symbol is above it
        self.top = at("header", "rule-y")
        self.top_p1 = at("heavy-rule", "y")
        self.bottom = at("body", "bottom")
        self.bottom_p1 = at("body", "first-page-bottom")
        self.size = at("text", "size")
        self.portrait = (at("page", "width"), at("page", "height"))
        # Landscape pages: their text down from this baseline to this
        # bottom; the running header on this baseline of the portrait
        # page before it is turned.
        self.landscape_first = at("landscape", "first-baseline")
        self.landscape_bottom = at("landscape", "bottom")
        self.landscape_header = at("landscape", "header-baseline")

    @staticmethod
    def landscape(page):
        return page.width > page.height

    def text_top(self, page):
        if self.landscape(page):
            return self.landscape_first - 1.5 * self.size
        return self.top_p1 if page.number == 1 else self.top

    def text_bottom(self, page):
        if self.landscape(page):
            return self.landscape_bottom
        return self.bottom_p1 if page.number == 1 else self.bottom

    def turned(self, pair, page):
        """A pair of x positions of the portrait page (frame, column) on a
        landscape one: the left one kept, the right one as far from the
        right edge as on the portrait page."""
        if not self.landscape(page):
            return pair
        return (pair[0], page.width - (self.portrait[0] - pair[1]))

    def frame_of(self, page):
        return self.turned(self.frame, page)

    def body_of(self, page):
        return self.turned(self.body, page)

    def header_baseline_of(self, page):
        return self.landscape_header if self.landscape(page) else self.header_baseline


def split_turned(page, g):
    """page.furniture: on a landscape page, its words outside the text
    column and the room of hanging labels before it (the running header
    and footer), taken out of page.words and put back as they stand on
    the portrait page before it is turned; on a portrait page, none."""
    page.furniture = []
    if not g.landscape(page):
        return
    left, right = g.body_of(page)
    left -= 2 * g.tab + 1
    text = []
    for w in page.words:
        if w.x1 < left or w.x0 > right + 0.5:
            page.furniture.append(type(w)(w.text, w.y0, page.width - w.x1,
                                          w.y1, page.width - w.x0))
        else:
            text.append(w)
    page.words = text
