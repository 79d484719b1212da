// SHA-256 (FIPS 180-4), portable and freestanding: used for menu signatures, `--sha256` pins
// and the `sha256sum` command. Streaming: construct, update() any number of times, finish().
#pragma once
#include "runtime/rt/span.h"
#include "runtime/rt/types.h"

namespace carte::crypto {

constexpr size_t kSha256Size = 32;

struct Sha256Digest {
    uint8_t bytes[kSha256Size] = {};

    Bytes view() const { return Bytes(bytes, kSha256Size); }
    friend bool operator==(const Sha256Digest& a, const Sha256Digest& b) {
        for (size_t i = 0; i < kSha256Size; ++i)
            if (a.bytes[i] != b.bytes[i]) return false;
        return true;
    }
    friend bool operator!=(const Sha256Digest& a, const Sha256Digest& b) { return !(a == b); }
};

class Sha256 {
  public:
    Sha256() { reset(); }
    void reset();
    void update(Bytes data);
    void update(const void* data, size_t size) { update(Bytes(static_cast<const uint8_t*>(data), size)); }
    // Pads, writes the digest and resets, so the object can hash another message.
    Sha256Digest finish();

  private:
    void compress(const uint8_t block[64]);
    uint32_t state_[8];
    uint64_t length_;  // bytes hashed so far
    uint8_t buffer_[64];
    size_t buffered_;
};

// One-shot convenience.
Sha256Digest sha256(Bytes data);

}  // namespace carte::crypto
