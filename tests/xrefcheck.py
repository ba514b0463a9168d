#!/usr/bin/env python3
"""Check that the references inside a notepress PDF print the right
thing and go to the right place.

Usage:
    python3 tests/xrefcheck.py FILE.pdf --description IN.xml

A link inside the document (a table of contents entry, an <xref>) is a
link annotation whose /Dest names a destination of the catalog's
/Dests: [page /XYZ left top null]. For each one:
  1. its destination exists, on a page of the document;
  2. the words under the link (pdftotext -bbox) are what a reader
     expects to find there: a page number equal to the destination's
     page (show="page", the contents' page column), or words that the
     first line at the destination starts with or holds (the paragraph
     number "12" before "12.", "table 2" over "Table 2", "annex II" over
     "Annex II", a contents entry's title over its heading), compared
     without case;
  3. the description's <xref>s all have a link: there are at least as
     many links with a destination outside the contents as <xref>s.

Prints one line per failed check, then "xrefcheck FILE: N checks, M
failed"; exits 1 when a check failed. Needs Python 3, qpdf and
pdftotext; coordinates are points from the top-left corner of the page.
"""

import argparse
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from pdfcheck import load_pages  # noqa: E402


def qpdf_objects(pdf):
    out = subprocess.run(["qpdf", "--json=2", pdf], capture_output=True,
                         text=True, check=True).stdout
    j = json.loads(out)
    objects = {k.split(":", 1)[1]: v.get("value", v)
               for k, v in j["qpdf"][1].items() if k.startswith("obj:")}
    return j, objects


def destinations(j, objects):
    """name -> (page from 1, top y from the page's top)."""
    pages = {p["object"]: (p["pageposfrom1"], p) for p in j["pages"]}
    heights = {}
    for ref, (number, _) in pages.items():
        box = objects[ref].get("/MediaBox", [0, 0, 0, 842])
        heights[ref] = box[3]
    catalog = next(v for v in objects.values()
                   if isinstance(v, dict) and v.get("/Type") == "/Catalog")
    dests = catalog.get("/Dests")
    if isinstance(dests, str):
        dests = objects[dests]
    found = {}
    for name, d in (dests or {}).items():
        if isinstance(d, str):
            d = objects[d]
        page = pages.get(d[0])
        found[name.lstrip("/")] = (page[0], heights[d[0]] - d[3]) if page else None
    return found


def links(j, objects):
    """(page from 1, rect top-down x0 y0 x1 y1, dest name) of each link."""
    result = []
    for p in j["pages"]:
        page = objects[p["object"]]
        height = page.get("/MediaBox", [0, 0, 0, 842])[3]
        annots = page.get("/Annots", [])
        if isinstance(annots, str):
            annots = objects[annots]
        for a in annots:
            a = objects[a] if isinstance(a, str) else a
            if a.get("/Subtype") != "/Link" or "/Dest" not in a:
                continue
            x0, y0, x1, y1 = a["/Rect"]
            result.append((p["pageposfrom1"], (x0, height - y1, x1, height - y0),
                           a["/Dest"].lstrip("/")))
    return result


def words_in(page, rect):
    x0, y0, x1, y1 = rect
    return [w for w in page.words
            if w.x0 >= x0 - 0.5 and w.x1 <= x1 + 0.5 and y0 - 0.5 <= (w.y0 + w.y1) / 2 <= y1 + 0.5]


def first_lines(page, top, n=3):
    """The words of the first n lines at or below height `top`."""
    lines = []
    below = [w for w in page.words if w.y1 > top + 1]
    while below and len(lines) < n:
        y = min(w.y1 for w in below)
        lines.append(" ".join(w.text for w in sorted(below, key=lambda w: w.x0)
                              if abs(w.y1 - y) < 1.5))
        below = [w for w in below if w.y1 >= y + 1.5]
    return lines


def plain(text):
    return " ".join(text.lower().replace(".", " ").replace(",", " ").split())


def is_label(text):
    """A paragraph, section or item number: what starts its target."""
    return text.isdigit() or (text and set(text) <= set("IVXLCDM.AB()abcdefghij"))


def lands(text, lines):
    """Whether link text `text` names what stands at the destination."""
    if not lines:
        return False
    if is_label(text) and " " not in text:
        first = lines[0].split()[0] if lines[0].split() else ""
        return first.rstrip(".") == text.rstrip(".")
    return plain(text) in plain(" ".join(lines))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf")
    ap.add_argument("--description", required=True)
    args = ap.parse_args()
    pages, err = load_pages(args.pdf)
    checks = failed = 0
    if err:
        print(err)
        return 1
    j, objects = qpdf_objects(args.pdf)
    dests = destinations(j, objects)
    xrefs = len(ET.parse(args.description).getroot().findall(".//xref"))
    outside_contents = 0
    for number, rect, name in links(j, objects):
        checks += 1
        dest = dests.get(name)
        if not dest:
            failed += 1
            print("page %d: a link to %s, which no destination names" % (number, name))
            continue
        text = " ".join(w.text for w in words_in(pages[number - 1], rect))
        bare = text.strip(" .,;:()")
        lines = first_lines(pages[dest[0] - 1], dest[1])
        in_contents = rect[2] >= max(w.x1 for w in pages[number - 1].words) - 40 \
            and "." * 5 in text
        outside_contents += not in_contents and not set(bare) <= set(".")
        if bare.isdigit() and int(bare) == dest[0]:
            continue
        if set(bare) <= set(".") or lands(bare, lines):
            continue
        failed += 1
        print("page %d: link '%s' goes to page %d, where the text reads '%s'"
              % (number, text, dest[0], " / ".join(lines)))
    checks += 1
    if outside_contents < xrefs:
        failed += 1
        print("%d <xref>s in the description, %d links outside the contents"
              % (xrefs, outside_contents))
    print("xrefcheck %s: %d checks, %d failed" % (args.pdf, checks, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
