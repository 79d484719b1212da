// Unit tests for the runtime's freestanding basics: Str, Vec, String, varints.
#include <gtest/gtest.h>

#include "runtime/rt/string.h"
#include "runtime/rt/varint.h"

namespace carte {
namespace {

TEST(Str, FindAndSubstr) {
    Str s("net0/mac:hexhyp");
    EXPECT_EQ(s.find('/'), 4u);
    EXPECT_EQ(s.find(Str("mac")), 5u);
    EXPECT_TRUE(s.substr(5, 3) == Str("mac"));
    EXPECT_TRUE(s.substr(100).empty());
    EXPECT_TRUE(s.starts_with("net0"));
    EXPECT_TRUE(s.ends_with("hyp"));
    EXPECT_LT(Str("a").compare("b"), 0);
    EXPECT_LT(Str("a").compare("ab"), 0);
}

TEST(String, AppendAndNumbers) {
    String s;
    ASSERT_TRUE(s.append("x="));
    ASSERT_TRUE(s.append_u64(255, 16, 4));
    ASSERT_TRUE(s.append(' '));
    ASSERT_TRUE(s.append_i64(-42));
    EXPECT_STREQ(s.c_str(), "x=00ff -42");
    s.truncate(1);
    EXPECT_STREQ(s.c_str(), "x");
}

TEST(Vec, GrowsAndMoves) {
    Vec<String> v;
    for (int i = 0; i < 100; ++i) {
        String s;
        ASSERT_TRUE(s.append_u64(static_cast<uint64_t>(i)));
        ASSERT_TRUE(v.push(move(s)));
    }
    EXPECT_EQ(v.size(), 100u);
    EXPECT_STREQ(v[99].c_str(), "99");
    Vec<String> w = move(v);
    EXPECT_EQ(w.size(), 100u);
    EXPECT_EQ(v.size(), 0u);
    w.erase(0);
    EXPECT_STREQ(w[0].c_str(), "1");
}

TEST(Varint, RoundTripAndRejectsMalformed) {
    const uint32_t values[] = {0, 1, 127, 128, 300, 0xffff, 0xffffffffu};
    for (uint32_t v : values) {
        uint8_t buf[5];
        size_t n = write_varint(v, buf);
        size_t pos = 0;
        uint32_t out = 0;
        ASSERT_TRUE(read_varint(Bytes(buf, n), &pos, &out));
        EXPECT_EQ(out, v);
        EXPECT_EQ(pos, n);
    }
    size_t pos = 0;
    uint32_t out;
    const uint8_t truncated[] = {0x80};
    EXPECT_FALSE(read_varint(Bytes(truncated, 1), &pos, &out));
    pos = 0;
    const uint8_t overlong[] = {0x80, 0x00};
    EXPECT_FALSE(read_varint(Bytes(overlong, 2), &pos, &out));
    pos = 0;
    const uint8_t too_big[] = {0xff, 0xff, 0xff, 0xff, 0x1f};
    EXPECT_FALSE(read_varint(Bytes(too_big, 5), &pos, &out));
}

}  // namespace
}  // namespace carte
