// SHA-1 (FIPS 180-4), portable and freestanding, for iPXE's `sha1sum` command only (not for
// any security decision).
#pragma once
#include "runtime/rt/span.h"

namespace carte::crypto {

constexpr size_t kSha1Size = 20;

class Sha1 {
  public:
    Sha1() { reset(); }
    void reset();
    void update(Bytes data);
    // Pads, writes the digest and resets.
    void finish(uint8_t out[kSha1Size]);

  private:
    void compress(const uint8_t block[64]);
    uint32_t state_[5];
    uint64_t length_;
    uint8_t buffer_[64];
    size_t buffered_;
};

}  // namespace carte::crypto
