// Building a firmware image with a program embedded (`carte build`): the payload encoding of
// platform/firmware/embed_format.h, the patching of a base carte.lkrn so every loader (Linux boot
// protocol and multiboot) loads the payload with the image, and the LZ4-compressed form behind
// the decompressor stub (platform/pc/boot/unpack_stub.S). See docs/firmware.md.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace carte::cli {

// Where things are in a base ROM, read from its "CARTEROM" descriptor (boot/start32.S).
struct RomLayout {
    size_t descriptor_offset = 0;   // file offset of the descriptor
    uint32_t load_end = 0;          // address where the loaded image ends (payload goes here)
    uint32_t bss_end = 0;           // address where start32 moves the payload
    uint32_t multiboot_header = 0;  // address of the multiboot header
    size_t image_size = 0;          // file bytes of the image proper (without any payload)
    size_t payload_size = 0;        // bytes of an embedded payload already present (0: none)
    uint32_t unpack_stub = 0;       // address of the decompressor stub (descriptor v2; 0: v1, none)
    uint32_t unpack_stub_size = 0;
    uint32_t pxe_prefix = 0;  // address of the PXE prefix (descriptor v3; 0: none)
    uint32_t pxe_prefix_size = 0;
};

enum class RomFormat { lkrn, multiboot };
enum class RomCompression { none, lz4 };

struct EmbedRequest {
    std::vector<uint8_t> program;  // .cbm bytecode or iPXE script text
    std::string name;              // what it was built from, shown in the banner
    std::optional<uint32_t> shell_wait_ms;
    std::optional<uint32_t> nic_policy;     // efi: fw::embed::NicPolicy; unset: the firmware's drivers
    std::vector<uint8_t> trust_store;       // runtime/crypto/trust_store.h blob; empty: none
    std::vector<uint8_t> ca_certs;          // u32 size + DER, repeated; empty: none
    std::vector<uint8_t> tls_roots;         // --ca: anchor records (docs/tls.md); empty: none
    std::vector<uint8_t> tls_system_roots;  // --system-cas: the same form
    RomFormat format = RomFormat::lkrn;
    RomCompression compression = RomCompression::none;  // `carte build` asks for lz4 by default
};

// What build_rom wrote.
struct BuiltRom {
    std::vector<uint8_t> image;    // the file
    size_t firmware_size = 0;      // the base's image proper, uncompressed (no payload)
    size_t uncompressed_size = 0;  // the same ROM uncompressed (== image.size() when not compressed)
    bool compressed = false;
};

// Where the byte loaded at `addr` (1 MiB and up) is in an uncompressed ROM file.
size_t file_offset(uint32_t addr);
// Finds and checks the descriptor of an uncompressed ROM; nullopt with *why when the file is not
// one (a compressed ROM is refused: unpack_rom it first).
std::optional<RomLayout> read_rom_layout(const std::vector<uint8_t>& rom, std::string* why);
// zlib's CRC-32, the stub's check of the image it decoded.
uint32_t crc32(const uint8_t* data, size_t size);
// The payload bytes (header and records) for a request.
std::vector<uint8_t> encode_payload(const EmbedRequest& request);
// Whether the ROM is a compressed one: the stub's "CARTELZ4" at file offset 0x400.
bool is_compressed_rom(const std::vector<uint8_t>& rom);
// The uncompressed ROM a compressed one decodes to (setup + image + payload, as --compress none
// would have written it), or a copy of `rom` when it is not compressed. nullopt with *why when
// the block does not decode or fails the stub's CRC.
std::optional<std::vector<uint8_t>> unpack_rom(const std::vector<uint8_t>& rom, std::string* why);
// A copy of `base` (any payload it carries is replaced; a compressed base is unpacked first)
// with the request's payload appended and the loaders' sizes patched, compressed if the request
// says so. nullopt with *why on a bad base, a base without the stub for lz4, or an oversized
// payload.
std::optional<BuiltRom> build_rom(const std::vector<uint8_t>& base, const EmbedRequest& request,
                                  std::string* why);

}  // namespace carte::cli
