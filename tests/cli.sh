#!/bin/sh
# The command line as a user meets it: every command takes every option
# that makes sense for it, with the same meaning and the same messages.
#
#   1. `notepress COMMAND --help` (and -h) prints that command's usage
#      and exactly its options, and exits 0;
#   2. each option a command takes changes what that command makes as it
#      changes what render makes: watch --once and batch with the same
#      options write render's bytes; check follows --layout, --lang and
#      --limit; batch renders again an output made with other options;
#   3. a wrong option or value gives the same message for every command
#      that takes it (but for the command's name), exit status 2 and no
#      output; an option of another command is named as such;
#   4. SIGINT and SIGTERM stop watch with 130 and 143 (render's and
#      batch's are in faults.sh and batch.sh);
#   5. "--" ends the options; SOURCE_DATE_EPOCH is checked by the
#      commands that write and only by them;
#   6. every option of every command is documented in docs/commands.md
#      and in notepress(1);
#   7. `schema document` and `schema layout` print the schemas of the
#      tree, `schema --help` its usage; every shipped language is named
#      in `notepress --help`, render's help, docs/commands.md and
#      docs/format.md.
#
# Usage: sh tests/cli.sh build/notepress. Prints "N passed, N failed".

NP=${1:-build/notepress}
case $NP in /*) ;; *) NP=$(pwd)/$NP ;; esac
. "$(dirname "$0")/harness.sh"
unset NOTEPRESS_ICC_PROFILE

cd "$tmp" || exit 2
cp "$top/samples/e-cn.7-2011-12.xml" doc.xml

# The options of each command, as docs/commands.md lists them.
opts_render="-o --output --layout --lang --linebreak --pdfa --untagged --dump --stats --depfile --limit -h --help"
opts_check="--layout --lang --limit -h --help"
opts_watch="-o --output --layout --lang --linebreak --pdfa --untagged --dump --stats --limit --once -h --help"
opts_batch="-o --output --layout --lang --linebreak --pdfa --untagged --limit -j --jobs --shard --shards --force --fail-fast --json -q --quiet -h --help"
all_opts="-o --output --layout --lang --linebreak --pdfa --untagged --dump --stats --depfile --limit --once -j --jobs --shard --shards --force --fail-fast --json -q --quiet"
opts_of() { eval echo "\$opts_$1"; }
takes() { case " $(opts_of "$1") " in *" $2 "*) return 0 ;; esac; return 1; }

# ---- 1. --help of each command -----------------------------------------
for cmd in render check watch batch; do
    for h in --help -h; do
        "$NP" $cmd $h > help.txt 2> err.txt
        check test $? -eq 0
        check test ! -s err.txt
        check grep -q "^usage: notepress $cmd " help.txt
    done
    # --help anywhere, even after an operand, and nothing is rendered
    "$NP" $cmd doc.xml --help > /dev/null 2>&1
    check test $? -eq 0
    check test ! -e doc.pdf
    # the option column of the help: exactly the command's options
    listed=$(sed -n 's/^  \(-[a-z]\), \(--[a-z-]*\).*/\1 \2/p; s/^      \(--[a-z-]*\).*/\1/p' help.txt |
             tr ' ' '\n' | sort | tr '\n' ' ')
    want=$(opts_of $cmd | tr ' ' '\n' | sort | tr '\n' ' ')
    if [ "$listed" = "$want" ]; then ok; else ko "$cmd --help lists '$listed', not '$want'"; fi
done

# ---- 2. each option does in every command what it does in render ------
# render with OPTIONS, then watch --once and batch with the same ones:
# the same bytes.
same_as_render() {
    rm -rf r.out w.out b
    "$NP" render doc.xml -o r.out "$@" 2> /dev/null
    check test $? -eq 0
    "$NP" watch doc.xml -o w.out --once "$@" 2> /dev/null
    check test $? -eq 0
    if cmp -s r.out w.out; then ok; else ko "watch $* differs from render"; fi
    case " $* " in *" --dump "*|*" --stats "*) return ;; esac
    "$NP" batch -o b doc.xml "$@" > /dev/null 2>&1
    check test $? -eq 0
    if cmp -s r.out b/doc.pdf; then ok; else ko "batch $* differs from render"; fi
}
same_as_render --layout un-letter
same_as_render --layout="$top/layouts/examples/wide-margins.xml"
same_as_render --lang en
same_as_render --lang=es
same_as_render --linebreak greedy
same_as_render --linebreak=greedy --layout un-letter
same_as_render --pdfa
same_as_render --dump --lang en
same_as_render --limit pages=40 --limit=depth=100
# The options really change what is made (else the above proves little).
"$NP" render doc.xml -o plain.pdf 2>/dev/null
for o in "--layout un-letter" "--lang en" "--linebreak greedy" "--pdfa"; do
    # shellcheck disable=SC2086
    "$NP" render doc.xml -o changed.pdf $o 2>/dev/null
    if cmp -s plain.pdf changed.pdf; then ko "render $o changes nothing"; else ok; fi
