#!/bin/sh
# The tests of `notepress batch`:
#
#   1. a directory holding good descriptions and a refused one: the refused
#      one is reported as file:line:col, the others are rendered, exit 1;
#      outputs mirror the inputs' relative paths under OUTDIR; four
#      threads sharing one engine give the bytes `render` gives;
#   2. inputs from a manifest (@FILE) and from standard input (-);
#   3. a second run skips what is up to date; a newer description or
#      language file renders again; --force renders everything;
#   4. shards 1/3, 2/3 and 3/3 together take every input exactly once,
#      whatever the listing order; --shard auto with the variables of a
#      Slurm job array and of a Kubernetes Indexed Job;
#   5. --json writes a well-formed report with one record per document;
#   6. SIGINT in the middle of a large batch leaves no temporary file and
#      no partial PDF, and running again finishes the rest;
#   7. --fail-fast, usage errors;
#   8. two inputs mapped to one output, or an output that is a
#      description: the batch refuses before rendering anything, naming
#      both;
#   9. a record that no longer lists the description, a PDF cut short,
#      one of another version, a PDF replaced by a link: rendered again,
#      never skipped;
#  10. lists that are not lists: @/dev/zero, a FIFO, - fed from
#      /dev/zero, a line longer than any path, a NUL byte; a FIFO nobody
#      reads as an output, and SIGTERM while a worker waits on it.
#
# Usage: sh tests/batch.sh build/notepress. Prints "N passed, N failed".

NP=${1:-build/notepress}
case $NP in /*) ;; *) NP=$(pwd)/$NP ;; esac
. "$(dirname "$0")/harness.sh"
unset SLURM_ARRAY_TASK_ID SLURM_ARRAY_TASK_COUNT \
      SLURM_ARRAY_TASK_MIN SLURM_ARRAY_TASK_STEP JOB_COMPLETION_INDEX \
      NOTEPRESS_LAYOUTS

# The outputs named in a JSON report, one a line, sorted.
outputs_of() {
    python3 -c 'import json,sys
for d in json.load(open(sys.argv[1]))["documents"]:
    if d["status"] in ("rendered", "skipped"): print(d["output"])' "$1" | sort
}
summary_has() { grep -q "$1" "$tmp/summary"; }

cd "$tmp" || exit 2

# ---- 1. a directory with a refused description ------------------------
mkdir -p in/sub/deeper
cp "$top/samples/e-cn.7-2011-12.xml" in/note.xml
cp "$top/samples/e-cn.7-2011-12-en.xml" in/sub/deeper/en.xml
cp "$top/tests/errors/bad-date.xml" in/sub/bad.xml
"$NP" batch -j 2 -o out in > "$tmp/summary" 2> "$tmp/err"
check test $? -eq 1
check grep -q '^in/sub/bad.xml:[0-9]*:[0-9]*: error: ' "$tmp/err"
check test -s out/note.pdf
check test -s out/sub/deeper/en.pdf
check test ! -e out/sub/bad.pdf
check summary_has '2 rendered, 1 failed, 0 skipped'
check summary_has 'pages/s'
leftovers=$(find out -name '*.tmp*' | wc -l)
check test "$leftovers" -eq 0
# What the render read, as the library reports it: the description, the
# layout, the language file, four fonts, the hyphenation patterns; and
# the options it was made with (none given here: the limits are the
# defaults, written as figures so that a change of default renders again).
deps=out/.note.pdf.deps
check grep -qx 'notepress-deps 2' "$deps"
check sed -n '2{/^layout=- lang=- linebreak=0 pdfa=0 time=-1 limits=16777216,2500,1048576,200000,10000,100000,1000,5000$/q 0};$q 1' "$deps"
check grep -q "^/.*/in/note.xml\$" "$deps"
check grep -q '^/.*un-a4\.xml$' "$deps"
check grep -q '^/.*lang/fr\.xml$' "$deps"
check test "$(grep -c '\.ttf$' "$deps")" -eq 4
check grep -q '^/.*\.dic$' "$deps"

