// `carte build --format efi`: a copy of carte.efi with the embedded payload
// (platform/firmware/embed_format.h) as one more PE section, ".carte", which the firmware finds
// in its own loaded image (platform/efi/efi_main.cpp). The image stays a valid PE32+ for
// firmware and for `sbverify --list`; signing (sbsign) comes after embedding. See docs/firmware.md.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace carte::cli {

struct EfiLayout {
    size_t image_size = 0;    // file bytes of the image without any payload section
    size_t payload_size = 0;  // bytes of a payload already embedded (0: none)
};

// Checks that `image` is an x86_64 PE32+ EFI application and finds any payload section;
// nullopt with *why otherwise.
std::optional<EfiLayout> read_efi_layout(const std::vector<uint8_t>& image, std::string* why);
// `base` with `payload` as its (only) .carte section, replacing one already there; headers,
// SizeOfImage and the PE checksum updated. nullopt with *why for a signed base, a base without
// room for one more section header, or an unusable image.
std::optional<std::vector<uint8_t>> build_efi(const std::vector<uint8_t>& base,
                                              const std::vector<uint8_t>& payload, std::string* why);

}  // namespace carte::cli
