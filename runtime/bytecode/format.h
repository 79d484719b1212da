// On-disk constants of the .cbm format (docs/bytecode.md).
#pragma once
#include "runtime/rt/types.h"

namespace carte::bc {

constexpr uint8_t kMagic[4] = {'C', 'B', 'M', 0x1a};
constexpr uint16_t kMajor = 1;
constexpr uint16_t kMinor = 0;
// Minor version written when the COMPRESSED flag is set (format 1.1); plain bodies stay 1.0.
constexpr uint16_t kMinorCompressed = 1;
constexpr size_t kHeaderSize = 32;
constexpr size_t kDirEntrySize = 12;
constexpr uint16_t kMaxSections = 16;

constexpr uint32_t kFlagDebug = 1u << 0;
constexpr uint32_t kFlagScript = 1u << 1;
constexpr uint32_t kFlagTrailer = 1u << 2;
// The section bytes after the directory are one LZ block (runtime/bytecode/body_codec.h); the
// directory still gives the uncompressed offsets and sizes.
constexpr uint32_t kFlagCompressed = 1u << 3;
constexpr uint32_t kKnownFlags = kFlagDebug | kFlagScript | kFlagTrailer | kFlagCompressed;

constexpr uint32_t fourcc(char a, char b, char c, char d) {
    return static_cast<uint32_t>(static_cast<uint8_t>(a)) |
           static_cast<uint32_t>(static_cast<uint8_t>(b)) << 8 |
           static_cast<uint32_t>(static_cast<uint8_t>(c)) << 16 |
           static_cast<uint32_t>(static_cast<uint8_t>(d)) << 24;
}
// Section kinds, in the order they must appear.
constexpr uint32_t kSecStrs = fourcc('S', 'T', 'R', 'S');
constexpr uint32_t kSecCode = fourcc('C', 'O', 'D', 'E');
constexpr uint32_t kSecMenu = fourcc('M', 'E', 'N', 'U');
constexpr uint32_t kSecLabl = fourcc('L', 'A', 'B', 'L');
constexpr uint32_t kSecDbug = fourcc('D', 'B', 'U', 'G');
constexpr uint32_t kSecMeta = fourcc('M', 'E', 'T', 'A');
constexpr uint32_t kSectionOrder[] = {kSecStrs, kSecCode, kSecMenu, kSecLabl, kSecDbug, kSecMeta};

enum class ItemKind : uint8_t { Item = 0, Gap = 1, Header = 2 };

constexpr uint32_t kMaxStrings = 1000000;
constexpr uint32_t kMaxStringSize = 1u << 20;

}  // namespace carte::bc
