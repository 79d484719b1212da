#!/usr/bin/env bash
# Prints a deb822 `deb-src` entry for SUITE derived from this machine's own apt sources, so that
# `apt-get source` fetches from the archive the machine already uses and trusts.
#
# Reads SOURCES_LIST (one-line `deb [options] URI SUITE COMPONENT...`) and then the *.list
# (one-line) and *.sources (deb822) files of SOURCES_DIR in name order, as apt does, and takes
# the first enabled `deb` entry whose suites include SUITE itself (bookworm, not bookworm-security
# or bookworm-updates). The entry printed has that entry's URIs and Signed-By, `Suites: SUITE`
# and `Components: main`. Exits 1, with a message on stderr, when there is no such entry.
#
# Usage: apt-deb-src.sh [SOURCES_LIST [SOURCES_DIR [SUITE]]]
#        (defaults: /etc/apt/sources.list /etc/apt/sources.list.d bookworm)
set -euo pipefail
list=${1:-/etc/apt/sources.list}
dir=${2:-/etc/apt/sources.list.d}
suite=${3:-bookworm}

files=()
[ -f "$list" ] && files+=("$list")
while IFS= read -r f; do files+=("$f"); done < <(
  LC_ALL=C find "$dir" -maxdepth 1 -type f \( -name '*.list' -o -name '*.sources' \) 2>/dev/null | LC_ALL=C sort)

if ((${#files[@]})) && awk -v suite="$suite" '
  function has_word(s, w) { return index(" " s " ", " " w " ") > 0 }
  function norm(s) { gsub(/[ \t\n]+/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s); return s }
  function found(from, uris, signed) {
    print "# " from ": its " suite " deb entry, as deb-src (scripts/apt-deb-src.sh)"
    print "Types: deb-src"
    print "URIs: " uris
    print "Suites: " suite
    print "Components: main"
    if (signed != "") print signed
    done = 1
    exit
  }
  # deb822: paragraphs of "Field: value" with continuation lines, separated by blank lines.
  function flush() {
    if (nfields && has_word(norm(val["types"]), "deb") && tolower(norm(val["enabled"])) != "no" &&
        has_word(norm(val["suites"]), suite) && norm(val["uris"]) != "")
      found(from, norm(val["uris"]), raw["signed-by"])
    delete val; delete raw; nfields = 0; field = ""
  }
  FNR == 1 { if (deb822) flush(); deb822 = FILENAME ~ /\.sources$/; from = FILENAME }
  deb822 && /^#/ { next }
  deb822 && /^[ \t]*$/ { flush(); next }
  deb822 && /^[ \t]/ { if (field != "") { val[field] = val[field] "\n" $0; raw[field] = raw[field] "\n" $0 } next }
  deb822 {
    i = index($0, ":"); if (!i) next
    field = tolower(substr($0, 1, i - 1)); val[field] = substr($0, i + 1); raw[field] = $0; nfields++
    next
  }
  # One-line form: deb [ key=value ... ] URI SUITE COMPONENT...
  {
    line = $0; sub(/#.*/, "", line); sub(/^[ \t]+/, "", line)
    if (line !~ /^deb[ \t]/) next
    rest = substr(line, 4); opts = ""
    if (rest ~ /^[ \t]*\[/) {
      sub(/^[ \t]*\[/, "", rest); j = index(rest, "]"); if (!j) next
      opts = substr(rest, 1, j - 1); rest = substr(rest, j + 1)
    }
    n = split(norm(rest), w, " ")
    if (n < 2 || w[2] != suite) next
    signed = ""; m = split(norm(opts), o, " ")
    for (k = 1; k <= m; k++)
      if (tolower(o[k]) ~ /^signed-by=/) { signed = substr(o[k], 11); gsub(/,/, " ", signed); signed = "Signed-By: " signed }
    found(FILENAME, w[1], signed)
  }
  END { if (!done && deb822) flush(); if (!done) exit 1 }
' "${files[@]}"; then
  exit 0
fi
echo "apt-deb-src.sh: no enabled 'deb' entry for suite $suite in $list or $dir/*.list, $dir/*.sources;" \
  "add a deb-src entry for $suite by hand (Types: deb-src, the archive's URIs, Suites: $suite)" >&2
exit 1
