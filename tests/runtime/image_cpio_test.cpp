// Tests for runtime/image/cpio and initrd: iPXE-compatible newc wrapping of named initrds and the
// 4 KiB-aligned concatenation of several initrds.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/image/cpio.h"
#include "runtime/image/initrd.h"

using namespace carte;
using namespace carte::image;

namespace {

std::string headers(Str cmdline, size_t size) {
    auto spec = parse_cpio_spec(cmdline);
    EXPECT_TRUE(spec.ok());
    size_t n = write_cpio_headers(*spec, size, Span<uint8_t>());
    std::string out(n, '\0');
    EXPECT_EQ(write_cpio_headers(*spec, size, Span<uint8_t>(reinterpret_cast<uint8_t*>(out.data()), n)), n);
    return out;
}

// The mode field (second of the 8-digit fields) of the k-th header in s.
std::string mode_of(const std::string& s, size_t k) {
    size_t pos = 0;
    for (size_t i = 0; i <= k; ++i) {
        pos = s.find("070701", i ? pos + 6 : 0);
        if (pos == std::string::npos) return "";
    }
    return s.substr(pos + 14, 8);
}
size_t count_headers(const std::string& s) {
    size_t n = 0;
    for (size_t p = s.find("070701"); p != std::string::npos; p = s.find("070701", p + 6)) ++n;
    return n;
}

}  // namespace

TEST(ImageCpio, ParsesSpec) {
    auto s = parse_cpio_spec(Str("/sbin/init mode=755 mkdir=2"));
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->name, Str("/sbin/init"));
    EXPECT_EQ(s->mode, 0755u);
    EXPECT_EQ(s->mkdir, 2);
    EXPECT_EQ(parse_cpio_spec(Str("a mode=9")).error().code, Errc::inval);
    EXPECT_EQ(parse_cpio_spec(Str("a b")).error().code, Errc::inval);
    EXPECT_EQ(parse_cpio_spec(Str("a mkdir=-1"))->mkdir, -1);
    EXPECT_TRUE(parse_cpio_spec(Str(""))->name.empty());
}

TEST(ImageCpio, DefaultFileHeader) {
    std::string h = headers(Str("initrd.img"), 1234);
    ASSERT_EQ(h.size() % 4, 0u);
    EXPECT_EQ(h.substr(0, 6), "070701");
    EXPECT_EQ(mode_of(h, 0), "000081a4");            // 0100644
    EXPECT_EQ(h.substr(6 + 8 * 6, 8), "000004d2");   // filesize 1234
    EXPECT_EQ(h.substr(6 + 8 * 11, 8), "0000000b");  // namesize incl. NUL
    EXPECT_EQ(h.substr(110, 10), "initrd.img");
}

TEST(ImageCpio, ModeAndMkdirAsIpxe) {
    EXPECT_EQ(mode_of(headers(Str("/sbin/init mode=755"), 1), 0), "000081ed");
    std::string two = headers(Str("/usr/share/oem/config.ign mkdir=1"), 1);
    EXPECT_EQ(count_headers(two), 2u);
    EXPECT_EQ(mode_of(two, 0), "000041ed");  // the directory comes first
    EXPECT_NE(two.find("usr/share/oem"), std::string::npos);
    std::string three = headers(Str("///etc//init.d///runthings mode=700 mkdir=99"), 1);
    EXPECT_EQ(count_headers(three), 3u);
    EXPECT_EQ(mode_of(three, 2), "000081c0");
    EXPECT_EQ(count_headers(headers(Str("/a/b/c/d mkdir=-1"), 1)), 4u);
    EXPECT_EQ(mode_of(headers(Str("/var/lib/ mode=700"), 0), 0), "000041c0");
}

TEST(ImageInitrd, ConcatenatesAtFourKiB) {
    std::vector<uint8_t> a(5000, 0xaa), b(10, 0xbb);
    InitrdPart parts[] = {{Bytes(a.data(), a.size()), Str()},
                          {Bytes(b.data(), b.size()), Str("/etc/x mode=600")}};
    auto size = initrd_size(Span<const InitrdPart>(parts));
    ASSERT_TRUE(size.ok());
    size_t header = headers(Str("/etc/x mode=600"), 10).size();
    EXPECT_EQ(*size, 8192 + header + 10);
    std::vector<uint8_t> out(*size, 0x55);
    ASSERT_TRUE(build_initrd(Span<const InitrdPart>(parts), Span<uint8_t>(out.data(), out.size())).ok());
    EXPECT_EQ(out[0], 0xaa);
    EXPECT_EQ(out[4999], 0xaa);
    EXPECT_EQ(out[5000], 0);  // gap zero-filled
    EXPECT_EQ(out[8191], 0);
    EXPECT_EQ(out[8192], '0');  // "070701"
    EXPECT_EQ(out[8192 + header], 0xbb);
    std::vector<uint8_t> small(10);
    EXPECT_EQ(
        build_initrd(Span<const InitrdPart>(parts), Span<uint8_t>(small.data(), small.size())).error().code,
        Errc::nospc);
}
