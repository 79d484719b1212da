// Little-endian fields in the image files `carte build` reads and patches (cli_rom_image.cpp,
// cli_pxe_image.cpp, cli_efi_image.cpp). The caller has checked `at` against the size.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace carte::cli {

inline uint32_t get32(const std::vector<uint8_t>& b, size_t at) {
    return uint32_t(b[at]) | uint32_t(b[at + 1]) << 8 | uint32_t(b[at + 2]) << 16 | uint32_t(b[at + 3]) << 24;
}
inline void put16(std::vector<uint8_t>& b, size_t at, uint16_t v) {
    b[at] = uint8_t(v), b[at + 1] = uint8_t(v >> 8);
}
inline void put32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + size_t(i)] = uint8_t(v >> (8 * i));
}

}  // namespace carte::cli
