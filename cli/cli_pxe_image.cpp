#include "cli/cli_pxe_image.h"

#include <cstring>

#include "cli/cli_le_bytes.h"
#include "platform/pc/boot/pxe_handoff.h"

namespace carte::cli {
namespace {

constexpr size_t kSetupSize = 0x400;  // the lkrn's real-mode setup, which the prefix skips
// A PXE ROM loads the file at 0x7C00 and must fit it below its own base memory (the UNDI
// driver and the ROM's data sit under 640 KiB): 448 KiB leaves them well over 100 KiB.
constexpr size_t kMaxPxeFile = 448 * 1024;

}  // namespace

std::optional<std::vector<uint8_t>> pxe_prefix_of(const std::vector<uint8_t>& plain_rom,
                                                  const RomLayout& layout, std::string* why) {
    if (!layout.pxe_prefix) {
        *why = "the base ROM has no PXE prefix (CARTEROM descriptor before version 3, an older build)";
        return std::nullopt;
    }
    const size_t at = file_offset(layout.pxe_prefix), n = layout.pxe_prefix_size;
    if (n < PXE_PREFIX_PARAMS_END || at + n > plain_rom.size() ||
        std::memcmp(&plain_rom[at + PXE_PREFIX_PARAMS], "CARTEPFX", 8) != 0 ||
        get32(plain_rom, at + PXE_PREFIX_SIZE) != n) {
        *why = "the base ROM's PXE prefix is damaged (no CARTEPFX header of the descriptor's size)";
        return std::nullopt;
    }
    if (uint32_t version = get32(plain_rom, at + PXE_PREFIX_VERSION); version != PXE_PREFIX_LAYOUT_VERSION) {
        *why = "the base ROM's PXE prefix has a layout this carte does not know (version " +
               std::to_string(version) + ")";
        return std::nullopt;
    }
    return std::vector<uint8_t>(plain_rom.begin() + long(at), plain_rom.begin() + long(at + n));
}

std::optional<std::vector<uint8_t>> make_pxe_image(const std::vector<uint8_t>& prefix,
                                                   const std::vector<uint8_t>& lkrn, bool keep_undi,
                                                   std::string* why) {
    if (lkrn.size() <= kSetupSize) {
        *why = "the BIOS image is too small to be a carte.lkrn";
        return std::nullopt;
    }
    if (prefix.size() + lkrn.size() > kMaxPxeFile) {
        *why = "the image is " + std::to_string(prefix.size() + lkrn.size()) +
               " bytes, more than a PXE ROM can load below 640 KiB (" + std::to_string(kMaxPxeFile) +
               "): embed less, or keep the default LZ4 compression";
        return std::nullopt;
    }
    std::vector<uint8_t> out(prefix);
    put32(out, PXE_PREFIX_PAYLOAD, uint32_t(lkrn.size() - kSetupSize));
    put32(out, PXE_PREFIX_FLAGS, keep_undi ? PXE_FL_KEEP_UNDI : 0);
    out.insert(out.end(), lkrn.begin(), lkrn.end());
    // iPXE-based PXE ROMs (QEMU's among them) probe a downloaded file for a multiboot header in
    // its first 8 KiB before they treat it as a PXE program (iPXE's image/multiboot.c,
    // multiboot_probe), and the lkrn has one there. The prefix never enters through it, so its
    // magic is cleared: the ROM then runs the file as the PXE program it is.
    for (size_t at = prefix.size(); at + 12 <= out.size() && at < 8192; at += 4)
        if (get32(out, at) == 0x1badb002 && get32(out, at) + get32(out, at + 4) + get32(out, at + 8) == 0)
            put32(out, at, 0);
    return out;
}

}  // namespace carte::cli
