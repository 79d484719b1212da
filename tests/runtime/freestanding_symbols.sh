#!/bin/sh
# The freestanding runtime may depend only on what every platform provides: the C memory
# functions and the runtime's own platform hooks. Anything else (a libc or libstdc++ symbol,
# operator new, __cxa_*) means hosted code slipped into runtime/.
set -eu
obj=$1
allowed='^(memcpy|memset|memmove|memcmp|strlen|__cxa_pure_virtual|_ZN5carte5panicEPKc)$'
bad=$(nm -u "$obj" | awk '{print $2}' | grep -Ev "$allowed" || true)
if [ -n "$bad" ]; then
  echo "freestanding runtime references symbols no platform provides:" >&2
  echo "$bad" | sed 's/^/  /' >&2
  exit 1
fi
echo "freestanding runtime: $(nm -u "$obj" | wc -l) undefined symbols, all provided by platforms"
