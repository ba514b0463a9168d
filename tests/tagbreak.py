#!/usr/bin/env python3
"""Break one thing in a tagged PDF, for tests/tags.sh to show that
tests/tagcheck.py catches it.

Usage:
    python3 tests/tagbreak.py IN.pdf HOW OUT.pdf

HOW is one of:
    figure-alt     the first Figure loses its /Alt
    table-th       every TH of the file becomes a TD
    link-objr      every Link loses its object references
    note-ref       every Reference loses its /Ref
    untagged-text  the first marked-content sequence of page 1 with an
                   MCID loses its BDC and EMC
    tree-limits    the first kid of the ParentTree's root (a tree of
                   more than one node) has its upper /Limits one too high
    long-kids      the kids of the NonStruct groups of the first element
                   that has any take the groups' places in its /K

The file goes through qpdf's JSON (qpdf --json-output, --json-input),
stream data decoded, so that the change is made on the objects as they
are, not on bytes of the file.
"""
import base64
import json
import re
import subprocess
import sys
import tempfile

REF = re.compile(r"^\d+ \d+ R$")


def load(path):
    out = subprocess.run(["qpdf", "--json-output=2", "--decode-level=generalized",
                          "--json-stream-data=inline", path],
                         check=True, capture_output=True).stdout
    return json.loads(out)


def elems(objs, role):
    for key, o in objs.items():
        v = o.get("value")
        if isinstance(v, dict) and "/P" in v and v.get("/S") == role:
            yield key, v


def figure_alt(objs):
    _, v = next(elems(objs, "/Figure"))
    del v["/Alt"]


def table_th(objs):
    for _, v in list(elems(objs, "/TH")):
        v["/S"] = "/TD"


def link_objr(objs):
    for _, v in elems(objs, "/Link"):
        kids = v["/K"] if isinstance(v["/K"], list) else [v["/K"]]
        kids = [objs.get("obj:" + k, {}).get("value", k) if isinstance(k, str) else k
                for k in kids]
        v["/K"] = [k for k in kids
                   if not (isinstance(k, dict) and k.get("/Type") == "/OBJR")]


def note_ref(objs):
    for _, v in elems(objs, "/Reference"):
        v.pop("/Ref", None)


def untagged_text(objs):
    root = objs[objs["trailer"]["value"]["/Root"].join(["obj:", ""])]["value"]
    pages = objs["obj:" + root["/Pages"]]["value"]
    page = objs["obj:" + pages["/Kids"][0]]["value"]
    stream = objs["obj:" + page["/Contents"]]["stream"]
    data = base64.b64decode(stream["data"])
    m = re.search(rb"/\w+ <</MCID \d+>> BDC\n", data)
    end = data.index(b"EMC\n", m.end())
    data = data[:m.start()] + data[m.end():end] + data[end + 4:]
    stream["data"] = base64.b64encode(data).decode()


def struct_root(objs):
    root = objs["obj:" + objs["trailer"]["value"]["/Root"]]["value"]
    return objs["obj:" + root["/StructTreeRoot"]]["value"]


def tree_limits(objs):
    kid = struct_root(objs)["/ParentTree"]["/Kids"][0]
    limits = objs["obj:" + kid]["value"]["/Limits"]
    limits[1] += 1


def long_kids(objs):
    _, group = next(elems(objs, "/NonStruct"))
    holder = objs["obj:" + group["/P"]]["value"]
    kids = []
    for k in holder["/K"]:
        g = objs.get("obj:" + k, {}).get("value") if isinstance(k, str) else None
        kids.extend(g["/K"] if g and g.get("/S") == "/NonStruct" else [k])
    holder["/K"] = kids


HOW = {"figure-alt": figure_alt, "table-th": table_th, "link-objr": link_objr,
       "note-ref": note_ref, "untagged-text": untagged_text,
       "tree-limits": tree_limits, "long-kids": long_kids}


def main(argv):
    if len(argv) != 4 or argv[2] not in HOW:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    doc = load(argv[1])
    HOW[argv[2]](doc["qpdf"][1])
    with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
        json.dump(doc, f)
        f.flush()
        subprocess.run(["qpdf", "--json-input", f.name, argv[3]], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
