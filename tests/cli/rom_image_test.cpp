// `carte build`'s image writer (cli/cli_rom_image.h) against the ROM's payload parser
// (platform/firmware/embed_format.h): what one writes the other reads, and both refuse bad input.
#include <gtest/gtest.h>
#include <lz4.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "cli/cli_rom_image.h"
#include "platform/firmware/embed_format.h"
#include "platform/pc/boot/unpack_stub.h"
#include "tests/cli/fake_rom.h"

namespace carte::cli {
namespace {

using namespace fake;

EmbedRequest request(const std::string& text) {
    EmbedRequest r;
    r.program.assign(text.begin(), text.end());
    r.name = "menu.ipxe";
    return r;
}

// build_rom's file, or nullopt.
std::optional<std::vector<uint8_t>> build(const std::vector<uint8_t>& base, const EmbedRequest& r,
                                          std::string* why) {
    auto built = build_rom(base, r, why);
    if (!built) return std::nullopt;
    return std::move(built->image);
}

Bytes payload_of(const std::vector<uint8_t>& rom, const RomLayout& layout) {
    return Bytes(rom.data() + layout.image_size, rom.size() - layout.image_size);
}

TEST(RomImage, PayloadRoundTripsAndLoadersArePatched) {
    std::string why;
    EmbedRequest r = request("#!ipxe\necho hello\n");
    r.shell_wait_ms = 0;
    auto rom = build(fake_rom(), r, &why);
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
    auto first = build(fake_rom(), request(std::string(5000, 'a')), &why);
    ASSERT_TRUE(first) << why;
    auto second = build(*first, request("#!ipxe\n"), &why);
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
    auto rom = build(fake_rom(), r, &why);
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

// The stub's check of the decoded image is zlib's CRC-32.
TEST(RomImage, Crc32IsZlibs) {
    EXPECT_EQ(crc32(reinterpret_cast<const uint8_t*>("123456789"), 9), 0xcbf43926u);
    EXPECT_EQ(crc32(nullptr, 0), 0u);
}

// Every field of a compressed ROM against the uncompressed build of the same request: the block
// decodes (by liblz4, not our code) to exactly what --compress none writes from 0x400 on.
void expect_compressed_form_of(const std::vector<uint8_t>& packed, const std::vector<uint8_t>& plain,
                               const std::vector<uint8_t>& base_stub, uint32_t bss_end, uint32_t mb_entry) {
    ASSERT_TRUE(is_compressed_rom(packed));
    ASSERT_FALSE(is_compressed_rom(plain));
    EXPECT_EQ(std::memcmp(packed.data(), plain.data(), 0x1f4), 0);  // same setup but syssize
    EXPECT_EQ(std::memcmp(packed.data() + 0x1f8, plain.data() + 0x1f8, 0x400 - 0x1f8), 0);
    const size_t stub = 0x400, stub_size = base_stub.size();
    ASSERT_EQ(get32(packed, stub + UNPACK_STUB_SIZE), stub_size);
    // The stub is the base's, but for the fields carte build fills in.
    std::vector<uint8_t> unfilled(packed.begin() + stub, packed.begin() + long(stub + stub_size));
    std::memset(&unfilled[UNPACK_COMPRESSED_SIZE], 0, UNPACK_PARAMS_END - UNPACK_COMPRESSED_SIZE);
    std::memset(&unfilled[UNPACK_MULTIBOOT_HEADER + 20], 0, 8);
    std::vector<uint8_t> expected_stub = base_stub;
    std::memset(&expected_stub[UNPACK_COMPRESSED_SIZE], 0, UNPACK_PARAMS_END - UNPACK_COMPRESSED_SIZE);
    std::memset(&expected_stub[UNPACK_MULTIBOOT_HEADER + 20], 0, 8);
    EXPECT_EQ(unfilled, expected_stub);

    const uint32_t block_size = get32(packed, stub + UNPACK_COMPRESSED_SIZE);
    const uint32_t image_size = get32(packed, stub + UNPACK_IMAGE_SIZE);
    ASSERT_EQ(image_size, plain.size() - 0x400);
    ASSERT_LE(stub + stub_size + block_size, packed.size());
    EXPECT_LT(packed.size() - (stub + stub_size + block_size), 16u);  // zero padding to 16 only
    EXPECT_EQ((packed.size() - 0x400) % 16, 0u);
    std::vector<uint8_t> decoded(image_size);
    ASSERT_EQ(LZ4_decompress_safe(reinterpret_cast<const char*>(&packed[stub + stub_size]),
                                  reinterpret_cast<char*>(decoded.data()), int(block_size), int(image_size)),
              int(image_size));
    EXPECT_TRUE(std::equal(decoded.begin(), decoded.end(), plain.begin() + 0x400));
    EXPECT_EQ(get32(packed, stub + UNPACK_IMAGE_CRC32), crc32(decoded.data(), decoded.size()));
    EXPECT_EQ(get32(packed, stub + UNPACK_LINUX_ENTRY), 0x100000u);
    EXPECT_EQ(get32(packed, stub + UNPACK_MULTIBOOT_ENTRY), mb_entry);

    // The stub moves itself and the block past the decoded image, .bss and the payload's moved
    // copy; multiboot loaders load the whole file and keep out of all that.
    const uint32_t loaded = uint32_t(packed.size() - 0x400);
    const uint32_t copy_to = get32(packed, stub + UNPACK_COPY_TO);
    std::string why;
    auto layout = read_rom_layout(plain, &why);
    ASSERT_TRUE(layout) << why;
    const uint32_t payload = uint32_t(plain.size() - layout->image_size);
    EXPECT_EQ(copy_to % 4096, 0u);
    EXPECT_GE(copy_to, 0x100000 + image_size);
    EXPECT_GE(copy_to, 0x100000 + loaded);
    EXPECT_GE(copy_to, bss_end + payload);
    EXPECT_EQ(get32(packed, 0x1f4) * 16, loaded);
    EXPECT_EQ(get32(packed, stub + UNPACK_MULTIBOOT_HEADER), 0x1badb002u);
    EXPECT_EQ(get32(packed, stub + UNPACK_MULTIBOOT_HEADER + 20), 0x100000 + loaded);
    EXPECT_GE(get32(packed, stub + UNPACK_MULTIBOOT_HEADER + 24),
              (copy_to + stub_size + block_size + 3) / 4 * 4 + UNPACK_CRC_TABLE_SIZE);

    auto unpacked = unpack_rom(packed, &why);
    ASSERT_TRUE(unpacked) << why;
    EXPECT_EQ(*unpacked, plain);
}

std::vector<uint8_t> fake_stub_bytes() {
    auto rom = fake_rom_v2();
    const size_t at = 0x400 + (kFakeStub - 0x100000);
    return std::vector<uint8_t>(rom.begin() + at, rom.begin() + at + kFakeStubSize);
}

TEST(RomImage, CompressedLayoutDecodesToTheUncompressedBuild) {
    std::string why;
    EmbedRequest r = request("#!ipxe\necho hello\n" + std::string(3000, 'x'));
    auto plain = build_rom(fake_rom_v2(), r, &why);
    ASSERT_TRUE(plain) << why;
    EXPECT_FALSE(plain->compressed);
    r.compression = RomCompression::lz4;
    auto packed = build_rom(fake_rom_v2(), r, &why);
    ASSERT_TRUE(packed) << why;
    EXPECT_TRUE(packed->compressed);
    EXPECT_EQ(packed->uncompressed_size, plain->image.size());
    EXPECT_EQ(packed->firmware_size, 0x2400u);
    EXPECT_LT(packed->image.size(), plain->image.size());
    expect_compressed_form_of(packed->image, plain->image, fake_stub_bytes(), 0x103000, kFakeMultibootEntry);
    // A compressed ROM is not read as an uncompressed one: the descriptor is inside the block.
    EXPECT_FALSE(read_rom_layout(packed->image, &why));
    EXPECT_NE(why.find("compressed"), std::string::npos) << why;
}

TEST(RomImage, CompressedMultibootImageKeepsTheStubsHeader) {
    std::string why;
    EmbedRequest r = request("#!ipxe\n");
    r.format = RomFormat::multiboot;
    auto plain = build_rom(fake_rom_v2(), r, &why);
    r.compression = RomCompression::lz4;
    auto packed = build_rom(fake_rom_v2(), r, &why);
    ASSERT_TRUE(plain && packed) << why;
    EXPECT_NE(std::memcmp(&packed->image[0x202], "HdrS", 4), 0);
    expect_compressed_form_of(packed->image, plain->image, fake_stub_bytes(), 0x103000, kFakeMultibootEntry);
}

TEST(RomImage, ACompressedBaseIsUnpackedAndItsPayloadReplaced) {
    std::string why;
    EmbedRequest first = request(std::string(5000, 'a'));
    first.compression = RomCompression::lz4;
    auto packed = build_rom(fake_rom_v2(), first, &why);
    ASSERT_TRUE(packed) << why;
    for (RomCompression c : {RomCompression::lz4, RomCompression::none}) {
        EmbedRequest second = request("#!ipxe\necho again\n");
        second.compression = c;
        auto rebuilt = build_rom(packed->image, second, &why);
        auto direct = build_rom(fake_rom_v2(), second, &why);
        ASSERT_TRUE(rebuilt && direct) << why;
        EXPECT_EQ(rebuilt->image, direct->image);
        EXPECT_EQ(rebuilt->firmware_size, 0x2400u);
    }
}

TEST(RomImage, Lz4NeedsABaseWithTheStub) {
    std::string why;
    EmbedRequest r = request("#!ipxe\n");
    r.compression = RomCompression::lz4;
    EXPECT_FALSE(build_rom(fake_rom(), r, &why));  // a version-1 descriptor: no stub
    EXPECT_NE(why.find("--compress none"), std::string::npos) << why;
    r.compression = RomCompression::none;
    EXPECT_TRUE(build_rom(fake_rom(), r, &why)) << why;
}

TEST(RomImage, RefusesBadDecompressorStubDescriptors) {
    std::string why;
    ASSERT_TRUE(read_rom_layout(fake_rom_v2(), &why)) << why;
    const size_t stub = 0x400 + (kFakeStub - 0x100000);
    struct Case {
        const char* what;
        void (*damage)(std::vector<uint8_t>&, size_t stub);
        const char* needle;
    };
    const Case cases[] = {
        {"stub past the image", [](std::vector<uint8_t>& r, size_t) { put32(r, 0x448, 0x101ff0); },
         "outside"},
        {"stub below 1 MiB", [](std::vector<uint8_t>& r, size_t) { put32(r, 0x448, 0xff000); }, "outside"},
        {"huge stub size", [](std::vector<uint8_t>& r, size_t) { put32(r, 0x44c, 0xfffffff0); }, "outside"},
        {"stub size not a multiple of 16", [](std::vector<uint8_t>& r, size_t) { put32(r, 0x44c, 0x58); },
         "outside"},
        {"no CARTELZ4", [](std::vector<uint8_t>& r, size_t at) { r[at + UNPACK_PARAMS] = 'X'; }, "damaged"},
        {"no multiboot magic",
         [](std::vector<uint8_t>& r, size_t at) { put32(r, at + UNPACK_MULTIBOOT_HEADER, 0); }, "damaged"},
        {"size disagrees", [](std::vector<uint8_t>& r, size_t at) { put32(r, at + UNPACK_STUB_SIZE, 0x50); },
         "damaged"},
        {"unknown layout", [](std::vector<uint8_t>& r, size_t at) { put32(r, at + UNPACK_VERSION, 7); },
         "version 7"},
        {"descriptor version 4", [](std::vector<uint8_t>& r, size_t) { put32(r, 0x438, 4); }, "version 4"},
    };
    for (const Case& c : cases) {
        auto rom = fake_rom_v2();
        c.damage(rom, stub);
        why.clear();
        EXPECT_FALSE(read_rom_layout(rom, &why)) << c.what;
        EXPECT_NE(why.find(c.needle), std::string::npos) << c.what << ": " << why;
        EXPECT_FALSE(build_rom(rom, request("#!ipxe\n"), &why)) << c.what;
    }
}

// A compressed ROM cut short or with any byte of its block changed is refused with a reason (or,
// where LZ4 happens to decode the change to the same image, gives that image): never a crash.
TEST(RomImage, DamagedCompressedRomsAreRefused) {
    std::string why;
    EmbedRequest r = request("#!ipxe\necho damaged\n" + std::string(700, '-'));
    auto plain = build(fake_rom_v2(), r, &why);
    r.compression = RomCompression::lz4;
    auto packed = build(fake_rom_v2(), r, &why);
    ASSERT_TRUE(plain && packed) << why;
    const size_t block = 0x400 + kFakeStubSize, block_size = get32(*packed, 0x400 + UNPACK_COMPRESSED_SIZE);
    for (size_t i = block; i < block + block_size; ++i) {
        for (uint8_t flip : {0x01, 0x80, 0xff}) {
            auto rom = *packed;
            rom[i] ^= flip;
            why.clear();
            auto unpacked = unpack_rom(rom, &why);
            if (unpacked) {
                EXPECT_EQ(*unpacked, *plain) << "byte " << i;
            } else {
                EXPECT_NE(why.find("damaged"), std::string::npos) << why;
            }
        }
    }
    for (size_t n = 0x400 + UNPACK_PARAMS_END; n < packed->size(); n += 7) {
        std::vector<uint8_t> cut(packed->begin(), packed->begin() + long(n));
        if (n + 16 > packed->size() && n >= block + block_size) continue;  // only padding was cut
        EXPECT_FALSE(unpack_rom(cut, &why)) << "cut at " << n;
        EXPECT_FALSE(build_rom(cut, request("#!ipxe\n"), &why)) << "cut at " << n;
    }
    auto odd_size = *packed;
    put32(odd_size, 0x400 + UNPACK_IMAGE_SIZE, get32(odd_size, 0x400 + UNPACK_IMAGE_SIZE) - 4);
    EXPECT_FALSE(unpack_rom(odd_size, &why));
    EXPECT_NE(why.find("inconsistent"), std::string::npos) << why;
    auto huge = *packed;
    put32(huge, 0x400 + UNPACK_IMAGE_SIZE, 0xfffffff0);
    EXPECT_FALSE(unpack_rom(huge, &why));
    auto bad_sum = *packed;
    put32(bad_sum, 0x400 + UNPACK_IMAGE_CRC32, get32(bad_sum, 0x400 + UNPACK_IMAGE_CRC32) ^ 1);
    EXPECT_FALSE(unpack_rom(bad_sum, &why));
    EXPECT_NE(why.find("damaged"), std::string::npos) << why;
    auto layout_v9 = *packed;
    put32(layout_v9, 0x400 + UNPACK_VERSION, 9);
    EXPECT_FALSE(unpack_rom(layout_v9, &why));
    EXPECT_NE(why.find("version 9"), std::string::npos) << why;
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
    ASSERT_NE(layout->unpack_stub, 0u);  // descriptor v2
}

// The real base compresses, and the block decodes to the uncompressed build.
TEST(RomImage, RealBaseRomCompresses) {
    std::ifstream f(std::string(CARTE_BINARY_DIR) + "/platform/pc/carte.lkrn", std::ios::binary);
    if (!f) GTEST_SKIP() << "no carte.lkrn in this build (firmware not built)";
    std::vector<uint8_t> base((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    std::string why;
    auto layout = read_rom_layout(base, &why);
    ASSERT_TRUE(layout) << why;
    EmbedRequest r = request("#!ipxe\necho real\n");
    auto plain = build_rom(base, r, &why);
    r.compression = RomCompression::lz4;
    auto packed = build_rom(base, r, &why);
    ASSERT_TRUE(plain && packed) << why;
    EXPECT_LT(packed->image.size(), plain->image.size() * 3 / 4);
    const size_t stub = 0x400 + (layout->unpack_stub - 0x100000);
    std::vector<uint8_t> stub_bytes(base.begin() + long(stub),
                                    base.begin() + long(stub + layout->unpack_stub_size));
    expect_compressed_form_of(packed->image, plain->image, stub_bytes, layout->bss_end,
                              get32(base, 0x400 + (layout->multiboot_header - 0x100000) + 28));
}

}  // namespace
}  // namespace carte::cli
