#include "platform/firmware/cpu_entropy.h"

#include "platform/firmware/cpuid.h"
#include "platform/firmware/tsc_clock.h"

namespace carte::fw {
namespace {

// One 64-bit value from RDSEED (seed = true) or RDRAND, retried as Intel's guidance says; false
// when the instruction keeps reporting no data.
bool hardware_random(bool seed, uint64_t* out) {
    for (int tries = 0; tries < 10; ++tries) {
        uint8_t ok;
        if (seed)
            __asm__ volatile("rdseed %0; setc %1" : "=r"(*out), "=qm"(ok));
        else
            __asm__ volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok));
        if (ok) return true;
    }
    return false;
}

}  // namespace

unsigned gather_cpu_entropy(crypto::RandomPool& pool) {
    unsigned credited = 0;
    const bool has_rdseed = (cpuid_leaf(7).b >> 18) & 1, has_rdrand = cpuid_bit(false, true, 30);
    for (int i = 0; i < 8 && (has_rdseed || has_rdrand); ++i) {
        uint64_t v;
        if ((has_rdseed && hardware_random(true, &v)) || (has_rdrand && hardware_random(false, &v))) {
            pool.mix(Bytes(reinterpret_cast<const uint8_t*>(&v), sizeof v), 64);
            credited += 64;
        }
    }
    // Jitter always, even with a hardware source: it costs a few milliseconds and means no single
    // source has to be trusted. Enough of it alone seeds the pool.
    unsigned want = crypto::RandomPool::kSeedBits * 2;
    credited += crypto::mix_clock_jitter(pool, read_tsc, want, 65536);
    return credited;
}

}  // namespace carte::fw
