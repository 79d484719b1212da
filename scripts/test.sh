#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine, builds, and runs every test (ctest).
# `scripts/test.sh -LE qemu` skips the QEMU end-to-end tests; other args go to ctest.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh"
"$here/scripts/build.sh"
cd "$here/build"
ctest --output-on-failure -j2 "$@"
