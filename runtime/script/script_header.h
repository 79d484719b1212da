// Recognising a classic iPXE script by its header (iPXE: src/image/script.c, script_probe()).
#pragma once
#include "runtime/rt/span.h"
#include "runtime/rt/str.h"

namespace carte::script {

// The whitespace set of C's isspace() in the "C" locale: iPXE splits words and checks the
// header with it, so Carte must agree byte for byte.
constexpr bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// True if the bytes start with `#!ipxe` or `#!gpxe` followed by one whitespace byte. A bare
// `#!ipxe` with nothing after it (6 bytes) is not a script, exactly as in iPXE.
bool is_script(Bytes bytes);
inline bool is_script(Str text) {
    return is_script(Bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

}  // namespace carte::script
