#!/bin/sh
# Tagged PDF: what a screen reader gets.
#
#   - every sample's structure tree, as poppler prints it in reading
#     order (pdfinfo -struct-text), is its reviewed golden
#     tests/golden/NAME.struct, and so is that of each description of
#     tests/tags/ (tests/goldens.sh makes them; `make golden` writes
#     them);
#   - tests/tagcheck.py accepts every one of those PDFs, and the PDF/A
#     render of each sample too;
#   - tests/tagcheck.py refuses a PDF broken on purpose in each way it
#     checks (tests/tagbreak.py), so that it is seen to fail;
#   - --untagged writes no structure tree, no marked content and no
#     PDF/UA identification, and the checker refuses it;
#   - the masthead's English (the distribution block) of a Russian
#     document is marked /Lang (en), and the document's /Lang is ru;
#   - a hyphenated word reads whole (ActualText): pdftotext gives
#     "принесшей" at the end of the line where "при-" is drawn;
#   - a document whose tree outgrows one array of PDF/A-1 (8191 items:
#     a paragraph of 10 000 kids, 100 note IDs, more than 64 keys of the
#     ParentTree) has its paragraph's kids in NonStruct groups and its
#     ParentTree and IDTree in nodes, which qpdf and tagcheck.py accept,
#     plain and PDF/A; tagcheck.py refuses the file with wrong /Limits,
#     and the PDF/A one with the groups' kids put back in one array.
#
# Usage: sh tests/tags.sh build/notepress. Prints "N passed, N failed".

