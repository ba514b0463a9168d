#!/usr/bin/env python3
"""Check the structure of a tagged PDF, as a screen reader would need it.

Usage:
    python3 tests/tagcheck.py FILE.pdf...

Reads each file through qpdf's JSON (qpdf --json=2, streams decoded), so
that it shares no code with the engine, and fails (exit status 1, one
line per problem) on:

  - a declaration missing: /MarkInfo /Marked true, /StructTreeRoot,
    /Lang, /ViewerPreferences /DisplayDocTitle true, a title in the
    Info dictionary and in the XMP with PDF/UA-1's pdfuaid:part;
  - a page without /StructParents or /Tabs /S;
  - content outside the tree: a painting operator (text, path, image)
    that is in no marked-content sequence with an MCID or /Artifact;
    an MCID nested in another; an MCID that no structure element
    claims, or that the ParentTree maps to another element; an element
    claiming an MCID the page does not have;
  - a structure type PDF 1.7 does not define, nor the role map maps to
    one;
  - a Figure without /Alt;
  - a Table without a TH, a TH without /Scope;
  - a Link without an OBJR of a link annotation, a link annotation
    that is not in the tree (its /StructParent) or has no /Contents;
  - a Note without /ID, or whose /ID the IDTree does not lead to it,
    or without a Reference pointing at it (/Ref);
  - a heading level skipped on the way down (H1 then H3);
  - an element whose /P is not the element (or root) whose /K lists it;
  - a ParentTree or IDTree node that is not as a number or name tree
    asks: /Limits on the root, or on another node /Limits other than
    the first and last keys below it, keys out of order, a kid that is
    not an indirect object;
  - in a PDF/A-1 file (its XMP says pdfaid:part 1), an array of more
    than 8191 items anywhere, the most PDF/A-1 allows (ISO 19005-1,
    6.1.12: PDF 1.4's table C.1); PDF 1.7 sets no such limit.

Prints "tagcheck FILE: N elements, N MCIDs, N problems" per file.
"""
import base64
import json
import re
import subprocess
import sys

STANDARD = set("""Document Part Art Sect Div BlockQuote Caption TOC TOCI Index
NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead
TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP
Warichu WT WP Figure Formula Form""".split())

PAINTING = {b"Tj", b"TJ", b"'", b'"', b"Do", b"f", b"F", b"f*", b"B", b"B*",
            b"b", b"b*", b"S", b"s", b"sh", b"BI"}

REF = re.compile(r"^\d+ \d+ R$")

MAX_ARRAY = 8191


class Pdf:
    """The objects of a PDF as qpdf's JSON gives them."""

    def __init__(self, path):
        out = subprocess.run(
            ["qpdf", "--json=2", "--json-stream-data=inline",
             "--decode-level=generalized", path],
            check=True, capture_output=True).stdout
        self.objs = json.loads(out)["qpdf"][1]
        self.trailer = self.objs["trailer"]["value"]

    def get(self, v):
        """`v`, or the object it refers to (a stream as its dictionary)."""
        if isinstance(v, str) and REF.match(v):
            o = self.objs.get("obj:" + v, {})
            return o["stream"]["dict"] if "stream" in o else o.get("value")
        return v

    def data(self, ref):
        o = self.objs.get("obj:" + ref, {})
        return base64.b64decode(o.get("stream", {}).get("data", ""))


def text_of(v):
    """A PDF string as qpdf spells it in JSON: u:text or b:hex."""
    if not isinstance(v, str):
        return None
    if v.startswith("u:"):
        return v[2:]
    if v.startswith("b:"):
        return bytes.fromhex(v[2:]).decode("latin-1")
    return None


# ---- content streams ---------------------------------------------------

DELIM = b"()<>[]{}/%"
SPACE = b" \t\r\n\f\0"
SPACES = re.compile(rb"[ \t\r\n\f\0]+")
REST_OF_WORD = re.compile(rb"[^ \t\r\n\f\0()<>\[\]{}/%]*")
NUMBER = re.compile(rb"^[-+.0-9]+$")


