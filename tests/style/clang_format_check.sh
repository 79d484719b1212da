#!/bin/sh
# Every C/C++ source the project owns is clang-format clean (.clang-format at the top).
# Usage: clang_format_check.sh SOURCE_DIR. Exit 77 (skipped) without clang-format.
set -eu
root=$1
command -v clang-format >/dev/null 2>&1 || { echo "SKIP: clang-format not installed"; exit 77; }
cd "$root"
# Owned sources only: not third_party/, build trees or generated code.
files=$(find cli compiler runtime platform drivers tests bench -type f \
             \( -name '*.cpp' -o -name '*.h' -o -name '*.c' \) 2>/dev/null | sort)
bad=0
for f in $files; do
    if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "not clang-format clean: $f (run: clang-format -i $f)"
        bad=1
    fi
done
[ "$bad" -eq 0 ] && echo "clang-format clean: $(echo "$files" | wc -l) files"
exit "$bad"
