#include "runtime/crypto/random_pool.h"

namespace carte::crypto {
namespace {

// HMAC-SHA256 (RFC 2104) of the concatenation of up to three parts.
void hmac(const uint8_t key[kSha256Size], Bytes a, Bytes b, Bytes c, uint8_t out[kSha256Size]) {
    uint8_t pad[64];
    Sha256 h;
    for (size_t i = 0; i < 64; ++i) pad[i] = uint8_t((i < kSha256Size ? key[i] : 0) ^ 0x36);
    h.update(Bytes(pad, 64));
    h.update(a);
    h.update(b);
    h.update(c);
    Sha256Digest inner = h.finish();
    for (size_t i = 0; i < 64; ++i) pad[i] = uint8_t((i < kSha256Size ? key[i] : 0) ^ 0x5c);
    h.update(Bytes(pad, 64));
    h.update(inner.view());
    Sha256Digest d = h.finish();
    for (size_t i = 0; i < kSha256Size; ++i) out[i] = d.bytes[i];
}

}  // namespace

// SP 800-90A 10.1.2.2, HMAC_DRBG_Update.
void RandomPool::update(Bytes provided) {
    for (uint8_t round = 0; round < 2; ++round) {
        uint8_t sep = round;
        hmac(key_, Bytes(value_, kSha256Size), Bytes(&sep, 1), provided, key_);
        hmac(key_, Bytes(value_, kSha256Size), Bytes(), Bytes(), value_);
        if (provided.empty()) break;
    }
}

void RandomPool::mix(Bytes data, unsigned bits) {
    pending_.update(data);
    has_pending_ = true;
    credited_ = credited_ + bits < credited_ ? ~0u : credited_ + bits;
}

void RandomPool::fold_pending() {
    if (event_count_ != events_folded_) {
        pending_.update(events_, sizeof events_);
        events_folded_ = event_count_;
        has_pending_ = true;
    }
    if (!has_pending_) return;
    Sha256Digest d = pending_.finish();
    has_pending_ = false;
    if (!seeded_) {  // instantiate: K = 0x00.., V = 0x01..
        for (size_t i = 0; i < kSha256Size; ++i) key_[i] = 0, value_[i] = 1;
    }
    update(d.view());
}

Status RandomPool::generate(Span<uint8_t> out) {
    if (!seeded_ && credited_ < kSeedBits)
        return Error(Errc::io, "not enough entropy for random numbers (no hardware source, no clock jitter)");
    fold_pending();
    seeded_ = true;
    size_t done = 0;
    while (done < out.size()) {
        hmac(key_, Bytes(value_, kSha256Size), Bytes(), Bytes(), value_);
        for (size_t i = 0; i < kSha256Size && done < out.size(); ++i) out[done++] = value_[i];
    }
    update(Bytes());  // backtracking resistance: the state that made `out` is gone
    return {};
}

RandomPool& random_pool() {
    static RandomPool pool;
    return pool;
}

unsigned mix_clock_jitter(RandomPool& pool, uint64_t (*counter)(), unsigned want_bits, unsigned max_samples) {
    static volatile uint8_t scratch[4096];
    uint64_t batch[32];
    size_t in_batch = 0;
    unsigned credited = 0, pending_credit = 0;
    uint64_t prev = counter(), d1 = 0, d2 = 0;
    for (unsigned i = 0; i < max_samples && credited + pending_credit < want_bits; ++i) {
        // A little work whose duration depends on caches and the pipeline.
        for (unsigned j = 0; j < 16; ++j) {
            volatile uint8_t& cell = scratch[(i * 67 + j * 257) & 4095];
            cell = uint8_t(cell + prev);
        }
        uint64_t now = counter();
        uint64_t delta = now - prev, dd1 = delta - d1, dd2 = dd1 - d2;
        prev = now;
        if (i >= 2 && delta && dd1 && dd2) ++pending_credit;  // the first differences are not real yet
        d1 = delta;
        d2 = dd1;
        batch[in_batch++] = now;
        if (in_batch == 32) {
            pool.mix(Bytes(reinterpret_cast<const uint8_t*>(batch), sizeof batch), pending_credit);
            credited += pending_credit;
            pending_credit = 0;
            in_batch = 0;
        }
    }
    if (in_batch) {
        pool.mix(Bytes(reinterpret_cast<const uint8_t*>(batch), in_batch * sizeof batch[0]), pending_credit);
        credited += pending_credit;
    }
    return credited;
}

}  // namespace carte::crypto
