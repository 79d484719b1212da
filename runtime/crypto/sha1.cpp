#include "runtime/crypto/sha1.h"

namespace carte::crypto {

namespace {
uint32_t rol(uint32_t x, unsigned n) {
    return x << n | x >> (32 - n);
}
}  // namespace

void Sha1::reset() {
    state_[0] = 0x67452301u, state_[1] = 0xefcdab89u, state_[2] = 0x98badcfeu, state_[3] = 0x10325476u,
    state_[4] = 0xc3d2e1f0u;
    length_ = 0;
    buffered_ = 0;
}

void Sha1::compress(const uint8_t block[64]) {
    uint32_t w[80];
    for (int i = 0; i < 16; ++i)
        w[i] = static_cast<uint32_t>(block[4 * i]) << 24 | static_cast<uint32_t>(block[4 * i + 1]) << 16 |
               static_cast<uint32_t>(block[4 * i + 2]) << 8 | block[4 * i + 3];
    for (int i = 16; i < 80; ++i) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3], e = state_[4];
    for (int i = 0; i < 80; ++i) {
        uint32_t f, k;
        if (i < 20)
            f = (b & c) | (~b & d), k = 0x5a827999u;
        else if (i < 40)
            f = b ^ c ^ d, k = 0x6ed9eba1u;
        else if (i < 60)
            f = (b & c) | (b & d) | (c & d), k = 0x8f1bbcdcu;
        else
            f = b ^ c ^ d, k = 0xca62c1d6u;
        uint32_t t = rol(a, 5) + f + e + k + w[i];
        e = d, d = c, c = rol(b, 30), b = a, a = t;
    }
    state_[0] += a, state_[1] += b, state_[2] += c, state_[3] += d, state_[4] += e;
}

void Sha1::update(Bytes data) {
    length_ += data.size();
    for (uint8_t byte : data) {
        buffer_[buffered_++] = byte;
        if (buffered_ == 64) compress(buffer_), buffered_ = 0;
    }
}

void Sha1::finish(uint8_t out[kSha1Size]) {
    uint64_t bits = length_ * 8;
    uint8_t pad = 0x80;
    update(Bytes(&pad, 1));
    uint8_t zero = 0;
    while (buffered_ != 56) update(Bytes(&zero, 1));
    uint8_t len[8];
    for (int i = 0; i < 8; ++i) len[i] = static_cast<uint8_t>(bits >> (56 - 8 * i));
    update(Bytes(len, 8));
    for (int i = 0; i < 5; ++i)
        for (int j = 0; j < 4; ++j) out[4 * i + j] = static_cast<uint8_t>(state_[i] >> (24 - 8 * j));
    reset();
}

}  // namespace carte::crypto
