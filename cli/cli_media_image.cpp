#include "cli/cli_media_image.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "cli/cli_external_tool.h"
#include "cli/cli_rom_image.h"

namespace carte::cli {

namespace {

// Debian's boot loader files (packages isolinux and syslinux-common).
constexpr const char* kIsolinuxBin = "/usr/lib/ISOLINUX/isolinux.bin";
constexpr const char* kIsohybridMbr = "/usr/lib/ISOLINUX/isohdpfx.bin";
constexpr const char* kLdlinuxC32 = "/usr/lib/syslinux/modules/bios/ldlinux.c32";
constexpr const char* kMbrBin = "/usr/lib/syslinux/mbr/mbr.bin";

constexpr uint64_t kMiB = 1 << 20;
constexpr uint32_t kSector = 512;

// ISOLINUX and SYSLINUX start Carte at once: no prompt, no wait. LINUX (not KERNEL) so the
// .lkrn extension is not looked at. The only command line is SYSLINUX's BOOT_IMAGE=, which the
// firmware drops, so the embedded menu runs.
constexpr const char* kLoaderConfig =
    "# Made by carte build: start Carte's BIOS firmware at once.\n"
    "DEFAULT carte\n"
    "PROMPT 0\n"
    "TIMEOUT 0\n"
    "LABEL carte\n"
    "  LINUX /carte.lkrn\n";

const std::vector<ToolNeed> kMtools = {{"mformat", "mtools"}, {"mmd", "mtools"}, {"mcopy", "mtools"}};

bool write_file(const std::string& path, const void* data, size_t size) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    return f && f.write(static_cast<const char*>(data), std::streamsize(size)) && f.flush();
}
bool write_file(const std::string& path, const std::vector<uint8_t>& bytes) {
    return write_file(path, bytes.data(), bytes.size());
}
bool write_file(const std::string& path, const std::string& text) {
    return write_file(path, text.data(), text.size());
}

std::optional<std::vector<uint8_t>> read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return std::nullopt;
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (f.bad()) return std::nullopt;
    return bytes;
}

bool copy_file(const std::string& from, const std::string& to) {
    auto bytes = read_file(from);
    return bytes && write_file(to, *bytes);
}

// A file of `size` zero bytes (sparse where the file system allows), the canvas mtools formats.
bool blank_file(const std::string& path, uint64_t size) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f) return false;
    if (size) {
        f.seekp(std::streamoff(size - 1));
        f.put('\0');
    }
    return bool(f.flush());
}

std::string needs_message(const std::vector<ToolNeed>& needs, const char* format) {
    std::string missing = missing_tools(needs);
    return missing.empty() ? "" : std::string("--format ") + format + ": " + missing;
}

// A reproducible volume serial number or disk signature from what the medium holds, never 0.
uint32_t content_id(const MediaContents& c) {
    uint32_t id = crc32(c.lkrn.data(), c.lkrn.size()) ^ (crc32(c.efi.data(), c.efi.size()) * 0x9e3779b1u);
    return id ? id : 1;
}

std::string hex32(uint32_t v) {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", v);
    return buf;
}

// A FAT file system in an image file, or at an offset into one ("file@@offset", as mtools
// takes it), made and filled with mtools.
struct FatVolume {
    const ScratchDir& scratch;
    std::string image;

    // hidden: sectors before the file system on its disk; cluster_sectors 0: mformat's choice.
    bool format(uint32_t sectors, uint32_t hidden, uint32_t cluster_sectors, uint32_t serial,
                const char* label, std::string* why) const {
        // 64 heads × 32 sectors (1 MiB cylinders): what partitioning tools assume for small disks.
        std::vector<std::string> argv = {"mformat", "-i", image, "-T", std::to_string(sectors), "-h", "64"};
        argv.insert(argv.end(), {"-s", "32", "-N", hex32(serial), "-v", label});
        if (hidden) argv.insert(argv.end(), {"-H", std::to_string(hidden)});
        if (cluster_sectors) argv.insert(argv.end(), {"-c", std::to_string(cluster_sectors)});
        argv.push_back("::");
        return run_tool(argv, scratch, why);
    }
    bool add_efi_boot(const std::vector<uint8_t>& efi, std::string* why) const {
        const std::string file = scratch.file("BOOTX64.EFI");
        if (!write_file(file, efi)) {
            *why = "cannot write " + file;
            return false;
        }
        return run_tool({"mmd", "-i", image, "::/EFI", "::/EFI/BOOT"}, scratch, why) &&
               run_tool({"mcopy", "-i", image, file, "::/EFI/BOOT/BOOTX64.EFI"}, scratch, why);
    }
};

}  // namespace

