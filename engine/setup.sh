#!/bin/sh
# Installs the Debian 12 packages notepress needs to build, render and
# test, when they are missing. Run as root (or with sudo); safe to run
# again. Packages:
#   build:   gcc make pkg-config libhpdf-dev libxml2-dev libhyphen-dev
#            libpng-dev zlib1g-dev libqrencode-dev (the page-1 QR code)
#            libdeflate-dev (deflating the PDF's streams)
#            libharfbuzz-dev (kerning, shaping) libfribidi-dev (the
#            bidirectional algorithm) libunibreak-dev (line breaks of
#            UAX #14) libfontconfig-dev (fonts named by family)
#   render:  hyphen-fr hyphen-en-us hyphen-es hyphen-ru (hyphenation
#            patterns; hyphen-ru's file is KOI8-R)
#            fonts-liberation2 (fallback; fonts/ ships the same files)
#            fonts-noto-cjk fonts-arphic-ukai (the Chinese faces of the
#            shipped layouts, too large to ship; fonts/ ships the Arabic
#            ones, from fonts-noto-core)
#            libgs-common (the sRGB ICC profile of --pdfa)
#   test:    poppler-utils qpdf ghostscript python3 libxml2-utils valgrind
#            zbar-tools (zbarimg reads the QR code and the barcode back)
#            python3-fonttools (an independent reader of the subset fonts)
#            libharfbuzz-bin (hb-shape, the kerning test's reference)
#            default-jre-headless libpdfbox2-java libactivation-java
#            libjaxb-api-java (Apache PDFBox Preflight, the PDF/A check)
#            groff-base binutils (man pages, the shared library's symbols)
#            clang libclang-rt-14-dev (libFuzzer, make fuzz)
#            slurmctld slurmd slurm-client munge (make check-slurm)
set -e
packages="gcc make pkg-config libc6-dev libhpdf-dev libxml2-dev libhyphen-dev
libpng-dev zlib1g-dev libdeflate-dev libqrencode-dev zbar-tools libharfbuzz-dev libharfbuzz-bin
libfribidi-dev libunibreak-dev libfontconfig-dev
hyphen-fr hyphen-en-us hyphen-es hyphen-ru fonts-liberation2 fonts-noto-cjk fonts-arphic-ukai
poppler-utils qpdf ghostscript python3 python3-fonttools libxml2-utils libgs-common
default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java
groff-base binutils valgrind clang libclang-rt-14-dev
slurmctld slurmd slurm-client munge"
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" \
        || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "setup: every package is installed"
    exit 0
fi
echo "setup: installing$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
