// What `carte build --format F` writes, as one table: each format says which firmware images it
// is made from and how, and `--format all -o DIR` writes every format that has a file name.
// Adding a format is one row here and its make function. See docs/firmware.md, "Formats".
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/cli_rom_image.h"

namespace carte::cli {

// The firmware images of one `carte build` run, each built once with the payload embedded.
struct BuiltFirmware {
    std::optional<BuiltRom> bios;             // from --base; nullopt: no format asked for it
    std::string bios_note;                    // how it was stored, e.g. " (LZ4: …)"
    std::optional<std::vector<uint8_t>> efi;  // from --base-efi; nullopt: not asked for, or none
    std::vector<uint8_t> pxe_prefix;          // the BIOS base's PXE prefix; empty: none, see below
    std::string pxe_prefix_why;               // why the base has none
};

// One file: its bytes and the words after "<size> bytes, <format> image".
struct FormatOutput {
    std::vector<uint8_t> bytes;
    std::string note;
};

enum class FirmwareUse : uint8_t {
    bios,          // made from the BIOS image
    efi,           // made from the UEFI image
    bios_and_efi,  // the BIOS image, and the UEFI one beside it when there is one
};

struct BuildFormat {
    const char* name;  // the --format value
    const char* file;  // its file under `--format all -o DIR`; nullptr: not written by all
    FirmwareUse uses;
    RomFormat rom;  // the BIOS image's loader headers (when this format is built on its own)
    // The file's bytes from the run's images (the ones `uses` names are there); false with *why.
    bool (*make)(const BuiltFirmware& firmware, FormatOutput* out, std::string* why);
    bool needs_pxe_prefix = false;  // pxe, kpxe: `all` skips them when the BIOS base has no prefix
};

// Every format, in the order `--format all` writes them.
const std::vector<BuildFormat>& build_formats();
// The format called `name`, or nullptr.
const BuildFormat* find_build_format(const std::string& name);
// The names for messages, "lkrn, multiboot, efi, iso, usb"; with `image` (bios or efi) only the
// formats made from that firmware image.
std::string build_format_names(std::optional<FirmwareUse> image = std::nullopt);

}  // namespace carte::cli
