// `carte run` on a Carte-compiled catalogue (YAML front-end → bytecode → VM), driven with
// --keys/--plain against a loopback HTTP server: a hotkey opens a submenu, an item boots with
// sha256-pinned downloads; a wrong pin refuses to boot and returns to the menu.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "cli/cli_run.h"
#include "runtime/crypto/sha256.h"
#include "tests/support/http_test_server.h"
#include "tests/support/run_capture.h"

namespace carte::cli {
namespace {

using test::run_captured;

std::string sha256_hex(const std::string& s) {
    auto d = crypto::sha256(Bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
    static const char* x = "0123456789abcdef";
    std::string out;
    for (uint8_t b : d.bytes) out += x[b >> 4], out += x[b & 15];
    return out;
}

class CatalogueRun : public ::testing::Test {
  protected:
    void SetUp() override {
        server.add_file("/os/vmlinuz", kernel);
        server.add_file("/os/initrd.img", initrd);
        ASSERT_TRUE(server.start());
        char tmpl[] = "/tmp/carte-run-XXXXXX";
        dir = mkdtemp(tmpl);
        path = dir + "/catalogue.yaml";
        std::ofstream(path) << "carte: 1\n"
                               "entry: main\n"
                               "defaults:\n"
                               "  mirror: http://10.0.2.100\n"
                               "menus:\n"
                               "  - id: main\n"
                               "    title: Test catalogue\n"
                               "    items:\n"
                               "      - {id: linux, label: Linux..., key: l, submenu: linux}\n"
                               "      - gap\n"
                               "      - {id: local, label: Boot from local disk, exit: 0}\n"
                               "  - id: linux\n"
                               "    title: Linux\n"
                               "    items:\n"
                               "      - header: Pinned\n"
                               "      - id: good\n"
                               "        label: Good pins\n"
                               "        linux:\n"
                               "          kernel: {url: \"${mirror}/vmlinuz\", sha256: "
                            << sha256_hex(kernel)
                            << "}\n"
                               "          initrds:\n"
                               "            - {url: \"${mirror}/initrd.img\", sha256: "
                            << sha256_hex(initrd)
                            << ", name: /init.img}\n"
                               "          cmdline: console=ttyS0 mac=${net0/mac:hexhyp}\n"
                               "      - id: bad\n"
                               "        label: Bad pin\n"
                               "        linux:\n"
                               "          kernel: {url: \"${mirror}/vmlinuz\", sha256: "
                            << std::string(64, '0') << "}\n";
    }
    void TearDown() override { std::remove(path.c_str()), rmdir(dir.c_str()); }

    RunRequest request(const std::string& keys) {
        RunRequest r;
        r.input = path;
        r.plain = true;
        r.keys_given = true;
        r.keys = keys;
        r.sets = {{"mirror", server.url("/os")}};
        return r;
    }

    const std::string kernel = "catalogue-kernel-" + std::string(3000, 'k');
    const std::string initrd = "catalogue-initrd-" + std::string(1000, 'i');
    test::HttpTestServer server;
    std::string dir, path;
};

TEST_F(CatalogueRun, HotkeySubmenuThenBootPinnedImages) {
    std::string out;
    int status = run_captured(request("l,enter"), &out);
    EXPECT_EQ(status, 0) << out;
    EXPECT_NE(out.find("Test catalogue"), std::string::npos) << out;
    EXPECT_NE(out.find("Esc: back"), std::string::npos);
    EXPECT_NE(out.find("Booting (host: not executing)"), std::string::npos) << out;
    EXPECT_NE(out.find("kernel vmlinuz : " + std::to_string(kernel.size()) + " bytes from " +
                       server.url("/os/vmlinuz")),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("sha256 " + sha256_hex(kernel)), std::string::npos);
    EXPECT_NE(out.find("sha256 " + sha256_hex(initrd)), std::string::npos);
    // The compiler names the initrd with --name (the image name is what EFI kernels and wimboot see).
    EXPECT_NE(out.find("initrd /init.img : " + std::to_string(initrd.size()) + " bytes"), std::string::npos)
        << out;
    EXPECT_NE(out.find("cmdline \"console=ttyS0 mac="), std::string::npos) << out;
}

TEST_F(CatalogueRun, WrongPinNeverBootsAndReturnsToMenu) {
    std::string out;
    int status = run_captured(request("l,down,enter,x,esc,esc"), &out);
    EXPECT_NE(out.find("SHA-256 does not match"), std::string::npos) << out;
    EXPECT_EQ(out.find("Booting"), std::string::npos) << out;
    size_t err = out.find("SHA-256 does not match");
    EXPECT_NE(out.find("Linux", err), std::string::npos);  // the menu is shown again afterwards
    EXPECT_NE(status, 0);
}

}  // namespace
}  // namespace carte::cli
