// Lowercase hex of bytes, for comparing digests and random output with known answers.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace carte::test {

inline std::string hex(const uint8_t* p, size_t n) {
    static const char* d = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < n; ++i) s += d[p[i] >> 4], s += d[p[i] & 15];
    return s;
}

}  // namespace carte::test
