// The DER reader (runtime/crypto/der.h): definite lengths in shortest form, bounds, offsets.
#include <gtest/gtest.h>

#include "runtime/crypto/der.h"
#include "tests/runtime/crypto_test_util.h"

namespace carte::crypto::der {
namespace {

using test::bytes_of;
using test::unhex;

TEST(Der, WalksNestedItemsWithOffsets) {
    auto data = unhex(
        "3008"
        "0201"
        "05"
        "0403"
        "aabbcc");
    Reader r(bytes_of(data));
    auto seq = r.enter(kSequence);
    ASSERT_TRUE(seq.ok());
    EXPECT_TRUE(r.finish().ok());
    auto i = seq->expect(kInteger);
    ASSERT_TRUE(i.ok());
    EXPECT_EQ(i->offset, 2u);
    EXPECT_EQ(i->value[0], 5);
    auto missing = seq->optional(kBoolean);
    ASSERT_TRUE(missing.ok());
    EXPECT_EQ(missing->tag, 0);
    auto o = seq->expect(kOctetString);
    ASSERT_TRUE(o.ok());
    EXPECT_EQ(o->offset, 5u);
    EXPECT_EQ(o->value.size(), 3u);
    EXPECT_EQ(o->whole.size(), 5u);
    EXPECT_TRUE(seq->at_end());
}

Error error_of(const std::string& hex) {
    auto data = unhex(hex);
    Reader r(bytes_of(data));
    auto item = r.next();
    EXPECT_FALSE(item.ok()) << hex;
    return item ? Error() : item.error();
}

TEST(Der, RefusesWhatDerForbids) {
    EXPECT_STREQ(error_of("").detail, "unexpected end of data");
    EXPECT_STREQ(error_of("30").detail, "truncated length");
    EXPECT_STREQ(error_of("3080").detail, "indefinite length (not DER)");
    EXPECT_STREQ(error_of("308105").detail, "length not in shortest form (not DER)");
    EXPECT_STREQ(error_of("30820005").detail, "length not in shortest form (not DER)");
    EXPECT_STREQ(error_of("3085ffffffffff").detail, "length too large");
    EXPECT_STREQ(error_of("3082ffff00").detail, "item runs past the end of its container");
    EXPECT_STREQ(error_of("1f2201").detail, "multi-byte tags are not supported");
    // The offset of a later item's error counts from the start of the buffer.
    auto data = unhex(
        "3003020101"
        "3005");
    Reader r(bytes_of(data));
    ASSERT_TRUE(r.next().ok());
    auto bad = r.next();
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().value, 5);
}

TEST(Der, LongFormLength) {
    std::vector<uint8_t> data = {0x04, 0x81, 0x80};
    data.resize(3 + 0x80, 0x5a);
    Reader r(bytes_of(data));
    auto item = r.expect(kOctetString);
    ASSERT_TRUE(item.ok());
    EXPECT_EQ(item->value.size(), 0x80u);
}

TEST(Der, Integers) {
    Item i;
    i.tag = kInteger;
    auto v = unhex("0080");
    i.value = bytes_of(v);
    ASSERT_TRUE(unsigned_integer(i).ok());
    EXPECT_EQ(unsigned_integer(i)->size(), 1u);
    auto neg = unhex("80");
    i.value = bytes_of(neg);
    EXPECT_FALSE(unsigned_integer(i).ok());
    auto loose = unhex("0001");
    i.value = bytes_of(loose);
    EXPECT_FALSE(unsigned_integer(i).ok());
}

TEST(Der, Times) {
    Item t;
    t.tag = kUtcTime;
    std::string utc = "491231235959Z";
    t.value = bytes_of(utc);
    ASSERT_TRUE(time_value(t).ok());
    EXPECT_EQ(*time_value(t), 2524607999u);  // 2049-12-31 23:59:59
    std::string y2k = "000229120000Z";
    t.value = bytes_of(y2k);
    EXPECT_EQ(*time_value(t), 951825600u);  // 2000-02-29 12:00:00
    t.tag = kGeneralizedTime;
    std::string gen = "20380119031408Z";
    t.value = bytes_of(gen);
    EXPECT_EQ(*time_value(t), 2147483648u);
    std::string local = "20380119031408";
    t.value = bytes_of(local);
    EXPECT_FALSE(time_value(t).ok());
    std::string month13 = "20381319031408Z";
    t.value = bytes_of(month13);
    EXPECT_FALSE(time_value(t).ok());
}

}  // namespace
}  // namespace carte::crypto::der
