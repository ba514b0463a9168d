#!/bin/sh
# Writes COUNT two-page notes for the batch tests and benchmark:
#
#   sh tests/gen_notes.sh COUNT OUTDIR
#
# gives OUTDIR/00/note-0001.xml ... (100 notes a directory, so that the
# batch walks a tree). Each note is the E/CN.7/2011/12 sample with its own
# symbol, job number and date, and its paragraphs in a rotated order
# followed by one paragraph of the HONLAC sample: the text of real notes,
# set on two pages. The output depends only on COUNT: the same command
# always writes the same bytes.
set -eu
count=${1:?usage: gen_notes.sh COUNT OUTDIR}
out=${2:?usage: gen_notes.sh COUNT OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
note=$here/../samples/e-cn.7-2011-12.xml
extra=$here/../samples/unodc-honlac-31-4.xml
mkdir -p "$out"
i=0
while [ "$i" -lt "$count" ]; do
    mkdir -p "$out/$(printf '%02d' $((i / 100)))"
    i=$((i + 100))
done
# The first file read (NR == FNR) is the HONLAC sample: only its body
# paragraphs are kept, as the extra paragraph of each note.
awk -v count="$count" -v out="$out" '
    NR == FNR { if ($0 ~ /^ *<p>/) extra[++ne] = $0; next }
    { line[++nl] = $0; if ($0 ~ /^ *<p>/) para[++np] = $0 }
    END {
        for (k = 1; k <= count; k++) {
            f = sprintf("%s/%02d/note-%04d.xml", out, int((k - 1) / 100), k)
            body_done = 0
            for (i = 1; i <= nl; i++) {
                s = line[i]
                if (s ~ /^ *<p>/) {
                    if (body_done++)
                        continue
                    for (j = 0; j < np; j++)
                        print para[(j + k) % np + 1] > f
                    if (ne)
                        print extra[k % ne + 1] > f
                    continue
                }
                sub(/<symbol>E\/CN\.7\/2011\/12<\/symbol>/,
                    sprintf("<symbol>E/CN.7/2011/CRP.%d</symbol>", k), s)
                sub(/<job>V\.10-58736<\/job>/,
                    sprintf("<job>V.11-%05d</job>", 10000 + k), s)
                sub(/<date>2010-12-20<\/date>/,
                    sprintf("<date>2011-%02d-%02d</date>", k % 12 + 1, k % 28 + 1), s)
                print s > f
            }
            close(f)
        }
    }' "$extra" "$note"