done
"$NP" render doc.xml --layout un-letter -o letter.pdf 2>/dev/null
check sh -c "pdfinfo letter.pdf | grep -q 'Page size: *612 x 792'"
# --stats in watch: the figures after each render.
"$NP" watch doc.xml -o w.pdf --once --stats 2> err.txt
check grep -q '^pages: [0-9]' err.txt
check grep -q '^overfull-lines: 0' err.txt
# --dump in watch: the dump, by default beside the input.
"$NP" watch doc.xml --once --dump 2>/dev/null
check test -s doc.dump
"$NP" render doc.xml --dump -o r.dump 2>/dev/null
check cmp -s doc.dump r.dump
rm -f doc.dump doc.pdf
# A limit refuses the document in every command that takes it.
for cmd in render check watch batch; do
    case $cmd in watch) extra=--once ;; batch) extra="-o lim" ;; *) extra= ;; esac
    # shellcheck disable=SC2086
    "$NP" $cmd doc.xml $extra --limit elements=8 > /dev/null 2> err.txt
    check test $? -eq 1
    check grep -q 'doc.xml:[0-9]*:[0-9]*: error: more than 8 elements (limit elements)' err.txt
done
check test ! -e lim/doc.pdf
# check follows --layout and --lang.
"$NP" check doc.xml --layout un-letter
check test $? -eq 0
"$NP" check doc.xml --layout nowhere 2> err.txt
check test $? -eq 1
check grep -q 'unknown layout "nowhere"' err.txt
"$NP" check doc.xml --lang xx 2> err.txt
check test $? -eq 1
check grep -q '"xx"' err.txt
"$NP" check doc.xml --lang en
check test $? -eq 0
# batch: an output made with other options is not up to date; made with
# the same ones, it is.
"$NP" batch -o up doc.xml > summary.txt 2>&1
check grep -q '1 rendered, 0 failed, 0 skipped' summary.txt
"$NP" batch -o up doc.xml > summary.txt 2>&1
check grep -q '0 rendered, 0 failed, 1 skipped' summary.txt
"$NP" batch -o up doc.xml --lang en > summary.txt 2>&1
check grep -q '1 rendered, 0 failed, 0 skipped' summary.txt
check sh -c "pdftotext up/doc.pdf - | grep -q 'United Nations'"
"$NP" batch -o up doc.xml --lang en > summary.txt 2>&1
check grep -q '0 rendered, 0 failed, 1 skipped' summary.txt
"$NP" batch -o up doc.xml --lang en --linebreak greedy > summary.txt 2>&1
check grep -q '1 rendered, 0 failed, 0 skipped' summary.txt

