// imgtrust and imgverify (runtime/commands/trust_commands.cpp) run through the interpreter on
// scripts fetched from files, with CMS signatures made by the real `openssl cms -sign` and the
// roots handed over in a TrustPolicy, as the ROM and `carte run --trust` do.
#include <gtest/gtest.h>

#include "tests/runtime/crypto/cms_test_pki.h"
#include "tests/runtime/vm_harness.h"

namespace carte {
namespace {

using test::CmsTestPki;
using test::TempDir;

const std::string kChained = "#!ipxe\necho CHAINED-MARKER\n";

// The vm_harness Harness with a trust policy holding `roots`.
class TrustHarness {
  public:
    explicit TrustHarness(std::vector<std::vector<uint8_t>> roots, bool with_policy = true)
        : roots_(std::move(roots)),
          platform(test::scripted_options("")),
          fetcher(platform, platform.host_network(), false),
          in(platform, options(with_policy)) {
        EXPECT_TRUE(in.init().ok());
    }
    int32_t run(const std::string& script, const std::string& uri) {
        return status_rc(in.run(Bytes(reinterpret_cast<const uint8_t*>(script.data()), script.size()),
                                Str(uri.data(), uri.size())));
    }
    std::string out() const { return platform.transcript(); }
    void require_signed_scripts() { policy_.require_signed_scripts = true; }

  private:
    InterpreterOptions options(bool with_policy) {
        for (auto& r : roots_) views_.push_back(Bytes(r.data(), r.size()));
        policy_.ca_certs = Span<const Bytes>(views_.data(), views_.size());
        InterpreterOptions o;
        o.fetcher = &fetcher;
        o.instruction_budget = 10u * 1000 * 1000;
        o.trust = with_policy ? &policy_ : nullptr;
        return o;
    }
    std::vector<std::vector<uint8_t>> roots_;
    std::vector<Bytes> views_;
    TrustPolicy policy_;

  public:
    host::HostPlatform platform;
    host::HostFetcher fetcher;
    Interpreter in;
};

class CommandTrust : public ::testing::Test {
  protected:
    void SetUp() override {
        CARTE_REQUIRE_PKI(pki);
        pki.write("s.ipxe", kChained);
    }
    // Puts s.ipxe (with `content`) and its signature by `signer` into the served directory.
    void publish(const std::string& signer, const std::string& content = kChained, int flip_sig_byte = -1) {
        auto sig = pki.sign("s.ipxe", signer, "ca");
        if (flip_sig_byte >= 0) sig[sig.size() - static_cast<size_t>(flip_sig_byte)] ^= 0x01;
        dir.write("s.ipxe", content);
        dir.write("s.ipxe.sig", std::string(sig.begin(), sig.end()));
    }
    std::vector<std::vector<uint8_t>> ca() { return {pki.der("ca")}; }

