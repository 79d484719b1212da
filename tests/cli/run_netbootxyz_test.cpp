// `carte run` end to end: netboot.xyz's real main menu (../shared/conformance/netbootxyz), served
// by a loopback HTTP server, driven with --keys/--plain through the Live CDs submenu and Debian
// Live to a `boot` (chain is a call sharing settings; relative URLs resolve against the calling
// script's URI: iPXE's image_exec() in src/core/image.c).
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/cli_run.h"
#include "runtime/crypto/sha256.h"
#include "tests/support/http_test_server.h"
#include "tests/support/run_capture.h"

namespace carte::cli {
namespace {

using test::run_captured;

std::string corpus() {
    return std::string(CARTE_SHARED_DIR) + "/conformance/netbootxyz";
}

bool have_corpus() {
    struct stat st;
    return stat((corpus() + "/menu.ipxe").c_str(), &st) == 0;
}

std::string sha256_hex(const std::string& s) {
    auto d = crypto::sha256(Bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
    static const char* x = "0123456789abcdef";
    std::string out;
    for (uint8_t b : d.bytes) out += x[b >> 4], out += x[b & 15];
    return out;
}

class NetbootXyz : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!have_corpus())
            GTEST_SKIP() << "netboot.xyz corpus not found at " << corpus() << " (../shared is absent)";
        server.set_root(corpus());
        server.add_file(kKernelPath + "vmlinuz", kernel);
        server.add_file(kKernelPath + "initrd", initrd);
        ASSERT_TRUE(server.start());
    }

    RunRequest request(const std::string& keys) {
        RunRequest r;
        r.input = server.url("/menu.ipxe");
        r.plain = true;
        r.keys_given = true;
        r.keys = keys;
        // Keep every download on the loopback server: live assets come from ${live_endpoint},
        // and the version check (an upgrade chain to boot.netboot.xyz) is satisfied.
        r.sets = {{"live_endpoint", server.url("/live")}, {"version", "3.x"}};
        return r;
    }

    const std::string kKernelPath = "/live/debian-core-13/releases/download/13.4.0-0a426450/";
    const std::string kernel = std::string(4096, 'K') + "debian-live-kernel";
    const std::string initrd = std::string(2048, 'I') + "debian-live-initrd";
    test::HttpTestServer server;
};

// Main menu: local, linux, live… — down twice to "Live CDs"; live.ipxe: Debian is the 5th entry;
// live-debian.ipxe: trixie, then the first flavour (Cinnamon). Then kernel + initrd + boot.
TEST_F(NetbootXyz, MainMenuThroughLiveSubmenuToBoot) {
    std::string out;
    int status = run_captured(request("down,down,enter,down,down,down,down,enter,enter,enter"), &out);
    EXPECT_EQ(status, 0) << out;
    EXPECT_NE(out.find("netboot.xyz"), std::string::npos) << out;
    EXPECT_NE(out.find("Live Boot Distributions"), std::string::npos) << out;
    EXPECT_NE(out.find("Debian Live"), std::string::npos) << out;
    EXPECT_NE(out.find("Booting (host: not executing)"), std::string::npos) << out;
    EXPECT_NE(out.find("kernel vmlinuz : " + std::to_string(kernel.size()) + " bytes from " +
                       server.url(kKernelPath + "vmlinuz")),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("sha256 " + sha256_hex(kernel)), std::string::npos) << out;
    EXPECT_NE(out.find("initrd initrd : " + std::to_string(initrd.size()) + " bytes"), std::string::npos)
        << out;
    EXPECT_NE(out.find("sha256 " + sha256_hex(initrd)), std::string::npos) << out;
    EXPECT_NE(out.find("cmdline \"boot=live fetch=" +
                       server.url("/live/debian-squash/releases/download/13.4.0-bcf1dab7/"
                                  "filesystem.squashfs") +
                       " initrd=initrd.magic"),
              std::string::npos)
        << out;
    // The scripts came from the server, relative to the calling script's URI.
    std::vector<std::string> paths;
    for (const auto& r : server.requests()) paths.push_back(r.path);
    for (const char* want : {"/menu.ipxe", "/boot.cfg", "/live.ipxe", "/live-debian.ipxe"})
        EXPECT_NE(std::find(paths.begin(), paths.end(), want), paths.end()) << want;
}

// Esc in the main menu takes netboot.xyz's `choose … || goto local` path, which ends the script
// with `exit 1` (back to the firmware's next boot device); `carte run` exits with that status.
TEST_F(NetbootXyz, EscInMainMenuGoesToLocal) {
    std::string out;
    int status = run_captured(request("esc"), &out);
    EXPECT_NE(out.find("Booting from local disks ..."), std::string::npos) << out;
    EXPECT_EQ(status, 1) << out;
}

}  // namespace
}  // namespace carte::cli