# ---- 3. usage errors: one message for every command -------------------
# usage_error CMD WANT-MESSAGE ARGS...: exit 2, the message (with the
# command's name) first, the command's usage after it, nothing written.
usage_error() {
    cmd=$1 want=$2
    shift 2
    rm -f doc.pdf
    "$NP" $cmd "$@" > out.txt 2> err.txt
    status=$?
    if [ "$status" -eq 2 ]; then ok; else ko "$cmd $*: status $status, not 2"; fi
    first=$(head -n 1 err.txt)
    if [ "$first" = "notepress: $cmd: $want" ]; then ok; else
        ko "$cmd $*: says '$first', not 'notepress: $cmd: $want'"
    fi
    check grep -q "^usage: notepress $cmd " err.txt
    check test ! -s out.txt
    check test ! -e doc.pdf
}
for cmd in render check watch batch; do
    usage_error $cmd "unknown option --frobnicate" doc.xml --frobnicate
    usage_error $cmd "unknown option -x" -x doc.xml
    usage_error $cmd "--layout needs a value: --layout NAME" doc.xml --layout
    usage_error $cmd "--lang needs a value: --lang CODE" doc.xml --lang=
    usage_error $cmd "--limit takes NAME=N, not \"pages\"" doc.xml --limit pages
    usage_error $cmd "--limit knows no limit \"colour=3\" (input, depth, text, elements, notes, cells, list-depth, pages)" \
        doc.xml --limit colour=3
    usage_error $cmd "--limit takes a whole number from 1 as the value of a limit, not \"pages=0\"" \
        doc.xml --limit=pages=0
    usage_error $cmd "-h takes no value" -hx
    for o in $all_opts; do
        takes $cmd $o && continue
        # an option of another command: named, with the commands that take it
        usage_error $cmd "$o is not an option of $cmd (only of $(
            for c in render check watch batch; do takes $c $o && printf '%s\n' $c; done |
            awk '{ a[NR] = $0 } END { for (i = 1; i <= NR; i++)
                printf "%s%s", a[i], i == NR ? "" : i == NR - 1 ? " and " : ", " }'))" \
            doc.xml $o 1
    done
done
for cmd in render watch batch; do
    usage_error $cmd '--linebreak takes optimal or greedy, not "best"' doc.xml --linebreak best
    usage_error $cmd "--pdfa takes no value" doc.xml --pdfa=yes
done
# an option of another command named as written, without its value
usage_error render "-j is not an option of render (only of batch)" doc.xml -j4
usage_error check "--once is not an option of check (only of watch)" --once=1 doc.xml
usage_error render "needs an input file (IN.xml)"
usage_error render "takes one input, not also b.xml" a.xml b.xml
usage_error watch "takes one input, not also b.xml" a.xml b.xml
usage_error check "needs at least one input" --layout un-a4
usage_error batch "needs at least one input" -j 2
usage_error batch '-j takes a number of threads from 1 to 256, not "0"' -j0 doc.xml
usage_error batch '--jobs takes a number of threads from 1 to 256, not "x"' --jobs=x doc.xml
usage_error batch "--shard takes K/N with 1 <= K <= N, not 4/3" --shard 4/3 doc.xml
usage_error watch "-o - is not possible: watch writes its output again and again" doc.xml -o -
"$NP" frobnicate > /dev/null 2> err.txt
check test $? -eq 2
check grep -q '^notepress: unknown command frobnicate$' err.txt

# ---- 4. signals stop watch: 130 and 143, the last good PDF stays --------
stop_watch() {
    sig=$1 want=$2
    "$NP" watch doc.xml -o sig.pdf 2> err.txt &
    pid=$!
    for _ in $(seq 100); do grep -q 'watching' err.txt && break; sleep 0.1; done
    kill -"$sig" "$pid"
    wait "$pid"
    status=$?
    if [ "$status" -eq "$want" ]; then ok; else ko "watch: SIG$sig gives $status, not $want"; fi
    check grep -q "^notepress: error: interrupted by SIG$sig: watch stopped" err.txt
    check qpdf --check sig.pdf > /dev/null
}
stop_watch INT 130
stop_watch TERM 143
# check stops the same way: between two descriptions, or inside one.
"$NP" check doc.xml doc.xml > /dev/null 2>&1
check test $? -eq 0

# ---- 5. "--", SOURCE_DATE_EPOCH ------------------------------------------
cp doc.xml ./-dash.xml
"$NP" render -o dash.pdf -- -dash.xml
check test $? -eq 0
check test -s dash.pdf
"$NP" check -- -dash.xml
check test $? -eq 0
for cmd in render watch batch; do
    rm -f doc.pdf
    case $cmd in watch) extra=--once ;; *) extra= ;; esac
    # shellcheck disable=SC2086
    SOURCE_DATE_EPOCH=soon "$NP" $cmd doc.xml $extra > /dev/null 2> err.txt
    check test $? -eq 2
    check grep -q 'SOURCE_DATE_EPOCH="soon" is not a number' err.txt
    check test ! -e doc.pdf
done
SOURCE_DATE_EPOCH=soon "$NP" check doc.xml
check test $? -eq 0

