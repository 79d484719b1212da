// `carte build --ca/--system-cas`: PEM roots become compact anchor records (docs/tls.md) that the
// firmware's own TlsTrust reads back, one root per certificate, names kept; the payload carries
// them as records of kinds tls_roots and tls_system_roots.
#include <gtest/gtest.h>
#include <unistd.h>

#include "cli/cli_rom_image.h"
#include "cli/cli_trust.h"
#include "platform/firmware/embed_format.h"
#include "runtime/net/tls_trust.h"

namespace carte::cli {
namespace {

TEST(BuildTlsRoots, SystemBundleRoundTripsThroughTheFirmwaresReader) {
    if (access(kSystemCaBundle, R_OK) != 0) GTEST_SKIP() << kSystemCaBundle << " missing (ca-certificates)";
    TlsRoots roots;
    std::string why;
    ASSERT_TRUE(roots.add_pem_file(kSystemCaBundle, &why)) << why;
    ASSERT_GT(roots.certs.size(), 50u);
    size_t skipped = 0, der_bytes = 0;
    std::vector<uint8_t> records = roots.anchor_records(&skipped);
    for (const auto& c : roots.certs) der_bytes += c.size();
    EXPECT_EQ(skipped, 0u);  // Mozilla's roots are all RSA or ECDSA P-256/P-384
    EXPECT_LT(records.size(), der_bytes * 2 / 3)
        << "anchor records should be well under the certificates' size";
    TlsTrust trust;
    ASSERT_TRUE(trust.add_records(Bytes(records.data(), records.size()), TlsRootOrigin::system).ok());
    EXPECT_EQ(trust.size(), roots.certs.size());
    size_t count = 0;
    ASSERT_TRUE(trust.anchors(&count).ok());
    EXPECT_EQ(count, roots.certs.size());
    size_t named = 0;
    for (const TlsRoot& r : trust.roots()) named += !r.name.empty();
    EXPECT_GT(named, roots.certs.size() * 9 / 10);  // a few roots have no commonName
}

TEST(BuildTlsRoots, PayloadCarriesBothRecordKinds) {
    EmbedRequest r;
    r.program = {'#', '!', 'i', 'p', 'x', 'e', '\n'};
    r.tls_roots = {0, 0, 1, 2, 23, 1, 4};
    r.tls_system_roots = {0, 0, 1, 2, 24, 1, 4, 9};
    std::vector<uint8_t> payload = encode_payload(r);
    auto parsed = fw::embed::parse(Bytes(payload.data(), payload.size()));
    ASSERT_TRUE(parsed.ok());
    ASSERT_EQ(parsed->tls_roots.size(), r.tls_roots.size());
    ASSERT_EQ(parsed->tls_system_roots.size(), r.tls_system_roots.size());
    EXPECT_EQ(parsed->tls_system_roots[4], 24);
}

TEST(BuildTlsRoots, FilesWithoutCertificatesAreRefused) {
    TlsRoots roots;
    std::string why;
    EXPECT_FALSE(roots.add_pem_file("/nonexistent/ca.pem", &why));
    EXPECT_FALSE(why.empty());
    char path[] = "/tmp/carte-notcert-XXXXXX";
    int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(write(fd, "hello\n", 6), 6);
    close(fd);
    EXPECT_FALSE(roots.add_pem_file(path, &why));
    EXPECT_NE(why.find("no PEM certificate"), std::string::npos);
    unlink(path);
}

}  // namespace
}  // namespace carte::cli