# One engine shared by four threads gives the bytes `render` gives.
mkdir -p mt
cp "$top"/samples/*.xml mt/
cp -R "$top"/samples/figures mt/    # the images the samples' figures show
"$NP" batch -j 4 -o mt-out mt > /dev/null 2>&1
check test $? -eq 0
same=0
for f in mt/*.xml; do
    b=$(basename "$f" .xml)
    "$NP" render "$f" -o "mt-$b.pdf" 2>/dev/null
    if cmp -s "mt-$b.pdf" "mt-out/$b.pdf"; then same=$((same + 1)); else
        ko "batch -j 4 and render differ on $b"; fi
done
check test "$same" -eq "$(ls mt/*.xml | wc -l)"

# ---- 2. manifest and standard input -------------------------------------
printf 'in/note.xml\n\n# a comment\nin/sub/deeper/en.xml\n' > list.txt
"$NP" batch -o man @list.txt > "$tmp/summary" 2>/dev/null
check test $? -eq 0
check test -s man/in/note.pdf
check test -s man/in/sub/deeper/en.pdf
printf './in/note.xml\n' | "$NP" batch -o std - > "$tmp/summary" 2>/dev/null
check test $? -eq 0
check test -s std/in/note.pdf
# Without -o, each PDF goes beside its description.
cp in/note.xml beside.xml
"$NP" batch beside.xml > /dev/null 2>&1
check test -s beside.pdf
"$NP" batch -o out in/missing.xml > /dev/null 2> "$tmp/err"
check test $? -eq 1
check grep -q 'in/missing.xml: error: ' "$tmp/err"

# ---- 3. up to date, newer inputs, --force -------------------------------
"$NP" batch -o man @list.txt > "$tmp/summary" 2>/dev/null
check summary_has '0 rendered, 0 failed, 2 skipped'
sleep 1
touch in/note.xml
"$NP" batch -o man @list.txt > "$tmp/summary" 2>/dev/null
check summary_has '1 rendered, 0 failed, 1 skipped'
"$NP" batch --force -o man @list.txt > "$tmp/summary" 2>/dev/null
check summary_has '2 rendered, 0 failed, 0 skipped'
# A language file read from NOTEPRESS_LAYOUTS is a dependency too.
mkdir -p lay/lang
cp "$top/layouts/lang/fr.xml" lay/lang/fr.xml
NOTEPRESS_LAYOUTS=$tmp/lay "$NP" batch -o lay-out in/note.xml > /dev/null 2>&1
check grep -q "^$tmp/lay/lang/fr.xml\$" lay-out/in/.note.pdf.deps
NOTEPRESS_LAYOUTS=$tmp/lay "$NP" batch -o lay-out in/note.xml > "$tmp/summary" 2>/dev/null
check summary_has '0 rendered, 0 failed, 1 skipped'
sleep 1
touch lay/lang/fr.xml
NOTEPRESS_LAYOUTS=$tmp/lay "$NP" batch -o lay-out in/note.xml > "$tmp/summary" 2>/dev/null
check summary_has '1 rendered, 0 failed, 0 skipped'
# A deleted PDF is rendered again, the others are not.
rm man/in/note.pdf
"$NP" batch -o man @list.txt > "$tmp/summary" 2>/dev/null
check summary_has '1 rendered, 0 failed, 1 skipped'

# ---- 4. shards ------------------------------------------------------------
sh "$here/gen_notes.sh" 24 corpus
find corpus -name '*.xml' | sort > all.txt
sort -r all.txt > reversed.txt
for k in 1 2 3; do
    "$NP" batch --shard $k/3 -o sh @all.txt --json s$k.json > /dev/null 2>&1
    check test $? -eq 0
    outputs_of s$k.json > s$k.list
    # the same shard of the list read backwards takes the same inputs
    "$NP" batch --shard $k/3 -o sh @reversed.txt --json r$k.json > /dev/null 2>&1
    outputs_of r$k.json > r$k.list
    check cmp -s s$k.list r$k.list
    check test -s s$k.list
done
sed 's:^corpus/:sh/corpus/:; s:\.xml$:.pdf:' all.txt | sort > expected.list
cat s1.list s2.list s3.list | sort > union.list
check cmp -s union.list expected.list
dups=$(sort union.list | uniq -d | wc -l)
check test "$dups" -eq 0
# Slurm: task 1 of an array 0-2 is the second shard; an array 4-6 too.
SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=3 \
    "$NP" batch --shard auto -o sh @all.txt --json auto.json > /dev/null 2>&1
check test $? -eq 0
outputs_of auto.json > auto.list
check cmp -s auto.list s2.list
SLURM_ARRAY_TASK_ID=5 SLURM_ARRAY_TASK_MIN=4 SLURM_ARRAY_TASK_COUNT=3 \
    "$NP" batch --shard auto -o sh @all.txt --json auto.json > /dev/null 2>&1
outputs_of auto.json > auto.list
check cmp -s auto.list s2.list
# Kubernetes: JOB_COMPLETION_INDEX counts from 0, the count is --shards.
JOB_COMPLETION_INDEX=2 "$NP" batch --shard auto --shards 3 -o sh @all.txt \
    --json auto.json > /dev/null 2>&1
check test $? -eq 0
outputs_of auto.json > auto.list
check cmp -s auto.list s3.list
JOB_COMPLETION_INDEX=2 "$NP" batch --shard auto -o sh @all.txt > /dev/null 2>&1
check test $? -eq 2
"$NP" batch --shard auto -o sh @all.txt > /dev/null 2>&1
check test $? -eq 2
JOB_COMPLETION_INDEX=3 "$NP" batch --shard auto --shards 3 @all.txt > /dev/null 2>&1
check test $? -eq 2

# ---- 5. the JSON report -------------------------------------------------------
"$NP" batch --force -o out in --json report.json > /dev/null 2>&1
check python3 -m json.tool report.json > /dev/null
check python3 -c 'import json, sys
r = json.load(open("report.json"))
docs = r["documents"]
assert (r["rendered"], r["failed"], r["skipped"]) == (2, 1, 0), r
assert len(docs) == 3
for d in docs:
    assert set(d) >= {"input", "output", "status", "pages", "milliseconds", "messages"}, d
bad = [d for d in docs if d["status"] == "failed"][0]
assert bad["input"] == "in/sub/bad.xml" and bad["pages"] == 0
m = bad["messages"][0]
assert (m["severity"], m["file"]) == ("error", "in/sub/bad.xml"), m
assert m["line"] > 0 and m["column"] > 0 and "bad date" in m["text"], m
good = [d for d in docs if d["status"] == "rendered"]
assert all(d["pages"] > 0 and d["milliseconds"] > 0 for d in good), good
'
check test ! -e .report.json.tmp
# --json -: standard output holds the JSON alone, for jq; the summary
# goes to standard error
"$NP" batch --force -o out in --json - > report-out.json 2> json-err.txt
check python3 -c 'import json, sys; json.load(open("report-out.json"))'
check grep -q '^batch: 2 rendered, 1 failed' json-err.txt
# any file name gives valid UTF-8: overlong, surrogate, past U+10FFFF,
# stray and cut bytes become U+FFFD
mkdir -p odd
for name in 'ov\300\257' 'sur\355\240\200' 'big\364\220\200\200' 'stray\377' 'cut\342\202' 'ok\303\251'; do
    cp "$top/tests/errors/bad-date.xml" "odd/$(printf "$name").xml"
done
"$NP" batch -o oddout odd --json odd.json > /dev/null 2>&1
check python3 -c 'import json
raw = open("odd.json", "rb").read()
text = raw.decode("utf-8")          # strict: fails on any bad byte
names = sorted(d["input"] for d in json.loads(text)["documents"])
assert len(names) == 6, names
assert "odd/ok\u00e9.xml" in names, names
assert sum("\ufffd" in n for n in names) == 5, names
for d in json.loads(text)["documents"]:
    assert d["messages"][0]["file"] == d["input"], d'
# -q: the messages and nothing else
"$NP" batch -q --force -o out in > q-out.txt 2> q-err.txt
check test $? -eq 1
check test ! -s q-out.txt
check grep -q '^in/sub/bad.xml:[0-9]*:[0-9]*: error: ' q-err.txt
if grep -q 'rendered\|\[' q-err.txt; then ko "batch -q printed progress"; else ok; fi

# ---- 6. SIGINT in the middle, then a rerun ---------------------------------------
sh "$here/gen_notes.sh" 150 big
# One thread, interrupted once the first PDF is there: the rest takes
# far longer than the signal needs to arrive.
"$NP" batch -j 1 -o bigout big > "$tmp/summary" 2> /dev/null &
pid=$!
i=0
while [ "$i" -lt 400 ] && [ "$(find bigout -name '*.pdf' 2>/dev/null | wc -l)" -lt 1 ]; do
    sleep 0.05
    i=$((i + 1))
done
kill -INT "$pid"
wait "$pid"
status=$?
check test "$status" -eq 130
check summary_has 'stopped by a signal'
leftovers=$(find bigout -name '*.tmp*' | wc -l)
check test "$leftovers" -eq 0
done_before=$(find bigout -name '*.pdf' | wc -l)
check test "$done_before" -lt 150
partial=0
for f in $(find bigout -name '*.pdf'); do
    tail -c 8 "$f" | grep -q '%%EOF' || partial=$((partial + 1))
done
check test "$partial" -eq 0
"$NP" batch -j 2 -o bigout big > "$tmp/summary" 2> /dev/null
check test $? -eq 0
check summary_has "$((150 - done_before)) rendered, 0 failed, $done_before skipped"
check test "$(find bigout -name '*.pdf' | wc -l)" -eq 150

# ---- 7. --fail-fast, usage ----------------------------------------------------------
mkdir -p ff
cp "$top/tests/errors/bad-date.xml" ff/a-bad.xml
for n in b c d e; do cp in/note.xml ff/$n.xml; done
"$NP" batch -j 1 --fail-fast -o ffout ff > "$tmp/summary" 2>/dev/null
check test $? -eq 1
check summary_has '0 rendered, 1 failed'
check summary_has 'not started'
"$NP" batch > /dev/null 2>&1; check test $? -eq 2
"$NP" batch -j 0 in > /dev/null 2>&1; check test $? -eq 2
"$NP" batch --shard 4/3 in > /dev/null 2>&1; check test $? -eq 2
"$NP" batch --frobnicate in > /dev/null 2>&1; check test $? -eq 2
"$NP" batch --help > "$tmp/help"; check test $? -eq 0
check grep -q -- '--shard' "$tmp/help"

# ---- 8. two inputs, one output ---------------------------------------------------
mkdir -p clash/en clash/fr
cp in/note.xml clash/fr/note.xml
cp in/sub/deeper/en.xml clash/en/note.xml
"$NP" batch -o clash-out clash/en clash/fr > "$tmp/summary" 2> "$tmp/err"
check test $? -eq 1
check grep -q '^clash-out/note.pdf: error: both clash/en/note.xml and clash/fr/note.xml would be rendered to this file$' "$tmp/err"
check grep -q 'nothing was rendered' "$tmp/err"
check test ! -e clash-out
# The same description named twice is rendered once, as before.
"$NP" batch -o twice in/note.xml ./in/note.xml > "$tmp/summary" 2>/dev/null
check test $? -eq 0
check summary_has '1 rendered'
# An output that is another input: x.xml would be rendered over x.pdf.
cp in/note.xml clash/x.xml
cp in/note.xml clash/x.pdf
"$NP" batch clash/x.xml clash/x.pdf > /dev/null 2> "$tmp/err"
check test $? -eq 1
check grep -q '^clash/x.pdf: error: the output of clash/x.xml is the description clash/x.pdf$' "$tmp/err"
check cmp -s in/note.xml clash/x.pdf
# Two output paths that are one file through a link in OUTDIR, the
# PDFs not made yet.
mkdir -p clash-link/a clash-in/a clash-in/b
cp in/note.xml clash-in/a/n.xml
cp in/sub/deeper/en.xml clash-in/b/n.xml
ln -s a clash-link/b
"$NP" batch -o clash-link clash-in > /dev/null 2> "$tmp/err"
check test $? -eq 1
check grep -q '^clash-link/b/n.pdf: error: the same file as clash-link/a/n.pdf: both clash-in/a/n.xml and clash-in/b/n.xml would be rendered to it$' "$tmp/err"
check test ! -e clash-link/a/n.pdf

# ---- 9. a damaged record, a damaged PDF -------------------------------------------
"$NP" batch -o dmg in/note.xml > /dev/null 2>&1
"$NP" batch -o dmg in/note.xml > "$tmp/summary" 2>/dev/null
check summary_has '0 rendered, 0 failed, 1 skipped'
# The record no longer lists the description, which then changes.
grep -v 'in/note.xml$' dmg/in/.note.pdf.deps > dmg/deps && mv dmg/deps dmg/in/.note.pdf.deps
sleep 1
touch in/note.xml
"$NP" batch -o dmg in/note.xml > "$tmp/summary" 2>/dev/null
check summary_has '1 rendered, 0 failed, 0 skipped'
# A PDF cut short, with a record that says all is well.
"$NP" batch -o dmg in/note.xml > "$tmp/summary" 2>/dev/null
check summary_has '0 rendered, 0 failed, 1 skipped'
size=$(stat -c %s dmg/in/note.pdf)
truncate -s $((size / 2)) dmg/in/note.pdf
touch -d '+1 minute' dmg/in/note.pdf
"$NP" batch -o dmg in/note.xml > "$tmp/summary" 2>/dev/null
check summary_has '1 rendered, 0 failed, 0 skipped'
check test "$(stat -c %s dmg/in/note.pdf)" -eq "$size"
# Another version's PDF (its /Creator says so).
sed 's/002E0031002E0030>/002E0031002E0039>/' dmg/in/note.pdf > dmg/other.pdf
check test "$(stat -c %s dmg/other.pdf)" -eq "$size"
cp dmg/other.pdf dmg/in/note.pdf
touch -d '+1 minute' dmg/in/note.pdf
"$NP" batch -o dmg in/note.xml > "$tmp/summary" 2>/dev/null
check summary_has '1 rendered, 0 failed, 0 skipped'
# A link to another file, newer than everything, is no PDF of ours.
cp dmg/in/note.pdf dmg/copy.pdf
rm dmg/in/note.pdf
ln -s ../copy.pdf dmg/in/note.pdf
touch -h -d '+1 minute' dmg/in/note.pdf
"$NP" batch -o dmg in/note.xml > "$tmp/summary" 2>/dev/null
check summary_has '1 rendered, 0 failed, 0 skipped'

# ---- 10. lists that are not lists; an output nobody reads ----------------------------
timeout 20 "$NP" batch @/dev/zero > /dev/null 2> "$tmp/err"
check test $? -eq 1
check grep -q '^/dev/zero: error: a character device, not a regular file$' "$tmp/err"
timeout 20 "$NP" batch - < /dev/zero > /dev/null 2> "$tmp/err"
check test $? -eq 1
check grep -q '^standard input: error: a list of inputs longer than 64 MiB$' "$tmp/err"
mkfifo list.fifo
timeout 20 "$NP" batch @list.fifo > /dev/null 2> "$tmp/err"
check test $? -eq 1
check grep -q '^list.fifo: error: a FIFO, not a regular file' "$tmp/err"
python3 -c 'print("x" * 5000)' > long.list
"$NP" batch -o never @long.list > /dev/null 2> "$tmp/err"
check test $? -eq 1
check grep -q '^long.list: error: line 1 is longer than any path' "$tmp/err"
printf 'in/note.xml\n\0\n' > nul.list
"$NP" batch -o never @nul.list > /dev/null 2> "$tmp/err"
check test $? -eq 1
check grep -q '^nul.list: error: holds a NUL byte' "$tmp/err"
check test ! -e never
# The output is a FIFO nobody reads: the worker waits on it, and SIGTERM
# still stops the batch at once.
mkdir -p fifo-out/in
mkfifo fifo-out/in/note.pdf
"$NP" batch -o fifo-out in/note.xml > "$tmp/summary" 2>/dev/null &
pid=$!
sleep 1
kill -TERM "$pid"
start=$(date +%s)
wait "$pid"
check test $? -eq 143
check test $(($(date +%s) - start)) -le 2
check test -p fifo-out/in/note.pdf

finish
