// The PE32+ facts Carte needs, shared by the writer on the host (cli/cli_efi_image.cpp: `carte
// build --format efi` adds the payload as a section) and the firmware (efi_main.cpp finds it in
// its own loaded image). From the Microsoft PE/COFF specification: the DOS header's e_lfanew at
// 0x3c points to "PE\0\0", a 20-byte COFF header, the optional header (magic 0x20b for PE32+),
// then the section table (40 bytes a section). Pure functions over bytes, no platform code.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/span.h"
#include "runtime/rt/str.h"

namespace carte::pe {

constexpr uint16_t kMachineAmd64 = 0x8664;
constexpr uint16_t kMagicPe32Plus = 0x20b;
constexpr uint16_t kSubsystemEfiApplication = 10;
constexpr size_t kCoffHeaderSize = 20;
constexpr size_t kSectionHeaderSize = 40;
// The section `carte build` adds: the embedded payload (platform/firmware/embed_format.h).
constexpr char kPayloadSection[8] = {'.', 'c', 'a', 'r', 't', 'e', 0, 0};

inline uint16_t read16(const uint8_t* p) {
    return uint16_t(p[0] | p[1] << 8);
}
inline uint32_t read32(const uint8_t* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}

struct Headers {
    size_t pe_offset = 0;        // "PE\0\0"
    size_t optional_offset = 0;  // the optional header
    size_t sections_offset = 0;  // the section table
    uint16_t machine = 0, section_count = 0, optional_size = 0, magic = 0, subsystem = 0;
};

// Checks and locates the headers of a PE image (a file, or an image as loaded: both start with
// the headers). Errc::noexec with the reason when it is not a PE32+ image.
inline Result<Headers> read_headers(Bytes image) {
    if (image.size() < 0x40 || image[0] != 'M' || image[1] != 'Z')
        return Error(Errc::noexec, "not a PE image (no MZ header)");
    Headers h;
    h.pe_offset = read32(image.data() + 0x3c);
    if (h.pe_offset > image.size() || image.size() - h.pe_offset < 4 + kCoffHeaderSize + 2)
        return Error(Errc::noexec, "not a PE image (PE header past the end)");
    const uint8_t* pe = image.data() + h.pe_offset;
    if (pe[0] != 'P' || pe[1] != 'E' || pe[2] || pe[3])
        return Error(Errc::noexec, "not a PE image (no PE signature)");
    h.machine = read16(pe + 4);
    h.section_count = read16(pe + 6);
    h.optional_size = read16(pe + 20);
    h.optional_offset = h.pe_offset + 4 + kCoffHeaderSize;
    h.sections_offset = h.optional_offset + h.optional_size;
    if (h.optional_size < 72 ||
        h.sections_offset + size_t(h.section_count) * kSectionHeaderSize > image.size())
        return Error(Errc::noexec, "not a PE image (headers past the end)");
    h.magic = read16(image.data() + h.optional_offset);
    h.subsystem = read16(image.data() + h.optional_offset + 68);
    return h;
}

struct Section {
    uint32_t virtual_size = 0, virtual_address = 0, raw_size = 0, raw_offset = 0;
};

// The section named `name` (8 bytes, zero padded), if any.
inline bool find_section(Bytes image, const Headers& h, const char (&name)[8], Section* out) {
    for (size_t i = 0; i < h.section_count; ++i) {
        const uint8_t* s = image.data() + h.sections_offset + i * kSectionHeaderSize;
        bool same = true;
        for (int k = 0; k < 8; ++k) same = same && s[k] == uint8_t(name[k]);
        if (!same) continue;
        out->virtual_size = read32(s + 8);
        out->virtual_address = read32(s + 12);
        out->raw_size = read32(s + 16);
        out->raw_offset = read32(s + 20);
        return true;
    }
    return false;
}

}  // namespace carte::pe