def skip_string(s, i):
    """The index after the literal string starting at s[i] == '('."""
    depth = 0
    while i < len(s):
        c = s[i:i + 1]
        if c == b"\\":
            i += 2
            continue
        if c == b"(":
            depth += 1
        elif c == b")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def tokens(s):
    """(kind, bytes) of a content stream: 'op' for operators, 'dict'
    for an inline dictionary, 'name', 'num', 'other'."""
    i, n = 0, len(s)
    while i < n:
        c = s[i:i + 1]
        if c in SPACE:
            i = SPACES.match(s, i).end()
        elif c == b"%":
            while i < n and s[i:i + 1] not in b"\r\n":
                i += 1
        elif c == b"(":
            j = skip_string(s, i)
            yield "other", s[i:j]
            i = j
        elif s.startswith(b"<<", i):
            j = i + 2
            depth = 1
            while j < n and depth:
                if s.startswith(b"<<", j):
                    depth, j = depth + 1, j + 2
                elif s.startswith(b">>", j):
                    depth, j = depth - 1, j + 2
                elif s[j:j + 1] == b"(":
                    j = skip_string(s, j)
                else:
                    j += 1
            yield "dict", s[i:j]
            i = j
        elif c == b"<":
            j = s.index(b">", i) + 1
            yield "other", s[i:j]
            i = j
        elif c in b"[]{}>":
            yield "other", c
            i += 1
        else:
            j = REST_OF_WORD.match(s, i + 1).end()
            word = s[i:j]
            if c == b"/":
                yield "name", word
            elif NUMBER.match(word):
                yield "num", word
            else:
                yield "op", word
            i = j


def marked_content(data, where, problems):
    """The MCIDs of a page's content, in order; every painting operator
    must be inside an MCID's or an artifact's sequence."""
    stack, operands, mcids = [], [], []
    for kind, tok in tokens(data):
        if kind != "op":
            operands.append((kind, tok))
            continue
        if tok in (b"BMC", b"BDC"):
            tag = operands[0][1] if operands else b""
            props = operands[1][1] if len(operands) > 1 else b""
            m = re.search(rb"/MCID\s+(\d+)", props)
            if m and any(e[0] == "mcid" for e in stack):
                problems.append(f"{where}: MCID {m.group(1).decode()} inside another")
            if m:
                mcids.append(int(m.group(1)))
                stack.append(("mcid", int(m.group(1))))
            else:
                stack.append(("artifact" if tag == b"/Artifact" else "other", None))
        elif tok == b"EMC":
            if not stack:
                problems.append(f"{where}: EMC without BDC")
            else:
                stack.pop()
        elif tok in PAINTING:
            if not any(e[0] in ("mcid", "artifact") for e in stack):
                problems.append(f"{where}: '{tok.decode()}' outside the tree "
                                "and outside any artifact")
        operands = []
    if stack:
        problems.append(f"{where}: {len(stack)} marked-content sequence(s) left open")
    return mcids


# ---- the checks -----------------------------------------------------------

def xmp_of(pdf, root):
    return pdf.data(root["/Metadata"]).decode("utf-8", "replace") \
        if "/Metadata" in root else ""


def check_declarations(pdf, root, problems):
    if not (root.get("/MarkInfo") or {}).get("/Marked"):
        problems.append("catalog: no /MarkInfo /Marked true")
    if "/StructTreeRoot" not in root:
        problems.append("catalog: no /StructTreeRoot")
    if not text_of(root.get("/Lang")):
        problems.append("catalog: no /Lang")
    if not (pdf.get(root.get("/ViewerPreferences")) or {}).get("/DisplayDocTitle"):
        problems.append("catalog: no /ViewerPreferences /DisplayDocTitle true")
    info = pdf.get(pdf.trailer.get("/Info")) or {}
    if not text_of(info.get("/Title")):
        problems.append("Info: no /Title")
    xmp = xmp_of(pdf, root)
    if "<pdfuaid:part>1</pdfuaid:part>" not in xmp:
        problems.append("XMP: no pdfuaid:part 1")
    if "<dc:title>" not in xmp:
        problems.append("XMP: no dc:title")


def walk_tree(pdf, root_ref, problems):
    """Every structure element as (ref, dict, parent type), depth first,
    in reading order; each one's /P must be what lists it."""
    out = []
    tree_root = pdf.get(root_ref)
    todo = [(k, None, root_ref) for k in reversed(as_list(tree_root.get("/K")))]
    seen = set()
    while todo:
        ref, parent, parent_ref = todo.pop()
        elem = pdf.get(ref)
        if not isinstance(elem, dict) or ref in seen or "/S" not in elem:
            continue
        seen.add(ref)
        out.append((ref, elem, parent))
        if elem.get("/P") != parent_ref:
            problems.append(f"{elem['/S']} {ref}: /P {elem.get('/P')} is not "
                            f"{parent_ref}, whose /K lists it")
        for k in reversed(as_list(elem.get("/K"))):
            if isinstance(k, str) and REF.match(k):
                todo.append((k, elem["/S"], ref))
    return out


def as_list(v):
    return v if isinstance(v, list) else [] if v is None else [v]


