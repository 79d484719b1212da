// Typed durations (`10s`, `500ms`, `2m`, `1h`): the only way a timeout is written, in every
// front-end, so no bare number of unclear unit reaches the IR.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace carte::ir {

// Milliseconds for `<digits><unit>` with unit ms, s, m or h; nullopt when malformed or when
// the value does not fit in 32 bits of milliseconds.
std::optional<uint64_t> parse_duration_ms(std::string_view text);

// Bounds a menu timeout must respect (checked in compiler/check): 100ms … 1h.
constexpr uint64_t kMinTimeoutMs = 100;
constexpr uint64_t kMaxTimeoutMs = 3600ull * 1000;

}  // namespace carte::ir
