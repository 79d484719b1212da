#!/usr/bin/env bash
# Configures and builds Carte into build/ (Release-with-debug-info, Ninja). Extra args go to cmake.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cmake -S "$here" -B "$here/build" -G Ninja "$@" >/dev/null
ninja -C "$here/build"
