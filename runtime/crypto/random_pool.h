// The firmware's random numbers: an entropy pool feeding an HMAC-DRBG (NIST SP 800-90A, SHA-256).
// Platforms mix in what they have (RDSEED/RDRAND, EFI_RNG_PROTOCOL, getrandom on the host, CPU
// clock jitter, network frame timings) and say how many bits of entropy each input is worth; the
// DRBG gives out nothing until 256 bits have been credited. TLS seeds each connection from it.
// docs/tls.md, "Entropy", lists the sources and their credits.
#pragma once
#include "runtime/crypto/sha256.h"
#include "runtime/rt/result.h"

namespace carte::crypto {

class RandomPool {
  public:
    static constexpr unsigned kSeedBits = 256;

    // Mixes `data` in, crediting `bits` of entropy (0 for inputs only hoped to be unpredictable).
    void mix(Bytes data, unsigned bits);
    // Folds one event's timestamp in (a received frame, a key press): cheap enough for every
    // packet, credited nothing, hashed in at the next generate().
    void mix_event(uint64_t stamp) {
        events_[event_count_ % kEventSlots] ^= stamp + event_count_;
        ++event_count_;
    }
    unsigned credited_bits() const { return credited_; }
    bool seeded() const { return seeded_; }

    // Fills `out`; Errc::io "not enough entropy" until kSeedBits have been credited.
    Status generate(Span<uint8_t> out);

  private:
    static constexpr unsigned kEventSlots = 8;
    void update(Bytes provided);
    void fold_pending();

    Sha256 pending_;
    bool has_pending_ = false;
    unsigned credited_ = 0;
    bool seeded_ = false;
    uint8_t key_[kSha256Size] = {};
    uint8_t value_[kSha256Size] = {};
    uint64_t events_[kEventSlots] = {};
    uint64_t event_count_ = 0, events_folded_ = 0;
};

// The pool of this boot (or `carte run` process).
RandomPool& random_pool();

// Collects CPU clock jitter: reads `counter` around small memory-touching loops and credits one
// bit for each sample whose first three differences are all non-zero (a clock that does not
// move, or moves in lock-step, earns nothing). Stops at `want_bits` credited or `max_samples`.
// Returns the bits credited.
unsigned mix_clock_jitter(RandomPool& pool, uint64_t (*counter)(), unsigned want_bits, unsigned max_samples);

}  // namespace carte::crypto
