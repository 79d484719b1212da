// Dotted-quad IPv4 text: "192.168.0.1" <-> Ipv4. Strict: four decimal parts 0-255, no extra text.
#pragma once
#include "runtime/platform/network.h"
#include "runtime/rt/string.h"

namespace carte {

bool parse_ipv4(Str text, Ipv4* out);
[[nodiscard]] bool append_ipv4(Ipv4 ip, String* out);

}  // namespace carte
