// `carte build`'s image writer (cli/cli_rom_image.h) against the ROM's payload parser
// (platform/firmware/embed_format.h): what one writes the other reads, and both refuse bad input.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "cli/cli_rom_image.h"
#include "platform/firmware/embed_format.h"

namespace carte::cli {
namespace {

uint32_t get32(const std::vector<uint8_t>& b, size_t at) {
    return uint32_t(b[at]) | uint32_t(b[at + 1]) << 8 | uint32_t(b[at + 2]) << 16 | uint32_t(b[at + 3]) << 24;
}
void put32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + i] = uint8_t(v >> (8 * i));
}

// A minimal image with the pieces build_rom reads: boot signature, HdrS, a multiboot header and
// the CARTEROM descriptor; 8 KiB loaded at 1 MiB, .bss up to 1 MiB + 12 KiB.
std::vector<uint8_t> fake_rom() {
    std::vector<uint8_t> rom(0x400 + 0x2000, 0);
    rom[0x1fe] = 0x55, rom[0x1ff] = 0xaa;
    std::memcpy(&rom[0x202], "HdrS", 4);
    put32(rom, 0x408, 0x1badb002);
    std::memcpy(&rom[0x430], "CARTEROM", 8);
    put32(rom, 0x438, 1);
    put32(rom, 0x43c, 0x102000);
    put32(rom, 0x440, 0x103000);
    put32(rom, 0x444, 0x100008);
    return rom;
}

EmbedRequest request(const std::string& text) {
    EmbedRequest r;
    r.program.assign(text.begin(), text.end());
    r.name = "menu.ipxe";
    return r;
}

Bytes payload_of(const std::vector<uint8_t>& rom, const RomLayout& layout) {
    return Bytes(rom.data() + layout.image_size, rom.size() - layout.image_size);
}

TEST(RomImage, PayloadRoundTripsAndLoadersArePatched) {
    std::string why;
    EmbedRequest r = request("#!ipxe\necho hello\n");
    r.shell_wait_ms = 0;
    auto rom = build_rom(fake_rom(), r, &why);
    ASSERT_TRUE(rom) << why;
    auto layout = read_rom_layout(*rom, &why);
    ASSERT_TRUE(layout) << why;
    EXPECT_EQ(layout->image_size, 0x2400u);
    EXPECT_GT(layout->payload_size, r.program.size());
    EXPECT_EQ((rom->size() - 0x400) % 16, 0u);
    // syssize covers the payload; multiboot loads it and reserves its moved copy past .bss.
    EXPECT_EQ(get32(*rom, 0x1f4) * 16, rom->size() - 0x400);
    EXPECT_EQ(get32(*rom, 0x408 + 20), 0x100000 + rom->size() - 0x400);
    EXPECT_GE(get32(*rom, 0x408 + 24), 0x103000 + layout->payload_size);
    EXPECT_EQ(std::memcmp(&(*rom)[0x202], "HdrS", 4), 0);

    auto parsed = fw::embed::parse(payload_of(*rom, *layout));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(parsed->program.data()), parsed->program.size()),
              "#!ipxe\necho hello\n");
    EXPECT_EQ(std::string(parsed->name.data(), parsed->name.size()), "menu.ipxe");
    EXPECT_TRUE(parsed->shell_wait_set);
    EXPECT_EQ(parsed->shell_wait_ms, 0u);
}

TEST(RomImage, RebuildingReplacesThePayload) {
    std::string why;
    auto first = build_rom(fake_rom(), request(std::string(5000, 'a')), &why);
    ASSERT_TRUE(first) << why;
    auto second = build_rom(*first, request("#!ipxe\n"), &why);
    ASSERT_TRUE(second) << why;
    auto layout = read_rom_layout(*second, &why);
    ASSERT_TRUE(layout);
    auto parsed = fw::embed::parse(payload_of(*second, *layout));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->program.size(), 7u);
    EXPECT_LT(second->size(), first->size());
}

