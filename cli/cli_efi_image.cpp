#include "cli/cli_efi_image.h"

#include "cli/cli_le_bytes.h"
#include "platform/efi/pe_image.h"

#include <algorithm>

namespace carte::cli {

namespace {

// Optional header fields (PE32+), offsets from its start (PE/COFF specification, "Optional
// Header Windows-Specific Fields" and "Optional Header Data Directories").
constexpr size_t kSizeOfInitializedData = 8, kSectionAlignment = 32, kFileAlignment = 36, kSizeOfImage = 56,
                 kSizeOfHeaders = 60, kCheckSum = 64, kNumberOfRvaAndSizes = 108, kDataDirectories = 112;
constexpr size_t kCertificateDirectory = 4;
constexpr uint32_t kScnInitializedData = 0x40, kScnMemRead = 0x40000000;

uint64_t align_up(uint64_t v, uint64_t a) {
    return a ? (v + a - 1) / a * a : v;
}

// The PE checksum (as imagehlp's CheckSumMappedFile): 16-bit one's-complement-style sum of the
// file with the checksum field taken as zero, plus the file length.
uint32_t pe_checksum(const std::vector<uint8_t>& b, size_t checksum_at) {
    uint64_t sum = 0;
    for (size_t i = 0; i < b.size(); i += 2) {
        uint32_t word = b[i] | (i + 1 < b.size() ? b[i + 1] << 8 : 0);
        if (i == checksum_at || i == checksum_at + 2) word = 0;
        sum += word;
        sum = (sum & 0xffff) + (sum >> 16);
    }
    sum = (sum & 0xffff) + (sum >> 16);
    return uint32_t(sum + b.size());
}

struct Parsed {
    pe::Headers h;
    bool has_payload = false;
    size_t payload_index = 0;
    pe::Section payload;
};

std::optional<Parsed> parse(const std::vector<uint8_t>& image, std::string* why) {
    Bytes bytes(image.data(), image.size());
    auto h = pe::read_headers(bytes);
    if (!h) {
        *why = h.error().detail ? h.error().detail : "not a PE image";
        return std::nullopt;
    }
    if (h->machine != pe::kMachineAmd64 || h->magic != pe::kMagicPe32Plus ||
        h->subsystem != pe::kSubsystemEfiApplication) {
        *why = "not an x86_64 EFI application (PE32+, subsystem 10)";
        return std::nullopt;
    }
    if (h->optional_size < kDataDirectories + 8 * (kCertificateDirectory + 1)) {
        *why = "PE optional header too short";
        return std::nullopt;
    }
    const uint32_t file_align = get32(image, h->optional_offset + kFileAlignment);
    if (file_align == 0 || file_align > 0x10000 || (file_align & (file_align - 1))) {
        *why = "bad PE FileAlignment";
        return std::nullopt;
    }
    const uint64_t table_end = h->sections_offset + uint64_t(h->section_count) * pe::kSectionHeaderSize;
    if (get32(image, h->optional_offset + kSizeOfHeaders) > image.size()) {
        *why = "truncated PE image (shorter than its headers)";
        return std::nullopt;
    }
    Parsed p{*h, false, 0, {}};
    size_t payloads = 0;
    for (size_t i = 0; i < h->section_count; ++i) {
        const uint8_t* s = image.data() + h->sections_offset + i * pe::kSectionHeaderSize;
        bool same = true;
        for (int k = 0; k < 8; ++k) same = same && s[k] == uint8_t(pe::kPayloadSection[k]);
        if (pe::read32(s + 16) && uint64_t(pe::read32(s + 20)) + pe::read32(s + 16) > image.size()) {
            *why = "truncated PE image (section data past the end)";
            return std::nullopt;
        }
        if (same) {
            ++payloads, p.has_payload = true, p.payload_index = i;
            p.payload = {pe::read32(s + 8), pe::read32(s + 12), pe::read32(s + 16), pe::read32(s + 20)};
        }
    }
    if (p.has_payload && (payloads > 1 || p.payload_index + 1 != h->section_count)) {
        *why = "the .carte section is not the last one";
        return std::nullopt;
    }
    if (p.has_payload) {
        const pe::Section& c = p.payload;
        const uint64_t headers =
            std::max<uint64_t>(table_end, get32(image, h->optional_offset + kSizeOfHeaders));
        bool ok = c.raw_offset >= headers && uint64_t(c.raw_offset) + c.raw_size <= image.size() &&
                  c.virtual_size <= c.raw_size;
        for (size_t i = 0; ok && i + 1 < h->section_count; ++i) {
            const uint8_t* s = image.data() + h->sections_offset + i * pe::kSectionHeaderSize;
            if (pe::read32(s + 16) && uint64_t(pe::read32(s + 20)) + pe::read32(s + 16) > c.raw_offset)
                ok = false;
        }
        if (!ok) {
            *why = "the .carte section's data is not at the end of the file";
            return std::nullopt;
        }
    }
    return p;
}

}  // namespace

std::optional<EfiLayout> read_efi_layout(const std::vector<uint8_t>& image, std::string* why) {
    auto p = parse(image, why);
    if (!p) return std::nullopt;
    EfiLayout l;
    l.image_size = p->has_payload ? p->payload.raw_offset : image.size();
    l.payload_size = p->has_payload ? p->payload.virtual_size : 0;
    return l;
}

std::optional<std::vector<uint8_t>> build_efi(const std::vector<uint8_t>& base,
                                              const std::vector<uint8_t>& payload, std::string* why) {
    auto p = parse(base, why);
    if (!p) return std::nullopt;
    const size_t opt = p->h.optional_offset;
    if (get32(base, opt + kNumberOfRvaAndSizes) > kCertificateDirectory &&
        get32(base, opt + kDataDirectories + 8 * kCertificateDirectory + 4) != 0) {
        *why = "the base image is signed: embed into an unsigned carte.efi, then sign the result (sbsign)";
        return std::nullopt;
    }
    std::vector<uint8_t> out = base;
    uint16_t count = p->h.section_count;
    if (p->has_payload) {  // replace: drop the old section and its bytes
        out.resize(p->payload.raw_offset);
        std::fill_n(out.begin() + long(p->h.sections_offset + (count - 1) * pe::kSectionHeaderSize),
                    pe::kSectionHeaderSize, 0);
        put32(out, opt + kSizeOfInitializedData,
              get32(out, opt + kSizeOfInitializedData) - p->payload.raw_size);
        --count;
    }
    const uint32_t section_align = get32(out, opt + kSectionAlignment);
    const uint32_t file_align = get32(out, opt + kFileAlignment);
    const uint32_t headers_size = get32(out, opt + kSizeOfHeaders);
    size_t header_at = p->h.sections_offset + count * pe::kSectionHeaderSize;
    uint64_t first_raw = headers_size, end_va = 0;
    for (size_t i = 0; i < count; ++i) {
        const size_t s = p->h.sections_offset + i * pe::kSectionHeaderSize;
        uint32_t raw = get32(out, s + 20), raw_size = get32(out, s + 16);
        if (raw_size && raw < first_raw) first_raw = raw;
        end_va =
            std::max<uint64_t>(end_va, uint64_t(get32(out, s + 12)) + std::max(get32(out, s + 8), raw_size));
    }
    if (header_at + pe::kSectionHeaderSize > std::min<uint64_t>(headers_size, first_raw)) {
        *why = "no room in the PE headers for one more section";
        return std::nullopt;
    }
    if (payload.size() > 0x10000000) {
        *why = "payload too large";
        return std::nullopt;
    }
    const uint32_t va = uint32_t(align_up(end_va, section_align));
    const uint32_t raw_offset = uint32_t(align_up(out.size(), file_align));
    const uint32_t raw_size = uint32_t(align_up(payload.size(), file_align));
    out.resize(raw_offset, 0);
    out.insert(out.end(), payload.begin(), payload.end());
    out.resize(size_t(raw_offset) + raw_size, 0);

    for (int k = 0; k < 8; ++k) out[header_at + k] = uint8_t(pe::kPayloadSection[k]);
    put32(out, header_at + 8, uint32_t(payload.size()));  // VirtualSize: the payload's exact size
    put32(out, header_at + 12, va);
    put32(out, header_at + 16, raw_size);
    put32(out, header_at + 20, raw_offset);
    put32(out, header_at + 24, 0), put32(out, header_at + 28, 0);
    put16(out, header_at + 32, 0), put16(out, header_at + 34, 0);
    put32(out, header_at + 36, kScnInitializedData | kScnMemRead);
    put16(out, p->h.pe_offset + 6, uint16_t(count + 1));
    put32(out, opt + kSizeOfInitializedData, get32(out, opt + kSizeOfInitializedData) + raw_size);
    put32(out, opt + kSizeOfImage, uint32_t(align_up(uint64_t(va) + payload.size(), section_align)));
    put32(out, opt + kCheckSum, 0);
    put32(out, opt + kCheckSum, pe_checksum(out, opt + kCheckSum));
    return out;
}

}  // namespace carte::cli