def claimed_mcids(pdf, ref, elem):
    """(page ref, mcid) of each piece of content the element claims;
    its OBJRs apart."""
    out, objrs = [], []
    for k in as_list(elem.get("/K")):
        if isinstance(k, int):
            out.append((elem.get("/Pg"), k))
            continue
        d = pdf.get(k)
        if not isinstance(d, dict):
            continue
        if d.get("/Type") == "/MCR":
            out.append((d.get("/Pg", elem.get("/Pg")), d.get("/MCID")))
        elif d.get("/Type") == "/OBJR":
            objrs.append(d.get("/Obj"))
    return out, objrs


def tree_key(k):
    """A key of a number tree (an integer) or of a name tree (a string,
    compared as its bytes)."""
    if isinstance(k, str) and k.startswith("b:"):
        return bytes.fromhex(k[2:])
    if isinstance(k, str) and k.startswith("u:"):
        return k[2:].encode("utf-8")
    return k


def tree_pairs(pdf, root, leaf, where, problems):
    """The pairs of a number tree (leaf "/Nums") or name tree ("/Names"),
    kids included, in the order of the tree, keys as qpdf gives them.
    The root has no /Limits; every other node is an indirect object
    whose /Limits are the first and last keys below it; keys increase."""
    pairs = []
    todo = [(root, True)]
    while todo:
        ref, is_root = todo.pop()
        node = pdf.get(ref) or {}
        if is_root and "/Limits" in node:
            problems.append(f"{where}: /Limits on the root")
        if not is_root and not (isinstance(ref, str) and REF.match(ref)):
            problems.append(f"{where}: a kid that is not an indirect object")
        if not is_root:
            keys = [k for k, _ in tree_leaves(pdf, ref, leaf)]
            if not keys or node.get("/Limits") != [keys[0], keys[-1]]:
                problems.append(f"{where}: node {ref} has /Limits "
                                f"{node.get('/Limits')}, not the first and last "
                                "of its keys")
        todo.extend((kid, False) for kid in reversed(as_list(node.get("/Kids"))))
        items = as_list(node.get(leaf))
        pairs.extend(zip(items[::2], items[1::2]))
    keys = [tree_key(k) for k, _ in pairs]
    if any(a >= b for a, b in zip(keys, keys[1:])):
        problems.append(f"{where}: keys out of order")
    return pairs


def tree_leaves(pdf, ref, leaf):
    """The pairs under one node of a tree, in order."""
    node = pdf.get(ref) or {}
    if "/Kids" in node:
        return [p for kid in as_list(node["/Kids"]) for p in tree_leaves(pdf, kid, leaf)]
    items = as_list(node.get(leaf))
    return list(zip(items[::2], items[1::2]))


def check_arrays(pdf, problems):
    """No array in the file longer than PDF/A-1 allows: a PDF/A-1
    file's."""
    todo = [o.get("value", o.get("stream", {}).get("dict")) for o in pdf.objs.values()]
    while todo:
        v = todo.pop()
        if isinstance(v, dict):
            todo.extend(v.values())
        elif isinstance(v, list):
            if len(v) > MAX_ARRAY:
                problems.append(f"an array of {len(v)} items, more than {MAX_ARRAY}")
            todo.extend(v)


def check_pages(pdf, root, problems):
    """Each page's MCIDs: (page ref -> list of MCIDs), its /StructParents."""
    pages, todo = {}, [root["/Pages"]]
    order = []
    while todo:
        ref = todo.pop(0)
        node = pdf.get(ref)
        if node.get("/Type") == "/Pages":
            todo[:0] = node["/Kids"]
            continue
        order.append(ref)
        where = f"page {len(order)}"
        if "/StructParents" not in node:
            problems.append(f"{where}: no /StructParents")
        if node.get("/Tabs") != "/S":
            problems.append(f"{where}: no /Tabs /S")
        data = b"".join(pdf.data(c) + b"\n" for c in as_list(node.get("/Contents")))
        pages[ref] = (marked_content(data, where, problems), node)
    return pages, order


def check_content(pdf, elems, pages, order, parents, problems):
    owner = {}
    present = {page: set(mcids) for page, (mcids, _) in pages.items()}
    for ref, elem, _ in elems:
        mcids, _ = claimed_mcids(pdf, ref, elem)
        for page, mcid in mcids:
            if page not in present or mcid not in present[page]:
                problems.append(f"{elem['/S']} {ref}: claims MCID {mcid} that its page lacks")
            owner[(page, mcid)] = ref
    for page in order:
        mcids, node = pages[page]
        listed = as_list(pdf.get(parents.get(node.get("/StructParents"))))
        for mcid in mcids:
            if (page, mcid) not in owner:
                problems.append(f"page {order.index(page) + 1}: MCID {mcid} "
                                "in no structure element")
            elif mcid >= len(listed) or listed[mcid] != owner[(page, mcid)]:
                problems.append(f"page {order.index(page) + 1}: the ParentTree "
                                f"gives MCID {mcid} another element")


