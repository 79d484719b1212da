#include "cli/cli_rom_image.h"

#include <lz4.h>
#include <lz4hc.h>

#include <algorithm>
#include <cstring>

#include "cli/cli_le_bytes.h"
#include "platform/firmware/embed_format.h"
#include "platform/pc/boot/unpack_stub.h"

namespace carte::cli {

namespace {

constexpr size_t kSetupSize = 0x400;         // boot sector + one setup sector (setup_header.S)
constexpr uint32_t kPayloadBase = 0x100000;  // the payload is linked and loaded at 1 MiB
constexpr uint32_t kMultibootMagic = 0x1badb002;
constexpr size_t kDescriptorSize = 40;  // v3: magic, version, 7 fields (v1 has 3, v2 5 of them)
constexpr char kStubMagic[8] = {'C', 'A', 'R', 'T', 'E', 'L', 'Z', '4'};
// No image we write decodes to more: the largest payload plus far more firmware than there is.
constexpr uint32_t kMaxImageSize = fw::embed::kMaxSize + (64u << 20);

void append32(std::vector<uint8_t>& b, uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (8 * i)));
}

uint64_t align_4k(uint64_t v) {
    return (v + 4095) / 4096 * 4096;
}

}  // namespace

size_t file_offset(uint32_t addr) {
    return kSetupSize + (addr - kPayloadBase);
}

// zlib's CRC-32, as the stub computes it over the decoded image (unpack_stub.S, "decoded").
uint32_t crc32(const uint8_t* p, size_t n) {
    uint32_t crc = 0xffffffff;
    for (size_t i = 0; i < n; ++i) {
        crc ^= p[i];
        for (int k = 0; k < 8; ++k) crc = crc >> 1 ^ (0xedb88320 & (0 - (crc & 1)));
    }
    return ~crc;
}

