// `carte build --format iso|usb|all` (cli/cli_media_image.h, cli/cli_build_formats.h): the MBR the
// usb image starts with, the partition and file system behind it, the El Torito entries of the
// ISO, read back here from the formats' specifications (MBR, FAT boot sector, ISO 9660 and El
// Torito) rather than with the tools that made them; the usage errors; and the messages for a
// missing or failing tool. The images hold stand-in bytes (they are never booted here: that is
// tests/qemu/media_test.py). Tests that run xorriso, mtools or syslinux skip without them.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "cli/cli_build_formats.h"
#include "cli/cli_external_tool.h"
#include "cli/cli_media_image.h"
#include "cli/cli_output_file.h"
#include "cli/commands.h"
#include "tests/cli/fake_rom.h"
#include "tests/support/cli_harness.h"
#include "tests/support/temp_dir.h"

namespace carte::cli {
namespace {

using namespace fake;

constexpr const char* kMbrBin = "/usr/lib/syslinux/mbr/mbr.bin";
constexpr const char* kIsolinuxBin = "/usr/lib/ISOLINUX/isolinux.bin";

uint16_t get16(const std::vector<uint8_t>& b, size_t at) {
    return uint16_t(b[at] | b[at + 1] << 8);
}

std::vector<uint8_t> slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<uint8_t> pattern(size_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<uint8_t> v(n);
    for (auto& c : v) c = uint8_t(rng());
    return v;
}

bool contains(const std::vector<uint8_t>& hay, const std::vector<uint8_t>& needle) {
    return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}
bool contains(const std::vector<uint8_t>& hay, const std::string& needle) {
    return contains(hay, std::vector<uint8_t>(needle.begin(), needle.end()));
}

// Sets an environment variable for one test and puts back what was there.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) {
        if (const char* old = getenv(name)) old_ = old;
        setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (old_)
            setenv(name_, old_->c_str(), 1);
        else
            unsetenv(name_);
    }

  private:
    const char* name_;
    std::optional<std::string> old_;
};

std::string missing_for_usb() {
    return missing_tools({{"mformat", "mtools"},
                          {"mmd", "mtools"},
                          {"mcopy", "mtools"},
                          {"syslinux", "syslinux"},
                          {kMbrBin, "syslinux-common"}});
}
std::string missing_for_iso() {
    return missing_tools({{"xorriso", "xorriso"},
                          {kIsolinuxBin, "isolinux"},
                          {"/usr/lib/ISOLINUX/isohdpfx.bin", "isolinux"},
                          {"/usr/lib/syslinux/modules/bios/ldlinux.c32", "syslinux-common"},
                          {"mformat", "mtools"},
                          {"mmd", "mtools"},
                          {"mcopy", "mtools"}});
}

TEST(MasterBootRecord, BootCodeSignatureAndOnePartition) {
    std::vector<uint8_t> code(440, 0xab);
    auto mbr = master_boot_record(code, 0x12345678, MbrPartition{true, 0x0e, 2048, 14336});
    ASSERT_TRUE(mbr.has_value());
    std::vector<uint8_t> b(mbr->begin(), mbr->end());
    EXPECT_TRUE(std::all_of(b.begin(), b.begin() + 440, [](uint8_t c) { return c == 0xab; }));
    EXPECT_EQ(get32(b, 440), 0x12345678u);
    EXPECT_EQ(get16(b, 444), 0);
    EXPECT_EQ(b[446], 0x80);  // active
    // CHS with 255 heads × 63 sectors: LBA 2048 is C 0 H 32 S 33; LBA 16383 is C 1 H 5 S 4.
    EXPECT_EQ(std::vector<uint8_t>(b.begin() + 447, b.begin() + 450), (std::vector<uint8_t>{32, 33, 0}));
    EXPECT_EQ(b[450], 0x0e);
    EXPECT_EQ(std::vector<uint8_t>(b.begin() + 451, b.begin() + 454), (std::vector<uint8_t>{5, 4, 1}));
    EXPECT_EQ(get32(b, 454), 2048u);
    EXPECT_EQ(get32(b, 458), 14336u);
    EXPECT_TRUE(std::all_of(b.begin() + 462, b.begin() + 510, [](uint8_t c) { return c == 0; }));
    EXPECT_EQ(b[510], 0x55);
    EXPECT_EQ(b[511], 0xaa);
}