def descendants(pdf, elem):
    out, todo = [], as_list(elem.get("/K"))
    while todo:
        d = pdf.get(todo.pop())
        if isinstance(d, dict) and "/S" in d:
            out.append(d)
            todo.extend(as_list(d.get("/K")))
    return out


def check_link(pdf, ref, elem, parents, problems):
    _, objrs = claimed_mcids(pdf, ref, elem)
    annots = [pdf.get(o) for o in objrs]
    if not any(a and a.get("/Subtype") == "/Link" for a in annots):
        problems.append(f"Link {ref}: no OBJR of a link annotation")
    for o, a in zip(objrs, annots):
        if not a:
            continue
        if parents.get(a.get("/StructParent")) != ref:
            problems.append(f"Link {ref}: its annotation's /StructParent "
                            "leads elsewhere")
        if not text_of(a.get("/Contents")):
            problems.append(f"Link {ref}: its annotation has no /Contents")


def standard_type(pdf, s, role_map):
    """`s` (a type without its slash) after the role map, as far as it
    leads (a map that loops stops)."""
    seen = set()
    while s not in STANDARD and s not in seen and "/" + s in role_map:
        seen.add(s)
        s = str(pdf.get(role_map["/" + s]))[1:]
    return s


def check_elements(pdf, elems, parents, ids, problems, role_map):
    refs_to = {}
    for ref, elem, _ in elems:
        if elem["/S"] == "/Reference":
            for r in as_list(elem.get("/Ref")):
                refs_to.setdefault(r, []).append(ref)
    level = 0
    for ref, elem, _ in elems:
        s = standard_type(pdf, elem["/S"][1:], role_map)
        if s not in STANDARD:
            problems.append(f"{ref}: /{s} is no standard structure type")
        if s == "Figure" and not text_of(elem.get("/Alt")):
            problems.append(f"Figure {ref}: no /Alt")
        if s == "Table" and not any(d["/S"] == "/TH" for d in descendants(pdf, elem)):
            problems.append(f"Table {ref}: no TH")
        if s == "TH" and "/Scope" not in (pdf.get(elem.get("/A")) or {}):
            problems.append(f"TH {ref}: no /Scope")
        if s == "Link":
            check_link(pdf, ref, elem, parents, problems)
        if s == "Note" and not text_of(elem.get("/ID")):
            problems.append(f"Note {ref}: no /ID")
        elif s == "Note" and ids.get(text_of(elem["/ID"])) != ref:
            problems.append(f"Note {ref}: the IDTree does not lead its /ID to it")
        if s == "Note" and ref not in refs_to:
            problems.append(f"Note {ref}: no Reference points at it")
        if re.match(r"^H[1-6]$", s):
            if int(s[1]) > level + 1:
                problems.append(f"{s} {ref}: a heading level skipped after H{level}")
            level = int(s[1])


def check_annotations(pdf, order, parents, problems):
    for i, page in enumerate(order):
        for a in as_list(pdf.get(page).get("/Annots")):
            d = pdf.get(a)
            if d and d.get("/Subtype") == "/Link" and d.get("/StructParent") not in parents:
                problems.append(f"page {i + 1}: a link annotation outside the tree")


def check(path):
    pdf = Pdf(path)
    root = pdf.get(pdf.trailer["/Root"])
    problems = []
    check_declarations(pdf, root, problems)
    pages, order = check_pages(pdf, root, problems)
    elems, parents = [], {}
    if "/StructTreeRoot" in root:
        st = pdf.get(root["/StructTreeRoot"])
        elems = walk_tree(pdf, root["/StructTreeRoot"], problems)
        parents = dict(tree_pairs(pdf, st.get("/ParentTree"), "/Nums",
                                  "ParentTree", problems))
        ids = {text_of(k): v for k, v in tree_pairs(pdf, st.get("/IDTree"), "/Names",
                                                    "IDTree", problems)}
        check_content(pdf, elems, pages, order, parents, problems)
        check_elements(pdf, elems, parents, ids, problems,
                       pdf.get(st.get("/RoleMap")) or {})
    check_annotations(pdf, order, parents, problems)
    if "<pdfaid:part>1</pdfaid:part>" in xmp_of(pdf, root):
        check_arrays(pdf, problems)
    for p in problems:
        print(f"{path}: {p}")
    nmcids = sum(len(m) for m, _ in pages.values())
    print(f"tagcheck {path}: {len(elems)} elements, {nmcids} MCIDs, "
          f"{len(problems)} problems")
    return not problems


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    results = [check(p) for p in argv[1:]]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