TEST(RomImage, MultibootFormatDropsTheLinuxSignature) {
    std::string why;
    EmbedRequest r = request("#!ipxe\n");
    r.format = RomFormat::multiboot;
    auto rom = build_rom(fake_rom(), r, &why);
    ASSERT_TRUE(rom) << why;
    EXPECT_NE(std::memcmp(&(*rom)[0x202], "HdrS", 4), 0);
    EXPECT_EQ(get32(*rom, 0x408), 0x1badb002u);
}

TEST(RomImage, RefusesFilesThatAreNotCarteRoms) {
    std::string why;
    EXPECT_FALSE(read_rom_layout(std::vector<uint8_t>(100, 0), &why));
    EXPECT_NE(why.find("boot signature"), std::string::npos);
    auto no_descriptor = fake_rom();
    std::memset(&no_descriptor[0x430], 0, 8);
    EXPECT_FALSE(read_rom_layout(no_descriptor, &why));
    EXPECT_NE(why.find("CARTEROM"), std::string::npos);
    auto bad_mb = fake_rom();
    put32(bad_mb, 0x408, 0);
    EXPECT_FALSE(read_rom_layout(bad_mb, &why));
    auto truncated = fake_rom();
    truncated.resize(0x1000);  // load_end points past the end of the file
    EXPECT_FALSE(read_rom_layout(truncated, &why));
}

TEST(RomImage, ParserRejectsMalformedPayloads) {
    std::vector<uint8_t> good = encode_payload(request("#!ipxe\necho hi\n"));
    ASSERT_TRUE(fw::embed::parse(Bytes(good.data(), good.size())));
    EXPECT_FALSE(fw::embed::parse(Bytes(good.data(), 10)));  // truncated header
    auto bad_magic = good;
    bad_magic[0] = 'X';
    EXPECT_FALSE(fw::embed::parse(Bytes(bad_magic.data(), bad_magic.size())));
    auto too_long = good;
    put32(too_long, 12, 1u << 30);  // records past the end
    EXPECT_FALSE(fw::embed::parse(Bytes(too_long.data(), too_long.size())));
    auto bad_record = good;
    put32(bad_record, 16 + 4, 1u << 20);  // first record's size past the end
    EXPECT_FALSE(fw::embed::parse(Bytes(bad_record.data(), bad_record.size())));
    auto bad_version = good;
    put32(bad_version, 8, 99);
    EXPECT_FALSE(fw::embed::parse(Bytes(bad_version.data(), bad_version.size())));
}

// The real firmware image from this build, when there is one.
// The efi NIC policy record (`carte build --format efi --nics native`): absent means the
// firmware's drivers; present, it must be a u32 of 0 or 1.
TEST(RomImage, NicPolicyRecordRoundTripsAndRejectsBadValues) {
    EmbedRequest r = request("#!ipxe\necho hi\n");
    std::vector<uint8_t> without = encode_payload(r);
    auto plain = fw::embed::parse(Bytes(without.data(), without.size()));
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->nic_policy, fw::embed::NicPolicy::firmware);

    r.nic_policy = uint32_t(fw::embed::NicPolicy::native);
    std::vector<uint8_t> native = encode_payload(r);
    auto parsed = fw::embed::parse(Bytes(native.data(), native.size()));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->nic_policy, fw::embed::NicPolicy::native);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(parsed->program.data()), parsed->program.size()),
              "#!ipxe\necho hi\n");

    r.nic_policy = 2;  // no such policy
    std::vector<uint8_t> bad = encode_payload(r);
    auto refused = fw::embed::parse(Bytes(bad.data(), bad.size()));
    ASSERT_FALSE(refused);
    EXPECT_STREQ(refused.error().detail, "embedded payload: bad nic_policy record");
}

TEST(RomImage, RealBaseRomHasADescriptor) {
    std::ifstream f(std::string(CARTE_BINARY_DIR) + "/platform/pc/carte.lkrn", std::ios::binary);
    if (!f) GTEST_SKIP() << "no carte.lkrn in this build (firmware not built)";
    std::vector<uint8_t> rom((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    std::string why;
    auto layout = read_rom_layout(rom, &why);
    ASSERT_TRUE(layout) << why;
    EXPECT_EQ(layout->payload_size, 0u);
    EXPECT_EQ(layout->image_size, rom.size());
    EXPECT_GT(layout->bss_end, layout->load_end);
}

}  // namespace
}  // namespace carte::cli