std::optional<std::array<uint8_t, 512>> master_boot_record(const std::vector<uint8_t>& boot_code,
                                                           uint32_t disk_signature,
                                                           const MbrPartition& partition) {
    if (boot_code.size() > 440) return std::nullopt;
    std::array<uint8_t, 512> mbr{};
    std::copy(boot_code.begin(), boot_code.end(), mbr.begin());
    auto put32 = [&](size_t at, uint32_t v) {
        for (int i = 0; i < 4; ++i) mbr[at + i] = uint8_t(v >> (8 * i));
    };
    // CHS for firmware that still reads it: the usual translated geometry, 255 heads × 63 sectors.
    auto put_chs = [&](size_t at, uint32_t lba) {
        uint32_t c = lba / (255 * 63), h = lba / 63 % 255, s = lba % 63 + 1;
        if (c > 1023) c = 1023, h = 254, s = 63;
        mbr[at] = uint8_t(h);
        mbr[at + 1] = uint8_t(s | (c >> 2 & 0xc0));
        mbr[at + 2] = uint8_t(c);
    };
    put32(440, disk_signature);
    const size_t entry = 446;
    mbr[entry] = partition.active ? 0x80 : 0x00;
    put_chs(entry + 1, partition.first_lba);
    mbr[entry + 4] = partition.type;
    put_chs(entry + 5, partition.sectors ? partition.first_lba + partition.sectors - 1 : partition.first_lba);
    put32(entry + 8, partition.first_lba);
    put32(entry + 12, partition.sectors);
    mbr[510] = 0x55, mbr[511] = 0xaa;
    return mbr;
}

std::optional<std::vector<uint8_t>> build_iso(const MediaContents& contents, std::string* why) {
    if (contents.lkrn.empty()) {
        *why = "--format iso: no BIOS image to put on it";
        return std::nullopt;
    }
    const bool efi = !contents.efi.empty();
    std::vector<ToolNeed> needs = {{"xorriso", "xorriso"},
                                   {kIsolinuxBin, "isolinux"},
                                   {kIsohybridMbr, "isolinux"},
                                   {kLdlinuxC32, "syslinux-common"}};
    if (efi) needs.insert(needs.end(), kMtools.begin(), kMtools.end());
    if (std::string missing = needs_message(needs, "iso"); !missing.empty()) {
        *why = missing;
        return std::nullopt;
    }
    ScratchDir scratch;
    if (!scratch.ok()) {
        *why = "--format iso: cannot make a scratch directory";
        return std::nullopt;
    }
    // The ISO's tree: ISOLINUX and its config, carte.lkrn, and for UEFI the FAT image El Torito
    // points at plus a plain copy of BOOTX64.EFI (for tools that copy the tree to a FAT stick).
    const std::string root = scratch.file("root");
    std::vector<std::string> dirs = {"", "/isolinux"};
    if (efi) dirs.insert(dirs.end(), {"/boot", "/EFI", "/EFI/BOOT"});
    for (const std::string& dir : dirs) mkdir((root + dir).c_str(), 0755);
    if (!copy_file(kIsolinuxBin, root + "/isolinux/isolinux.bin") ||
        !copy_file(kLdlinuxC32, root + "/isolinux/ldlinux.c32") ||
        !write_file(root + "/isolinux/isolinux.cfg", std::string(kLoaderConfig)) ||
        !write_file(root + "/carte.lkrn", contents.lkrn) ||
        (efi && !write_file(root + "/EFI/BOOT/BOOTX64.EFI", contents.efi))) {
        *why = "--format iso: cannot write the ISO's files in " + scratch.path();
        return std::nullopt;
    }
    if (efi) {
        // FAT12, with 64 KiB beyond the file for the file system's own structures.
        const uint64_t size = (contents.efi.size() + 2 * 64 * 1024 - 1) / (64 * 1024) * (64 * 1024);
        const std::string image = root + "/boot/efiboot.img";
        FatVolume fat{scratch, image};
        if (!blank_file(image, size)) {
            *why = "--format iso: cannot write " + image;
            return std::nullopt;
        }
        if (!fat.format(uint32_t(size / kSector), 0, 0, content_id(contents), "CARTE_EFI", why) ||
            !fat.add_efi_boot(contents.efi, why))
            return std::nullopt;
    }
    const std::string iso = scratch.file("carte.iso");
    std::vector<std::string> argv = {"xorriso", "-as", "mkisofs", "-o", iso, "-V", "CARTE", "-r", "-J"};
    // BIOS: El Torito (CD) and the isohybrid MBR (USB stick) both start ISOLINUX.
    argv.insert(argv.end(),
                {"-isohybrid-mbr", kIsohybridMbr, "-c", "isolinux/boot.cat", "-b", "isolinux/isolinux.bin",
                 "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table"});
    if (efi)
        // UEFI: El Torito's EFI entry (CD) and a GPT partition over the same FAT image (USB stick).
        argv.insert(argv.end(), {"-eltorito-alt-boot", "-e", "boot/efiboot.img", "-no-emul-boot",
                                 "-isohybrid-gpt-basdat"});
    argv.push_back(root);
    if (!run_tool(argv, scratch, why)) return std::nullopt;
    auto bytes = read_file(iso);
    if (!bytes || bytes->empty()) *why = "--format iso: xorriso wrote no image";
    return bytes && !bytes->empty() ? bytes : std::nullopt;
}

