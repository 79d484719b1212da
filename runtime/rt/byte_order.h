// Little-endian fixed-width fields, as the bytecode, boot protocols (zero page, multiboot info)
// and key files lay them out. Offsets into spans are the caller's to bound-check.
#pragma once
#include "runtime/rt/span.h"

namespace carte {

inline uint16_t load_le16(const uint8_t* p) {
    return static_cast<uint16_t>(p[0] | p[1] << 8);
}
inline uint32_t load_le32(const uint8_t* p) {
    return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
           static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}
inline uint64_t load_le64(const uint8_t* p) {
    return load_le32(p) | static_cast<uint64_t>(load_le32(p + 4)) << 32;
}
inline void store_le32(uint8_t* p, uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}
inline void store_le64(uint8_t* p, uint64_t v) {
    store_le32(p, static_cast<uint32_t>(v));
    store_le32(p + 4, static_cast<uint32_t>(v >> 32));
}

// The same at an offset into a span.
inline uint16_t get_le16(Bytes b, size_t off) {
    return load_le16(b.data() + off);
}
inline uint32_t get_le32(Bytes b, size_t off) {
    return load_le32(b.data() + off);
}
inline uint64_t get_le64(Bytes b, size_t off) {
    return load_le64(b.data() + off);
}
inline void put_le32(Span<uint8_t> b, size_t off, uint32_t v) {
    store_le32(b.data() + off, v);
}
inline void put_le64(Span<uint8_t> b, size_t off, uint64_t v) {
    store_le64(b.data() + off, v);
}

}  // namespace carte
