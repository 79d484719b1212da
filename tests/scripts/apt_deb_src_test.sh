#!/usr/bin/env bash
# scripts/apt-deb-src.sh derives the deb-src entry from fake apt sources: a deb822 file, a one-line
# sources.list, apt's reading order, and a clear failure when there is no entry for the suite.
# Usage: apt_deb_src_test.sh PATH/TO/apt-deb-src.sh
set -euo pipefail
helper=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0

# expect NAME EXPECTED-OUTPUT LIST DIR: the helper's entry, comment lines dropped, is EXPECTED.
expect() {
  local name=$1 want=$2 got status=0
  got=$("$helper" "$3" "$4" 2>"$tmp/err" | grep -v '^#') || status=$?
  if [ "$status" -ne 0 ]; then
    echo "FAIL $name: exit status $status ($(cat "$tmp/err"))"
    fails=$((fails + 1))
  elif [ "$got" != "$want" ]; then
    printf 'FAIL %s:\n--- want\n%s\n--- got\n%s\n' "$name" "$want" "$got"
    fails=$((fails + 1))
  else
    echo "ok   $name"
  fi
}

# A deb822 file as Debian 12 ships it: bookworm + bookworm-updates, then the security archive.
mkdir -p "$tmp/a/d"
cat >"$tmp/a/d/debian.sources" <<'EOF'
# A comment line inside the file.
Types: deb
URIs: http://archive.example.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/example-archive-keyring.gpg

Types: deb
URIs: http://security.example.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/example-archive-keyring.gpg
EOF
# Skipped: a deb-src entry, a disabled entry, an unrelated suite; all sort before debian.sources.
cat >"$tmp/a/d/aaa.sources" <<'EOF'
Types: deb-src
URIs: http://wrong.example.org/src
Suites: bookworm
Components: main

Types: deb
Enabled: no
URIs: http://wrong.example.org/disabled
Suites: bookworm
Components: main

Types: deb
URIs: http://wrong.example.org/other
Suites: nodistro
Components: main
EOF
expect "deb822: the bookworm entry, not -security, -src, disabled or other suites" "Types: deb-src
URIs: http://archive.example.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/example-archive-keyring.gpg" "$tmp/a/no-sources.list" "$tmp/a/d"

# A one-line sources.list, options in brackets, read before sources.list.d.
mkdir -p "$tmp/b/d"
cp "$tmp/a/d/debian.sources" "$tmp/b/d/"
cat >"$tmp/b/sources.list" <<'EOF'
# deb http://wrong.example.org/commented bookworm main
deb-src http://wrong.example.org/src bookworm main
deb http://security.example.org/debian-security bookworm-security main
deb [ arch=amd64 signed-by=/etc/apt/keyrings/mirror.gpg ] http://mirror.example.net/debian bookworm main contrib # tail
EOF
expect "one-line: options, comments, read before sources.list.d" "Types: deb-src
URIs: http://mirror.example.net/debian
Suites: bookworm
Components: main
Signed-By: /etc/apt/keyrings/mirror.gpg" "$tmp/b/sources.list" "$tmp/b/d"

# One-line without Signed-By; several URIs and a multi-line Signed-By in deb822 are kept whole.
mkdir -p "$tmp/c/d"
echo "deb http://plain.example.net/debian bookworm main" >"$tmp/c/d/plain.list"
expect "one-line in sources.list.d, no signed-by" "Types: deb-src
URIs: http://plain.example.net/debian
Suites: bookworm
Components: main" "$tmp/c/none" "$tmp/c/d"
mkdir -p "$tmp/e/d"
cat >"$tmp/e/d/multi.sources" <<'EOF'
Types: deb deb-src
URIs: http://one.example.net/debian
 http://two.example.net/debian
Suites: bookworm
Components: main
Signed-By:
 -----BEGIN PGP PUBLIC KEY BLOCK-----
 .
 mQINBGPL0BUBEADmW5NdOOHwPIJlgPu6JDcKw/NZJPR8lsD3K87ZM18gzyQZJD+w
 -----END PGP PUBLIC KEY BLOCK-----
EOF
expect "deb822: several URIs, inline key" "Types: deb-src
URIs: http://one.example.net/debian http://two.example.net/debian
Suites: bookworm
Components: main
Signed-By:
 -----BEGIN PGP PUBLIC KEY BLOCK-----
 .
 mQINBGPL0BUBEADmW5NdOOHwPIJlgPu6JDcKw/NZJPR8lsD3K87ZM18gzyQZJD+w
 -----END PGP PUBLIC KEY BLOCK-----" "$tmp/e/none" "$tmp/e/d"

# Only the security archive: no entry, exit 1 with a message naming the suite.
mkdir -p "$tmp/f/d"
echo "deb http://security.example.org/debian-security bookworm-security main" >"$tmp/f/sources.list"
if out=$("$helper" "$tmp/f/sources.list" "$tmp/f/d" 2>"$tmp/err"); then
  echo "FAIL no entry: exit 0 with: $out"
  fails=$((fails + 1))
elif [ -n "$out" ] || ! grep -q "suite bookworm" "$tmp/err"; then
  echo "FAIL no entry: stdout '$out', stderr '$(cat "$tmp/err")'"
  fails=$((fails + 1))
else
  echo "ok   no entry: $(cat "$tmp/err")"
fi

[ "$fails" -eq 0 ]
