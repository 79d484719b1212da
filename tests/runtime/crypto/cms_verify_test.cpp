// Detached CMS signatures made by the real `openssl cms -sign` (runtime/crypto/cms.h): RSA and
// P-256 signers, with and without signed attributes, issuerAndSerialNumber and
// subjectKeyIdentifier signers, intermediates, and each way a check fails.
#include <gtest/gtest.h>

#include "runtime/crypto/cms.h"
#include "tests/runtime/crypto/cms_test_pki.h"
#include "tests/runtime/crypto_test_util.h"

namespace carte::crypto {
namespace {

using test::bytes_of;
using test::CmsTestPki;

const std::string kScript = "#!ipxe\necho signed menu\n";

struct Check {
    Status status;
    CmsVerdict verdict;
};

Check verify(const std::string& content, const std::vector<uint8_t>& sig, const std::vector<Bytes>& roots,
             Str signer = {}, uint64_t now = 0) {
    CmsVerifyOptions o;
    o.roots = Span<const Bytes>(roots.data(), roots.size());
    o.signer_name = signer;
    o.now = now;
    Check c;
    c.status = verify_cms_detached(bytes_of(content), bytes_of(sig), o, &c.verdict);
    return c;
}

std::string message(const Check& c) {
    return std::string(c.verdict.message.view().data(), c.verdict.message.view().size());
}

class CmsVerify : public ::testing::Test {
  protected:
    void SetUp() override {
        CARTE_REQUIRE_PKI(pki);
        pki.write("s.ipxe", kScript);
        ca = pki.der("ca");
        other = pki.der("other_ca");
        roots = {bytes_of(ca)};
    }
    std::vector<uint8_t> ca, other;
    std::vector<Bytes> roots;
    CmsTestPki& pki = CmsTestPki::get();
};

// netboot.xyz's exact recipe: RSA signer, -noattr, the CA bundled with -certfile.
TEST_F(CmsVerify, NetbootXyzRecipeRsaVerifies) {
    auto sig = pki.sign("s.ipxe", "sign_rsa", "ca");
    Check c = verify(kScript, sig, roots);
    EXPECT_TRUE(c.status.ok()) << message(c);
    EXPECT_EQ(c.verdict.check, CmsCheck::ok);
    EXPECT_EQ(message(c), "signed by \"Carte Code Signing RSA\"");
}

TEST_F(CmsVerify, EcSignerWithoutBundledRootVerifies) {
    auto sig = pki.sign("s.ipxe", "sign_ec");
    Check c = verify(kScript, sig, roots);
    EXPECT_TRUE(c.status.ok()) << message(c);
}

// Without -noattr openssl adds signed attributes; the signature then covers them and the
// messageDigest attribute carries the content's digest.
TEST_F(CmsVerify, SignedAttributesVerify) {
    for (const char* signer : {"sign_rsa", "sign_ec"}) {
        auto sig = pki.sign("s.ipxe", signer, "ca", "");
        EXPECT_TRUE(verify(kScript, sig, roots).status.ok()) << signer;
        Check bad = verify(kScript + " ", sig, roots);
        EXPECT_EQ(bad.verdict.check, CmsCheck::bad_signature) << signer;
        EXPECT_NE(message(bad).find("messageDigest"), std::string::npos) << message(bad);
    }
}

// -keyid: version-3 signerInfo naming the certificate by subjectKeyIdentifier.
TEST_F(CmsVerify, SubjectKeyIdentifierSigner) {
    CmsSignedData sd;
    auto sig = pki.sign("s.ipxe", "sign_ec", "", "-noattr -keyid");
    ASSERT_TRUE(parse_cms_signed_data(bytes_of(sig), &sd).ok());
    ASSERT_EQ(sd.signer_count, 1u);
    EXPECT_FALSE(sd.signers[0].subject_key_id.empty());
    EXPECT_TRUE(verify(kScript, sig, roots).status.ok());
}

TEST_F(CmsVerify, IntermediateFromTheSignature) {
    auto sig = pki.sign("s.ipxe", "leaf", "inter");
    Check c = verify(kScript, sig, roots);
    EXPECT_TRUE(c.status.ok()) << message(c);
    // Without the intermediate the path cannot be built.
    Check missing = verify(kScript, pki.sign("s.ipxe", "leaf"), roots);
    EXPECT_EQ(missing.verdict.check, CmsCheck::untrusted_chain);
    EXPECT_NE(message(missing).find("\"Carte Intermediate CA\""), std::string::npos) << message(missing);
}

TEST_F(CmsVerify, TamperedContentIsBadSignature) {
    auto sig = pki.sign("s.ipxe", "sign_rsa", "ca");
    std::string tampered = kScript;
    tampered[8] ^= 1;
    Check c = verify(tampered, sig, roots);
    EXPECT_EQ(c.status.error().code, Errc::access);
    EXPECT_EQ(c.verdict.check, CmsCheck::bad_signature);
    EXPECT_EQ(message(c),
              "bad signature by \"Carte Code Signing RSA\": the image was changed after signing, or the "
              "signature is corrupt");
}

TEST_F(CmsVerify, WrongRootIsUntrusted) {
    auto sig = pki.sign("s.ipxe", "sign_rsa", "ca");
    std::vector<Bytes> wrong = {bytes_of(other)};
    Check c = verify(kScript, sig, wrong);
    EXPECT_EQ(c.status.error().code, Errc::access);
    EXPECT_EQ(c.verdict.check, CmsCheck::untrusted_chain) << message(c);
    // A signer with the right name under another root is refused the same way.
    Check rogue = verify(kScript, pki.sign("s.ipxe", "rogue", "other_ca"), roots, "Carte Code Signing RSA");
    EXPECT_EQ(rogue.verdict.check, CmsCheck::untrusted_chain) << message(rogue);
}

TEST_F(CmsVerify, NoRoots) {
    Check c = verify(kScript, pki.sign("s.ipxe", "sign_rsa"), {});
    EXPECT_EQ(c.verdict.check, CmsCheck::no_roots);
    EXPECT_STREQ(c.status.error().detail, "no trusted root certificates");
}

TEST_F(CmsVerify, SignerName) {
    auto sig = pki.sign("s.ipxe", "sign_ec");
    EXPECT_TRUE(verify(kScript, sig, roots, "Carte Code Signing EC").status.ok());
    Check c = verify(kScript, sig, roots, "Carte Code Signing");
    EXPECT_EQ(c.verdict.check, CmsCheck::wrong_signer);
    EXPECT_EQ(message(c),
              "wrong signer: signed by \"Carte Code Signing EC\", expected \"Carte Code Signing\"");
}

// iPXE requires the codeSigning extended key usage on the signer.
TEST_F(CmsVerify, SignerMustBeForCodeSigning) {
    for (const char* signer : {"server", "noeku"}) {
        Check c = verify(kScript, pki.sign("s.ipxe", signer), roots);
        EXPECT_EQ(c.verdict.check, CmsCheck::not_code_signing) << signer << ": " << message(c);
    }
}

// A code-signing certificate is not a CA: what it issued does not chain.
TEST_F(CmsVerify, IssuerMustBeCa) {
    Check c = verify(kScript, pki.sign("s.ipxe", "leaf_of_leaf", "sign_ec"), roots);
    EXPECT_EQ(c.verdict.check, CmsCheck::untrusted_chain);
    EXPECT_NE(message(c).find("is not a CA certificate"), std::string::npos) << message(c);
}

// Dates are checked against the clock when it is known (the signer is valid for 365 days).
TEST_F(CmsVerify, ValidityDates) {
    auto sig = pki.sign("s.ipxe", "sign_ec");
    const uint64_t now = static_cast<uint64_t>(time(nullptr));
    EXPECT_TRUE(verify(kScript, sig, roots, {}, now).status.ok());
    Check later = verify(kScript, sig, roots, {}, now + 400ull * 86400);
    EXPECT_EQ(later.verdict.check, CmsCheck::expired);
    EXPECT_NE(message(later).find("\"Carte Code Signing EC\" has expired: valid from "), std::string::npos)
        << message(later);
    Check earlier = verify(kScript, sig, roots, {}, now - 2 * 86400);
    EXPECT_EQ(earlier.verdict.check, CmsCheck::expired);
    EXPECT_NE(message(earlier).find("is not yet valid"), std::string::npos) << message(earlier);
    // Within iPXE's 12.5-hour margin a slow clock is tolerated.
    EXPECT_TRUE(verify(kScript, sig, roots, {}, now - 12 * 3600).status.ok());
}

// Every single-byte change to a real signature (three masks) is refused, and never crashes.
// The signature carries no root copy here, so every byte of it is checked.
TEST_F(CmsVerify, EveryByteFlipIsRefused) {
    for (const char* signer : {"sign_rsa", "sign_ec"}) {
        auto sig = pki.sign("s.ipxe", signer);
        ASSERT_TRUE(verify(kScript, sig, roots).status.ok());
        for (uint8_t mask : {0x01, 0x80, 0xff}) {
            for (size_t i = 0; i < sig.size(); ++i) {
                auto bad = sig;
                bad[i] ^= mask;
                EXPECT_FALSE(verify(kScript, bad, roots).status.ok())
                    << signer << ": byte " << i << " ^ " << int(mask) << " accepted";
            }
        }
    }
}

// With netboot.xyz's -certfile ca.crt the signature also carries a copy of the root, which the
// path does not need (the ROM's own root is used). Changes inside that unused copy are the only
// ones that may pass: they change nothing that is trusted.
TEST_F(CmsVerify, FlipsOnlyPassInsideTheUnusedRootCopy) {
    auto sig = pki.sign("s.ipxe", "sign_rsa", "ca");
    CmsSignedData sd;
    ASSERT_TRUE(parse_cms_signed_data(bytes_of(sig), &sd).ok());
    size_t copy_begin = 0, copy_end = 0;
    for (size_t i = 0; i < sd.certificate_count; ++i) {
        Bytes c = sd.certificates[i];
        if (c.size() == ca.size() && std::equal(ca.begin(), ca.end(), c.data())) {
            copy_begin = static_cast<size_t>(c.data() - sig.data());
            copy_end = copy_begin + c.size();
        }
    }
    ASSERT_NE(copy_end, 0u);
    for (size_t i = 0; i < sig.size(); ++i) {
        auto bad = sig;
        bad[i] ^= 0x01;
        if (verify(kScript, bad, roots).status.ok()) {
            EXPECT_TRUE(i >= copy_begin && i < copy_end) << "byte " << i << " accepted";
        }
    }
}

// Random damage (1-8 bytes overwritten, a deterministic seed) to signatures with and without
// signed attributes and an intermediate: always refused, never a crash or a hang.
TEST_F(CmsVerify, RandomDamageIsRefused) {
    std::vector<std::vector<uint8_t>> sigs = {pki.sign("s.ipxe", "sign_rsa", "", ""),
                                              pki.sign("s.ipxe", "leaf", "inter", "-noattr -keyid")};
    std::vector<Bytes> both = {bytes_of(ca), bytes_of(other)};
    uint32_t seed = 12345;
    auto next = [&seed] { return seed = seed * 1103515245u + 12345u, seed >> 8; };
    for (const auto& sig : sigs) {
        ASSERT_TRUE(verify(kScript, sig, both).status.ok());
        for (int round = 0; round < 1500; ++round) {
            auto bad = sig;
            const uint32_t count = 1 + next() % 8;
            for (uint32_t k = 0; k < count; ++k) bad[next() % bad.size()] = static_cast<uint8_t>(next());
            if (bad == sig) continue;
            EXPECT_FALSE(verify(kScript, bad, both).status.ok()) << "round " << round;
        }
    }
}

// Every truncation is malformed, with the offset in the message.
TEST_F(CmsVerify, TruncationsAreMalformed) {
    auto sig = pki.sign("s.ipxe", "sign_ec", "ca");
    for (size_t n = 0; n < sig.size(); ++n) {
        std::vector<uint8_t> cut(sig.begin(), sig.begin() + static_cast<long>(n));
        Check c = verify(kScript, cut, roots);
        ASSERT_EQ(c.verdict.check, CmsCheck::malformed) << n;
        EXPECT_EQ(c.status.error().code, Errc::badmsg);
        EXPECT_EQ(message(c).rfind("malformed CMS signature: sig+0x", 0), 0u) << message(c);
    }
    // Trailing garbage too.
    auto longer = sig;
    longer.push_back(0);
    EXPECT_EQ(verify(kScript, longer, roots).verdict.check, CmsCheck::malformed);
}

TEST_F(CmsVerify, GarbageAndOtherStructuresAreRefused) {
    EXPECT_EQ(verify(kScript, {}, roots).verdict.check, CmsCheck::malformed);
    EXPECT_EQ(verify(kScript, std::vector<uint8_t>(kScript.begin(), kScript.end()), roots).verdict.check,
              CmsCheck::malformed);
    // A PEM signature (not -outform DER) is not DER.
    pki.run("openssl cms -sign -binary -noattr -in s.ipxe -signer '" + pki.key_path("sign_ec.crt") +
            "' -inkey '" + pki.key_path("sign_ec.key") + "' -out s.pem");
    EXPECT_EQ(verify(kScript, CmsTestPki::read(pki.path("s.pem")), roots).verdict.check, CmsCheck::malformed);
    // Embedded content (no -nodetach... i.e. with -nodetach) is not a detached signature.
    auto attached = pki.sign("s.ipxe", "sign_ec", "", "-noattr -nodetach");
    Check c = verify(kScript, attached, roots);
    EXPECT_EQ(c.verdict.check, CmsCheck::unsupported);
    EXPECT_NE(message(c).find("not a detached signature"), std::string::npos) << message(c);
    // SHA-1 digests are refused with a clear reason.
    Check sha1 = verify(kScript, pki.sign("s.ipxe", "sign_ec", "", "-noattr -md sha1"), roots);
    EXPECT_EQ(sha1.verdict.check, CmsCheck::unsupported);
    EXPECT_NE(message(sha1).find("SHA-1"), std::string::npos) << message(sha1);
}

// Certificates parse into what the chain check uses.
TEST_F(CmsVerify, CertificateFields) {
    auto der = pki.der("sign_rsa");
    Certificate c;
    ASSERT_TRUE(parse_certificate(bytes_of(der), &c).ok());
    EXPECT_EQ(std::string(c.common_name.data(), c.common_name.size()), "Carte Code Signing RSA");
    EXPECT_EQ(std::string(c.issuer_common_name.data(), c.issuer_common_name.size()), "Carte Test Root CA");
    EXPECT_EQ(c.key.type, KeyType::rsa);
    EXPECT_EQ(c.key.modulus.size(), 256u);
    EXPECT_TRUE(c.code_signing);
    EXPECT_FALSE(c.is_ca);
    EXPECT_EQ(c.signature_algorithm, SignatureAlgorithm::rsa_pkcs1_sha256);
    EXPECT_LT(c.not_before, c.not_after);
    Certificate root;
    ASSERT_TRUE(parse_certificate(bytes_of(ca), &root).ok());
    EXPECT_TRUE(root.is_ca);
    EXPECT_TRUE(verify_issued_by(c, root).ok());
    Certificate ec;
    auto ec_der = pki.der("sign_ec");
    ASSERT_TRUE(parse_certificate(bytes_of(ec_der), &ec).ok());
    EXPECT_EQ(ec.key.type, KeyType::ec_p256);
    EXPECT_FALSE(verify_issued_by(root, ec).ok());
}

}  // namespace
}  // namespace carte::crypto
