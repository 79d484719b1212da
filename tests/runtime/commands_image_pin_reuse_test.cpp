// A --sha256 pin holds for the bytes that are used, including an image `kernel`/`chain`/`imgargs`
// reuse by name instead of downloading (imgacquire): a pin cannot be sidestepped by fetching
// other bytes under that name first.
#include <gtest/gtest.h>

#include "runtime/crypto/sha256.h"
#include "tests/runtime/vm_harness.h"

namespace carte {
namespace {

using test::Harness;
using test::TempDir;

std::string hex_of(const std::string& s) {
    auto d = crypto::sha256(Bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
    static const char* x = "0123456789abcdef";
    std::string out;
    for (uint8_t b : d.bytes) out += x[b >> 4], out += x[b & 15];
    return out;
}

TEST(CommandImagePinReuse, ReusedImageIsCheckedAgainstThePin) {
    TempDir dir;
    dir.write("evil", "evil-kernel");
    Harness h;
    std::string pin = hex_of("good-kernel");
    int32_t rc = h.run("#!ipxe\nimgfetch --name vmlinuz evil\nkernel --sha256 " + pin + " vmlinuz\n",
                       dir.uri("main.ipxe"));
    EXPECT_EQ(rc, static_cast<int32_t>(Errc::access)) << h.out();
    EXPECT_NE(h.out().find("vmlinuz: Permission denied (SHA-256 does not match the pinned value)"),
              std::string::npos)
        << h.out();
    EXPECT_EQ(h.in.images().selected(), nullptr);
}

TEST(CommandImagePinReuse, ReusedImageWithTheRightBytesPasses) {
    TempDir dir;
    dir.write("k", "good-kernel");
    Harness h;
    std::string pin = hex_of("good-kernel");
    EXPECT_EQ(h.run("#!ipxe\nimgfetch --name vmlinuz k\nkernel --sha256=" + pin + " vmlinuz\nimgstat\n",
                    dir.uri("main.ipxe")),
              0)
        << h.out();
    EXPECT_NE(h.out().find("vmlinuz : 11 bytes [SELECTED]"), std::string::npos) << h.out();
}

TEST(CommandImagePinReuse, ChainOfAReusedImageIsCheckedToo) {
    TempDir dir;
    dir.write("s", "#!ipxe\necho should not run\n");
    Harness h;
    std::string pin = hex_of("#!ipxe\necho expected\n");
    h.run("#!ipxe\nimgfetch --name next.ipxe s\nchain --sha256 " + pin + " next.ipxe || echo refused\n",
          dir.uri("main.ipxe"));
    EXPECT_EQ(h.out().find("should not run"), std::string::npos) << h.out();
    EXPECT_NE(h.out().find("refused"), std::string::npos) << h.out();
}

}  // namespace
}  // namespace carte
