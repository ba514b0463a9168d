# How each golden of the suite is made: sourced by tests/run.sh, which
# compares what these functions give with the goldens, and by
# tests/golden.sh (`make golden`), which writes it over them. One
# definition for both, so that a golden written is a golden that passes.
#
# Each function writes what it makes into a file named by its last
# argument and returns the command's exit status. They need $NP (the
# command) and $top (the top of the tree).
#
#   tests/golden/NAME.txt      golden_text SAMPLE.xml PDF OUT
#   tests/golden/NAME.dump     golden_dump SAMPLE.xml OUT
#   tests/golden/NAME.struct   golden_struct SAMPLE.xml PDF OUT
#   tests/tags/NAME.struct     golden_struct tests/tags/NAME.xml PDF OUT
#   tests/errors/NAME.err      golden_error NAME PDF OUT
#   tests/layouts/bad-NAME.err golden_layout_error NAME PDF OUT
#   engine/schema/layout.rng   golden_layout_schema OUT

# The text of a sample's PDF, as pdftotext extracts it; PDF is left
# for the other checks.
golden_text() {
    "$NP" render "$1" -o "$2" 2>/dev/null || return
    pdftotext "$2" "$3"
}

# The structure tree of a description's tagged PDF as poppler prints
# it, in reading order with the text of each element (tests/tags.sh).
golden_struct() {
    "$NP" render "$1" -o "$2" 2>/dev/null || return
    pdfinfo -struct-text "$2" > "$3"
}

# The layout dump of a sample (render --dump).
golden_dump() {
    "$NP" render "$1" --dump -o "$2" 2>/dev/null
}

# The messages of the refused description tests/errors/NAME.xml, named
# as from the top of the tree, with the options of NAME.args if any.
golden_error() {
    # shellcheck disable=SC2046
    (cd "$top" && "$NP" render "tests/errors/$1.xml" -o "$2" \
        $(cat "tests/errors/$1.args" 2>/dev/null)) 2> "$3"
}

# The messages of the broken layout tests/layouts/NAME.xml.
golden_layout_error() {
    (cd "$top" && "$NP" render samples/e-cn.7-2011-12.xml \
        --layout "tests/layouts/$1.xml" -o "$2") 2> "$3"
}

# The RELAX NG schema of layout files, made from the loader's table.
golden_layout_schema() {
    "$NP" schema layout > "$1"
}