TEST(MasterBootRecord, ChsSaturatesAndLongBootCodeIsRefused) {
    auto mbr = master_boot_record({0x90}, 1, MbrPartition{false, 0x0c, 20000000, 1000});
    ASSERT_TRUE(mbr.has_value());
    EXPECT_EQ((*mbr)[446], 0x00);
    EXPECT_EQ((*mbr)[447], 254);
    EXPECT_EQ((*mbr)[448], 0xff);  // sector 63 | cylinder bits 8-9
    EXPECT_EQ((*mbr)[449], 0xff);
    EXPECT_FALSE(master_boot_record(std::vector<uint8_t>(441, 0), 1, MbrPartition{}).has_value());
}

TEST(UsbImage, PartitionTableFileSystemAndFiles) {
    if (std::string missing = missing_for_usb(); !missing.empty()) GTEST_SKIP() << missing;
    MediaContents contents{pattern(70000, 1), pattern(150000, 2)};
    std::string why;
    auto image = build_usb(contents, &why);
    ASSERT_TRUE(image.has_value()) << why;
    const std::vector<uint8_t>& img = *image;
    // 8 MiB: the files are far smaller than the 7 MiB partition at 1 MiB.
    ASSERT_EQ(img.size(), 8u << 20);
    // The MBR: SYSLINUX's boot code, a disk signature, one active FAT16 partition to the end.
    std::vector<uint8_t> code = slurp(kMbrBin);
    ASSERT_FALSE(code.empty());
    EXPECT_TRUE(std::equal(code.begin(), code.end(), img.begin()));
    EXPECT_NE(get32(img, 440), 0u);
    EXPECT_EQ(img[446], 0x80);
    EXPECT_EQ(img[450], kUsbPartitionType);
    EXPECT_EQ(get32(img, 454), kUsbPartitionStart);
    EXPECT_EQ(get32(img, 458), img.size() / 512 - kUsbPartitionStart);
    for (size_t entry = 462; entry < 510; ++entry) EXPECT_EQ(img[entry], 0) << entry;
    EXPECT_EQ(get16(img, 510), 0xaa55);
    // The partition's boot sector: SYSLINUX's, FAT16, its hidden sectors = where it starts.
    const size_t part = size_t(kUsbPartitionStart) * 512;
    std::vector<uint8_t> boot(img.begin() + long(part), img.begin() + long(part) + 512);
    EXPECT_EQ(std::string(boot.begin() + 3, boot.begin() + 11), "SYSLINUX");
    EXPECT_EQ(get16(boot, 11), 512);  // bytes per sector
    EXPECT_EQ(std::string(boot.begin() + 54, boot.begin() + 62), "FAT16   ");
    EXPECT_EQ(get32(boot, 28), kUsbPartitionStart);  // hidden sectors
    uint32_t total = get16(boot, 19) ? get16(boot, 19) : get32(boot, 32);
    EXPECT_EQ(total, get32(img, 458));
    EXPECT_EQ(get16(boot, 510), 0xaa55);
    // FAT16 means 4,085 to 65,524 clusters.
    uint32_t reserved = get16(boot, 14), fats = boot[16], root_sectors = (get16(boot, 17) * 32 + 511) / 512,
             fat_sectors = get16(boot, 22), cluster = boot[13];
    uint32_t clusters = (total - reserved - fats * fat_sectors - root_sectors) / cluster;
    EXPECT_GE(clusters, 4085u);
    EXPECT_LE(clusters, 65524u);
    // The files: in the root directory by short name, and their bytes in the partition.
    std::vector<uint8_t> root(
        img.begin() + long(part + (reserved + fats * fat_sectors) * 512),
        img.begin() + long(part + (reserved + fats * fat_sectors + root_sectors) * 512));
    for (const char* name : {"LDLINUX SYS", "LDLINUX C32", "SYSLINUXCFG", "CARTE~1 LKR", "EFI        "})
        EXPECT_TRUE(contains(root, name)) << name;
    EXPECT_TRUE(contains(root, std::string("c\0a\0r\0t\0e\0", 10))) << "carte.lkrn's long name";
    EXPECT_TRUE(contains(img, contents.lkrn));
    EXPECT_TRUE(contains(img, contents.efi));
    EXPECT_TRUE(contains(img, "LINUX /carte.lkrn"));
}

