// Base64 (RFC 4648, with padding) for HTTP Basic authentication.
#pragma once
#include "runtime/rt/span.h"
#include "runtime/rt/string.h"

namespace carte {

[[nodiscard]] bool base64_encode(Bytes data, String* out);

}  // namespace carte
