#!/bin/sh
# Fonts named by family, as a designer names them: a layout giving
# regular="Liberation Serif" (and the other styles) renders with the
# Liberation Serif faces fontconfig finds, each style its own face; a
# misspelt family is refused at its place rather than replaced by
# fontconfig's fallback; and the shipped layouts, which name files,
# render with a fontconfig that knows no font at all.
#
# Usage: sh tests/families.sh build/notepress. Prints "N passed, N failed".

NP=${1:-build/notepress}
case $NP in /*) ;; *) NP=$(pwd)/$NP ;; esac
. "$(dirname "$0")/harness.sh"
unset NOTEPRESS_FONTS NOTEPRESS_LAYOUTS

cd "$tmp" || exit 2
sample=$top/samples/e-cn.7-2011-12-en.xml
cat > family.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<layout name="family" extends="un-a4">
  <fonts regular="Liberation Serif" italic="Liberation Serif"
         bold="Liberation Serif" bold-italic="Liberation Serif"/>
</layout>
XML
if fc-list 'Liberation Serif' | grep -q .; then
    "$NP" render "$sample" --layout ./family.xml -o family.pdf 2> err.txt
    check test $? -eq 0
    check qpdf --check family.pdf > /dev/null
    fonts=$(pdffonts family.pdf | sed -n 's/^[A-Z]*+\([^ ]*\) .*/\1/p' | sort | tr '\n' ' ')
    if [ "$fonts" = "LiberationSerif LiberationSerif-Bold " ]; then ok; else
        ko "the faces of the family layout are '$fonts'"
    fi
    check sh -c "pdftotext family.pdf - | grep -q 'Commission on Narcotic Drugs'"
else
    echo "families.sh: fontconfig knows no Liberation Serif: family test skipped"
fi

sed 's/regular="Liberation Serif"/regular="Liberation Serf"/' family.xml > misspelt.xml
"$NP" render "$sample" --layout ./misspelt.xml -o misspelt.pdf 2> err.txt
check test $? -eq 1
check grep -q '^./misspelt.xml:3:10: error: cannot load font Liberation Serf: .*fontconfig' err.txt
check test ! -e misspelt.pdf

# a fontconfig that knows no font: the shipped layouts name files
printf '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n' > empty-fonts.conf
FONTCONFIG_FILE=$tmp/empty-fonts.conf "$NP" render "$sample" -o plain.pdf 2> err.txt
check test $? -eq 0
check test ! -s err.txt
finish
