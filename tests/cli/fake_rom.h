// Stand-in base ROMs for the `carte build` tests: the smallest images the image writers accept,
// with the pieces they read (boot signature, HdrS, a multiboot header, the CARTEROM descriptor),
// one per descriptor version. 8 KiB loaded at 1 MiB, .bss up to 1 MiB + 12 KiB.
#pragma once
#include <cstdint>
#include <cstring>
#include <vector>

#include "platform/pc/boot/pxe_handoff.h"
#include "platform/pc/boot/unpack_stub.h"

namespace carte::cli::fake {

inline uint32_t get32(const std::vector<uint8_t>& b, size_t at) {
    return uint32_t(b[at]) | uint32_t(b[at + 1]) << 8 | uint32_t(b[at + 2]) << 16 | uint32_t(b[at + 3]) << 24;
}
inline void put32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + size_t(i)] = uint8_t(v >> (8 * i));
}

// Descriptor version 1.
inline std::vector<uint8_t> fake_rom() {
    std::vector<uint8_t> rom(0x400 + 0x2000, 0);
    rom[0x1fe] = 0x55, rom[0x1ff] = 0xaa;
    std::memcpy(&rom[0x202], "HdrS", 4);
    put32(rom, 0x408, 0x1badb002);
    std::memcpy(&rom[0x430], "CARTEROM", 8);
    put32(rom, 0x438, 1);
    put32(rom, 0x43c, 0x102000);
    put32(rom, 0x440, 0x103000);
    put32(rom, 0x444, 0x100008);
    return rom;
}

// Version 2: a stand-in decompressor stub (only its header: build_rom copies the stub, it never
// runs here) at 1 MiB + 4 KiB; the image is filled with text so LZ4 has something to do. The
// multiboot header's entry is 1 MiB + 0x40.
constexpr uint32_t kFakeStub = 0x101000, kFakeStubSize = 0x60, kFakeMultibootEntry = 0x100040;
inline std::vector<uint8_t> fake_rom_v2() {
    std::vector<uint8_t> rom = fake_rom();
    for (size_t i = 0x460; i < rom.size(); ++i) rom[i] = uint8_t("carte boot menu "[i % 16] + (i / 997) % 3);
    put32(rom, 0x408 + 28, kFakeMultibootEntry);
    put32(rom, 0x438, 2);
    put32(rom, 0x448, kFakeStub);
    put32(rom, 0x44c, kFakeStubSize);
    const size_t stub = 0x400 + (kFakeStub - 0x100000);
    std::memset(&rom[stub], 0xcc, kFakeStubSize);
    put32(rom, stub + UNPACK_MULTIBOOT_HEADER, 0x1badb002);
    std::memcpy(&rom[stub + UNPACK_PARAMS], "CARTELZ4", 8);
    put32(rom, stub + UNPACK_VERSION, UNPACK_LAYOUT_VERSION);
    put32(rom, stub + UNPACK_STUB_SIZE, kFakeStubSize);
    return rom;
}

// Version 3: also a PXE prefix of 0x40 bytes (only its header) at 1 MiB + 6 KiB.
constexpr uint32_t kFakePrefix = 0x101800, kFakePrefixSize = 0x40;
constexpr size_t kFakePrefixAt = 0x400 + (kFakePrefix - 0x100000);
inline std::vector<uint8_t> fake_rom_v3() {
    std::vector<uint8_t> rom = fake_rom_v2();
    put32(rom, 0x438, 3);
    put32(rom, 0x450, kFakePrefix);
    put32(rom, 0x454, kFakePrefixSize);
    std::memset(&rom[kFakePrefixAt], 0x90, kFakePrefixSize);
    std::memcpy(&rom[kFakePrefixAt + PXE_PREFIX_PARAMS], "CARTEPFX", 8);
    put32(rom, kFakePrefixAt + PXE_PREFIX_VERSION, PXE_PREFIX_LAYOUT_VERSION);
    put32(rom, kFakePrefixAt + PXE_PREFIX_SIZE, kFakePrefixSize);
    put32(rom, kFakePrefixAt + PXE_PREFIX_PAYLOAD, 0);
    put32(rom, kFakePrefixAt + PXE_PREFIX_FLAGS, 0);
    return rom;
}

}  // namespace carte::cli::fake