// The El Torito boot catalogue of an ISO image (El Torito 1.0: the boot record volume descriptor
// at sector 17 points at the catalogue; a validation entry, the default entry, then sections).
struct BootEntry {
    uint8_t platform;  // 0 x86 (BIOS), 0xef UEFI
    bool bootable;
    uint8_t media;  // 0: no emulation
    uint32_t lba;   // 2048-byte sectors
};
std::vector<BootEntry> el_torito(const std::vector<uint8_t>& iso) {
    const size_t brvd = 17 * 2048;
    if (iso.size() < brvd + 2048 || iso[brvd] != 0 || std::memcmp(&iso[brvd + 1], "CD001", 5) != 0 ||
        std::memcmp(&iso[brvd + 7], "EL TORITO SPECIFICATION", 23) != 0)
        return {};
    const size_t cat = size_t(get32(iso, brvd + 0x47)) * 2048;
    if (cat + 2048 > iso.size() || iso[cat] != 1 || iso[cat + 30] != 0x55 || iso[cat + 31] != 0xaa) return {};
    auto entry = [&](size_t at, uint8_t platform) {
        return BootEntry{platform, iso[at] == 0x88, iso[at + 1], get32(iso, at + 8)};
    };
    std::vector<BootEntry> entries = {entry(cat + 32, iso[cat + 1])};
    size_t at = cat + 64;
    while (at + 32 <= cat + 2048 && (iso[at] == 0x90 || iso[at] == 0x91)) {
        bool last = iso[at] == 0x91;
        uint8_t platform = iso[at + 1];
        uint16_t n = get16(iso, at + 2);
        at += 32;
        for (uint16_t i = 0; i < n && at + 32 <= cat + 2048; ++i, at += 32)
            entries.push_back(entry(at, platform));
        if (last) break;
    }
    return entries;
}

TEST(IsoImage, BiosAndUefiBootEntriesAndHybridTables) {
    if (std::string missing = missing_for_iso(); !missing.empty()) GTEST_SKIP() << missing;
    MediaContents contents{pattern(70000, 3), pattern(150000, 4)};
    std::string why;
    auto image = build_iso(contents, &why);
    ASSERT_TRUE(image.has_value()) << why;
    const std::vector<uint8_t>& iso = *image;
    auto entries = el_torito(iso);
    ASSERT_EQ(entries.size(), 2u);
    // BIOS: ISOLINUX, no emulation. -boot-info-table rewrites its bytes 8-63, so compare around them.
    EXPECT_EQ(entries[0].platform, 0);
    EXPECT_TRUE(entries[0].bootable);
    EXPECT_EQ(entries[0].media, 0);
    std::vector<uint8_t> isolinux = slurp(kIsolinuxBin);
    const size_t bios_at = size_t(entries[0].lba) * 2048;
    ASSERT_LE(bios_at + isolinux.size(), iso.size());
    EXPECT_TRUE(std::equal(isolinux.begin(), isolinux.begin() + 8, iso.begin() + long(bios_at)));
    EXPECT_TRUE(std::equal(isolinux.begin() + 64, isolinux.end(), iso.begin() + long(bios_at) + 64));
    // UEFI: a FAT12 image holding the EFI program.
    EXPECT_EQ(entries[1].platform, 0xef);
    EXPECT_TRUE(entries[1].bootable);
    EXPECT_EQ(entries[1].media, 0);
    const size_t efi_at = size_t(entries[1].lba) * 2048;
    ASSERT_LE(efi_at + 512, iso.size());
    std::vector<uint8_t> fat(iso.begin() + long(efi_at), iso.begin() + long(efi_at) + 512);
    EXPECT_EQ(std::string(fat.begin() + 54, fat.begin() + 62), "FAT12   ");
    EXPECT_EQ(get16(fat, 510), 0xaa55);
    const size_t fat_size = size_t(get16(fat, 19) ? get16(fat, 19) : get32(fat, 32)) * 512;
    ASSERT_LE(efi_at + fat_size, iso.size());
    std::vector<uint8_t> fat_image(iso.begin() + long(efi_at), iso.begin() + long(efi_at + fat_size));
    EXPECT_TRUE(contains(fat_image, contents.efi));
    EXPECT_TRUE(contains(fat_image, "BOOTX64 EFI"));
    // Hybrid: an MBR for BIOS from a USB stick, a GPT naming the FAT image for UEFI.
    EXPECT_EQ(get16(iso, 510), 0xaa55);
    EXPECT_EQ(std::string(iso.begin() + 512, iso.begin() + 520), "EFI PART");
    // The tree: carte.lkrn and the config that starts it.
    EXPECT_TRUE(contains(iso, contents.lkrn));
    EXPECT_TRUE(contains(iso, "LINUX /carte.lkrn"));
}