# ---- 6. every option documented ------------------------------------------
man=$top/engine/man/notepress.1
# How the man page writes an option: --name as "\-name", -x as "Fl x".
man_pattern() {
    case $1 in
    --*) printf '%s' "\\\\-${1#--}( |$)" ;;
    *) printf '%s' "Fl ${1#-}( |$)" ;;
    esac
}
for cmd in render check watch batch; do
    for o in $(opts_of $cmd); do
        check grep -qF -- "\`$o" "$top/docs/commands.md"
        check grep -qE -- "$(man_pattern "$o")" "$man"
    done
    # the synopsis of the command in the man page names each of them
    synopsis=$(sed -n "/^\.Sh SYNOPSIS/,/^\.Sh/p" "$man" |
               sed -n "/^\.Cm $cmd\$/,/^\.Nm\$/p")
    for o in $(opts_of $cmd); do
        case $o in -h|--help|--output|--jobs) continue ;; esac
        if printf '%s\n' "$synopsis" | grep -qE -- "$(man_pattern "$o")"; then ok; else
            ko "the synopsis of $cmd in notepress(1) lacks $o"
        fi
    done
done

# ---- 7. schemas and languages: the command, the docs and the man pages
# agree --------------------------------------------------------------------
"$NP" schema document > doc.rng
check cmp -s doc.rng "$top/engine/schema/document.rng"
check xmllint --noout --relaxng doc.rng "$top/samples/e-cn.7-2011-12.xml" 2> /dev/null
"$NP" schema layout > lay.rng
check cmp -s lay.rng "$top/engine/schema/layout.rng"
for h in --help -h; do
    "$NP" schema $h > help.txt 2> err.txt
    check test $? -eq 0
    check grep -q '^usage: notepress schema document|layout' help.txt
done
"$NP" schema documents > /dev/null 2> err.txt
check test $? -eq 2
check grep -q 'usage: notepress schema document|layout' err.txt
# every shipped language is named wherever languages are listed
"$NP" --help > help.txt
"$NP" render --help > render-help.txt
for f in "$top"/layouts/lang/*.xml; do
    code=$(basename "$f" .xml)
    name=$(sed -n 's/.*<language-name code="'"$code"'">\([^<]*\)<.*/\1/p' "$top/layouts/lang/en.xml")
    check grep -q "$code $name" help.txt
    check grep -q "\b$code\b" render-help.txt
    check grep -q "\`$code\` $name" "$top/docs/commands.md"
    check grep -q "\`$code\`" "$top/docs/format.md"
done

# ---- 8. render --depfile: make drives renders ---------------------------
mkdir -p mk && cp doc.xml "mk/in put.xml" && cp "$top/layouts/un-a4.xml" "$top/layouts/emblem.png" mk/
cat > mk/Makefile <<MK
out.pdf: in\\ put.xml
	"$NP" render "in put.xml" --layout ./un-a4.xml -o out.pdf --depfile out.d
	echo made >> log
-include out.d
MK
(cd mk && make -s > /dev/null 2>&1)
check test -s mk/out.pdf
check grep -q '^out.pdf: ' mk/out.d
check grep -q '^ ./un-a4.xml' mk/out.d
check grep -q 'in\\ put.xml' mk/out.d
(cd mk && make -s > /dev/null 2>&1)
check test "$(grep -c made mk/log)" -eq 1       # up to date: not made again
touch -d '+2 seconds' mk/un-a4.xml
(cd mk && make -s > /dev/null 2>&1)
check test "$(grep -c made mk/log)" -eq 2       # the layout changed: made again
usage_error render "--depfile needs an output file: standard output is no target for make" \
    doc.xml -o - --depfile d.d

# ---- 9. bash completion: the commands, each command's options, values --
complete_words() {
    PATH="$(dirname "$NP"):$PATH" bash -c '. "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _notepress
        printf "%s\n" "${COMPREPLY[@]}"' sh "$top/engine/completion/notepress.bash" "$@" |
        sort | tr '\n' ' '
}
check test "$(complete_words notepress "")" = "--help --version batch check render schema watch "
for cmd in render check watch batch; do
    got=$(complete_words notepress $cmd -)
    want=$(opts_of $cmd | tr ' ' '\n' | sort | tr '\n' ' ')
    if [ "$got" = "$want" ]; then ok; else ko "completion of $cmd -: '$got', not '$want'"; fi
done
check test "$(complete_words notepress render doc.xml --lang "")" = "ar en es fr ru zh "
check test "$(complete_words notepress schema "")" = "--help document layout "

finish
