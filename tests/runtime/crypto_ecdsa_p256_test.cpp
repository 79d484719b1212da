// ECDSA P-256 verification (BearSSL behind runtime/crypto/ecdsa_p256.h) against the RFC 6979
// §A.2.5 vectors, and refusals of altered digests, signatures and keys.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/crypto/ecdsa_p256.h"
#include "runtime/crypto/trust_anchor.h"
#include "tests/runtime/crypto_test_util.h"

namespace carte::crypto {
namespace {

using test::bytes_of;
using test::unhex;

// The group order n of P-256.
const std::string kOrder = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";

Sha256Digest digest_of(const std::string& msg) {
    return sha256(bytes_of(msg));
}

TEST(CryptoEcdsaP256, Rfc6979VectorsVerify) {
    auto point = unhex(test::kRfc6979Point);
    EXPECT_TRUE(
        ecdsa_p256_verify(digest_of("sample"), bytes_of(point), bytes_of(unhex(test::kRfc6979SigSample)))
            .ok());
    EXPECT_TRUE(
        ecdsa_p256_verify(digest_of("test"), bytes_of(point), bytes_of(unhex(test::kRfc6979SigTest))).ok());
}

TEST(CryptoEcdsaP256, WrongMessageOrSignatureIsRefused) {
    auto point = unhex(test::kRfc6979Point);
    auto sig = unhex(test::kRfc6979SigSample);
    Status s = ecdsa_p256_verify(digest_of("test"), bytes_of(point), bytes_of(sig));
    EXPECT_EQ(s.error().code, Errc::access);
    EXPECT_STREQ(s.error().detail, "bad signature");
    // Every single-bit change of the signature is caught.
    for (size_t bit = 0; bit < sig.size() * 8; bit += 7) {
        auto bad = sig;
        bad[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
        EXPECT_FALSE(ecdsa_p256_verify(digest_of("sample"), bytes_of(point), bytes_of(bad)).ok())
            << "bit " << bit;
    }
    // One bit of the digest.
    Sha256Digest d = digest_of("sample");
    d.bytes[31] ^= 1;
    EXPECT_FALSE(ecdsa_p256_verify(d, bytes_of(point), bytes_of(sig)).ok());
}

TEST(CryptoEcdsaP256, OutOfRangeSignatureValuesAreRefused) {
    auto point = unhex(test::kRfc6979Point);
    auto sig = unhex(test::kRfc6979SigSample);
    std::vector<uint8_t> zero_r = sig, zero_s = sig, r_is_n = sig;
    std::fill(zero_r.begin(), zero_r.begin() + 32, 0);
    std::fill(zero_s.begin() + 32, zero_s.end(), 0);
    auto n = unhex(kOrder);
    std::copy(n.begin(), n.end(), r_is_n.begin());
    for (const auto& bad : {zero_r, zero_s, r_is_n})
        EXPECT_FALSE(ecdsa_p256_verify(digest_of("sample"), bytes_of(point), bytes_of(bad)).ok());
}

TEST(CryptoEcdsaP256, MalformedKeysAndSizes) {
    auto point = unhex(test::kRfc6979Point);
    auto sig = unhex(test::kRfc6979SigSample);
    EXPECT_TRUE(p256_point_is_valid(bytes_of(point)));
    auto off_curve = point;
    off_curve[64] ^= 1;  // y + 1: not on the curve
    EXPECT_FALSE(p256_point_is_valid(bytes_of(off_curve)));
    EXPECT_FALSE(ecdsa_p256_verify(digest_of("sample"), bytes_of(off_curve), bytes_of(sig)).ok());
    auto compressed = point;
    compressed[0] = 0x02;
    EXPECT_EQ(ecdsa_p256_verify(digest_of("sample"), bytes_of(compressed), bytes_of(sig)).error().code,
              Errc::inval);
    EXPECT_EQ(ecdsa_p256_verify(digest_of("sample"), bytes_of(point), Bytes(sig.data(), 63)).error().code,
              Errc::inval);
    EXPECT_EQ(ecdsa_p256_verify(digest_of("sample"), Bytes(point.data(), 64), bytes_of(sig)).error().code,
              Errc::inval);
}

TEST(CryptoTrustAnchor, KeyIdMatchesOpenSslSpkiHash) {
    auto point = unhex(test::kRfc6979Point);
    bc::KeyId id = p256_key_id(point.data());
    EXPECT_EQ(test::hex(id.bytes, bc::kKeyIdSize), test::kRfc6979KeyIdHex);
    auto a = make_p256_anchor(bytes_of(point), 1234, "rfc");
    ASSERT_TRUE(a.ok());
    EXPECT_TRUE(a->id == id);
    EXPECT_EQ(a->not_after, 1234u);
    auto off_curve = point;
    off_curve[1] ^= 0x80;
    auto bad = make_p256_anchor(bytes_of(off_curve));
    ASSERT_FALSE(bad.ok());
    EXPECT_STREQ(bad.error().detail, "public key is not a point on P-256");
}

}  // namespace
}  // namespace carte::crypto
