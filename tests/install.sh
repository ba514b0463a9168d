#!/bin/sh
# The library as its users get it, from a staged `make install
# DESTDIR=STAGE PREFIX=/usr` (the Makefile's install-check makes the stage):
#
#   1. every file is where the install promises: command, static and
#      shared library with its soname links, header, notepress.pc,
#      layouts, fonts, the three man pages;
#   2. the shared library's soname is libnotepress.so.0 and it exports
#      exactly the functions of notepress.h;
#   3. samples/embed.c builds through `pkg-config --cflags --libs
#      notepress` against the stage, runs against the staged shared
#      library, and its PDF passes qpdf --check; the same program links
#      statically with `pkg-config --static --libs`; so does the example
#      of docs/embedding.md, taken from the page as it is written;
#   4. the installed command renders a sample, with its data found
#      through NOTEPRESS_DATADIR, to the same bytes as the built one;
#   5. the man pages format without a warning from groff, and
#      notepress(3) names and describes every function of notepress.h.
#
# Usage: sh tests/install.sh STAGE BUILT_NOTEPRESS. CC, CFLAGS and LDFLAGS
# come from the environment (the sanitizer run passes its own).

stage=${1:?usage: install.sh STAGE BUILT_NOTEPRESS}
built=${2:?usage: install.sh STAGE BUILT_NOTEPRESS}
. "$(dirname "$0")/harness.sh"
CC=${CC:-cc}

qpdf_ok() { qpdf --check "$1" > /dev/null 2>&1; }

usr=$stage/usr
lib=$usr/lib
version=$(sed -n 's/^#define NP_VERSION "\(.*\)"/\1/p' "$top/engine/include/notepress.h")

# ---- 1. files ----------------------------------------------------
for f in bin/notepress lib/libnotepress.a "lib/libnotepress.so.$version" \
         lib/pkgconfig/notepress.pc include/notepress.h \
         share/notepress/layouts/un-a4.xml share/notepress/layouts/lang/fr.xml \
         share/notepress/fonts/LiberationSerif-Regular.ttf \
         share/notepress/fonts/LICENSE-Liberation \
         share/notepress/schema/document.rng share/notepress/schema/layout.rng \
         share/bash-completion/completions/notepress \
         lib/python3/dist-packages/notepress.py \
         share/man/man1/notepress.1 share/man/man3/notepress.3 share/man/man5/notepress.5; do
    check test -f "$usr/$f"
done
check test "$(readlink "$lib/libnotepress.so.0")" = "libnotepress.so.$version"
check test "$(readlink "$lib/libnotepress.so")" = libnotepress.so.0
check test -x "$usr/bin/notepress"

