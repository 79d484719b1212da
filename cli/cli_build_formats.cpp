#include "cli/cli_build_formats.h"

#include "cli/cli_media_image.h"
#include "cli/cli_pxe_image.h"

namespace carte::cli {

namespace {

bool bios_image(const BuiltFirmware& firmware, FormatOutput* out, std::string*) {
    out->bytes = firmware.bios->image;
    out->note = firmware.bios_note;
    return true;
}

bool efi_image(const BuiltFirmware& firmware, FormatOutput* out, std::string*) {
    out->bytes = *firmware.efi;
    return true;
}

MediaContents media_contents(const BuiltFirmware& firmware, FormatOutput* out) {
    out->note = firmware.efi ? " (BIOS and UEFI)" : " (BIOS only)";
    return MediaContents{firmware.bios->image, firmware.efi ? *firmware.efi : std::vector<uint8_t>{}};
}

bool iso_image(const BuiltFirmware& firmware, FormatOutput* out, std::string* why) {
    auto bytes = build_iso(media_contents(firmware, out), why);
    if (bytes) out->bytes = std::move(*bytes);
    return bool(bytes);
}

bool usb_image(const BuiltFirmware& firmware, FormatOutput* out, std::string* why) {
    auto bytes = build_usb(media_contents(firmware, out), why);
    if (bytes) out->bytes = std::move(*bytes);
    return bool(bytes);
}

// A PXE program: the base's prefix in front of the BIOS image (cli_pxe_image.h); kpxe keeps the
// PXE ROM's UNDI driver loaded and drives the NIC through it.
bool pxe_image(const BuiltFirmware& firmware, bool keep_undi, FormatOutput* out, std::string* why) {
    if (firmware.pxe_prefix.empty()) {
        *why = firmware.pxe_prefix_why;
        return false;
    }
    auto bytes = make_pxe_image(firmware.pxe_prefix, firmware.bios->image, keep_undi, why);
    if (!bytes) return false;
    out->bytes = std::move(*bytes);
    out->note = firmware.bios_note;
    return true;
}
bool pxe_native(const BuiltFirmware& firmware, FormatOutput* out, std::string* why) {
    return pxe_image(firmware, false, out, why);
}
bool pxe_undi(const BuiltFirmware& firmware, FormatOutput* out, std::string* why) {
    return pxe_image(firmware, true, out, why);
}

}  // namespace

const std::vector<BuildFormat>& build_formats() {
    // The lkrn is a multiboot kernel too, so `all` writes no separate multiboot file.
    static const std::vector<BuildFormat> formats = {
        {"lkrn", "carte.lkrn", FirmwareUse::bios, RomFormat::lkrn, bios_image},
        {"multiboot", nullptr, FirmwareUse::bios, RomFormat::multiboot, bios_image},
        {"efi", "carte.efi", FirmwareUse::efi, RomFormat::lkrn, efi_image},
        {"iso", "carte.iso", FirmwareUse::bios_and_efi, RomFormat::lkrn, iso_image},
        {"usb", "carte.usb", FirmwareUse::bios_and_efi, RomFormat::lkrn, usb_image},
        {"pxe", "carte.pxe", FirmwareUse::bios, RomFormat::lkrn, pxe_native, true},
        {"kpxe", "carte.kpxe", FirmwareUse::bios, RomFormat::lkrn, pxe_undi, true},
    };
    return formats;
}

const BuildFormat* find_build_format(const std::string& name) {
    for (const BuildFormat& f : build_formats())
        if (name == f.name) return &f;
    return nullptr;
}

std::string build_format_names(std::optional<FirmwareUse> image) {
    std::string names;
    for (const BuildFormat& f : build_formats()) {
        if (image == FirmwareUse::bios && f.uses == FirmwareUse::efi) continue;
        if (image == FirmwareUse::efi && f.uses == FirmwareUse::bios) continue;
        names += (names.empty() ? "" : ", ") + std::string(f.name);
    }
    return names;
}

}  // namespace carte::cli
