// Building a firmware image with a program embedded (`carte build`): the payload encoding of
// platform/firmware/embed_format.h and the patching of a base carte.lkrn so every loader (Linux boot
// protocol and multiboot) loads the payload with the image. See docs/firmware.md.
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
};

enum class RomFormat { lkrn, multiboot };

struct EmbedRequest {
    std::vector<uint8_t> program;  // .cbm bytecode or iPXE script text
    std::string name;              // what it was built from, shown in the banner
    std::optional<uint32_t> shell_wait_ms;
    std::optional<uint32_t> nic_policy;  // efi: fw::embed::NicPolicy; unset: the firmware's drivers
    std::vector<uint8_t> trust_store;    // runtime/crypto/trust_store.h blob; empty: none
    std::vector<uint8_t> ca_certs;       // u32 size + DER, repeated; empty: none
    RomFormat format = RomFormat::lkrn;
};

// Finds and checks the descriptor; nullopt with *why when the file is not a Carte ROM.
std::optional<RomLayout> read_rom_layout(const std::vector<uint8_t>& rom, std::string* why);
// The payload bytes (header and records) for a request.
std::vector<uint8_t> encode_payload(const EmbedRequest& request);
// A copy of `base` (any payload it carries is replaced) with the request's payload appended and
// the loaders' sizes patched. nullopt with *why on a bad base or an oversized payload.
std::optional<std::vector<uint8_t>> build_rom(const std::vector<uint8_t>& base, const EmbedRequest& request,
                                              std::string* why);

}  // namespace carte::cli
