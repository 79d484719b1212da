// `carte build --trust/--require-signed`: the trust records in the ROM payload
// (platform/firmware/embed_format.h kinds trust_store and ca_certs), read back with the firmware's own
// parsers, and the usage errors.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_rom_image.h"
#include "cli/commands.h"
#include "platform/firmware/embed_format.h"
#include "runtime/crypto/trust_store.h"
#include "tests/cli/fake_rom.h"
#include "tests/support/cli_harness.h"

namespace carte::cli {
namespace {

using namespace fake;

std::vector<uint8_t> slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int call(int (*cmd)(int, char**), std::vector<std::string> args, std::string* out) {
    test::CmdResult r = test::run_command(cmd, "cmd", std::move(args));
    *out = r.all();
    return r.status;
}

class BuildTrust : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/carte-build-trust-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir = tmpl;
        auto rom = fake_rom();
        std::ofstream(p("base.lkrn"), std::ios::binary)
            .write(reinterpret_cast<const char*>(rom.data()), rom.size());
        std::ofstream(p("menu.ipxe")) << "#!ipxe\nchain http://10.0.2.100/menu.cbm\n";
        std::string out;
        ASSERT_EQ(call(cmd_keygen, {"-o", p("k.pem"), "--pub", p("k.pub.pem")}, &out), 0) << out;
        key_id = out.substr(out.find("key ") + 4, 16);
    }
    void TearDown() override { EXPECT_EQ(system(("rm -rf " + dir).c_str()), 0); }
    std::string p(const std::string& name) const { return dir + "/" + name; }

    // The payload of a built ROM, parsed as the firmware parses it.
    Result<fw::embed::Payload> payload_of(const std::string& rom_path, std::vector<uint8_t>* keep) {
        *keep = slurp(rom_path);
        std::string why;
        auto layout = read_rom_layout(*keep, &why);
        EXPECT_TRUE(layout.has_value()) << why;
        return fw::embed::parse(Bytes(keep->data() + layout->image_size, keep->size() - layout->image_size));
    }

    std::string dir, key_id;
};

TEST_F(BuildTrust, KeyAndCertificateAreEmbeddedWithThePolicy) {
    std::string cmd =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '/CN=Carte Test CA' "
        "-keyout " +
        p("ca.key") + " -out " + p("ca.crt") + " -days 2 2>/dev/null";
    ASSERT_EQ(system(cmd.c_str()), 0);
    ASSERT_EQ(system(("openssl x509 -in " + p("ca.crt") + " -outform DER -out " + p("ca.der")).c_str()), 0);
    std::string out;
    ASSERT_EQ(call(cmd_build,
                   {p("menu.ipxe"), "-o", p("out.lkrn"), "--base", p("base.lkrn"), "--trust", p("k.pub.pem"),
                    "--trust", p("ca.crt"), "--require-signed"},
                   &out),
              0)
        << out;
    EXPECT_NE(out.find("trust     key " + key_id + " (k.pub.pem)"), std::string::npos) << out;
    EXPECT_NE(out.find("trust     CA certificate /CN=Carte Test CA"), std::string::npos) << out;
    EXPECT_NE(out.find("policy    signed menus required"), std::string::npos) << out;

    std::vector<uint8_t> rom;
    auto payload = payload_of(p("out.lkrn"), &rom);
    ASSERT_TRUE(payload.ok());
    EXPECT_TRUE(payload->has_trust());
    auto store = crypto::parse_trust_store(payload->trust_store);
    ASSERT_TRUE(store.ok());
    ASSERT_EQ(store->anchors.size(), 1u);
    EXPECT_TRUE(store->require_signed_menus());
    EXPECT_FALSE(store->require_signed_scripts());
    std::vector<uint8_t> der = slurp(p("ca.der"));
    std::vector<std::vector<uint8_t>> certs;
    ASSERT_TRUE(fw::embed::for_each_ca_cert(payload->ca_certs, [&](Bytes c) {
                    certs.emplace_back(c.begin(), c.end());
                    return Status();
                }).ok());
    ASSERT_EQ(certs.size(), 1u);
    EXPECT_EQ(certs[0], der);
}

TEST_F(BuildTrust, WithoutTrustThereAreNoTrustRecords) {
    std::string out;
    ASSERT_EQ(call(cmd_build, {p("menu.ipxe"), "-o", p("out.lkrn"), "--base", p("base.lkrn")}, &out), 0)
        << out;
    EXPECT_EQ(out.find("  trust "), std::string::npos) << out;
    EXPECT_EQ(out.find("policy"), std::string::npos) << out;
    std::vector<uint8_t> rom;
    auto payload = payload_of(p("out.lkrn"), &rom);
    ASSERT_TRUE(payload.ok());
    EXPECT_FALSE(payload->has_trust());
}

TEST_F(BuildTrust, UsageAndInputErrors) {
    std::string out;
    EXPECT_EQ(call(cmd_build,
                   {p("menu.ipxe"), "-o", p("o.lkrn"), "--base", p("base.lkrn"), "--require-signed"}, &out),
              2);
    EXPECT_NE(out.find("--require-signed needs at least one --trust public key"), std::string::npos) << out;
    std::ofstream(p("junk.pem")) << "junk\n";
    EXPECT_EQ(
        call(cmd_build,
             {p("menu.ipxe"), "-o", p("o.lkrn"), "--base", p("base.lkrn"), "--trust", p("junk.pem")}, &out),
        1);
    EXPECT_EQ(call(cmd_build,
                   {p("menu.ipxe"), "-o", p("o.lkrn"), "--base", p("base.lkrn"), "--trust",
                    p("k.pub.pem") + ",not-after=yesterday"},
                   &out),
              1);
    EXPECT_NE(out.find("bad time"), std::string::npos) << out;
}

// The firmware refuses damaged trust records instead of ignoring them (it then halts: fail closed).
TEST(EmbedTrustRecords, MalformedRecordsAreErrors) {
    EmbedRequest r;
    r.program = {'#', '!', 'i', 'p', 'x', 'e', '\n'};
    r.trust_store = {'C', 'T', 'R', 'S'};
    std::vector<uint8_t> twice = encode_payload(r);
    // A second trust_store record: append one by hand and fix the size.
    std::vector<uint8_t> extra = {4, 0, 0, 0, 4, 0, 0, 0, 'C', 'T', 'R', 'S', 0, 0, 0, 0};
    twice.insert(twice.end(), extra.begin(), extra.end());
    put32(twice, 12, uint32_t(twice.size() - fw::embed::kHeaderSize));
    EXPECT_FALSE(fw::embed::parse(Bytes(twice.data(), twice.size())).ok());

    uint8_t bad_certs[] = {10, 0, 0, 0, 1, 2, 3};  // claims 10 bytes, has 3
    int visited = 0;
    Status s = fw::embed::for_each_ca_cert(Bytes(bad_certs, sizeof bad_certs), [&](Bytes) {
        ++visited;
        return Status();
    });
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(visited, 0);
    uint8_t empty_cert[] = {0, 0, 0, 0};
    EXPECT_FALSE(fw::embed::for_each_ca_cert(Bytes(empty_cert, 4), [](Bytes) { return Status(); }).ok());
}

}  // namespace
}  // namespace carte::cli
