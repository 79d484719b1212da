#include "platform/firmware/net/frame_copy.h"

#include "runtime/rt/hot_text.h"

namespace carte::fw {

namespace {

constexpr size_t kEthHeader = 14;

uint16_t load16(const uint8_t* p) {
    uint16_t v;
    __builtin_memcpy(&v, p, 2);
    return v;
}

// Copies n bytes and returns their ones'-complement sum as 16-bit words in memory order,
// unfolded. Words in memory order (not network order) are fine: the folded sum is compared with
// 0xffff, which byte swapping leaves unchanged. 8 bytes per step: one load, one store, two adds.
CARTE_HOT_TEXT("copy_and_sum") uint64_t copy_and_sum(uint8_t* dst, const uint8_t* src, size_t n) {
    uint64_t sum = 0;
    for (; n >= 8; n -= 8, src += 8, dst += 8) {
        uint64_t w;
        __builtin_memcpy(&w, src, 8);
        __builtin_memcpy(dst, &w, 8);
        sum += (w & 0xffffffffu) + (w >> 32);
    }
    for (; n >= 2; n -= 2, src += 2, dst += 2) {
        uint16_t w = load16(src);
        __builtin_memcpy(dst, &w, 2);
        sum += w;
    }
    if (n) {
        *dst = *src;
        sum += *src;  // the odd last byte is the first (low, in memory order) byte of its word
    }
    return sum;
}

uint16_t fold(uint64_t sum) {
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return uint16_t(sum);
}

uint16_t swap16(uint16_t v) {
    return uint16_t(v << 8 | v >> 8);
}

}  // namespace

CARTE_HOT_TEXT("copy_bytes") void copy_bytes(uint8_t* dst, const uint8_t* src, size_t n) {
    for (; n >= 8; n -= 8, src += 8, dst += 8) {
        uint64_t w;
        __builtin_memcpy(&w, src, 8);
        __builtin_memcpy(dst, &w, 8);
    }
    while (n--) *dst++ = *src++;
}

CARTE_HOT_TEXT("copy_frame") FrameCheck copy_frame(uint8_t* dst, Bytes frame) {
    const uint8_t* f = frame.data();
    size_t n = frame.size();
    // IPv4 (ethertype 0x0800, no VLAN tag), version 4, protocol 6, neither MF nor a fragment offset.
    bool tcp = n >= kEthHeader + 20 && f[12] == 0x08 && f[13] == 0x00 && (f[14] >> 4) == 4 && f[23] == 6 &&
               (f[20] & 0x3f) == 0 && f[21] == 0;
    size_t ip_header = tcp ? size_t(f[14] & 0x0f) * 4 : 0;
    size_t ip_total = tcp ? size_t(f[16]) << 8 | f[17] : 0;
    if (!tcp || ip_header < 20 || ip_total < ip_header + 20 || kEthHeader + ip_total > n) {
        if (n) __builtin_memcpy(dst, f, n);  // an empty span may have no data pointer
        return FrameCheck::not_tcp;
    }
    size_t segment_at = kEthHeader + ip_header, segment = ip_total - ip_header;
    __builtin_memcpy(dst, f, segment_at);
    uint64_t sum = copy_and_sum(dst + segment_at, f + segment_at, segment);
    __builtin_memcpy(dst + segment_at + segment, f + segment_at + segment,
                     n - segment_at - segment);  // padding
    // Pseudo header: source and destination address, zero + protocol, TCP length.
    for (size_t i = 26; i < 34; i += 2) sum += load16(f + i);
    sum += swap16(6) + swap16(uint16_t(segment));
    return fold(sum) == 0xffff ? FrameCheck::tcp_ok : FrameCheck::tcp_bad;
}

}  // namespace carte::fw