namespace {

// Descriptor v2: the stub lies inside the loaded image and is one this CLI knows how to fill.
bool check_stub(const std::vector<uint8_t>& rom, const RomLayout& l, std::string* why) {
    uint32_t at = l.unpack_stub, n = l.unpack_stub_size;
    if (at < kPayloadBase || at > l.load_end || n > l.load_end - at || n < UNPACK_PARAMS_END || n % 16) {
        *why = "the Carte ROM descriptor's decompressor stub lies outside the image";
        return false;
    }
    size_t off = file_offset(at);
    if (get32(rom, off + UNPACK_MULTIBOOT_HEADER) != kMultibootMagic ||
        std::memcmp(&rom[off + UNPACK_PARAMS], kStubMagic, 8) != 0 ||
        get32(rom, off + UNPACK_STUB_SIZE) != n) {
        *why = "the ROM's decompressor stub is damaged (no CARTELZ4 header of the descriptor's size)";
        return false;
    }
    if (get32(rom, off + UNPACK_VERSION) != UNPACK_LAYOUT_VERSION) {
        *why = "the ROM's decompressor stub has a layout this carte does not know (version " +
               std::to_string(get32(rom, off + UNPACK_VERSION)) + ")";
        return false;
    }
    return true;
}

// The compressed form of `rom` (an uncompressed build of `layout`'s base): the same setup, then
// the base's stub with its fields filled in, then one LZ4 HC block of everything from 0x400 on.
std::optional<std::vector<uint8_t>> compress_rom(const std::vector<uint8_t>& rom, const RomLayout& layout,
                                                 std::string* why) {
    const size_t image_size = rom.size() - kSetupSize;  // a multiple of 16
    const uint32_t mb_entry = get32(rom, file_offset(layout.multiboot_header) + 28);
    if (mb_entry < kPayloadBase || mb_entry >= layout.load_end) {
        *why = "the base ROM's multiboot entry lies outside the image";
        return std::nullopt;
    }
    const int bound = LZ4_compressBound(int(image_size));
    std::vector<uint8_t> block(size_t(std::max(bound, 0)));
    const int packed = bound > 0 ? LZ4_compress_HC(reinterpret_cast<const char*>(rom.data() + kSetupSize),
                                                   reinterpret_cast<char*>(block.data()), int(image_size),
                                                   bound, LZ4HC_CLEVEL_MAX)
                                 : 0;
    if (packed <= 0) {
        *why = "LZ4 compression failed";
        return std::nullopt;
    }
    block.resize(size_t(packed));

    std::vector<uint8_t> out(rom.begin(), rom.begin() + long(kSetupSize));
    const size_t stub_at = file_offset(layout.unpack_stub);
    out.insert(out.end(), rom.begin() + long(stub_at), rom.begin() + long(stub_at + layout.unpack_stub_size));
    out.insert(out.end(), block.begin(), block.end());
    while ((out.size() - kSetupSize) % 16) out.push_back(0);
    const uint64_t loaded = out.size() - kSetupSize;
    // The block sits where it decodes to, so the stub first moves itself and the block past
    // everything the image uses before pc_main: the decoded image, .bss and the payload's copy
    // that start32 moves to _bss_end.
    const uint64_t payload = image_size - (layout.load_end - kPayloadBase);
    const uint64_t copy_to = align_4k(std::max(
        {uint64_t(layout.bss_end) + payload, kPayloadBase + uint64_t(image_size), kPayloadBase + loaded}));
    const uint64_t copy_end = copy_to + layout.unpack_stub_size + uint64_t(packed);
    const uint64_t table_end = (copy_end + 3) / 4 * 4 + UNPACK_CRC_TABLE_SIZE;  // the stub's CRC table
    if (table_end > 0xfffff000u) {
        *why = "the image is too large for the decompressor (it must fit below 4 GiB)";
        return std::nullopt;
    }
    const size_t stub = kSetupSize;  // the stub's file offset in the output
    put32(out, stub + UNPACK_COMPRESSED_SIZE, uint32_t(packed));
    put32(out, stub + UNPACK_IMAGE_SIZE, uint32_t(image_size));
    put32(out, stub + UNPACK_IMAGE_CRC32, crc32(rom.data() + kSetupSize, image_size));
    put32(out, stub + UNPACK_LINUX_ENTRY, kPayloadBase);  // _start32: the image's first byte
    put32(out, stub + UNPACK_MULTIBOOT_ENTRY, mb_entry);
    put32(out, stub + UNPACK_COPY_TO, uint32_t(copy_to));
    // Multiboot: load the stub and the block; keep the loader's own data (info, command line,
    // modules) out of everything up to the end of the moved copy and its CRC table.
    put32(out, stub + UNPACK_MULTIBOOT_HEADER + 20, uint32_t(kPayloadBase + loaded));  // load_end_addr
    put32(out, stub + UNPACK_MULTIBOOT_HEADER + 24, uint32_t(align_4k(table_end)));    // bss_end_addr
    put32(out, 0x1f4, uint32_t(loaded / 16));                                          // syssize
    return out;
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
    if (is_compressed_rom(rom)) {
        *why = "an LZ4-compressed Carte ROM (unpack it first)";
        return std::nullopt;
    }
    // The descriptor is near the entry point, within the first 8 KiB of the payload.
    for (size_t at = kSetupSize; at + kDescriptorSize <= rom.size() && at < kSetupSize + 8192; at += 4) {
        if (std::memcmp(&rom[at], fw::embed::kDescriptorMagic, 8) != 0) continue;
        const uint32_t version = get32(rom, at + 8);
        if (version < 1 || version > 3) {
            *why = "unsupported Carte ROM descriptor version " + std::to_string(version);
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
        if (version >= 2) {
            l.unpack_stub = get32(rom, at + 24);
            l.unpack_stub_size = get32(rom, at + 28);
            if (!check_stub(rom, l, why)) return std::nullopt;
        }
        if (version >= 3) {
            l.pxe_prefix = get32(rom, at + 32);
            l.pxe_prefix_size = get32(rom, at + 36);
            if (l.pxe_prefix < kPayloadBase || file_offset(l.pxe_prefix) + l.pxe_prefix_size > l.image_size) {
                *why = "the Carte ROM descriptor's PXE prefix lies outside the image";
                return std::nullopt;
            }
        }
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
    if (!r.tls_roots.empty())
        append_record(records, fw::embed::Kind::tls_roots, r.tls_roots.data(), r.tls_roots.size());
    if (!r.tls_system_roots.empty())
        append_record(records, fw::embed::Kind::tls_system_roots, r.tls_system_roots.data(),
                      r.tls_system_roots.size());
    std::vector<uint8_t> out(fw::embed::kMagic, fw::embed::kMagic + 8);
    append32(out, fw::embed::kVersion);
    append32(out, uint32_t(records.size()));
    out.insert(out.end(), records.begin(), records.end());
    return out;
}

bool is_compressed_rom(const std::vector<uint8_t>& rom) {
    return rom.size() >= kSetupSize + UNPACK_PARAMS_END &&
           std::memcmp(&rom[kSetupSize + UNPACK_PARAMS], kStubMagic, 8) == 0;
}

std::optional<std::vector<uint8_t>> unpack_rom(const std::vector<uint8_t>& rom, std::string* why) {
    if (!is_compressed_rom(rom)) return rom;
    if (get32(rom, kSetupSize + UNPACK_VERSION) != UNPACK_LAYOUT_VERSION) {
        *why = "a compressed Carte ROM of a layout this carte does not know (version " +
               std::to_string(get32(rom, kSetupSize + UNPACK_VERSION)) + ")";
        return std::nullopt;
    }
    const size_t room = rom.size() - kSetupSize;
    const uint32_t stub_size = get32(rom, kSetupSize + UNPACK_STUB_SIZE);
    const uint32_t packed = get32(rom, kSetupSize + UNPACK_COMPRESSED_SIZE);
    const uint32_t image_size = get32(rom, kSetupSize + UNPACK_IMAGE_SIZE);
    if (stub_size < UNPACK_PARAMS_END || stub_size > room || packed == 0 || packed > room - stub_size ||
        image_size == 0 || image_size % 16 || image_size > kMaxImageSize) {
        *why = "the compressed Carte ROM is truncated or its sizes are inconsistent";
        return std::nullopt;
    }
    std::vector<uint8_t> out(rom.begin(), rom.begin() + long(kSetupSize));
    out.resize(kSetupSize + image_size);
    const int n =
        LZ4_decompress_safe(reinterpret_cast<const char*>(rom.data() + kSetupSize + stub_size),
                            reinterpret_cast<char*>(out.data() + kSetupSize), int(packed), int(image_size));
    if (n != int(image_size) ||
        crc32(out.data() + kSetupSize, image_size) != get32(rom, kSetupSize + UNPACK_IMAGE_CRC32)) {
        *why =
            "the compressed Carte ROM is damaged (its LZ4 block does not decode to the image it describes)";
        return std::nullopt;
    }
    put32(out, 0x1f4, image_size / 16);  // syssize of the uncompressed form
    return out;
}

std::optional<BuiltRom> build_rom(const std::vector<uint8_t>& packed_base, const EmbedRequest& request,
                                  std::string* why) {
    auto base = unpack_rom(packed_base, why);
    if (!base) return std::nullopt;
    auto layout = read_rom_layout(*base, why);
    if (!layout) return std::nullopt;
    const bool lz4 = request.compression == RomCompression::lz4;
    if (lz4 && !layout->unpack_stub) {
        *why =
            "the base ROM has no decompressor stub (CARTEROM descriptor version 1, an older build): use "
            "--compress none";
        return std::nullopt;
    }
    std::vector<uint8_t> payload = encode_payload(request);
    if (payload.size() - fw::embed::kHeaderSize > fw::embed::kMaxSize) {
        *why = "the program is too large to embed (256 MiB at most)";
        return std::nullopt;
    }
    std::vector<uint8_t> rom(base->begin(), base->begin() + long(layout->image_size));
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
    BuiltRom out;
    out.firmware_size = layout->image_size;
    out.uncompressed_size = rom.size();
    if (lz4) {
        auto packed = compress_rom(rom, *layout, why);
        if (!packed) return std::nullopt;
        out.image = std::move(*packed);
        out.compressed = true;
    } else {
        out.image = std::move(rom);
    }
    return out;
}

}  // namespace carte::cli
