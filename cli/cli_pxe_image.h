// `carte build --format pxe|kpxe`: a PXE network boot program, i.e. the PXE prefix the base ROM
// carries (platform/pc/boot/pxe_prefix.S) in front of a built carte.lkrn. See docs/firmware.md,
// "PXE and UNDI".
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/cli_rom_image.h"

namespace carte::cli {

// The prefix bytes of an uncompressed base ROM (descriptor v3), checked; nullopt with *why when
// the base has none (an older build) or it is damaged.
std::optional<std::vector<uint8_t>> pxe_prefix_of(const std::vector<uint8_t>& plain_rom,
                                                  const RomLayout& layout, std::string* why);

// prefix + lkrn with the prefix's fields set: how much to copy to 1 MiB and whether UNDI stays
// loaded (kpxe). nullopt with *why when the result is too large for a PXE ROM to load below
// 640 KiB.
std::optional<std::vector<uint8_t>> make_pxe_image(const std::vector<uint8_t>& prefix,
                                                   const std::vector<uint8_t>& lkrn, bool keep_undi,
                                                   std::string* why);

}  // namespace carte::cli