    CmsTestPki& pki = CmsTestPki::get();
    TempDir dir;
};

const std::string kNetbootDance =
    "#!ipxe\nimgtrust\nimgfetch s.ipxe\nimgfetch s.ipxe.sig\nimgverify s.ipxe s.ipxe.sig || goto error\n"
    "chain s.ipxe\nexit 0\n:error\necho VERIFY-FAILED\nexit 1\n";

TEST_F(CommandTrust, GoodSignatureChainsRsaAndEc) {
    for (const char* signer : {"sign_rsa", "sign_ec"}) {
        publish(signer);
        TrustHarness h(ca());
        EXPECT_EQ(h.run(kNetbootDance, dir.uri("main.ipxe")), 0) << signer << h.out();
        EXPECT_NE(h.out().find("CHAINED-MARKER"), std::string::npos) << h.out();
        EXPECT_EQ(h.out().find("VERIFY-FAILED"), std::string::npos) << h.out();
        // The signature is freed once checked (no --keep).
        EXPECT_EQ(h.in.images().find("s.ipxe.sig"), nullptr);
    }
}

// A script that passed imgverify counts as signed under --require-signed-scripts: its .sig is
// a CMS signature, not a Carte one, and must not be read as one.
TEST_F(CommandTrust, ImgverifiedScriptSatisfiesRequireSignedScripts) {
    publish("sign_rsa");
    TrustHarness h(ca());
    h.require_signed_scripts();
    EXPECT_EQ(h.run(kNetbootDance, dir.uri("main.ipxe")), 0) << h.out();
    EXPECT_NE(h.out().find("CHAINED-MARKER"), std::string::npos) << h.out();
    EXPECT_EQ(h.out().find("REFUSED"), std::string::npos) << h.out();
}

// Without imgverify, the same script still needs a Carte signature.
TEST_F(CommandTrust, UnverifiedScriptStillNeedsCarteSignature) {
    publish("sign_rsa");
    TrustHarness h(ca());
    h.require_signed_scripts();
    const std::string plain = "#!ipxe\nchain s.ipxe || echo CHAIN-REFUSED\n";
    (void)h.run(plain, dir.uri("main.ipxe"));
    EXPECT_EQ(h.out().find("CHAINED-MARKER"), std::string::npos) << h.out();
    EXPECT_NE(h.out().find("REFUSED"), std::string::npos) << h.out();
}

// netboot.xyz's own form: imgverify downloads both by URI, chain reuses the verified image.
TEST_F(CommandTrust, ImgverifyFetchesByUri) {
    publish("sign_rsa");
    TrustHarness h2(ca());
    EXPECT_EQ(h2.run("#!ipxe\nimgtrust --permanent\nimgverify --keep s.ipxe " + dir.uri("s.ipxe.sig") +
                         " || exit 9\nchain s.ipxe\n",
                     dir.uri("main.ipxe")),
              0)
        << h2.out();
    EXPECT_NE(h2.out().find("CHAINED-MARKER"), std::string::npos) << h2.out();
    EXPECT_NE(h2.in.images().find("s.ipxe.sig"), nullptr);  // --keep
}

TEST_F(CommandTrust, TamperedScriptFails) {
    publish("sign_rsa", kChained + "echo injected\n");
    TrustHarness h(ca());
    EXPECT_EQ(h.run(kNetbootDance, dir.uri("main.ipxe")), 1) << h.out();
    EXPECT_NE(h.out().find("imgverify s.ipxe with s.ipxe.sig: bad signature by \"Carte Code Signing RSA\""),
              std::string::npos)
        << h.out();
    EXPECT_NE(h.out().find("Could not verify: Permission denied (bad signature)"), std::string::npos)
        << h.out();
    EXPECT_NE(h.out().find("VERIFY-FAILED"), std::string::npos);
    EXPECT_EQ(h.out().find("CHAINED-MARKER"), std::string::npos);
}

TEST_F(CommandTrust, TamperedSignatureFails) {
    publish("sign_ec", kChained, 5);  // a byte inside the ECDSA signature value
    TrustHarness h(ca());
    EXPECT_EQ(h.run(kNetbootDance, dir.uri("main.ipxe")), 1) << h.out();
    EXPECT_NE(h.out().find("Could not verify"), std::string::npos) << h.out();
    EXPECT_EQ(h.out().find("CHAINED-MARKER"), std::string::npos);
}

TEST_F(CommandTrust, WrongCaFails) {
    publish("sign_rsa");
    TrustHarness h({pki.der("other_ca")});
    EXPECT_EQ(h.run(kNetbootDance, dir.uri("main.ipxe")), 1) << h.out();
    EXPECT_NE(h.out().find("untrusted certificate chain: \"Carte Test Root CA\" is issued by"),
              std::string::npos)
        << h.out();
    EXPECT_EQ(h.out().find("CHAINED-MARKER"), std::string::npos);
}

TEST_F(CommandTrust, NoRootsFails) {
    publish("sign_rsa");
    TrustHarness h({}, false);
    EXPECT_EQ(h.run(kNetbootDance, dir.uri("main.ipxe")), 1) << h.out();
    EXPECT_NE(h.out().find("no trusted root certificates"), std::string::npos) << h.out();
}

// iPXE has no quoting, so --signer names are single words, like a host name.
TEST_F(CommandTrust, SignerOption) {
    publish("sign_dns");
    TrustHarness h(ca());
    EXPECT_EQ(
        h.run("#!ipxe\nimgverify --signer codesign.example.org s.ipxe s.ipxe.sig\n", dir.uri("main.ipxe")), 0)
        << h.out();
    TrustHarness h2(ca());
    EXPECT_EQ(
        h2.run("#!ipxe\nimgverify --signer other.example.org s.ipxe s.ipxe.sig\n", dir.uri("main.ipxe")),
        static_cast<int32_t>(Errc::access));
    EXPECT_NE(
        h2.out().find("wrong signer: signed by \"codesign.example.org\", expected \"other.example.org\""),
        std::string::npos)
        << h2.out();
}

// imgtrust: an unverified image may not run; --allow lifts it; --permanent cannot be undone.
TEST_F(CommandTrust, ImgtrustBlocksUnverifiedImages) {
    publish("sign_rsa");
    TrustHarness h(ca());
    EXPECT_EQ(h.run("#!ipxe\nimgtrust\nchain s.ipxe\n", dir.uri("main.ipxe")),
              static_cast<int32_t>(Errc::access));
    EXPECT_NE(h.out().find("Could not boot: Permission denied (image not trusted)"), std::string::npos)
        << h.out();
    EXPECT_EQ(h.out().find("CHAINED-MARKER"), std::string::npos);

    TrustHarness allow(ca());
    EXPECT_EQ(allow.run("#!ipxe\nimgtrust\nimgtrust --allow\nchain s.ipxe\n", dir.uri("main.ipxe")), 0)
        << allow.out();
    EXPECT_NE(allow.out().find("CHAINED-MARKER"), std::string::npos);

    TrustHarness permanent(ca());
    EXPECT_EQ(permanent.run("#!ipxe\nimgtrust --permanent\nimgtrust --allow || echo STILL-ON\nchain s.ipxe\n",
                            dir.uri("main.ipxe")),
              static_cast<int32_t>(Errc::access));
    EXPECT_NE(permanent.out().find("STILL-ON"), std::string::npos) << permanent.out();
    EXPECT_EQ(permanent.out().find("CHAINED-MARKER"), std::string::npos);
    // Repeating the same permanent setting is not a change, and succeeds.
    TrustHarness same(ca());
    EXPECT_EQ(same.run("#!ipxe\nimgtrust --permanent\nimgtrust\n", dir.uri("main.ipxe")), 0) << same.out();

    // A kernel is an image too.
    dir.write("vmlinuz", std::string(600, 'k'));
    TrustHarness kernel(ca());
    EXPECT_EQ(kernel.run("#!ipxe\nimgtrust\nkernel vmlinuz\nboot\n", dir.uri("main.ipxe")),
              static_cast<int32_t>(Errc::access));
    EXPECT_NE(kernel.out().find("image not trusted"), std::string::npos) << kernel.out();
}

// Without imgtrust, images run as before; a failed imgverify only fails that command.
TEST_F(CommandTrust, WithoutImgtrustNothingChanges) {
    publish("sign_rsa", kChained + "\n");
    TrustHarness h(ca());
    EXPECT_EQ(h.run("#!ipxe\nimgverify s.ipxe s.ipxe.sig || echo NOT-VERIFIED\nchain s.ipxe\n",
                    dir.uri("main.ipxe")),
              0)
        << h.out();
    EXPECT_NE(h.out().find("NOT-VERIFIED"), std::string::npos);
    EXPECT_NE(h.out().find("CHAINED-MARKER"), std::string::npos);
}

TEST_F(CommandTrust, Usage) {
    TrustHarness h(ca());
    EXPECT_EQ(h.run("#!ipxe\nimgverify s.ipxe\n", dir.uri("main.ipxe")), static_cast<int32_t>(Errc::range));
    EXPECT_NE(h.out().find("Usage:"), std::string::npos) << h.out();
    TrustHarness h2(ca());
    EXPECT_EQ(h2.run("#!ipxe\nimgtrust extra\n", dir.uri("main.ipxe")), static_cast<int32_t>(Errc::range));
    TrustHarness h3(ca());
    EXPECT_EQ(h3.run("#!ipxe\nimgverify nosuch nosuch.sig\n", dir.uri("main.ipxe")),
              static_cast<int32_t>(Errc::noent));
}

}  // namespace
}  // namespace carte
