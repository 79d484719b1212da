// The signature trailer's framing: round trip, and each malformation refused with its reason.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/bytecode/signature_trailer.h"
#include "tests/runtime/crypto_test_util.h"

namespace carte::bc {
namespace {

std::vector<uint8_t> two_record_trailer() {
    std::vector<uint8_t> sig1(64, 0x11), sig2(64, 0x22);
    SignatureRecord r[2];
    for (size_t i = 0; i < kKeyIdSize; ++i)
        r[0].key_id.bytes[i] = static_cast<uint8_t>(i), r[1].key_id.bytes[i] = 0xa0;
    r[0].algorithm = r[1].algorithm = static_cast<uint8_t>(SignatureAlgorithm::EcdsaP256Sha256);
    r[0].signature = test::bytes_of(sig1);
    r[1].signature = test::bytes_of(sig2);
    auto t = encode_signature_trailer(Span<const SignatureRecord>(r, 2));
    EXPECT_TRUE(t.ok());
    return std::vector<uint8_t>(t->begin(), t->end());
}

std::string parse_error(const std::vector<uint8_t>& t) {
    String why;
    auto r = parse_signature_trailer(test::bytes_of(t), &why);
    EXPECT_FALSE(r.ok());
    if (!r.ok()) {
        EXPECT_EQ(r.error().code, Errc::badmsg);
    }
    return why.c_str();
}

TEST(CryptoSignatureTrailer, RoundTrip) {
    auto t = two_record_trailer();
    ASSERT_EQ(t.size(), 8u + 2 * (12 + 64));
    EXPECT_EQ(std::string(t.begin(), t.begin() + 4), "CSIG");
    auto p = parse_signature_trailer(test::bytes_of(t));
    ASSERT_TRUE(p.ok());
    ASSERT_EQ(p->count, 2u);
    EXPECT_EQ(p->records[0].key_id.bytes[7], 7);
    EXPECT_EQ(p->records[1].signature[63], 0x22);
    String hex;
    ASSERT_TRUE(p->records[0].key_id.append_hex(&hex));
    EXPECT_EQ(hex, Str("0001020304050607"));
}

TEST(CryptoSignatureTrailer, EachMalformationHasItsOwnReason) {
    auto good = two_record_trailer();
    EXPECT_EQ(parse_error({}), "trailer+0x0: empty (no signature records)");
    EXPECT_EQ(parse_error(std::vector<uint8_t>(good.begin(), good.begin() + 5)),
              "trailer+0x0: truncated header (shorter than 8 bytes)");
    auto t = good;
    t[0] = 'X';
    EXPECT_EQ(parse_error(t), "trailer+0x0: bad magic (expected \"CSIG\")");
    t = good, t[4] = 2;
    EXPECT_EQ(parse_error(t), "trailer+0x4: unsupported trailer version");
    t = good, t[5] = 0;
    EXPECT_EQ(parse_error(t), "trailer+0x5: no signature records (count 0)");
    t = good, t[5] = 9;
    EXPECT_EQ(parse_error(t), "trailer+0x5: too many signature records (more than 8)");
    t = good, t[5] = 3;
    EXPECT_EQ(parse_error(t), "trailer+0xa0: truncated signature record");
    t = good, t[6] = 1;
    EXPECT_EQ(parse_error(t), "trailer+0x6: reserved bytes are not zero");
    t = good, t[8 + 9] = 1;
    EXPECT_EQ(parse_error(t), "trailer+0x11: reserved record byte is not zero");
    t = good, t[8 + 10] = 63;
    EXPECT_EQ(parse_error(t), "trailer+0x12: ECDSA P-256 signature size is not 64");
    t = std::vector<uint8_t>(good.begin(), good.end() - 1);
    EXPECT_EQ(parse_error(t), "trailer+0x60: signature bytes are truncated");
    t = good, t.push_back(0);
    EXPECT_EQ(parse_error(t), "trailer+0xa0: unexpected bytes after the last signature record");
}

TEST(CryptoSignatureTrailer, UnknownAlgorithmsAreFramedNotRejected) {
    // A newer signer may add a record this ROM cannot check; framing must still parse it so the
    // policy (runtime/crypto/signature.h) can skip records by keys it does not trust.
    auto t = two_record_trailer();
    t[8 + 76 + 8] = 9;  // second record's algorithm
    t[8 + 76 + 10] = 63;
    t.pop_back();
    auto p = parse_signature_trailer(test::bytes_of(t));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->records[1].algorithm, 9);
    EXPECT_EQ(p->records[1].signature.size(), 63u);
}

TEST(CryptoSignatureTrailer, LocateSignedParts) {
    std::vector<uint8_t> m(40, 0);
    m[0] = 'C', m[1] = 'B', m[2] = 'M', m[3] = 0x1a, m[4] = 1;
    m[12] = 36;  // body_size
    m[16] = 5;   // serial
    String why;
    auto bad = locate_signed_parts(test::bytes_of(m), &why);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(why, Str("header: trailing bytes after the body without the TRAILER flag"));
    m[8] = 4;  // TRAILER
    auto ok = locate_signed_parts(test::bytes_of(m));
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->body.size(), 36u);
    EXPECT_EQ(ok->trailer.size(), 4u);
    EXPECT_EQ(ok->serial, 5u);
    m[12] = 41;
    why.clear();
    EXPECT_FALSE(locate_signed_parts(test::bytes_of(m), &why).ok());
    EXPECT_EQ(why, Str("header: body_size out of range"));
}

}  // namespace
}  // namespace carte::bc
