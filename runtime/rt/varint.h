// ULEB128 varints as used by the bytecode: at most 5 bytes for a u32, no overlong forms.
#pragma once
#include "runtime/rt/byte_order.h"  // the bytecode reads fixed-width fields beside varints
#include "runtime/rt/span.h"

namespace carte {

// Reads a u32 varint at bytes[*pos]; advances *pos. False if truncated, overlong or > 0xffffffff.
inline bool read_varint(Bytes bytes, size_t* pos, uint32_t* out) {
    uint32_t v = 0;
    for (unsigned i = 0; i < 5; ++i) {
        if (*pos >= bytes.size()) return false;
        uint8_t b = bytes[(*pos)++];
        if (i == 4 && (b & 0xf0)) return false;  // would overflow 32 bits
        v |= static_cast<uint32_t>(b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            if (i > 0 && b == 0) return false;  // overlong: a trailing zero group
            *out = v;
            return true;
        }
    }
    return false;
}

// Writes v as a varint into out[0..5); returns the byte count.
inline size_t write_varint(uint32_t v, uint8_t out[5]) {
    size_t n = 0;
    do {
        uint8_t b = v & 0x7f;
        v >>= 7;
        out[n++] = static_cast<uint8_t>(b | (v ? 0x80 : 0));
    } while (v);
    return n;
}

}  // namespace carte
