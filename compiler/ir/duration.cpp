#include "compiler/ir/duration.h"

namespace carte::ir {

std::optional<uint64_t> parse_duration_ms(std::string_view text) {
    size_t i = 0;
    uint64_t n = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        n = n * 10 + static_cast<uint64_t>(text[i] - '0');
        if (n > 0xffffffffull) return std::nullopt;
        ++i;
    }
    if (i == 0) return std::nullopt;
    std::string_view unit = text.substr(i);
    uint64_t scale;
    if (unit == "ms")
        scale = 1;
    else if (unit == "s")
        scale = 1000;
    else if (unit == "m" || unit == "min")
        scale = 60 * 1000;
    else if (unit == "h")
        scale = 3600 * 1000;
    else
        return std::nullopt;
    uint64_t ms = n * scale;
    if (ms > 0xffffffffull) return std::nullopt;
    return ms;
}

}  // namespace carte::ir
