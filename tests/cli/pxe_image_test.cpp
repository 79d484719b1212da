// `carte build --format pxe|kpxe` (cli/cli_pxe_image.h): the prefix is taken from the base ROM's
// descriptor only when it checks out, and the PXE program gets the prefix's fields set, the
// lkrn's multiboot magic hidden from iPXE's probe, and a size a PXE ROM can load.
#include <gtest/gtest.h>

#include <cstring>

#include "cli/cli_pxe_image.h"
#include "cli/cli_rom_image.h"
#include "platform/pc/boot/pxe_handoff.h"
#include "tests/cli/fake_rom.h"

namespace carte::cli {
namespace {

using namespace fake;
constexpr size_t kPrefixAt = kFakePrefixAt;
constexpr uint32_t kPrefixSize = kFakePrefixSize;

std::optional<std::vector<uint8_t>> prefix_of(const std::vector<uint8_t>& rom, std::string* why) {
    auto layout = read_rom_layout(rom, why);
    if (!layout) return std::nullopt;
    return pxe_prefix_of(rom, *layout, why);
}

TEST(PxeImage, PrefixComesFromTheDescriptor) {
    std::string why;
    auto prefix = prefix_of(fake_rom_v3(), &why);
    ASSERT_TRUE(prefix) << why;
    ASSERT_EQ(prefix->size(), kPrefixSize);
    EXPECT_EQ(std::memcmp(prefix->data() + PXE_PREFIX_PARAMS, "CARTEPFX", 8), 0);
}

TEST(PxeImage, DamagedOrMissingPrefixesAreRefused) {
    struct Case {
        const char* what;
        void (*damage)(std::vector<uint8_t>&);
        const char* needle;
    };
    const Case cases[] = {
        {"an older base", [](std::vector<uint8_t>& r) { put32(r, 0x438, 1); }, "older build"},
        {"prefix past the image", [](std::vector<uint8_t>& r) { put32(r, 0x450, 0x101ff0); }, "outside"},
        {"prefix below 1 MiB", [](std::vector<uint8_t>& r) { put32(r, 0x450, 0xff000); }, "outside"},
        {"huge prefix", [](std::vector<uint8_t>& r) { put32(r, 0x454, 0xfffffff0); }, "outside"},
        {"no CARTEPFX", [](std::vector<uint8_t>& r) { r[kPrefixAt + PXE_PREFIX_PARAMS] = 'X'; }, "damaged"},
        {"size disagrees", [](std::vector<uint8_t>& r) { put32(r, kPrefixAt + PXE_PREFIX_SIZE, 0x80); },
         "damaged"},
        {"unknown layout", [](std::vector<uint8_t>& r) { put32(r, kPrefixAt + PXE_PREFIX_VERSION, 9); },
         "version 9"},
    };
    for (const Case& c : cases) {
        auto rom = fake_rom_v3();
        c.damage(rom);
        std::string why;
        EXPECT_FALSE(prefix_of(rom, &why)) << c.what;
        EXPECT_NE(why.find(c.needle), std::string::npos) << c.what << ": " << why;
    }
}

TEST(PxeImage, FieldsAreSetAndTheLkrnFollows) {
    std::string why;
    auto prefix = prefix_of(fake_rom_v3(), &why);
    ASSERT_TRUE(prefix) << why;
    std::vector<uint8_t> lkrn(0x400 + 5000, 0x5a);
    for (bool keep : {false, true}) {
        auto image = make_pxe_image(*prefix, lkrn, keep, &why);
        ASSERT_TRUE(image) << why;
        ASSERT_EQ(image->size(), prefix->size() + lkrn.size());
        EXPECT_EQ(get32(*image, PXE_PREFIX_PAYLOAD), 5000u);
        EXPECT_EQ(get32(*image, PXE_PREFIX_FLAGS), keep ? uint32_t(PXE_FL_KEEP_UNDI) : 0u);
        EXPECT_TRUE(std::equal(lkrn.begin(), lkrn.end(), image->begin() + long(prefix->size())));
    }
}

// iPXE-based PXE ROMs would boot the file as a multiboot kernel if they found a valid header in
// its first 8 KiB; one beyond that, or a magic without a valid checksum, is left alone.
TEST(PxeImage, MultibootHeadersInTheFirst8KiBAreHidden) {
    std::string why;
    auto prefix = prefix_of(fake_rom_v3(), &why);
    ASSERT_TRUE(prefix) << why;
    std::vector<uint8_t> lkrn(0x4000, 0);
    auto header = [&](size_t at, uint32_t flags, bool valid) {
        put32(lkrn, at, 0x1badb002);
        put32(lkrn, at + 4, flags);
        put32(lkrn, at + 8, uint32_t(-(0x1badb002 + flags)) + (valid ? 0 : 1));
    };
    header(0x404, 0x10003, true);   // the lkrn's own, as in the compressed image
    header(0x800, 0x3, false);      // not a header: the checksum is wrong
    header(0x3000, 0x10003, true);  // past 8 KiB of the file
    auto image = make_pxe_image(*prefix, lkrn, false, &why);
    ASSERT_TRUE(image) << why;
    EXPECT_EQ(get32(*image, prefix->size() + 0x404), 0u);
    EXPECT_EQ(get32(*image, prefix->size() + 0x800), 0x1badb002u);
    EXPECT_EQ(get32(*image, prefix->size() + 0x3000), 0x1badb002u);
}

TEST(PxeImage, TooLargeForBaseMemoryIsRefused) {
    std::string why;
    auto prefix = prefix_of(fake_rom_v3(), &why);
    ASSERT_TRUE(prefix) << why;
    EXPECT_FALSE(make_pxe_image(*prefix, std::vector<uint8_t>(600 * 1024, 1), true, &why));
    EXPECT_NE(why.find("more than a PXE ROM can load"), std::string::npos) << why;
    EXPECT_FALSE(make_pxe_image(*prefix, std::vector<uint8_t>(0x200, 1), true, &why));
    EXPECT_NE(why.find("too small"), std::string::npos) << why;
}

}  // namespace
}  // namespace carte::cli
