// `carte build --format iso|usb`: boot media around the firmware images `carte build` already
// made (carte.lkrn and carte.efi, each with the menu embedded), assembled by Debian's tools in a
// scratch directory, without root or loop devices:
//   iso  a hybrid ISO 9660 image (xorriso): El Torito BIOS entry ISOLINUX → carte.lkrn, El Torito
//        EFI entry a FAT image with EFI/BOOT/BOOTX64.EFI, and isohybrid MBR + GPT so the same
//        file written to a USB stick boots too;
//   usb  a raw disk: an MBR (SYSLINUX's boot code) with one active FAT16 partition at 1 MiB
//        (mtools) holding SYSLINUX (its mtools installer) → carte.lkrn, and EFI/BOOT/BOOTX64.EFI.
// Without carte.efi both boot BIOS machines only. See docs/firmware.md, "Formats".
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace carte::cli {

struct MediaContents {
    std::vector<uint8_t> lkrn;  // the BIOS image, started as a Linux kernel by ISOLINUX/SYSLINUX
    std::vector<uint8_t> efi;   // the UEFI image (EFI/BOOT/BOOTX64.EFI); empty: BIOS only
};

// The image bytes, or nullopt with *why: a missing tool (naming its Debian package), a tool that
// failed (with what it printed), or empty contents.
std::optional<std::vector<uint8_t>> build_iso(const MediaContents& contents, std::string* why);
std::optional<std::vector<uint8_t>> build_usb(const MediaContents& contents, std::string* why);

// The usb image's layout, fixed so tests and docs can rely on it.
constexpr uint32_t kUsbPartitionStart = 2048;  // sectors: 1 MiB, where partitioning tools align
constexpr uint8_t kUsbPartitionType = 0x0e;    // FAT16, LBA addressing

// One primary partition entry of a master boot record.
struct MbrPartition {
    bool active = false;
    uint8_t type = 0;
    uint32_t first_lba = 0;
    uint32_t sectors = 0;
};

// A master boot record: `boot_code` (at most 440 bytes, e.g. SYSLINUX's mbr.bin) at the start,
// the disk signature, `partition` as the first of the four entries (CHS fields for a 255-head,
// 63-sector geometry, saturated past cylinder 1023 as usual) and 55 AA. nullopt when the boot
// code is too long.
std::optional<std::array<uint8_t, 512>> master_boot_record(const std::vector<uint8_t>& boot_code,
                                                           uint32_t disk_signature,
                                                           const MbrPartition& partition);

}  // namespace carte::cli