# ---- 2. soname and exported symbols ------------------------------
soname=$(readelf -d "$lib/libnotepress.so.$version" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
check test "$soname" = libnotepress.so.0
sed -n '/^typedef/d; s/^[a-z][^(]*[ *]\(np_[a-z0-9_]*\)(.*/\1/p' \
    "$top/engine/include/notepress.h" | sort > "$tmp/declared"
nm -D --defined-only "$lib/libnotepress.so.$version" | awk '$2 == "T" { print $3 }' \
    | sort > "$tmp/exported"
if cmp -s "$tmp/declared" "$tmp/exported"; then ok; else
    ko "exported symbols differ from notepress.h"; diff "$tmp/declared" "$tmp/exported"
fi
check test -s "$tmp/declared"

# ---- 3. samples/embed.c through pkg-config -----------------------
pc() { PKG_CONFIG_PATH=$lib/pkgconfig pkg-config --define-prefix "$@" notepress; }
check test "$(pc --modversion)" = "$version"
# shellcheck disable=SC2046,SC2086
if $CC $CFLAGS -o "$tmp/embed" "$top/samples/embed.c" $(pc --cflags --libs) $LDFLAGS; then
    ok
    if (cd "$tmp" && LD_LIBRARY_PATH=$lib ./embed shared.pdf) 2> "$tmp/embed.err"; then ok; else
        ko "embed (shared) failed"; cat "$tmp/embed.err"
    fi
    check qpdf_ok "$tmp/shared.pdf"
    if pdftotext "$tmp/shared.pdf" - | grep -q 'rendered from memory'; then ok; else
        ko "embed's PDF lacks its title"
    fi
    if LD_LIBRARY_PATH=$lib ldd "$tmp/embed" | grep -q "$lib/libnotepress.so.0"; then
        ok; else ko "embed is not linked with the staged shared library"
    fi
else
    ko "samples/embed.c does not build with pkg-config --cflags --libs"
fi
static_libs=$(pc --static --libs | sed 's/-lnotepress/-l:libnotepress.a/')
# shellcheck disable=SC2046,SC2086
if $CC $CFLAGS -o "$tmp/embed-static" "$top/samples/embed.c" $(pc --cflags) \
       $static_libs $LDFLAGS; then
    ok
    (cd "$tmp" && ./embed-static static.pdf) 2> "$tmp/embed.err"
    check test $? -eq 0
    check qpdf_ok "$tmp/static.pdf"
    check cmp -s "$tmp/shared.pdf" "$tmp/static.pdf"
else
    ko "samples/embed.c does not link with pkg-config --static --libs"
fi

# The example of docs/embedding.md: the first C block under "## Example".
awk '/^## Example/ { on = 1; next } on && code && /^```$/ { exit }
     on && code { print } on && /^```c$/ { code = 1 }' \
    "$top/docs/embedding.md" > "$tmp/example.c"
check test -s "$tmp/example.c"
# shellcheck disable=SC2046,SC2086
if $CC $CFLAGS -o "$tmp/example" "$tmp/example.c" $(pc --cflags --libs) $LDFLAGS; then
    ok
    if (cd "$tmp" && LD_LIBRARY_PATH=$lib ./example example.pdf) > "$tmp/example.out" \
           2> "$tmp/example.err"; then ok; else
        ko "the example of docs/embedding.md failed"; cat "$tmp/example.err"
    fi
    check grep -q '^1 page(s), [0-9]* bytes$' "$tmp/example.out"
    check test ! -s "$tmp/example.err"
    check qpdf_ok "$tmp/example.pdf"
    if pdftotext "$tmp/example.pdf" - | grep -q 'An embedded note'; then ok; else
        ko "the example's PDF lacks its title"
    fi
else
    ko "the example of docs/embedding.md does not build"
fi

# ---- 4. the installed command ------------------------------------
sample=$top/samples/e-cn.7-2011-12.xml
check test "$("$usr/bin/notepress" --version)" = "notepress $version"
NOTEPRESS_DATADIR=$usr/share/notepress "$usr/bin/notepress" render "$sample" \
    -o "$tmp/installed.pdf"
check test $? -eq 0
"$built" render "$sample" -o "$tmp/built.pdf"
check cmp -s "$tmp/installed.pdf" "$tmp/built.pdf"
# the installed Python module finds the installed library beside it
if ldd "$lib/libnotepress.so.0" | grep -q libasan; then
    echo "install.sh: the Python module is not loaded into a sanitizer build"
else
    env -u NOTEPRESS_LIBRARY PYTHONPATH="$usr/lib/python3/dist-packages" \
        NOTEPRESS_DATADIR="$usr/share/notepress" python3 -c '
import sys, notepress
pdf = notepress.Engine().render(open(sys.argv[1], "rb").read())
assert pdf.startswith(b"%PDF-"), pdf[:8]
assert notepress.__file__.startswith(sys.argv[2]), notepress.__file__' "$sample" "$usr/lib/python3"
    check test $? -eq 0
fi

# ---- 5. man pages ------------------------------------------------
for page in "$usr/share/man/man1/notepress.1" "$usr/share/man/man3/notepress.3" "$usr/share/man/man5/notepress.5"; do
    groff -mandoc -Tutf8 -ww -z "$page" > "$tmp/groff.err" 2>&1
    if [ $? -eq 0 ] && [ ! -s "$tmp/groff.err" ]; then ok; else
        ko "$(basename "$page"): groff warns"; head -5 "$tmp/groff.err"
    fi
done

# Each function in the NAME list and in the SYNOPSIS of notepress(3).
man3=$usr/share/man/man3/notepress.3
while read -r fn; do
    if grep -Eq "^\.Nm $fn( ,)?\$" "$man3" && grep -Eq "^\.(Fn|Fo) $fn( |\$)" "$man3"
    then ok; else ko "notepress(3) does not describe $fn"; fi
done < "$tmp/declared"

finish