NP=${1:-build/notepress}
case $NP in /*) ;; *) NP=$(pwd)/$NP ;; esac
. "$(dirname "$0")/harness.sh"
. "$here/goldens.sh"

tagcheck() { python3 "$here/tagcheck.py" "$@" > "$tmp/check" 2>&1; }

# ---- goldens and the checker ----------------------------------------
compare_struct() {   # XML GOLDEN NAME
    if ! golden_struct "$1" "$tmp/$3.pdf" "$tmp/$3.struct"; then
        ko "$3: render failed"; return
    fi
    if cmp -s "$tmp/$3.struct" "$2"; then ok; else
        ko "$3: structure tree differs from ${2#"$top"/} (make golden writes it)"
        diff "$2" "$tmp/$3.struct" | head -10
    fi
    if tagcheck "$tmp/$3.pdf"; then ok; else
        ko "$3: tagcheck refuses it"; head -10 "$tmp/check"
    fi
}
for xml in "$top"/samples/*.xml; do
    name=$(basename "$xml" .xml)
    compare_struct "$xml" "$here/golden/$name.struct" "$name"
done
for xml in "$here"/tags/*.xml; do
    name=$(basename "$xml" .xml)
    compare_struct "$xml" "$here/tags/$name.struct" "tags-$name"
done
for xml in "$top"/samples/*.xml; do
    name=$(basename "$xml" .xml)
    "$NP" render "$xml" --pdfa -o "$tmp/a.pdf" 2>/dev/null
    if tagcheck "$tmp/a.pdf"; then ok; else
        ko "$name --pdfa: tagcheck refuses it"; head -5 "$tmp/check"
    fi
done

# ---- the checker fails where it should -------------------------------
good=$tmp/tags-everything.pdf
for how in figure-alt table-th link-objr note-ref untagged-text; do
    python3 "$here/tagbreak.py" "$good" $how "$tmp/broken.pdf"
    check test $? -eq 0
    if tagcheck "$tmp/broken.pdf"; then ko "tagcheck accepts a PDF broken by $how"; else
        ok
    fi
done
python3 "$here/tagbreak.py" "$good" figure-alt "$tmp/broken.pdf"
tagcheck "$tmp/broken.pdf"
check grep -q "Figure .*: no /Alt" "$tmp/check"
python3 "$here/tagbreak.py" "$good" untagged-text "$tmp/broken.pdf"
tagcheck "$tmp/broken.pdf"
check grep -q "outside the tree and outside any artifact" "$tmp/check"

# ---- past one array ------------------------------------------------
arrays=$tmp/arrays.pdf
python3 "$here/pathological/make.py" tagged-arrays "$tmp/arrays.xml"
"$NP" render "$tmp/arrays.xml" -o "$arrays"
check test $? -eq 0
"$NP" render "$tmp/arrays.xml" --pdfa -o "$tmp/arrays-a.pdf"
check test $? -eq 0
for pdf in "$arrays" "$tmp/arrays-a.pdf"; do
    check sh -c "qpdf --check '$pdf' > /dev/null"
    if tagcheck "$pdf"; then ok; else
        ko "$(basename "$pdf"): tagcheck refuses it"; head -5 "$tmp/check"
    fi
done
qpdf --json=2 "$arrays" > "$tmp/arrays.json"
check python3 - "$tmp/arrays.json" <<'PY'
import json, sys
objs = json.load(open(sys.argv[1]))["qpdf"][1]
root = objs["obj:" + objs["trailer"]["value"]["/Root"]]["value"]
st = objs["obj:" + root["/StructTreeRoot"]]["value"]
groups = {k[4:]: v["value"] for k, v in objs.items() if isinstance(v.get("value"), dict)
          and v["value"].get("/S") == "/NonStruct"}
assert [len(g["/K"]) for g in groups.values()] == [5100, 5100], groups.keys()
holders = set(g["/P"] for g in groups.values())
assert len(holders) == 1, holders
assert sorted(objs["obj:" + holders.pop()]["value"]["/K"]) == sorted(groups)
assert "/Nums" not in st["/ParentTree"] and len(st["/ParentTree"]["/Kids"]) == 2
assert "/Names" not in st["/IDTree"] and len(st["/IDTree"]["/Kids"]) == 2
PY
python3 "$here/tagbreak.py" "$arrays" tree-limits "$tmp/broken.pdf"
tagcheck "$tmp/broken.pdf"
check grep -q "ParentTree: node .* has /Limits \[0, 64\], not the first and last" "$tmp/check"
python3 "$here/tagbreak.py" "$tmp/arrays-a.pdf" long-kids "$tmp/broken.pdf"
tagcheck "$tmp/broken.pdf"
check grep -q "an array of 10200 items, more than 8191" "$tmp/check"

# ---- untagged ----------------------------------------------------
"$NP" render "$here/tags/everything.xml" --untagged -o "$tmp/untagged.pdf"
check test $? -eq 0
check sh -c "! qpdf --show-object=1 '$tmp/untagged.pdf' | grep -q StructTreeRoot"
check sh -c "! qpdf --qdf --object-streams=disable '$tmp/untagged.pdf' - | grep -q BDC"
check test "$(pdfinfo -meta "$tmp/untagged.pdf" | wc -c)" -eq 0
check sh -c "! python3 '$here/tagcheck.py' '$tmp/untagged.pdf' > /dev/null"
pdftotext "$tmp/untagged.pdf" "$tmp/u.txt" && pdftotext "$good" "$tmp/t.txt"
check cmp -s "$tmp/u.txt" "$tmp/t.txt"

# ---- languages -----------------------------------------------------
"$NP" render "$top/samples/charter-ru.xml" -o "$tmp/ru.pdf" 2>/dev/null
qpdf --json=2 "$tmp/ru.pdf" > "$tmp/ru.json"
check python3 - "$tmp/ru.json" <<'PY'
import json, sys
objs = json.load(open(sys.argv[1]))["qpdf"][1]
root = objs["obj:" + objs["trailer"]["value"]["/Root"]]["value"]
assert root["/Lang"] == "u:ru", root["/Lang"]
english = [v["value"] for v in objs.values()
           if isinstance(v.get("value"), dict) and v["value"].get("/Lang") == "u:en"]
assert len(english) >= 2, english       # "Distr.: General", "Original: ..."
PY
# <span lang="fr"> is a Span with /Lang (fr)
qpdf --json=2 "$good" > "$tmp/ev.json"
check python3 - "$tmp/ev.json" <<'PY'
import json, sys
objs = json.load(open(sys.argv[1]))["qpdf"][1]
spans = [v["value"] for v in objs.values() if isinstance(v.get("value"), dict)
         and v["value"].get("/S") == "/Span" and v["value"].get("/Lang") == "u:fr"]
assert len(spans) == 1, spans
PY
pdftotext "$tmp/ru.pdf" "$tmp/ru.txt"
check grep -q "жизни принесшей$" "$tmp/ru.txt"
check grep -q "^человечеству невыразимое горе" "$tmp/ru.txt"
# With hyphenation on, the untagged PDF shows a reader split words, the
# tagged one none (tests/hyphencheck.py reads line-end hyphens).
en=$top/samples/e-cn.7-2011-12-en.xml
"$NP" render "$en" --layout "$here/layouts/good-hyphenate.xml" -o "$tmp/hy.pdf"
"$NP" render "$en" --layout "$here/layouts/good-hyphenate.xml" --untagged -o "$tmp/hyu.pdf"
check python3 "$here/hyphencheck.py" "$tmp/hyu.pdf" "$en" --hyphenated 1
check python3 "$here/hyphencheck.py" "$tmp/hy.pdf" "$en"
# Words wider than a narrow cell are hyphenated, not cut (no warning),
# one across three lines; the tagged PDF reads each whole.
cell=$here/cases/narrow-cell.xml
"$NP" render "$cell" --layout "$here/layouts/good-hyphenate.xml" --untagged -o "$tmp/cu.pdf" 2> "$tmp/err"
check test ! -s "$tmp/err"
pdftotext -raw "$tmp/cu.pdf" "$tmp/cu.txt"
check grep -q "^interna-" "$tmp/cu.txt"
check grep -q "^tional- " "$tmp/cu.txt"
"$NP" render "$cell" --layout "$here/layouts/good-hyphenate.xml" -o "$tmp/ct.pdf" 2>/dev/null
pdftotext -raw "$tmp/ct.pdf" "$tmp/ct.txt"
check grep -q "^internationalization " "$tmp/ct.txt"
check grep -q "^responsibilities$" "$tmp/ct.txt"
check python3 "$here/hyphencheck.py" "$tmp/ct.pdf" "$cell"

finish
