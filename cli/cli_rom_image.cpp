#include "cli/cli_rom_image.h"

#include <cstring>

#include "platform/firmware/embed_format.h"

namespace carte::cli {

namespace {

constexpr size_t kSetupSize = 0x400;         // boot sector + one setup sector (setup_header.S)
constexpr uint32_t kPayloadBase = 0x100000;  // the payload is linked and loaded at 1 MiB
constexpr uint32_t kMultibootMagic = 0x1badb002;

uint32_t get32(const std::vector<uint8_t>& b, size_t at) {
    return uint32_t(b[at]) | uint32_t(b[at + 1]) << 8 | uint32_t(b[at + 2]) << 16 | uint32_t(b[at + 3]) << 24;
}
void put32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + i] = uint8_t(v >> (8 * i));
}
void append32(std::vector<uint8_t>& b, uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (8 * i)));
}
size_t file_offset(uint32_t addr) {
    return kSetupSize + (addr - kPayloadBase);
}

void append_record(std::vector<uint8_t>& out, fw::embed::Kind kind, const uint8_t* data, size_t n) {
    append32(out, uint32_t(kind));
    append32(out, uint32_t(n));
    out.insert(out.end(), data, data + n);
    while (out.size() % 8) out.push_back(0);
}

}  // namespace

std::optional<RomLayout> read_rom_layout(const std::vector<uint8_t>& rom, std::string* why) {
    if (rom.size() < kSetupSize + 64 || rom[0x1fe] != 0x55 || rom[0x1ff] != 0xaa) {
        *why = "not a Linux boot-protocol image (no boot signature)";
        return std::nullopt;
    }
    // The descriptor is near the entry point, within the first 8 KiB of the payload.
    size_t limit = std::min(rom.size() - 24, kSetupSize + 8192);
    for (size_t at = kSetupSize; at < limit; at += 4) {
        if (std::memcmp(&rom[at], fw::embed::kDescriptorMagic, 8) != 0) continue;
        if (get32(rom, at + 8) != 1) {
            *why = "unsupported Carte ROM descriptor version";
            return std::nullopt;
        }
        RomLayout l;
        l.descriptor_offset = at;
        l.load_end = get32(rom, at + 12);
        l.bss_end = get32(rom, at + 16);
        l.multiboot_header = get32(rom, at + 20);
        if (l.load_end < kPayloadBase || l.bss_end < l.load_end || l.multiboot_header < kPayloadBase ||
            file_offset(l.multiboot_header) + 32 > rom.size() || file_offset(l.load_end) > rom.size() ||
            get32(rom, file_offset(l.multiboot_header)) != kMultibootMagic) {
            *why = "the Carte ROM descriptor is inconsistent with the file";
            return std::nullopt;
        }
        l.image_size = file_offset(l.load_end);
        l.payload_size = rom.size() - l.image_size;
        return l;
    }
    *why = "not a Carte firmware image (no CARTEROM descriptor; use the build's carte.lkrn as --base)";
    return std::nullopt;
}

std::vector<uint8_t> encode_payload(const EmbedRequest& r) {
    std::vector<uint8_t> records;
    append_record(records, fw::embed::Kind::program, r.program.data(), r.program.size());
    if (!r.name.empty())
        append_record(records, fw::embed::Kind::name, reinterpret_cast<const uint8_t*>(r.name.data()),
                      r.name.size());
    if (r.shell_wait_ms) {
        uint8_t v[4] = {uint8_t(*r.shell_wait_ms), uint8_t(*r.shell_wait_ms >> 8),
                        uint8_t(*r.shell_wait_ms >> 16), uint8_t(*r.shell_wait_ms >> 24)};
        append_record(records, fw::embed::Kind::shell_wait, v, 4);
    }
    if (r.nic_policy) {
        uint8_t v[4] = {uint8_t(*r.nic_policy), 0, 0, 0};
        append_record(records, fw::embed::Kind::nic_policy, v, 4);
    }
    if (!r.trust_store.empty())
        append_record(records, fw::embed::Kind::trust_store, r.trust_store.data(), r.trust_store.size());
    if (!r.ca_certs.empty())
        append_record(records, fw::embed::Kind::ca_certs, r.ca_certs.data(), r.ca_certs.size());
    std::vector<uint8_t> out(fw::embed::kMagic, fw::embed::kMagic + 8);
    append32(out, fw::embed::kVersion);
    append32(out, uint32_t(records.size()));
    out.insert(out.end(), records.begin(), records.end());
    return out;
}

std::optional<std::vector<uint8_t>> build_rom(const std::vector<uint8_t>& base, const EmbedRequest& request,
                                              std::string* why) {
    auto layout = read_rom_layout(base, why);
    if (!layout) return std::nullopt;
    std::vector<uint8_t> payload = encode_payload(request);
    if (payload.size() - fw::embed::kHeaderSize > fw::embed::kMaxSize) {
        *why = "the program is too large to embed (256 MiB at most)";
        return std::nullopt;
    }
    std::vector<uint8_t> rom(base.begin(), base.begin() + long(layout->image_size));
    rom.insert(rom.end(), payload.begin(), payload.end());
    while ((rom.size() - kSetupSize) % 16) rom.push_back(0);
    uint32_t loaded = uint32_t(rom.size() - kSetupSize);  // bytes loaded at 1 MiB
    // Linux boot protocol: syssize in 16-byte paragraphs.
    put32(rom, 0x1f4, (loaded + 15) / 16);
    // Multiboot a.out kludge: load everything up to the payload's end, reserve .bss plus the
    // payload's moved copy (start32 moves it to bss_end) so the loader places nothing there.
    size_t mb = file_offset(layout->multiboot_header);
    put32(rom, mb + 20, kPayloadBase + loaded);                                            // load_end_addr
    put32(rom, mb + 24, layout->bss_end + uint32_t(payload.size() + 4095) / 4096 * 4096);  // bss_end_addr
    if (request.format == RomFormat::multiboot) {
        // A multiboot-only image: without "HdrS", loaders that prefer the Linux protocol
        // (QEMU -kernel) take the multiboot header instead.
        std::memset(&rom[0x202], 0, 4);
    }
    return rom;
}

}  // namespace carte::cli
