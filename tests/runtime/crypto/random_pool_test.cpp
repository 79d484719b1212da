#include "runtime/crypto/random_pool.h"

#include <gtest/gtest.h>

#include "tests/runtime/crypto_test_util.h"

#include <string>

namespace carte::crypto {
namespace {

using test::hex;

Bytes text(const char* s) {
    return Bytes(reinterpret_cast<const uint8_t*>(s), __builtin_strlen(s));
}

TEST(RandomPool, RefusesUntilEnoughEntropyIsCredited) {
    RandomPool pool;
    uint8_t out[16];
    pool.mix(text("not much"), 100);
    EXPECT_FALSE(pool.generate(Span<uint8_t>(out, sizeof out)).ok());
    EXPECT_FALSE(pool.seeded());
    pool.mix(text("more"), 156);
    EXPECT_TRUE(pool.generate(Span<uint8_t>(out, sizeof out)).ok());
    EXPECT_TRUE(pool.seeded());
}

// Known answer from an independent HMAC_DRBG (SP 800-90A 10.1.2, SHA-256) written with Python's
// hmac module: seed material SHA-256("carte-test-seed"), no nonce or personalisation.
TEST(RandomPool, IsHmacDrbgOverTheHashedInputs) {
    RandomPool pool;
    pool.mix(text("carte-test-seed"), 256);
    uint8_t out[40];
    ASSERT_TRUE(pool.generate(Span<uint8_t>(out, sizeof out)).ok());
    EXPECT_EQ(hex(out, 40),
              "af50ba75d7c236617330afd838a349cfd213efa0c2a945b9d0c8b3bb370665d5454c0264f176557d");
}

TEST(RandomPool, OutputsNeverRepeatAndDependOnEveryInput) {
    RandomPool a, b;
    a.mix(text("seed"), 256);
    b.mix(text("seee"), 256);
    uint8_t x[32], y[32], z[32];
    ASSERT_TRUE(a.generate(Span<uint8_t>(x, 32)).ok());
    ASSERT_TRUE(a.generate(Span<uint8_t>(y, 32)).ok());
    ASSERT_TRUE(b.generate(Span<uint8_t>(z, 32)).ok());
    EXPECT_NE(hex(x, 32), hex(y, 32));
    EXPECT_NE(hex(x, 32), hex(z, 32));
    // Events (frame timings) reseed at the next generate.
    RandomPool c, d;
    c.mix(text("seed"), 256);
    d.mix(text("seed"), 256);
    d.mix_event(12345);
    ASSERT_TRUE(c.generate(Span<uint8_t>(x, 32)).ok());
    ASSERT_TRUE(d.generate(Span<uint8_t>(y, 32)).ok());
    EXPECT_NE(hex(x, 32), hex(y, 32));
}

uint64_t g_counter;
uint64_t stuck() {
    return 42;
}
uint64_t lockstep() {
    return g_counter += 100;
}
uint64_t noisy() {
    g_counter = g_counter * 6364136223846793005ull + 1442695040888963407ull;
    return g_counter >> 40;
}

TEST(RandomPool, ClockJitterCreditsOnlyAClockThatJitters) {
    RandomPool pool;
    EXPECT_EQ(mix_clock_jitter(pool, stuck, 256, 1000), 0u);
    g_counter = 0;
    EXPECT_EQ(mix_clock_jitter(pool, lockstep, 256, 1000), 0u);
    EXPECT_EQ(pool.credited_bits(), 0u);
    g_counter = 1;
    EXPECT_GE(mix_clock_jitter(pool, noisy, 256, 100000), 256u);
    EXPECT_GE(pool.credited_bits(), 256u);
}

}  // namespace
}  // namespace carte::crypto
