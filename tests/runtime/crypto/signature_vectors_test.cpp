// Published vectors for the two signature schemes CMS signatures use, through
// verify_digest_signature() (runtime/crypto/x509.h): RSA PKCS#1 v1.5 with SHA-256 from NIST CAVP
// and ECDSA P-256/SHA-256 from RFC 6979 §A.2.5, in CMS's DER form.
#include <gtest/gtest.h>

#include "runtime/crypto/sha256.h"
#include "runtime/crypto/x509.h"
#include "tests/runtime/crypto_test_util.h"

namespace carte::crypto {
namespace {

using test::bytes_of;
using test::unhex;

// NIST CAVP 186-3rsatestvectors.zip, SigVer15_186-3.rsp, [mod = 2048], SHAAlg = SHA256: the
// group's n and e, a "Result = P" record and a "Result = F" record.
const std::string kCavpN =
    "c47abacc2a84d56f3614d92fd62ed36ddde459664b9301dcd1d61781cfcc026bcb2399bee7e75681a80b7bf500e2d08c"
    "eae1c42ec0b707927f2b2fe92ae852087d25f1d260cc74905ee5f9b254ed05494a9fe06732c3680992dd6f0dc634568d"
    "11542a705f83ae96d2a49763d5fbb24398edf3702bc94bc168190166492b8671de874bb9cecb058c6c8344aa8c93754d"
    "6effcd44a41ed7de0a9dcd9144437f212b18881d042d331a4618a9e630ef9bb66305e4fdf8f0391b3b2313fe549f0189"
    "ff968b92f33c266a4bc2cffc897d1937eeb9e406f5d0eaa7a14782e76af3fce98f54ed237b4a04a4159a5f6250a296a9"
    "02880204e61d891c4da29f2d65f34cbb";
const std::string kCavpE = "49d2a1";
const std::string kCavpPassMsg =
    "95123c8d1b236540b86976a11cea31f8bd4e6c54c235147d20ce722b03a6ad756fbd918c27df8ea9ce3104444c0bbe87"
    "7305bc02e35535a02a58dcda306e632ad30b3dc3ce0ba97fdf46ec192965dd9cd7f4a71b02b8cba3d442646eeec4af59"
    "0824ca98d74fbca934d0b6867aa1991f3040b707e806de6e66b5934f05509bea";
const std::string kCavpPassSig =
    "51265d96f11ab338762891cb29bf3f1d2b3305107063f5f3245af376dfcc7027d39365de70a31db05e9e10eb6148cb7f"
    "6425f0c93c4fb0e2291adbd22c77656afc196858a11e1c670d9eeb592613e69eb4f3aa501730743ac4464486c7ae68fd"
    "509e896f63884e9424f69c1c5397959f1e52a368667a598a1fc90125273d9341295d2f8e1cc4969bf228c860e07a3546"
    "be2eeda1cde48ee94d062801fe666e4a7ae8cb9cd79262c017b081af874ff00453ca43e34efdb43fffb0bb42a4e2d32a"
    "5e5cc9e8546a221fe930250e5f5333e0efe58ffebf19369a3b8ae5a67f6a048bc9ef915bda25160729b508667ada84a0"
    "c27e7e26cf2abca413e5e4693f4a9405";
const std::string kCavpFailMsg =
    "f89fd2f6c45a8b5066a651410b8e534bfec0d9a36f3e2b887457afd44dd651d1ec79274db5a455f182572fceea5e9e39"
    "c3c7c5d9e599e4fe31c37c34d253b419c3e8fb6b916aef6563f87d4c37224a456e5952698ba3d01b38945d998a795bd2"
    "85d69478e3131f55117284e27b441f16095dca7ce9c5b68890b09a2bfbb010a5";
const std::string kCavpFailSig =
    "ba48538708512d45c0edcac57a9b4fb637e9721f72003c60f13f5c9a36c968cef9be8f54665418141c3d9ecc02a5bf95"
    "2cfc055fb51e18705e9d8850f4e1f5a344af550de84ffd0805e27e557f6aa50d2645314c64c1c71aa6bb44faf8f29ca6"
    "578e2441d4510e36052f46551df341b2dcf43f761f08b946ca0b7081dadbb88e955e820fd7f657c4dd9f4554d167dd7c"
    "9a487ed41ced2b40068098deedc951060faf7e15b1f0f80ae67ff2ee28a238d80bf72dd71c8d95c79bc156114ece8ec8"
    "37573a4b66898d45b45a5eacd0b0e41447d8fa08a367f437645e50c9920b88a16bc0880147acfb9a79de9e351b3fa00b"
    "3f4e9f182f45553dffca55e393c5eab6";

Status rsa_verify(const std::string& msg_hex, const std::vector<uint8_t>& sig) {
    static const auto n = unhex(kCavpN), e = unhex(kCavpE);
    PublicKey key;
    key.type = KeyType::rsa;
    key.modulus = bytes_of(n);
    key.exponent = bytes_of(e);
    auto msg = unhex(msg_hex);
    Sha256Digest d = sha256(bytes_of(msg));
    return verify_digest_signature(d.bytes, SignatureAlgorithm::rsa_pkcs1_sha256, key, bytes_of(sig));
}

TEST(SignatureVectors, CavpRsaPkcs1Sha256) {
    EXPECT_TRUE(rsa_verify(kCavpPassMsg, unhex(kCavpPassSig)).ok());
    Status f = rsa_verify(kCavpFailMsg, unhex(kCavpFailSig));
    EXPECT_EQ(f.error().code, Errc::access);
    // The passing signature over another message, a flipped bit, a short signature.
    EXPECT_EQ(rsa_verify(kCavpFailMsg, unhex(kCavpPassSig)).error().code, Errc::access);
    auto flipped = unhex(kCavpPassSig);
    flipped[100] ^= 0x10;
    EXPECT_EQ(rsa_verify(kCavpPassMsg, flipped).error().code, Errc::access);
    auto shorter = unhex(kCavpPassSig);
    shorter.pop_back();
    EXPECT_EQ(rsa_verify(kCavpPassMsg, shorter).error().code, Errc::access);
    // An RSA signature is not an ECDSA one.
    PublicKey ec;
    ec.type = KeyType::ec_p256;
    Sha256Digest d{};
    EXPECT_EQ(verify_digest_signature(d.bytes, SignatureAlgorithm::rsa_pkcs1_sha256, ec, {}).error().code,
              Errc::notsup);
}

// DER SEQUENCE { r, s }, each INTEGER minimal with a 0x00 sign byte when the top bit is set.
std::vector<uint8_t> der_signature(const std::string& raw_hex) {
    auto raw = unhex(raw_hex);
    std::vector<uint8_t> body;
    for (size_t k = 0; k < 2; ++k) {
        std::vector<uint8_t> v(raw.begin() + static_cast<long>(k * 32),
                               raw.begin() + static_cast<long>(k * 32 + 32));
        while (v.size() > 1 && v[0] == 0 && !(v[1] & 0x80)) v.erase(v.begin());
        if (v[0] & 0x80) v.insert(v.begin(), 0);
        body.push_back(0x02);
        body.push_back(static_cast<uint8_t>(v.size()));
        body.insert(body.end(), v.begin(), v.end());
    }
    body.insert(body.begin(), {0x30, static_cast<uint8_t>(body.size())});
    return body;
}

Status ec_verify(const std::string& msg, const std::vector<uint8_t>& sig) {
    static const auto point = unhex(test::kRfc6979Point);
    PublicKey key;
    key.type = KeyType::ec_p256;
    key.point = bytes_of(point);
    Sha256Digest d = sha256(bytes_of(msg));
    return verify_digest_signature(d.bytes, SignatureAlgorithm::ecdsa_sha256, key, bytes_of(sig));
}

TEST(SignatureVectors, Rfc6979P256Sha256InDer) {
    auto sample = der_signature(test::kRfc6979SigSample);
    auto test_sig = der_signature(test::kRfc6979SigTest);
    EXPECT_TRUE(ec_verify("sample", sample).ok());
    EXPECT_TRUE(ec_verify("test", test_sig).ok());
    EXPECT_EQ(ec_verify("test", sample).error().code, Errc::access);
    // Every single-byte change of the DER signature is refused.
    for (size_t i = 0; i < sample.size(); ++i) {
        auto bad = sample;
        bad[i] ^= 0x01;
        EXPECT_FALSE(ec_verify("sample", bad).ok()) << i;
    }
    // Non-minimal INTEGERs and trailing bytes are not DER.
    auto padded = sample;
    padded.push_back(0);
    EXPECT_FALSE(ec_verify("sample", padded).ok());
}

}  // namespace
}  // namespace carte::crypto
