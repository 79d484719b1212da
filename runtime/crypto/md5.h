// MD5 (RFC 1321), portable and freestanding, for iPXE's `md5sum` command only (not for any
// security decision).
#pragma once
#include "runtime/rt/span.h"

namespace carte::crypto {

constexpr size_t kMd5Size = 16;

class Md5 {
  public:
    Md5() { reset(); }
    void reset();
    void update(Bytes data);
    // Pads, writes the digest and resets.
    void finish(uint8_t out[kMd5Size]);

  private:
    void compress(const uint8_t block[64]);
    uint32_t state_[4];
    uint64_t length_;
    uint8_t buffer_[64];
    size_t buffered_;
};

}  // namespace carte::crypto