std::optional<std::vector<uint8_t>> build_usb(const MediaContents& contents, std::string* why) {
    if (contents.lkrn.empty()) {
        *why = "--format usb: no BIOS image to put on it";
        return std::nullopt;
    }
    const bool efi = !contents.efi.empty();
    std::vector<ToolNeed> needs = kMtools;
    needs.insert(needs.end(), {{"syslinux", "syslinux"}, {kMbrBin, "syslinux-common"}});
    if (std::string missing = needs_message(needs, "usb"); !missing.empty()) {
        *why = missing;
        return std::nullopt;
    }
    auto boot_code = read_file(kMbrBin);
    if (!boot_code || boot_code->empty() || boot_code->size() > 440) {
        *why = std::string("--format usb: ") + kMbrBin + " is not SYSLINUX's 440-byte MBR boot code";
        return std::nullopt;
    }
    ScratchDir scratch;
    if (!scratch.ok()) {
        *why = "--format usb: cannot make a scratch directory";
        return std::nullopt;
    }
    // The files, SYSLINUX's own (~180 KiB) and an eighth more for FAT's overhead, in whole MiB;
    // at least 7 MiB, so FAT16 (4,085 clusters or more) fits with 1 KiB clusters and the
    // stick is a round 8 MiB.
    const uint64_t files = contents.lkrn.size() + contents.efi.size() + 256 * 1024;
    const uint64_t part_mib = std::max<uint64_t>(7, (files + files / 8 + kMiB - 1) / kMiB);
    if (part_mib > 2000) {
        *why = "--format usb: the images are too large for a FAT16 partition";
        return std::nullopt;
    }
    const uint32_t part_sectors = uint32_t(part_mib * kMiB / kSector);
    uint32_t cluster = 2;  // sectors; doubled until FAT16's 65,524-cluster limit is met
    while (part_sectors / cluster > 65000) cluster *= 2;

    const std::string image = scratch.file("carte.usb");
    const std::string offset = std::to_string(uint64_t(kUsbPartitionStart) * kSector);
    FatVolume fat{scratch, image + "@@" + offset};
    const std::string cfg = scratch.file("syslinux.cfg"), lkrn = scratch.file("carte.lkrn");
    if (!blank_file(image, uint64_t(kUsbPartitionStart) * kSector + uint64_t(part_sectors) * kSector) ||
        !write_file(cfg, std::string(kLoaderConfig)) || !write_file(lkrn, contents.lkrn)) {
        *why = "--format usb: cannot write the image's files in " + scratch.path();
        return std::nullopt;
    }
    // Hidden sectors = the partition's start: SYSLINUX's boot sector adds them to find ldlinux.sys.
    if (!fat.format(part_sectors, kUsbPartitionStart, cluster, content_id(contents), "CARTE", why) ||
        !run_tool({"syslinux", "--install", "--offset", offset, image}, scratch, why) ||
        !run_tool({"mcopy", "-i", fat.image, cfg, lkrn, "::/"}, scratch, why) ||
        (efi && !fat.add_efi_boot(contents.efi, why)))
        return std::nullopt;
    auto bytes = read_file(image);
    auto mbr = master_boot_record(*boot_code, content_id(contents),
                                  MbrPartition{true, kUsbPartitionType, kUsbPartitionStart, part_sectors});
    if (!bytes || bytes->size() < kSector || !mbr) {
        *why = "--format usb: cannot read back " + image;
        return std::nullopt;
    }
    std::copy(mbr->begin(), mbr->end(), bytes->begin());
    return bytes;
}

}  // namespace carte::cli
