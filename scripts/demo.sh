#!/usr/bin/env bash
# The main job: set up, build, compile the bundled catalogue and show what it became.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
"$here/scripts/setup.sh"
"$here/scripts/build.sh"
"$here/build/carte" compile "$here/menus/catalogue.carte" -o "$here/build/catalogue.cbm"
"$here/build/carte" disasm "$here/build/catalogue.cbm" | head -60
