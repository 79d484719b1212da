// Image commands and the registry (iPXE: src/hci/commands/image_cmd.c, src/usr/imgmgmt.c).
#include <gtest/gtest.h>

#include "runtime/crypto/sha256.h"
#include "tests/runtime/vm_harness.h"

namespace carte {
namespace {

using test::Harness;
using test::TempDir;

std::string sha256_hex(const std::string& s) {
    auto d = crypto::sha256(Bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
    static const char* x = "0123456789abcdef";
    std::string out;
    for (uint8_t b : d.bytes) out += x[b >> 4], out += x[b & 15];
    return out;
}

// imgfetch names images by basename; imgstat prints iPXE's line format.
TEST(CommandImage, FetchNamesAndStat) {
    TempDir dir;
    dir.write("vmlinuz", std::string(100, 'k'));
    dir.write("initrd.img", std::string(40, 'i'));
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\nkernel vmlinuz console=ttyS0 quiet\ninitrd --name rd initrd.img\nimgstat\n",
                    dir.uri("main.ipxe")),
              0);
    EXPECT_NE(h.out().find("vmlinuz : 100 bytes [SELECTED] \"console=ttyS0 quiet\"\n"), std::string::npos)
        << h.out();
    EXPECT_NE(h.out().find("rd : 40 bytes\n"), std::string::npos) << h.out();
    EXPECT_NE(h.out().find(dir.uri("vmlinuz") + "... ok\n"), std::string::npos) << h.out();
}

// A failed download prints the error and fails with the fetcher's code.
TEST(CommandImage, MissingFileIsNoent) {
    TempDir dir;
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\nkernel nosuch\n", dir.uri("main.ipxe")), static_cast<int32_t>(Errc::noent));
    EXPECT_NE(h.out().find("No such file or directory"), std::string::npos) << h.out();
}

// Carte's --sha256 pin: checked before registering; a mismatch is EACCES and nothing is kept.
TEST(CommandImage, Sha256Pin) {
    TempDir dir;
    dir.write("k", "kernel-bytes");
    Harness h;
    std::string good = sha256_hex("kernel-bytes");
    EXPECT_EQ(h.run("#!ipxe\nkernel --sha256 " + good + " k\n", dir.uri("main.ipxe")), 0);
    Harness h2;
    std::string bad = sha256_hex("other");
    EXPECT_EQ(h2.run("#!ipxe\nkernel --sha256=" + bad + " k\n", dir.uri("main.ipxe")),
              static_cast<int32_t>(Errc::access));
    EXPECT_NE(h2.out().find("does not match"), std::string::npos) << h2.out();
    EXPECT_EQ(h2.in.images().size(), 0u);
}

// `kernel` reuses an image registered under that exact name; initrd always downloads.
TEST(CommandImage, KernelReusesRegisteredName) {
    TempDir dir;
    dir.write("k", "v1");
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\nimgfetch k\nkernel k\ninitrd k\nimgstat\n", dir.uri("main.ipxe")), 0);
    EXPECT_EQ(h.in.images().size(), 2u);
}

// imgfree with names and without; imgargs replaces the command line.
TEST(CommandImage, FreeAndArgs) {
    TempDir dir;
    dir.write("a", "A");
    dir.write("b", "B");
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\nimgfetch a\nimgfetch b one\nimgargs b two three\nimgstat b\nimgfree a\nimgstat "
                    "a || echo freed\n"
                    "imgfree\nimgstat\n",
                    dir.uri("main.ipxe")),
              0);
    EXPECT_NE(h.out().find("b : 1 bytes \"two three\"\n"), std::string::npos) << h.out();
    EXPECT_NE(h.out().find("freed\n"), std::string::npos);
    EXPECT_EQ(h.in.images().size(), 0u);
}

// `boot` with nothing selected prints "No image selected" and succeeds.
TEST(CommandImage, BootNothingSelected) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\nboot\necho after\n"), 0);
    EXPECT_EQ(h.out(), "No image selected\nafter\n");
}

// boot hands a plan to the platform: the kernel, every other image as an initrd (with its CPIO
// name), and the command line. The host reports it and the run ends with status 0.
TEST(CommandImage, BootReportsPlan) {
    TempDir dir;
    dir.write("vmlinuz", "KERNEL");
    dir.write("initrd.img", "INITRD");
    Harness h;
    EXPECT_EQ(
        h.run("#!ipxe\nkernel vmlinuz initrd=initrd.magic quiet\ninitrd initrd.img /init.img mode=755\nboot\n"
              "echo never\n",
              dir.uri("main.ipxe")),
        0);
    const std::string& r = h.platform.boot_report();
    EXPECT_NE(r.find("kernel vmlinuz : 6 bytes from " + dir.uri("vmlinuz")), std::string::npos) << r;
    EXPECT_NE(r.find("sha256 " + sha256_hex("KERNEL")), std::string::npos) << r;
    EXPECT_NE(r.find("initrd initrd.img : 6 bytes"), std::string::npos) << r;
    EXPECT_NE(r.find("name /init.img mode=755"), std::string::npos) << r;
    EXPECT_NE(r.find("cmdline \"initrd=initrd.magic quiet\""), std::string::npos) << r;
    EXPECT_EQ(h.out().find("never"), std::string::npos);
}

// md5sum / sha1sum / sha256sum print `<hex>  <name>` (standard "abc" vectors).
TEST(CommandDigest, StandardVectors) {
    TempDir dir;
    dir.write("abc", "abc");
    Harness h;
    EXPECT_EQ(
        h.run("#!ipxe\nimgfetch --quiet abc\nmd5sum abc\nsha1sum abc\nsha256sum abc\nsha256sum --set d abc\n",
              dir.uri("main.ipxe")),
        0);
    EXPECT_NE(h.out().find("900150983cd24fb0d6963f7d28e17f72  abc\n"), std::string::npos) << h.out();
    EXPECT_NE(h.out().find("a9993e364706816aba3e25717850c26c9cd0d89d  abc\n"), std::string::npos);
    EXPECT_NE(h.out().find("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  abc\n"),
              std::string::npos);
    EXPECT_EQ(h.setting("d"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    Harness h2;
    EXPECT_EQ(h2.run("#!ipxe\nmd5sum nosuch\n"), static_cast<int32_t>(Errc::noent));
}

// A chained script is off the list while it runs and comes back afterwards; --autofree drops it.
TEST(CommandImage, RunningScriptIsNotAnInitrd) {
    TempDir dir;
    dir.write("s.ipxe", "#!ipxe\nimgstat\n");
    Harness h;
    EXPECT_EQ(
        h.run("#!ipxe\nchain s.ipxe\nimgstat\nchain --autofree s.ipxe\nimgstat s.ipxe || echo autofreed\n",
              dir.uri("main.ipxe")),
        0);
    std::string out = h.out();
    size_t first = out.find("s.ipxe : ");
    ASSERT_NE(first, std::string::npos) << out;  // re-registered after the first chain
    EXPECT_NE(out.find("autofreed\n"), std::string::npos) << out;
}

}  // namespace
}  // namespace carte