TEST(IsoImage, WithoutAnEfiImageOnlyBios) {
    if (std::string missing = missing_for_iso(); !missing.empty()) GTEST_SKIP() << missing;
    MediaContents contents{pattern(70000, 5), {}};
    std::string why;
    auto image = build_iso(contents, &why);
    ASSERT_TRUE(image.has_value()) << why;
    auto entries = el_torito(*image);
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].platform, 0);
    EXPECT_FALSE(contains(*image, "BOOTX64"));
    EXPECT_FALSE(contains(*image, "EFI PART"));
}

TEST(MediaTools, AMissingToolIsNamedWithItsPackage) {
    test::TempDir dir;
    ASSERT_TRUE(dir.ok());
    ScopedEnv path("PATH", dir.path);  // nothing to run there
    std::string why;
    EXPECT_FALSE(build_iso(MediaContents{pattern(1000, 6), pattern(1000, 7)}, &why).has_value());
    EXPECT_NE(why.find("xorriso"), std::string::npos) << why;
    EXPECT_NE(why.find("apt-get install xorriso mtools"), std::string::npos) << why;
    why.clear();
    EXPECT_FALSE(build_usb(MediaContents{pattern(1000, 6), {}}, &why).has_value());
    EXPECT_NE(why.find("mformat"), std::string::npos) << why;
    EXPECT_NE(why.find("apt-get install mtools syslinux"), std::string::npos) << why;
}

TEST(MediaTools, AFailingToolIsReportedWithWhatItSaidAndNothingIsLeft) {
    if (std::string missing = missing_for_iso(); !missing.empty()) GTEST_SKIP() << missing;
    test::TempDir dir;
    ASSERT_TRUE(dir.ok());
    std::filesystem::create_directory(dir.file("bin"));
    std::filesystem::create_directory(dir.file("tmp"));
    dir.write("bin/xorriso", "#!/bin/sh\necho 'xorriso : FAILURE : made to fail by the test' >&2\nexit 5\n");
    std::filesystem::permissions(dir.file("bin/xorriso"), std::filesystem::perms::owner_all);
    ScopedEnv path("PATH", dir.file("bin"));
    ScopedEnv tmp("TMPDIR", dir.file("tmp"));
    std::string why;
    EXPECT_FALSE(build_iso(MediaContents{pattern(1000, 8), {}}, &why).has_value());
    EXPECT_NE(why.find("xorriso failed (exit status 5)"), std::string::npos) << why;
    EXPECT_NE(why.find("FAILURE : made to fail by the test"), std::string::npos) << why;
    EXPECT_TRUE(std::filesystem::is_empty(dir.file("tmp"))) << "the scratch directory was left behind";
}

TEST(OutputFile, ReplacesTheTargetAndLeavesNothingElse) {
    test::TempDir dir;
    ASSERT_TRUE(dir.ok());
    std::string target = dir.write("image.bin", "old contents");
    std::string why;
    ASSERT_TRUE(write_output_file(target, {1, 2, 3}, &why)) << why;
    EXPECT_EQ(slurp(target), (std::vector<uint8_t>{1, 2, 3}));
    size_t files = 0;
    for (auto& e : std::filesystem::directory_iterator(dir.path)) files += e.is_regular_file();
    EXPECT_EQ(files, 1u);
    EXPECT_FALSE(write_output_file(dir.file("no/such/dir/image.bin"), {1}, &why));
    EXPECT_NE(why.find("no/such/dir/image.bin: cannot write the image"), std::string::npos) << why;
}

