#include "runtime/net/tls_trust.h"

#include <gtest/gtest.h>

#include "runtime/crypto/pem.h"
#include "runtime/net/tls_error.h"
#include "tests/runtime/crypto/cms_test_pki.h"

namespace carte {
namespace {

Bytes view(const std::vector<uint8_t>& v) {
    return Bytes(v.data(), v.size());
}

TEST(TlsTrust, CertificatesBecomeNamedAnchors) {
    auto& pki = test::CmsTestPki::get();
    if (!pki.ok()) GTEST_SKIP() << pki.why();
    TlsTrust trust;
    ASSERT_TRUE(trust.add_certificate(view(pki.der("ca")), TlsRootOrigin::embedded).ok());
    ASSERT_TRUE(trust.add_certificate(view(pki.der("sign_ec")), TlsRootOrigin::added).ok());
    ASSERT_EQ(trust.size(), 2u);
    EXPECT_EQ(trust.roots()[0].origin, TlsRootOrigin::embedded);
    EXPECT_FALSE(trust.roots()[0].name.empty());
    size_t count = 0;
    auto anchors = trust.anchors(&count);
    ASSERT_TRUE(anchors.ok());
    EXPECT_EQ(count, 2u);
    EXPECT_NE(*anchors, nullptr);
}

TEST(TlsTrust, RemovingAddedRootsKeepsTheOthersAndBumpsTheGeneration) {
    auto& pki = test::CmsTestPki::get();
    if (!pki.ok()) GTEST_SKIP() << pki.why();
    TlsTrust trust;
    ASSERT_TRUE(trust.add_certificate(view(pki.der("ca")), TlsRootOrigin::embedded).ok());
    ASSERT_TRUE(trust.add_certificate(view(pki.der("other_ca")), TlsRootOrigin::added).ok());
    ASSERT_TRUE(trust.add_certificate(view(pki.der("sign_ec")), TlsRootOrigin::added).ok());
    uint32_t g = trust.generation();
    Str other = trust.roots()[1].name.view();
    String keep = String::copy(other);
    EXPECT_EQ(trust.remove_added(keep.view()), 1u);
    EXPECT_EQ(trust.size(), 2u);
    EXPECT_NE(trust.generation(), g);
    EXPECT_EQ(trust.remove_added(Str()), 1u);
    ASSERT_EQ(trust.size(), 1u);
    EXPECT_EQ(trust.roots()[0].origin, TlsRootOrigin::embedded);
    size_t count = 0;
    ASSERT_TRUE(trust.anchors(&count).ok());
    EXPECT_EQ(count, 1u);
}

TEST(TlsTrust, ASubjectFilterAddsOnlyThatCertificate) {
    auto& pki = test::CmsTestPki::get();
    if (!pki.ok()) GTEST_SKIP() << pki.why();
    TlsTrust trust;
    ASSERT_TRUE(trust.add_certificate(view(pki.der("ca")), TlsRootOrigin::added).ok());
    String name = String::copy(trust.roots()[0].name.view());
    Status other = trust.add_certificate(view(pki.der("other_ca")), TlsRootOrigin::added, name.view());
    EXPECT_EQ(other.error().code, Errc::noent);
    EXPECT_EQ(trust.size(), 1u);
    uint32_t g = trust.generation();
    EXPECT_TRUE(trust.add_certificate(view(pki.der("ca")), TlsRootOrigin::added, name.view()).ok());
    EXPECT_EQ(trust.size(), 2u);
    EXPECT_EQ(trust.generation(), g);  // adding never drops pooled connections
}

TEST(TlsTrust, BadInputIsRefused) {
    TlsTrust trust;
    const uint8_t junk[] = {0x30, 0x03, 0x02, 0x01, 0x00};
    EXPECT_FALSE(trust.add_certificate(Bytes(junk, sizeof junk), TlsRootOrigin::added).ok());
    // Anchor records: truncated, an unknown key type, lengths past the end.
    const uint8_t short_record[] = {0x00, 0x05, 0x30};
    const uint8_t bad_type[] = {0x00, 0x00, 0x01, 0x07, 0x00};
    const uint8_t long_key[] = {0x00, 0x00, 0x01, 0x02, 0x17, 0xff, 0x04};
    for (Bytes b : {Bytes(short_record, sizeof short_record), Bytes(bad_type, sizeof bad_type),
                    Bytes(long_key, sizeof long_key)}) {
        Status s = trust.add_records(b, TlsRootOrigin::system);
        EXPECT_FALSE(s.ok());
        EXPECT_EQ(s.error().code, Errc::badmsg);
    }
    EXPECT_EQ(trust.size(), 0u);
    size_t count = 1;
    ASSERT_TRUE(trust.anchors(&count).ok());
    EXPECT_EQ(count, 0u);
}

TEST(TlsError, NamesAlertsAndCertificateProblems) {
    EXPECT_STREQ(tls_alert_name(48), "unknown_ca");
    EXPECT_STREQ(tls_alert_name(250), "unknown alert");
    Error received = tls_error(256 + 40);
    EXPECT_EQ(received.code, Errc::proto);
    EXPECT_NE(Str::from_cstr(received.detail).find("handshake_failure"), Str::npos);
    EXPECT_EQ(tls_error(62).code, Errc::access);
    EXPECT_NE(Str::from_cstr(tls_error(62).detail).find("unknown issuer"), Str::npos);
    EXPECT_NE(Str::from_cstr(tls_error(56).detail).find("wrong name"), Str::npos);
    EXPECT_EQ(tls_error(3).code, Errc::notsup);
    EXPECT_EQ(tls_error(7).code, Errc::proto);  // bad MAC: altered in transit
}

TEST(Pem, SplitsBundlesAndRefusesDamage) {
    auto& pki = test::CmsTestPki::get();
    if (!pki.ok()) GTEST_SKIP() << pki.why();
    std::vector<uint8_t> pem = test::CmsTestPki::read(pki.key_path("ca.crt"));
    std::vector<uint8_t> two = pem;
    two.insert(two.end(), pem.begin(), pem.end());
    Vec<Vec<uint8_t>> certs;
    ASSERT_TRUE(crypto::split_certificates(view(two), &certs).ok());
    ASSERT_EQ(certs.size(), 2u);
    std::vector<uint8_t> der = pki.der("ca");
    ASSERT_EQ(certs[0].size(), der.size());
    EXPECT_EQ(0, memcmp(certs[0].data(), der.data(), der.size()));
    Vec<Vec<uint8_t>> single;
    ASSERT_TRUE(crypto::split_certificates(view(der), &single).ok());
    EXPECT_EQ(single.size(), 1u);
    std::vector<uint8_t> cut(pem.begin(), pem.begin() + long(pem.size() / 2));
    Vec<Vec<uint8_t>> none;
    EXPECT_FALSE(crypto::split_certificates(view(cut), &none).ok());
    std::vector<uint8_t> bad = pem;
    bad[40] = '!';
    EXPECT_FALSE(crypto::split_certificates(view(bad), &none).ok());
}

}  // namespace
}  // namespace carte
