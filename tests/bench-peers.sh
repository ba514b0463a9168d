#!/bin/sh
# `make bench-peers`: installs the peer engines that `make bench` times
# beside notepress, as ../shared/bench/README.md lists them. Run as root
# (or with sudo); safe to run again. Never part of engine/setup.sh, CI or
# make check: tests/bench.sh leaves out any peer that is not installed.
#
#   sh tests/bench-peers.sh [TYPST_DIR]
#
# Debian 12 packages (about 750 MB):
#   fop                       Apache FOP 2.8 (doc.fo; fop-embed.xconf)
#   weasyprint                WeasyPrint 57 (doc.html)
#   groff                     groff with gropdf, for -Tpdf (doc.ms)
#   texlive-latex-base texlive-latex-recommended texlive-fonts-recommended
#   texlive-lang-french texlive-luatex
#                             pdflatex and lualatex (doc.tex)
#   fonts-texgyre             TeX Gyre Termes (lualatex, WeasyPrint, Typst)
#   fonts-liberation2         Liberation Serif (FOP with fop-embed.xconf)
#   nodejs npm                only when node or npm is missing
# Typst 0.14.2 comes from the npm registry (typst.ts node compiler): the
# shared peers/typst/ package, installed into TYPST_DIR (build/peers/typst
# unless said; BENCH_TYPST_DIR tells tests/bench.sh another place), since
# the shared folder is read-only.

here=$(cd "$(dirname "$0")" && pwd) || exit 2
top=$(cd "$here/.." && pwd) || exit 2
bench=${BENCH_DIR:-$top/../shared/bench}
typst=${1:-${BENCH_TYPST_DIR:-$top/build/peers/typst}}
[ -f "$bench/peers/typst/package.json" ] || {
    echo "bench-peers: no peer inputs in $bench/peers"; exit 2; }
set -e

packages="fop weasyprint groff texlive-latex-base texlive-latex-recommended
texlive-fonts-recommended texlive-lang-french texlive-luatex fonts-texgyre
fonts-liberation2"
command -v node > /dev/null || packages="$packages nodejs"
command -v npm > /dev/null || packages="$packages npm"
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
        || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "bench-peers: installing$missing"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $missing
else
    echo "bench-peers: every package is installed"
fi

# lualatex builds its font name database on its first run: once here,
# so that the first timed run does not.
if command -v luaotfload-tool > /dev/null; then
    luaotfload-tool --update > /dev/null 2>&1 || true
fi

# Its lock file holds this platform's binary alone, which `npm ci` refuses:
# `npm install`, as the shared README says.
if [ -d "$typst/node_modules/@myriaddreamin/typst-ts-node-compiler" ]; then
    echo "bench-peers: Typst is installed in $typst"
else
    echo "bench-peers: installing Typst into $typst"
    mkdir -p "$typst"
    for f in package.json package-lock.json compile.js; do
        cp "$bench/peers/typst/$f" "$typst/$f"
        chmod u+w "$typst/$f"
    done
    (cd "$typst" && npm install --no-audit --no-fund --loglevel=error)
fi
echo "bench-peers: done; make bench times them"
