#!/bin/sh
# The pipeline's layers, lowest first: a file of engine/src/LAYER may
# include headers of its own layer and of the layers below, never of a
# layer above (docs/internals.md). The command line (engine/cli) uses
# the public header and its own files only, never a header of a layer;
# the tests use the public header and whatever they test.
cd "$(dirname "$0")/.." || exit 2
layers="ground readers document text typesetting output api"
rank() {
    i=0
    for l in $layers; do
        [ "$l" = "$1" ] && { echo $i; return; }
        i=$((i + 1))
    done
    echo -1
}
fail=0 files=0
for dir in engine/src/*/; do
    layer=$(basename "$dir")
    own=$(rank "$layer")
    if [ "$own" -lt 0 ]; then
        echo "layers: engine/src/$layer is not a layer of the pipeline ($layers)"
        fail=$((fail + 1))
        continue
    fi
    for f in "$dir"*.[ch]; do
        files=$((files + 1))
        for used in $(sed -n 's|^#include "\([a-z]*\)/.*|\1|p' "$f" | sort -u); do
            if [ "$(rank "$used")" -gt "$own" ]; then
                echo "layers: $f ($layer) includes from $used, a layer above it:"
                grep -n "^#include \"$used/" "$f" | sed 's/^/    /'
                fail=$((fail + 1))
            fi
        done
    done
done
for f in engine/cli/*.[ch]; do
    files=$((files + 1))
    if grep -n '^#include "[a-z_]*/' "$f" > /dev/null; then
        echo "layers: $f, part of the command, includes the library's inside:"
        grep -n '^#include "[a-z_]*/' "$f" | sed 's/^/    /'
        fail=$((fail + 1))
    fi
done
echo "layers: $files files, $fail includes from above"
[ "$fail" -eq 0 ]