class BuildMedia : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(dir.ok());
        auto rom = fake_rom();
        std::ofstream(dir.file("base.lkrn"), std::ios::binary)
            .write(reinterpret_cast<const char*>(rom.data()), std::streamsize(rom.size()));
        menu = dir.write("menu.ipxe", "#!ipxe\necho hello\n");
    }
    test::CmdResult build(std::vector<std::string> args) {
        args.insert(args.begin(), menu);
        return test::run_command(cmd_build, "build", args);
    }
    test::TempDir dir;
    std::string menu;
};

TEST_F(BuildMedia, FormatUsageErrors) {
    const std::string base = dir.file("base.lkrn");
    struct Case {
        std::vector<std::string> args;
        const char* message;
    };
    const Case cases[] = {
        {{"-o", dir.file("x"), "--format", "zip"}, "--format takes lkrn, multiboot, efi, iso, usb"},
        {{"-o", dir.file("x"), "--format", "zip"}, " or all, not 'zip'"},
        {{"-o", dir.file("x"), "--format", "lkrn", "--base-efi", base},
         "--base-efi is for the formats with a UEFI image (efi, iso, usb, all)"},
        {{"-o", dir.file("x"), "--format", "efi", "--compress", "none"}, "--compress is for the BIOS image"},
        {{"-o", dir.file("x"), "--format", "multiboot", "--nics", "native"}, "--nics is for the UEFI image"},
        {{"-o", dir.file("x"), "--format", "efi", "--base", base, "--base-efi", base}, "not both"},
        {{"-o", dir.file("x"), "--format", "efi", "--base-efi="}, "--format efi needs a UEFI firmware image"},
        {{"--format", "all", "--base", base}, "no output given (-o DIR)"},
        {{"--format", "iso", "--base", base}, "no output given (-o carte.iso)"},
    };
    for (const Case& c : cases) {
        test::CmdResult r = build(c.args);
        EXPECT_EQ(r.status, 2) << r.all();
        EXPECT_NE(r.err.find(c.message), std::string::npos) << r.all();
    }
    EXPECT_FALSE(std::filesystem::exists(dir.file("x")));
}

// `--format all` needs a base every BIOS format can be made from (the PXE ones need the prefix
// only a real build carries), so this one uses this build's carte.lkrn.
TEST_F(BuildMedia, AllWritesOneFilePerFormatAndSaysWhatIsMissing) {
    std::string missing = missing_for_iso() + missing_for_usb();
    if (!missing.empty()) GTEST_SKIP() << missing;
    const std::string base = CARTE_BINARY_DIR "/platform/pc/carte.lkrn";
    if (!std::filesystem::exists(base)) GTEST_SKIP() << base << " is not built";
    test::CmdResult r = build({"--format", "all", "-o", dir.file("out"), "--base", base, "--base-efi="});
    ASSERT_EQ(r.status, 0) << r.all();
    // Every format with a file but the UEFI one, and nothing else (no temporary files).
    std::vector<std::string> want, names;
    for (const BuildFormat& f : build_formats())
        if (f.file && f.uses != FirmwareUse::efi) want.push_back(f.file);
    for (auto& e : std::filesystem::directory_iterator(dir.file("out"))) names.push_back(e.path().filename());
    std::sort(want.begin(), want.end());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, want);
    for (const char* format : {"lkrn", "iso", "usb"}) {
        std::string file = dir.file("out/carte." + std::string(format));
        std::string size = std::to_string(std::filesystem::file_size(file));
        std::string with_commas;
        for (size_t i = 0; i < size.size(); ++i)
            with_commas += (i && (size.size() - i) % 3 == 0 ? "," : "") + std::string(1, size[i]);
        EXPECT_NE(r.out.find(file + ": " + with_commas + " bytes, " + format + " image"), std::string::npos)
            << r.out;
    }
    EXPECT_NE(r.out.find("iso image (BIOS only)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("UEFI      none"), std::string::npos) << r.out;

    test::CmdResult file = build({"--format", "all", "-o", menu, "--base", base, "--base-efi="});
    EXPECT_EQ(file.status, 1);
    EXPECT_NE(file.err.find("not a directory"), std::string::npos) << file.all();
}

}  // namespace
}  // namespace carte::cli
