// Host test of the firmware heap (platform/firmware/heap.cpp): first-fit and top-down placement,
// alignment, exact claims, coalescing, and a randomized run against a shadow model.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "platform/firmware/heap.h"

using carte::fw::FirstFitHeap;

namespace {

struct Arena {
    std::vector<uint8_t> mem;
    uintptr_t base;
    size_t size;
    explicit Arena(size_t n) : mem(n + 4096) {
        base = (reinterpret_cast<uintptr_t>(mem.data()) + 4095) & ~uintptr_t(4095);
        size = n;
    }
};

}  // namespace

TEST(PcHeap, AllocatesAlignedAndCoalesces) {
    Arena a(8 << 20);
    FirstFitHeap h;
    h.add_region(a.base, a.size);
    EXPECT_EQ(h.free_bytes(), a.size);
    void* p = h.allocate(100, 8);
    void* q = h.allocate(5000, 4096);
    ASSERT_TRUE(p && q);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p), a.base);  // first fit: lowest address
    EXPECT_EQ(reinterpret_cast<uintptr_t>(q) % 4096, 0u);
    h.deallocate(p, 100);
    h.deallocate(q, 5000);
    EXPECT_EQ(h.free_bytes(), a.size);
    EXPECT_EQ(h.largest_free(), a.size);  // everything merged back into one block
}

TEST(PcHeap, LargeBlocksComeFromTheTop) {
    Arena a(8 << 20);
    FirstFitHeap h;
    h.add_region(a.base, a.size);
    void* big = h.allocate(2 << 20, 4096);
    ASSERT_TRUE(big);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(big) + (2 << 20), a.base + a.size);
    EXPECT_EQ(h.allocate(16 << 20, 16), nullptr);  // too large: fails cleanly
    h.deallocate(big, 2 << 20);
    EXPECT_EQ(h.largest_free(), a.size);
}

TEST(PcHeap, ClaimsExactRanges) {
    Arena a(1 << 20);
    FirstFitHeap h;
    h.add_region(a.base, a.size);
    void* c = h.claim(a.base + 4096, 8192);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(c), a.base + 4096);
    EXPECT_EQ(h.claim(a.base + 8192, 16), nullptr);  // already taken
    EXPECT_EQ(h.free_bytes(), a.size - 8192);
    h.deallocate(c, 8192);
    EXPECT_EQ(h.largest_free(), a.size);
}

TEST(PcHeap, RandomizedAgainstShadow) {
    Arena a(4 << 20);
    FirstFitHeap h;
    h.add_region(a.base, a.size);
    std::mt19937 rng(1234);
    struct Live {
        uint8_t* p;
        size_t n;
        uint8_t tag;
    };
    std::vector<Live> live;
    for (int step = 0; step < 20000; ++step) {
        if (live.empty() || rng() % 3 != 0) {
            size_t n = 1 + rng() % (rng() % 10 == 0 ? (1 << 20) + 100 : 3000);
            size_t align = size_t(1) << (rng() % 13);
            auto* p = static_cast<uint8_t*>(h.allocate(n, align));
            if (!p) continue;
            ASSERT_EQ(reinterpret_cast<uintptr_t>(p) % align, 0u);
            ASSERT_GE(reinterpret_cast<uintptr_t>(p), a.base);
            ASSERT_LE(reinterpret_cast<uintptr_t>(p) + n, a.base + a.size);
            uint8_t tag = uint8_t(rng());
            std::memset(p, tag, n);
            live.push_back({p, n, tag});
        } else {
            size_t k = rng() % live.size();
            Live l = live[k];
            for (size_t i = 0; i < l.n; ++i) ASSERT_EQ(l.p[i], l.tag) << "block overwritten";
            h.deallocate(l.p, l.n);
            live.erase(live.begin() + long(k));
        }
    }
    for (const Live& l : live) h.deallocate(l.p, l.n);
    EXPECT_EQ(h.free_bytes(), a.size);
    EXPECT_EQ(h.largest_free(), a.size);
}

TEST(PcHeap, AllocatesBelowALimit) {
    Arena a(8 << 20);
    FirstFitHeap h;
    h.add_region(a.base, a.size);
    uint64_t limit = a.base + (3 << 20) + 100;
    void* p = h.allocate_below(1 << 20, 4096, limit);
    ASSERT_TRUE(p);
    EXPECT_LE(reinterpret_cast<uintptr_t>(p) + (1 << 20), limit);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p), (limit - (1 << 20)) & ~uint64_t(4095));  // as high as allowed
    EXPECT_EQ(h.allocate_below(4 << 20, 16, limit), nullptr);  // does not fit below the limit
    h.deallocate(p, 1 << 20);
    EXPECT_EQ(h.largest_free(), a.size);
}
