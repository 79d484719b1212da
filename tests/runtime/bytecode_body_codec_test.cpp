// The LZ block codec on its own: round trips, and the decoder's refusal of every kind of bad token.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "runtime/bytecode/body_codec.h"

namespace carte::bc {
namespace {

std::vector<uint8_t> compress(const std::vector<uint8_t>& in) {
    Vec<uint8_t> out;
    EXPECT_TRUE(compress_body(Bytes(in.data(), in.size()), &out));
    return std::vector<uint8_t>(out.begin(), out.end());
}

// Decodes `block` into exactly `size` bytes; returns the error text ("" on success).
std::string decode_error(const std::vector<uint8_t>& block, size_t size,
                         std::vector<uint8_t>* out = nullptr) {
    std::vector<uint8_t> buf(size + 1, 0xee);  // one guard byte past the declared size
    String why;
    bool ok = decompress_body(Bytes(block.data(), block.size()), buf.data(), size, &why);
    EXPECT_EQ(buf[size], 0xee) << "decoder wrote past the output size";
    if (ok && out) *out = std::vector<uint8_t>(buf.begin(), buf.begin() + static_cast<long>(size));
    if (ok) {
        EXPECT_TRUE(why.empty());
    }
    return ok ? "" : (why.empty() ? "(no message)" : std::string(why.c_str()));
}

void expect_round_trip(const std::vector<uint8_t>& in) {
    auto block = compress(in);
    std::vector<uint8_t> back;
    ASSERT_EQ(decode_error(block, in.size(), &back), "");
    EXPECT_EQ(back, in);
}

std::vector<uint8_t> text(const std::string& s) {
    return std::vector<uint8_t>(s.begin(), s.end());
}

std::vector<uint8_t> templated(int n) {
    std::string s;
    for (int i = 0; i < n; ++i)
        s += "http://mirror" + std::to_string(i % 8) + ".example.org/pub/dist" + std::to_string(i / 24) +
             "/releases/" + std::to_string(i % 24) + "/x86_64/os/images/pxeboot/vmlinuz";
    return text(s);
}

TEST(BodyCodec, RoundTripsEdgeSizes) {
    for (size_t n : {0, 1, 2, 3, 4, 5, 15, 16, 19, 20, 300})
        expect_round_trip(std::vector<uint8_t>(n, 'x'));  // long runs: overlapping matches
    expect_round_trip(text("abcd"));
    expect_round_trip(text("abcabcabcabcabcabcabcabcabcabcabcabcabcabcab"));
}

TEST(BodyCodec, RoundTripsRandomData) {
    std::mt19937 rng(12345);
    for (int round = 0; round < 40; ++round) {
        size_t n = rng() % 5000;
        std::vector<uint8_t> in(n);
        // Small alphabets give many short matches; full bytes give mostly literals.
        unsigned alphabet = round % 2 ? 256 : 1 + rng() % 6;
        for (auto& b : in) b = static_cast<uint8_t>(rng() % alphabet);
        expect_round_trip(in);
    }
    std::vector<uint8_t> big(300000);
    for (auto& b : big) b = static_cast<uint8_t>(rng());
    expect_round_trip(big);
}

TEST(BodyCodec, CompressesTemplatedStrings) {
    auto in = templated(2000);
    auto block = compress(in);
    expect_round_trip(in);
    EXPECT_LT(block.size() * 8, in.size()) << block.size() << " of " << in.size();
}

TEST(BodyCodec, IncompressibleDataGrowsOnlySlightly) {
    std::mt19937 rng(7);
    std::vector<uint8_t> in(100000);
    for (auto& b : in) b = static_cast<uint8_t>(rng());
    EXPECT_LT(compress(in).size(), in.size() + in.size() / 100 + 16);
}

TEST(BodyCodec, RejectsMatchOffsetBeyondOutput) {
    // 1 literal 'a', then offset 2 with only 1 byte written.
    EXPECT_EQ(decode_error({0x10, 'a', 0x02}, 5), "compressed body: match offset 0x2 beyond output");
    // A match before any literal at all.
    EXPECT_EQ(decode_error({0x00, 0x01}, 4), "compressed body: match offset 0x1 beyond output");
}

TEST(BodyCodec, RejectsZeroOffset) {
    EXPECT_EQ(decode_error({0x10, 'a', 0x00}, 5), "compressed body: zero match offset at input offset 0x0");
}

TEST(BodyCodec, RejectsLiteralOverruns) {
    EXPECT_EQ(decode_error({0x30, 'a', 'b', 'c'}, 2),
              "compressed body: literal run overruns the output: length 0x3");
    EXPECT_EQ(decode_error({0x30, 'a'}, 3), "compressed body: literal run overruns the input: length 0x3");
    // An extension that makes the run enormous (15 + 0xffffffff) must not wrap around.
    EXPECT_EQ(decode_error({0xf0, 0xff, 0xff, 0xff, 0xff, 0x0f}, 10),
              "compressed body: literal run overruns the output: length 0x10000000e");
}

TEST(BodyCodec, RejectsMatchOverrunningOutput) {
    EXPECT_EQ(decode_error({0x10, 'a', 0x01, 0x00}, 5), "");  // 1 literal + 4-byte match + empty final
    EXPECT_EQ(decode_error({0x10, 'a', 0x01}, 4), "compressed body: match overruns the output: length 0x4");
    EXPECT_EQ(decode_error({0x1f, 'a', 0x01, 0xff, 0xff, 0xff, 0xff, 0x0f}, 100),
              "compressed body: match overruns the output: length 0x100000012");
}

TEST(BodyCodec, RejectsUnderrunTrailingBytesAndBadVarints) {
    EXPECT_EQ(decode_error({0x10, 'a', 0x01}, 9),
              "compressed body: input ends early: expected a token at input offset 0x3 (output underrun)");
    EXPECT_EQ(decode_error({}, 1),
              "compressed body: input ends early: expected a token at input offset 0x0 (output underrun)");
    EXPECT_EQ(decode_error({0x20, 'a', 'b', 0x00}, 2),
              "compressed body: trailing bytes after the output is complete at input offset 0x3");
    EXPECT_EQ(decode_error({0x21, 'a', 'b'}, 2),
              "compressed body: final sequence has a match at input offset 0x0");
    EXPECT_EQ(decode_error({0xf0, 0x80, 0x80, 0x80, 0x80, 0x80}, 100),
              "compressed body: bad literal length varint at input offset 0x0");
    EXPECT_EQ(decode_error({0x10, 'a'}, 5), "compressed body: bad match offset varint at input offset 0x0");
    EXPECT_EQ(decode_error({0x1f, 'a', 0x01}, 50),
              "compressed body: bad match length varint at input offset 0x0");
}

TEST(BodyCodec, RejectsEveryTruncation) {
    auto in = templated(50);
    auto block = compress(in);
    for (size_t cut = 0; cut < block.size(); ++cut) {
        std::vector<uint8_t> part(block.begin(), block.begin() + static_cast<long>(cut));
        EXPECT_NE(decode_error(part, in.size()), "") << "cut at " << cut;
    }
}

TEST(BodyCodec, SurvivesCorruptionWithoutWritingOutOfBounds) {
    auto in = templated(30);
    auto block = compress(in);
    std::mt19937 rng(99);
    int rejected = 0;
    for (size_t i = 0; i < block.size(); ++i) {
        for (uint8_t v : {uint8_t{0x00}, uint8_t{0xff}, static_cast<uint8_t>(rng())}) {
            auto bad = block;
            if (bad[i] == v) continue;
            bad[i] = v;
            if (decode_error(bad, in.size()) != "") ++rejected;  // guard byte checked inside
        }
    }
    EXPECT_GT(rejected, 0);
}

}  // namespace
}  // namespace carte::bc
