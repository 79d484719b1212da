// Tests for runtime/image/bzimage: setup-header parsing and zero-page construction, on synthetic
// headers and (when present) the real Debian kernel in third_party/.
#include <gtest/gtest.h>

#include <cstdio>
#include <vector>

#include "runtime/image/bzimage.h"

using namespace carte;
using namespace carte::image;

namespace {

void put16(std::vector<uint8_t>& b, size_t off, uint16_t v) {
    b[off] = uint8_t(v), b[off + 1] = uint8_t(v >> 8);
}
void put32(std::vector<uint8_t>& b, size_t off, uint32_t v) {
    put16(b, off, uint16_t(v)), put16(b, off + 2, uint16_t(v >> 16));
}
uint32_t get32(const std::vector<uint8_t>& b, size_t off) {
    return uint32_t(b[off]) | uint32_t(b[off + 1]) << 8 | uint32_t(b[off + 2]) << 16 |
           uint32_t(b[off + 3]) << 24;
}

// A minimal protocol-2.10 bzImage: 1 setup sector, 4 KiB of "kernel".
std::vector<uint8_t> fake_bzimage(uint16_t version = 0x020a) {
    std::vector<uint8_t> b(1024 + 4096, 0);
    b[0x1f1] = 1;
    put16(b, 0x1fe, 0xaa55);
    b[0x200] = 0xeb, b[0x201] = 0x66;  // header runs to 0x268
    b[0x202] = 'H', b[0x203] = 'd', b[0x204] = 'r', b[0x205] = 'S';
    put16(b, 0x206, version);
    b[0x211] = 0x01;
    put32(b, 0x22c, 0x7fffffff);
    put32(b, 0x230, 0x200000);
    b[0x234] = 1;
    put32(b, 0x238, 2047);
    put32(b, 0x258, 0x1000000);
    put32(b, 0x260, 0x10000);
    return b;
}

Bytes bytes(const std::vector<uint8_t>& v) {
    return Bytes(v.data(), v.size());
}

}  // namespace

TEST(ImageBzImage, ParsesSyntheticHeader) {
    auto img = fake_bzimage();
    auto h = parse_bzimage(bytes(img));
    ASSERT_TRUE(h.ok());
    EXPECT_EQ(h->version, 0x020a);
    EXPECT_EQ(h->setup_size, 1024u);
    EXPECT_EQ(h->kernel_size, 4096u);
    EXPECT_EQ(h->header_end, 0x268u);
    EXPECT_TRUE(h->relocatable);
    EXPECT_EQ(h->kernel_alignment, 0x200000u);
    EXPECT_EQ(h->cmdline_size, 2047u);
    EXPECT_EQ(h->init_size, 0x10000u);
    EXPECT_EQ(h->pref_address, 0x1000000u);
}

TEST(ImageBzImage, RejectsBadImages) {
    std::vector<uint8_t> tiny(100, 0);
    EXPECT_EQ(parse_bzimage(bytes(tiny)).error().code, Errc::noexec);
    auto img = fake_bzimage();
    img[0x202] = 'X';
    EXPECT_EQ(parse_bzimage(bytes(img)).error().code, Errc::noexec);
    auto old = fake_bzimage(0x0204);
    EXPECT_EQ(parse_bzimage(bytes(old)).error().code, Errc::notsup);
    auto trunc = fake_bzimage();
    trunc.resize(1024);
    EXPECT_EQ(parse_bzimage(bytes(trunc)).error().code, Errc::badmsg);
    auto align = fake_bzimage();
    put32(align, 0x230, 0x300000);
    EXPECT_EQ(parse_bzimage(bytes(align)).error().code, Errc::badmsg);
}

TEST(ImageBzImage, BuildsZeroPage) {
    auto img = fake_bzimage();
    auto h = parse_bzimage(bytes(img));
    ASSERT_TRUE(h.ok());
    std::vector<uint8_t> zp(4096, 0xcc);
    E820Entry map[] = {{0, 0x9fc00, 1}, {0x100000, 0x1ff00000, 1}};
    ZeroPageParams p;
    p.cmdline_addr = 0x20000;
    p.initrd_addr = 0x1f000000;
    p.initrd_size = 0x1234;
    p.kernel_addr = 0x2000000;
    p.memory_map = Span<const E820Entry>(map);
    ASSERT_TRUE(build_zero_page(Span<uint8_t>(zp.data(), zp.size()), bytes(img), *h, p).ok());
    EXPECT_EQ(zp[0], 0);                       // zeroed outside the header
    EXPECT_EQ(zp[0x202], 'H');                 // header copied
    EXPECT_EQ(zp[0x210], 0xff);                // type_of_loader
    EXPECT_EQ(get32(zp, 0x228), 0x20000u);     // cmd_line_ptr
    EXPECT_EQ(get32(zp, 0x218), 0x1f000000u);  // ramdisk_image
    EXPECT_EQ(get32(zp, 0x21c), 0x1234u);      // ramdisk_size
    EXPECT_EQ(get32(zp, 0x214), 0x2000000u);   // code32_start
    EXPECT_EQ(zp[0x1e8], 2);                   // e820_entries
    EXPECT_EQ(get32(zp, 0x2d0 + 20 + 8), 0x1ff00000u);
    EXPECT_EQ(get32(zp, 0x2d0 + 20 + 16), 1u);
}

TEST(ImageBzImage, ZeroPageEnforcesLimits) {
    auto img = fake_bzimage();
    put32(img, 0x22c, 0x37ffffff);
    auto h = parse_bzimage(bytes(img));
    ASSERT_TRUE(h.ok());
    std::vector<uint8_t> zp(4096);
    Span<uint8_t> out(zp.data(), zp.size());
    ZeroPageParams p;
    p.kernel_addr = 0x2000000;
    p.initrd_addr = 0x37fff000;
    p.initrd_size = 0x2000;  // crosses initrd_addr_max
    EXPECT_EQ(build_zero_page(out, bytes(img), *h, p).error().code, Errc::range);
    p.initrd_size = 0x1000;  // ends exactly at the limit
    EXPECT_TRUE(build_zero_page(out, bytes(img), *h, p).ok());
    p.kernel_addr = 0x2100000;  // not 2 MiB aligned
    EXPECT_EQ(build_zero_page(out, bytes(img), *h, p).error().code, Errc::inval);
    EXPECT_EQ(clamp_cmdline(*h, Str("abc")).size(), 3u);
}

TEST(ImageBzImage, ParsesDebianKernelWhenPresent) {
    std::FILE* f = std::fopen(CARTE_SOURCE_DIR "/third_party/kernel/vmlinuz", "rb");
    if (!f) GTEST_SKIP() << "third_party/kernel/vmlinuz not fetched";
    std::vector<uint8_t> img;
    uint8_t buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) img.insert(img.end(), buf, buf + n);
    std::fclose(f);
    auto h = parse_bzimage(bytes(img));
    ASSERT_TRUE(h.ok()) << h.error().detail;
    EXPECT_GE(h->version, 0x020a);
    EXPECT_TRUE(h->relocatable);
    EXPECT_GE(h->init_size, h->kernel_size);
    EXPECT_EQ(h->setup_size + h->kernel_size, img.size());
}
