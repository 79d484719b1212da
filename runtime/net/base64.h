// Base64 (RFC 4648, with padding): HTTP Basic authentication, PEM certificates (certstore).
#pragma once
#include "runtime/rt/span.h"
#include "runtime/rt/string.h"
#include "runtime/rt/vec.h"

namespace carte {

[[nodiscard]] bool base64_encode(Bytes data, String* out);
// Decodes `text`, skipping whitespace; false on any other non-alphabet byte, bad padding or no memory.
[[nodiscard]] bool base64_decode(Str text, Vec<uint8_t>* out);

}  // namespace carte
