// Glob matching for the `match` opcode (Carte conditions such as `net0/mac ~ "52:54:00:*"`):
// `*` any run, `?` one byte, `[abc]`/`[a-z]`/`[!a]` a class; ASCII case-insensitive.
// Iterative with one backtrack point, so it is linear-ish and never recurses.
#pragma once
#include "runtime/rt/str.h"

namespace carte {

bool glob_match(Str pattern, Str text);

}  // namespace carte
