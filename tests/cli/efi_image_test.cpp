// `carte build --format efi`'s image writer (cli/cli_efi_image.h) against the PE/COFF format: the
// .carte section it adds to a PE32+ EFI application, what it must leave alone, the PE checksum, the
// images it refuses, and that no mangled input makes it misbehave. The PE images are made here
// (make_efi), so this runs without the firmware build; the real carte.efi is checked as well when
// this build has one.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "cli/cli_efi_image.h"
#include "cli/cli_rom_image.h"
#include "platform/efi/pe_image.h"
#include "platform/firmware/embed_format.h"

namespace carte::cli {
namespace {

uint16_t get16(const std::vector<uint8_t>& b, size_t at) {
    return uint16_t(b[at] | b[at + 1] << 8);
}
uint32_t get32(const std::vector<uint8_t>& b, size_t at) {
    return uint32_t(b[at]) | uint32_t(b[at + 1]) << 8 | uint32_t(b[at + 2]) << 16 | uint32_t(b[at + 3]) << 24;
}
void put16(std::vector<uint8_t>& b, size_t at, uint16_t v) {
    b[at] = uint8_t(v), b[at + 1] = uint8_t(v >> 8);
}
void put32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + i] = uint8_t(v >> (8 * i));
}
uint64_t align_up(uint64_t v, uint64_t a) {
    return (v + a - 1) / a * a;
}

// PE/COFF facts, written out here from the specification rather than taken from the code under test.
constexpr size_t kCoffSize = 20, kSectionSize = 40;
// Optional header (PE32+) fields, offsets from its start.
constexpr size_t kSizeOfCode = 4, kSizeOfInitializedData = 8, kEntryPoint = 16, kBaseOfCode = 20,
                 kSectionAlignment = 32, kFileAlignment = 36, kSizeOfImage = 56, kSizeOfHeaders = 60,
                 kCheckSum = 64, kSubsystem = 68, kNumberOfRvaAndSizes = 108, kDataDirectories = 112,
                 kFullOptionalSize = 240;
constexpr size_t kCertificateDirectory = 4, kRelocationDirectory = 5;
constexpr uint32_t kScnCode = 0x20, kScnInitializedData = 0x40, kScnUninitializedData = 0x80,
                   kScnDiscardable = 0x02000000, kScnExecute = 0x20000000, kScnRead = 0x40000000,
                   kScnWrite = 0x80000000;

std::string name8(const std::string& name) {
    std::string n = name.substr(0, 8);
    n.resize(8, '\0');
    return n;
}
const std::string kCarte = name8(".carte");

std::vector<uint8_t> pattern(size_t n, uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<uint8_t> v(n);
    for (auto& c : v) c = uint8_t(rng());
    return v;
}

// The PE checksum, written independently of cli_efi_image.cpp (as imagehlp's CheckSumMappedFile):
// the file as little-endian 16-bit words (an odd last byte makes a word of its own) with the
// CheckSum field counted as zero, added with end-around carry, plus the file length.
uint32_t reference_checksum(std::vector<uint8_t> image, size_t checksum_at) {
    std::fill_n(image.begin() + long(checksum_at), 4, 0);
    uint64_t sum = 0;
    for (size_t i = 0; i + 1 < image.size(); i += 2) sum += uint32_t(image[i] | image[i + 1] << 8);
    if (image.size() % 2) sum += image.back();
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return uint32_t(sum + image.size());
}

// ---- Making PE32+ images --------------------------------------------------------------------

struct SectionSpec {
    std::string name;
    std::vector<uint8_t> data;           // raw data, zero padded to FileAlignment in the file
    uint32_t virtual_size = 0;           // 0: data.size()
    uint32_t characteristics = 0;        //
    std::optional<uint32_t> raw_offset;  // default: the next FileAlignment boundary
};

SectionSpec section(const std::string& name, std::vector<uint8_t> data, uint32_t characteristics,
                    uint32_t virtual_size = 0, std::optional<uint32_t> raw_offset = std::nullopt) {
    SectionSpec s;
    s.name = name, s.data = std::move(data), s.characteristics = characteristics;
    s.virtual_size = virtual_size, s.raw_offset = raw_offset;
    return s;
}

struct ImageSpec {
    uint32_t lfanew = 0x80;
    uint16_t machine = 0x8664, magic = 0x20b, subsystem = 10;
    uint16_t optional_size = kFullOptionalSize;
    uint32_t section_align = 0x1000, file_align = 0x200, headers_size = 0x400;
    uint32_t rva_count = 16;
    std::vector<SectionSpec> sections;
};

// A PE image as a linker would write it: DOS header with e_lfanew, "PE\0\0", the COFF header, a
// PE32+ optional header (16 data directories, the base relocations one pointing at the last
// section), the section table, each section's data at its file offset, and a valid checksum.
std::vector<uint8_t> make_efi(const ImageSpec& spec) {
    const size_t opt = spec.lfanew + 4 + kCoffSize, table = opt + spec.optional_size;
    std::vector<uint8_t> b(std::max<size_t>(spec.headers_size, table + kSectionSize * spec.sections.size()),
                           0);
    b[0] = 'M', b[1] = 'Z';
    put32(b, 0x3c, spec.lfanew);
    std::memcpy(&b[spec.lfanew], "PE\0\0", 4);
    put16(b, spec.lfanew + 4, spec.machine);
    put16(b, spec.lfanew + 6, uint16_t(spec.sections.size()));
    put16(b, spec.lfanew + 20, spec.optional_size);
    put16(b, spec.lfanew + 22, 0x22);  // executable, large address aware

    uint64_t raw = align_up(spec.headers_size, spec.file_align),
             va = align_up(spec.headers_size, spec.section_align);
    uint32_t code = 0, init = 0, entry = 0, last_va = 0, last_size = 0;
    for (size_t i = 0; i < spec.sections.size(); ++i) {
        const SectionSpec& s = spec.sections[i];
        const uint32_t raw_size = uint32_t(align_up(s.data.size(), spec.file_align));
        const uint32_t raw_at = s.raw_offset ? *s.raw_offset : raw_size ? uint32_t(raw) : 0;
        const uint32_t vsize = s.virtual_size ? s.virtual_size : uint32_t(s.data.size());
        const size_t h = table + kSectionSize * i;
        std::memcpy(&b[h], name8(s.name).data(), 8);
        put32(b, h + 8, vsize);
        put32(b, h + 12, uint32_t(va));
        put32(b, h + 16, raw_size);
        put32(b, h + 20, raw_at);
        put32(b, h + 36, s.characteristics);
        if (raw_size) {
            if (b.size() < size_t(raw_at) + raw_size) b.resize(size_t(raw_at) + raw_size, 0);
            std::copy(s.data.begin(), s.data.end(), b.begin() + raw_at);
            raw = std::max<uint64_t>(raw, uint64_t(raw_at) + raw_size);
        }
        if (s.characteristics & kScnCode) {
            code += raw_size;
            if (!entry) entry = uint32_t(va);
        } else if (s.characteristics & kScnInitializedData) {
            init += raw_size;
        }
        last_va = uint32_t(va), last_size = vsize;
        va = align_up(va + std::max<uint32_t>(vsize, 1), spec.section_align);
    }

    std::vector<uint8_t> o(kFullOptionalSize, 0);
    put16(o, 0, spec.magic);
    o[2] = 14;  // linker version
    put32(o, kSizeOfCode, code);
    put32(o, kSizeOfInitializedData, init);
    put32(o, kEntryPoint, entry);
    put32(o, kBaseOfCode, entry);
    put32(o, 24, 0x40000000), put32(o, 28, 1);  // ImageBase 0x140000000
    put32(o, kSectionAlignment, spec.section_align);
    put32(o, kFileAlignment, spec.file_align);
    put16(o, 40, 6), put16(o, 48, 6);  // OS and subsystem versions
    put32(o, kSizeOfImage, uint32_t(va));
    put32(o, kSizeOfHeaders, spec.headers_size);
    put16(o, kSubsystem, spec.subsystem);
    put16(o, 70, 0x8160);                          // DllCharacteristics
    put32(o, 72, 0x100000), put32(o, 80, 0x1000);  // stack reserve, commit
    put32(o, 88, 0x100000), put32(o, 96, 0x1000);  // heap reserve, commit
    put32(o, kNumberOfRvaAndSizes, spec.rva_count);
    if (!spec.sections.empty()) {
        put32(o, kDataDirectories + 8 * kRelocationDirectory, last_va);
        put32(o, kDataDirectories + 8 * kRelocationDirectory + 4, last_size);
    }
    std::copy_n(o.begin(), std::min<size_t>(spec.optional_size, kFullOptionalSize), b.begin() + long(opt));
    if (spec.optional_size >= kCheckSum + 4)
        put32(b, opt + kCheckSum, reference_checksum(b, opt + kCheckSum));
    return b;
}

// An EFI application like lld-link's: code, data with a bss tail (VirtualSize past its raw data)
// and relocations, in 1 KiB of headers with room for more section headers.
ImageSpec efi_app_spec() {
    ImageSpec s;
    s.sections.push_back(section(".text", pattern(0x300, 1), kScnCode | kScnExecute | kScnRead));
    s.sections.push_back(
        section(".data", pattern(0x180, 2), kScnInitializedData | kScnRead | kScnWrite, 0x2800));
    s.sections.push_back(
        section(".reloc", pattern(0x20, 3), kScnInitializedData | kScnRead | kScnDiscardable));
    return s;
}
std::vector<uint8_t> efi_app() {
    return make_efi(efi_app_spec());
}

// ---- Reading PE images (the test's own reader) ----------------------------------------------

struct SectionView {
    std::string name;
    uint32_t virtual_size = 0, virtual_address = 0, raw_size = 0, raw_offset = 0, characteristics = 0;
    size_t header_at = 0;
};

struct PeView {
    size_t pe = 0, opt = 0, table = 0;
    std::vector<SectionView> sections;
    uint32_t field(const std::vector<uint8_t>& b, size_t at) const { return get32(b, opt + at); }
    size_t count(const std::string& name) const {
        return size_t(std::count_if(sections.begin(), sections.end(),
                                    [&](const SectionView& s) { return s.name == name; }));
    }
};

std::optional<PeView> read_pe(const std::vector<uint8_t>& b) {
    if (b.size() < 0x40 || b[0] != 'M' || b[1] != 'Z') return std::nullopt;
    PeView v;
    v.pe = get32(b, 0x3c);
    if (v.pe + 4 + kCoffSize > b.size() || std::memcmp(&b[v.pe], "PE\0\0", 4) != 0) return std::nullopt;
    v.opt = v.pe + 4 + kCoffSize;
    v.table = v.opt + get16(b, v.pe + 20);
    const size_t count = get16(b, v.pe + 6);
    if (get16(b, v.pe + 20) < kDataDirectories + 8 * (kCertificateDirectory + 1) ||
        v.table + count * kSectionSize > b.size())
        return std::nullopt;
    for (size_t i = 0; i < count; ++i) {
        const size_t h = v.table + i * kSectionSize;
        SectionView s;
        s.name.assign(reinterpret_cast<const char*>(&b[h]), 8);
        s.virtual_size = get32(b, h + 8), s.virtual_address = get32(b, h + 12);
        s.raw_size = get32(b, h + 16), s.raw_offset = get32(b, h + 20);
        s.characteristics = get32(b, h + 36), s.header_at = h;
        v.sections.push_back(s);
    }
    return v;
}

// The image as a UEFI loader maps it: SizeOfImage bytes, the headers at 0, each section's raw
// data (no more than its VirtualSize) at its VirtualAddress, zeros elsewhere. Empty if the
// headers send anything out of bounds.
std::vector<uint8_t> load(const std::vector<uint8_t>& file) {
    auto v = read_pe(file);
    if (!v) return {};
    std::vector<uint8_t> mem(v->field(file, kSizeOfImage), 0);
    const size_t headers = std::min<size_t>({v->field(file, kSizeOfHeaders), file.size(), mem.size()});
    std::copy_n(file.begin(), headers, mem.begin());
    for (const SectionView& s : v->sections) {
        const size_t n = std::min(s.raw_size, s.virtual_size ? s.virtual_size : s.raw_size);
        if (size_t(s.raw_offset) + n > file.size() || size_t(s.virtual_address) + n > mem.size()) return {};
        std::copy_n(file.begin() + s.raw_offset, n, mem.begin() + s.virtual_address);
    }
    return mem;
}

// ---- What build_efi promises ----------------------------------------------------------------

// `out` is build_efi(...) of `base` (or of any earlier result built from `base`) with `payload`:
// `base`'s bytes and sections exactly, then one more section, .carte, holding `payload`.
void check_built(const std::vector<uint8_t>& base, const std::vector<uint8_t>& out,
                 const std::vector<uint8_t>& payload) {
    auto b = read_pe(base);
    ASSERT_TRUE(b) << "the base is not a PE image";
    auto o = read_pe(out);
    ASSERT_TRUE(o) << "the result is not a PE image";
    ASSERT_EQ(o->pe, b->pe);
    ASSERT_EQ(o->table, b->table);
    ASSERT_EQ(o->sections.size(), b->sections.size() + 1);
    ASSERT_EQ(b->count(kCarte), 0u) << "check_built wants a base without a payload";
    const uint32_t salign = b->field(base, kSectionAlignment), falign = b->field(base, kFileAlignment);

    // The original section headers, unchanged, then .carte.
    EXPECT_TRUE(std::equal(base.begin() + long(b->table),
                           base.begin() + long(b->table + kSectionSize * b->sections.size()),
                           out.begin() + long(o->table)))
        << "the original section headers changed";
    const SectionView& c = o->sections.back();
    EXPECT_EQ(c.name, kCarte);
    EXPECT_EQ(o->count(kCarte), 1u);

    // Its memory: the payload's size, section aligned, after every other section.
    EXPECT_EQ(c.virtual_size, payload.size());
    EXPECT_EQ(c.virtual_address % salign, 0u);
    for (const SectionView& s : b->sections)
        EXPECT_GE(c.virtual_address,
                  uint64_t(s.virtual_address) + (s.virtual_size ? s.virtual_size : s.raw_size))
            << ".carte overlaps " << s.name.c_str();
    EXPECT_EQ(o->field(out, kSizeOfImage), align_up(uint64_t(c.virtual_address) + payload.size(), salign));
    EXPECT_GE(o->field(out, kSizeOfImage), b->field(base, kSizeOfImage));

    // Its file data: file aligned, right after the base's bytes, the payload and then zeros.
    EXPECT_EQ(c.raw_offset % falign, 0u);
    EXPECT_EQ(c.raw_size % falign, 0u);
    EXPECT_EQ(c.raw_offset, align_up(base.size(), falign));
    EXPECT_EQ(c.raw_size, align_up(payload.size(), falign));
    ASSERT_EQ(out.size(), size_t(c.raw_offset) + c.raw_size);
    EXPECT_TRUE(std::equal(payload.begin(), payload.end(), out.begin() + c.raw_offset))
        << "payload bytes differ";
    EXPECT_TRUE(std::all_of(out.begin() + c.raw_offset + long(payload.size()), out.end(),
                            [](uint8_t x) { return !x; }));
    EXPECT_TRUE(std::all_of(out.begin() + long(base.size()), out.begin() + c.raw_offset,
                            [](uint8_t x) { return !x; }));

    // Initialised, read-only data: not code, not writable; no relocations or line numbers.
    EXPECT_EQ(c.characteristics & (kScnInitializedData | kScnRead), kScnInitializedData | kScnRead);
    EXPECT_EQ(c.characteristics & (kScnCode | kScnUninitializedData | kScnExecute | kScnWrite), 0u);
    EXPECT_TRUE(std::all_of(out.begin() + long(c.header_at + 24), out.begin() + long(c.header_at + 36),
                            [](uint8_t x) { return !x; }));

    // The header fields that must change.
    EXPECT_EQ(get16(out, o->pe + 6), b->sections.size() + 1);
    EXPECT_EQ(o->field(out, kSizeOfInitializedData), b->field(base, kSizeOfInitializedData) + c.raw_size);
    EXPECT_EQ(o->field(out, kCheckSum), reference_checksum(out, o->opt + kCheckSum));

    // Every other byte of the base, headers (data directories, entry point, ...) and sections, as
    // it was.
    std::vector<uint8_t> rest(out.begin(), out.begin() + long(std::min(out.size(), base.size())));
    ASSERT_EQ(rest.size(), base.size());
    std::copy_n(base.begin() + long(o->pe + 6), 2, rest.begin() + long(o->pe + 6));
    for (size_t f : {kSizeOfInitializedData, kSizeOfImage, kCheckSum})
        std::copy_n(base.begin() + long(o->opt + f), 4, rest.begin() + long(o->opt + f));
    std::fill_n(rest.begin() + long(c.header_at), kSectionSize, 0);
    EXPECT_TRUE(rest == base) << "build_efi changed bytes of the base it should not have";

    // read_efi_layout sees the same.
    std::string why;
    auto layout = read_efi_layout(out, &why);
    ASSERT_TRUE(layout) << why;
    EXPECT_EQ(layout->image_size, c.raw_offset);
    EXPECT_EQ(layout->payload_size, payload.size());
}

// Both entry points refuse `image` with a reason that mentions `reason`.
void expect_refused(const std::vector<uint8_t>& image, const std::string& reason, bool layout_too = true) {
    std::string why;
    if (layout_too) {
        EXPECT_FALSE(read_efi_layout(image, &why)) << "read_efi_layout accepted it";
        EXPECT_NE(why.find(reason), std::string::npos) << "read_efi_layout: '" << why << "'";
        why.clear();
    }
    EXPECT_FALSE(build_efi(image, pattern(100, 9), &why)) << "build_efi accepted it";
    EXPECT_NE(why.find(reason), std::string::npos) << "build_efi: '" << why << "'";
}

// build_efi where only the result matters (a refusal still has to say why).
std::optional<std::vector<uint8_t>> build(const std::vector<uint8_t>& base,
                                          const std::vector<uint8_t>& payload) {
    std::string why;
    auto out = build_efi(base, payload, &why);
    EXPECT_TRUE(out || !why.empty()) << "refused without a reason";
    return out;
}

// `out` is build_efi(in, payload) for an `in` whose .carte section build_efi did not write itself:
// if it is accepted, the other sections (before the .carte ones in the table) keep their headers
// and data, and there is exactly one .carte, last, holding `payload`.
void check_rebuilt(const std::vector<uint8_t>& in, const std::vector<uint8_t>& out,
                   const std::vector<uint8_t>& payload) {
    auto i = read_pe(in);
    ASSERT_TRUE(i);
    auto o = read_pe(out);
    ASSERT_TRUE(o) << "the result is not a PE image";
    EXPECT_EQ(o->count(kCarte), 1u) << "not exactly one .carte section";
    ASSERT_FALSE(o->sections.empty());
    const SectionView& c = o->sections.back();
    EXPECT_EQ(c.name, kCarte);
    EXPECT_EQ(c.virtual_size, payload.size());
    ASSERT_LE(size_t(c.raw_offset) + payload.size(), out.size()) << "the payload is past the end";
    EXPECT_TRUE(std::equal(payload.begin(), payload.end(), out.begin() + c.raw_offset))
        << "payload bytes differ";
    for (size_t k = 0; k < i->sections.size() && i->sections[k].name != kCarte; ++k) {
        const SectionView& s = i->sections[k];
        SCOPED_TRACE(s.name.c_str());
        ASSERT_LT(k, o->sections.size());
        EXPECT_TRUE(std::equal(in.begin() + long(s.header_at), in.begin() + long(s.header_at + kSectionSize),
                               out.begin() + long(o->sections[k].header_at)))
            << "section header changed";
        ASSERT_LE(size_t(s.raw_offset) + s.raw_size, out.size()) << "section data cut off";
        EXPECT_TRUE(std::equal(in.begin() + s.raw_offset, in.begin() + s.raw_offset + s.raw_size,
                               out.begin() + s.raw_offset))
            << "section data changed";
    }
    std::string why;
    auto layout = read_efi_layout(out, &why);
    ASSERT_TRUE(layout) << "the result does not read back: " << why;
    EXPECT_EQ(layout->payload_size, payload.size());
}

EmbedRequest request(const std::string& text) {
    EmbedRequest r;
    r.program.assign(text.begin(), text.end());
    r.name = "menu.ipxe";
    return r;
}

// What the firmware does (platform/efi/efi_main.cpp, embedded_payload()): find .carte in the
// image as loaded and parse it.
void expect_firmware_reads(const std::vector<uint8_t>& file, const EmbedRequest& r) {
    std::vector<uint8_t> mem = load(file);
    ASSERT_FALSE(mem.empty()) << "the image does not load";
    Bytes image(mem.data(), mem.size());
    auto h = pe::read_headers(image);
    ASSERT_TRUE(h);
    pe::Section s;
    ASSERT_TRUE(pe::find_section(image, *h, pe::kPayloadSection, &s));
    ASSERT_LE(uint64_t(s.virtual_address) + s.virtual_size, mem.size());
    auto parsed = fw::embed::parse(image.subspan(s.virtual_address, s.virtual_size));
    ASSERT_TRUE(parsed) << parsed.error().detail;
    EXPECT_EQ(std::vector<uint8_t>(parsed->program.begin(), parsed->program.end()), r.program);
    EXPECT_EQ(std::string(parsed->name.data(), parsed->name.size()), r.name);
    EXPECT_EQ(parsed->shell_wait_set, r.shell_wait_ms.has_value());
    if (r.shell_wait_ms) {
        EXPECT_EQ(parsed->shell_wait_ms, *r.shell_wait_ms);
    }
    EXPECT_EQ(std::vector<uint8_t>(parsed->trust_store.begin(), parsed->trust_store.end()), r.trust_store);
    EXPECT_EQ(std::vector<uint8_t>(parsed->ca_certs.begin(), parsed->ca_certs.end()), r.ca_certs);
}

// ---- Building -------------------------------------------------------------------------------

TEST(EfiImage, ReferenceChecksumSanity) {
    // 0x1234 + 0xffff + (field) 0 + 0 + 0x0001 = 0x11234, carried: 0x1235, plus 9 bytes.
    std::vector<uint8_t> b = {0x34, 0x12, 0xff, 0xff, 0xaa, 0xbb, 0xcc, 0xdd, 0x01};
    EXPECT_EQ(reference_checksum(b, 4), 0x123eu);
    EXPECT_EQ(reference_checksum(std::vector<uint8_t>(8, 0), 2), 8u);
}

TEST(EfiImage, ReadsTheLayoutOfAnImageWithoutPayload) {
    auto base = efi_app();
    ASSERT_EQ(base.size(), 0xc00u);  // the test image is what the rest expects
    std::string why;
    auto layout = read_efi_layout(base, &why);
    ASSERT_TRUE(layout) << why;
    EXPECT_EQ(layout->image_size, base.size());
    EXPECT_EQ(layout->payload_size, 0u);
}

TEST(EfiImage, AddsThePayloadAsTheLastSection) {
    auto base = efi_app();
    auto payload = pattern(1000, 42);
    std::string why;
    auto out = build_efi(base, payload, &why);
    ASSERT_TRUE(out) << why;
    ASSERT_NO_FATAL_FAILURE(check_built(base, *out, payload));
    auto o = read_pe(*out);
    ASSERT_TRUE(o);
    // After .reloc (0x5000, after .data's bss tail: 0x2000 + 0x2800), at the next 4 KiB.
    EXPECT_EQ(o->sections.back().virtual_address, 0x6000u);
    EXPECT_EQ(o->sections.back().raw_offset, 0xc00u);
    EXPECT_EQ(o->sections.back().raw_size, 0x400u);
    EXPECT_EQ(o->field(*out, kSizeOfImage), 0x7000u);
    auto layout = read_efi_layout(*out, &why);
    ASSERT_TRUE(layout) << why;
    EXPECT_EQ(layout->image_size, base.size());
    EXPECT_EQ(layout->payload_size, payload.size());
}

TEST(EfiImage, ThePayloadGoesPastTheLastSectionsVirtualSize) {
    // The last section's VirtualSize (a bss tail) runs far past its raw data.
    ImageSpec spec = efi_app_spec();
    spec.sections.pop_back();
    spec.sections[1].virtual_size = 0x5000;  // .data: 0x2000..0x7000, 0x200 bytes in the file
    auto base = make_efi(spec);
    auto payload = pattern(100, 43);
    std::string why;
    auto out = build_efi(base, payload, &why);
    ASSERT_TRUE(out) << why;
    ASSERT_NO_FATAL_FAILURE(check_built(base, *out, payload));
    auto o = read_pe(*out);
    ASSERT_TRUE(o);
    EXPECT_EQ(o->sections.back().virtual_address, 0x7000u);
    EXPECT_EQ(o->field(*out, kSizeOfImage), 0x8000u);
}

TEST(EfiImage, PayloadSizesAroundTheFileAlignment) {
    auto base = efi_app();
    for (size_t n : {0u, 1u, 2u, 3u, 15u, 16u, 511u, 512u, 513u, 4095u, 4096u, 4097u, 70000u}) {
        SCOPED_TRACE("payload of " + std::to_string(n) + " bytes");
        auto payload = pattern(n, uint32_t(n));
        std::string why;
        auto out = build_efi(base, payload, &why);
        ASSERT_TRUE(out) << why;
        ASSERT_NO_FATAL_FAILURE(check_built(base, *out, payload));
    }
}

TEST(EfiImage, OtherAlignments) {
    // lld-link's 4 KiB/512, page-aligned files, and EDK2-style small alignments.
    const uint32_t alignments[][3] = {{0x1000, 0x200, 0x400},
                                      {0x1000, 0x1000, 0x1000},
                                      {0x20, 0x20, 0x240},
                                      {0x200, 0x200, 0x400},
                                      {0x10000, 0x200, 0x400}};
    for (const auto& a : alignments) {
        SCOPED_TRACE("SectionAlignment " + std::to_string(a[0]) + ", FileAlignment " + std::to_string(a[1]));
        ImageSpec spec = efi_app_spec();
        spec.section_align = a[0], spec.file_align = a[1], spec.headers_size = a[2];
        auto base = make_efi(spec);
        auto payload = pattern(777, 5);
        std::string why;
        auto out = build_efi(base, payload, &why);
        ASSERT_TRUE(out) << why;
        ASSERT_NO_FATAL_FAILURE(check_built(base, *out, payload));
    }
}

TEST(EfiImage, PayloadRoundTripsThroughTheFirmwareParser) {
    EmbedRequest r = request("#!ipxe\necho hello efi\n");
    r.shell_wait_ms = 1500;
    r.trust_store = {'C', 'T', 'R', 'S', 1, 2, 3};
    r.ca_certs = {3, 0, 0, 0, 0x30, 0x01, 0x00};
    auto payload = encode_payload(r);
    auto base = efi_app();
    std::string why;
    auto out = build_efi(base, payload, &why);
    ASSERT_TRUE(out) << why;
    ASSERT_NO_FATAL_FAILURE(check_built(base, *out, payload));
    // In the file, at the section's raw data...
    auto o = read_pe(*out);
    ASSERT_TRUE(o);
    const SectionView& c = o->sections.back();
    auto parsed = fw::embed::parse(Bytes(out->data() + c.raw_offset, c.virtual_size));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(parsed->program.data()), parsed->program.size()),
              "#!ipxe\necho hello efi\n");
    // ...and as the firmware sees it, mapped.
    expect_firmware_reads(*out, r);
}

TEST(EfiImage, ChecksumIsThePeChecksum) {
    // e_lfanew decides the checksum field's offset: 8-aligned, only 2-aligned and odd.
    for (uint32_t lfanew : {0x40u, 0x80u, 0x82u, 0x81u}) {
        for (size_t n : {1u, 2u, 3u, 1000u}) {
            SCOPED_TRACE("e_lfanew " + std::to_string(lfanew) + ", payload " + std::to_string(n));
            ImageSpec spec = efi_app_spec();
            spec.lfanew = lfanew;
            auto base = make_efi(spec);
            put32(base, lfanew + 24 + kCheckSum, 0xdeadbeef);  // a stale checksum is not kept
            auto payload = pattern(n, 77);
            std::string why;
            auto out = build_efi(base, payload, &why);
            ASSERT_TRUE(out) << why;
            const uint32_t sum = get32(*out, lfanew + 24 + kCheckSum);
            EXPECT_EQ(sum, reference_checksum(*out, lfanew + 24 + kCheckSum));
            EXPECT_NE(sum, 0xdeadbeefu);
        }
    }
    // A payload byte changes it.
    auto a = build(efi_app(), std::vector<uint8_t>(64, 1));
    auto b = build(efi_app(), std::vector<uint8_t>(64, 2));
    ASSERT_TRUE(a && b);
    EXPECT_NE(get32(*a, 0x98 + kCheckSum), get32(*b, 0x98 + kCheckSum));
}

TEST(EfiImage, RebuildingReplacesThePayload) {
    auto base = efi_app();
    auto big = pattern(5000, 7), small = pattern(100, 8);
    std::string why;
    auto first = build_efi(base, big, &why);
    ASSERT_TRUE(first) << why;
    auto layout = read_efi_layout(*first, &why);
    ASSERT_TRUE(layout) << why;
    EXPECT_EQ(layout->image_size, base.size());
    EXPECT_EQ(layout->payload_size, big.size());

    auto second = build_efi(*first, small, &why);
    ASSERT_TRUE(second) << why;
    ASSERT_NO_FATAL_FAILURE(check_built(base, *second, small));
    EXPECT_LT(second->size(), first->size());
    // As if built from the base directly: nothing of the old payload is left, in the file or
    // in the header fields.
    auto direct = build_efi(base, small, &why);
    ASSERT_TRUE(direct) << why;
    EXPECT_TRUE(*second == *direct);
    // Again with the same payload: the same bytes. With the big one: the first image again.
    auto again = build_efi(*second, small, &why);
    ASSERT_TRUE(again) << why;
    EXPECT_TRUE(*again == *second);
    auto grown = build_efi(*second, big, &why);
    ASSERT_TRUE(grown) << why;
    EXPECT_TRUE(*grown == *first);
}

TEST(EfiImage, RebuildingKeepsTheFirmwareReadingTheNewPayload) {
    EmbedRequest one = request(std::string(3000, 'x')), two = request("#!ipxe\necho two\n");
    two.name = "two.ipxe";
    std::string why;
    auto first = build_efi(efi_app(), encode_payload(one), &why);
    ASSERT_TRUE(first) << why;
    auto second = build_efi(*first, encode_payload(two), &why);
    ASSERT_TRUE(second) << why;
    expect_firmware_reads(*second, two);
}

TEST(EfiImage, UnalignedBaseIsPaddedToTheFileAlignment) {
    auto base = efi_app();
    base.insert(base.end(), {'x', 'y', 'z'});  // trailing bytes no section claims
    auto payload = pattern(300, 11);
    std::string why;
    auto out = build_efi(base, payload, &why);
    ASSERT_TRUE(out) << why;
    ASSERT_NO_FATAL_FAILURE(check_built(base, *out, payload));
    auto again = build_efi(*out, payload, &why);
    ASSERT_TRUE(again) << why;
    EXPECT_TRUE(*again == *out);
}

TEST(EfiImage, UninitializedSectionsDoNotTakeTheHeaderRoom) {
    // A .bss with no file data (PointerToRawData 0) is not "the first raw data".
    ImageSpec spec = efi_app_spec();
    spec.sections.insert(spec.sections.begin() + 1,
                         section(".bss", {}, kScnUninitializedData | kScnRead | kScnWrite, 0x3000));
    auto base = make_efi(spec);
    auto payload = pattern(50, 12);
    std::string why;
    auto out = build_efi(base, payload, &why);
    ASSERT_TRUE(out) << why;
    ASSERT_NO_FATAL_FAILURE(check_built(base, *out, payload));
}

TEST(EfiImage, HeaderRoomExactlyForOneMoreSection) {
    // Three sections: the table ends at e_lfanew + 0x180; the new header needs 0x28 more bytes
    // below SizeOfHeaders (0x400).
    ImageSpec spec = efi_app_spec();
    spec.lfanew = 0x258;
    auto base = make_efi(spec);
    auto payload = pattern(60, 13);
    std::string why;
    auto out = build_efi(base, payload, &why);
    ASSERT_TRUE(out) << why;
    ASSERT_NO_FATAL_FAILURE(check_built(base, *out, payload));

    spec.lfanew = 0x260;
    expect_refused(make_efi(spec), "no room", false);
}

TEST(EfiImage, LookalikeSectionNamesAreNotThePayload) {
    for (const char* name : {".carte1", ".CARTE", ".cart", "carte"}) {
        SCOPED_TRACE(name);
        ImageSpec spec = efi_app_spec();
        spec.sections.push_back(section(name, pattern(10, 14), kScnInitializedData | kScnRead));
        auto base = make_efi(spec);
        std::string why;
        auto layout = read_efi_layout(base, &why);
        ASSERT_TRUE(layout) << why;
        EXPECT_EQ(layout->payload_size, 0u);
        EXPECT_EQ(layout->image_size, base.size());
        auto payload = pattern(20, 15);
        auto out = build_efi(base, payload, &why);
        ASSERT_TRUE(out) << why;
        ASSERT_NO_FATAL_FAILURE(check_built(base, *out, payload));
    }
}

// ---- Refusals -------------------------------------------------------------------------------

TEST(EfiImage, RefusesWhatIsNotAPeImage) {
    expect_refused({}, "MZ");
    expect_refused(std::vector<uint8_t>(0x40, 0), "MZ");
    expect_refused(std::vector<uint8_t>(100, 0), "MZ");
    auto zm = efi_app();
    zm[0] = 'Z', zm[1] = 'M';
    expect_refused(zm, "MZ");
    auto lkrn_like = std::vector<uint8_t>(0x400, 0);  // a boot sector is not a PE image
    lkrn_like[0x1fe] = 0x55, lkrn_like[0x1ff] = 0xaa;
    expect_refused(lkrn_like, "MZ");

    auto far = efi_app();
    put32(far, 0x3c, 0xfffffff0);  // e_lfanew past the end
    expect_refused(far, "not a PE image");
    auto edge = efi_app();
    put32(edge, 0x3c, uint32_t(edge.size() - 10));  // "PE\0\0" fits, the COFF header does not
    std::memcpy(&edge[edge.size() - 10], "PE\0\0", 4);
    expect_refused(edge, "not a PE image");
    auto no_sig = efi_app();
    no_sig[0x80 + 3] = 1;  // "PE\0\1"
    expect_refused(no_sig, "PE signature");
    auto ne = efi_app();
    std::memcpy(&ne[0x80], "NE\0\0", 4);
    expect_refused(ne, "PE signature");
}

TEST(EfiImage, RefusesTruncatedHeaders) {
    auto base = efi_app();
    // Inside the DOS header, the COFF header, the optional header and the section table.
    for (size_t n : {size_t(2), size_t(0x3f), size_t(0x90), size_t(0x100), size_t(0x1ff)}) {
        SCOPED_TRACE("cut at " + std::to_string(n));
        expect_refused(std::vector<uint8_t>(base.begin(), base.begin() + long(n)), "not a PE image");
    }
    // An optional header too short for the certificate directory, and one shorter than PE32+'s fixed
    // fields.
    ImageSpec spec = efi_app_spec();
    spec.optional_size = kDataDirectories + 8 * 4;  // 4 data directories
    spec.rva_count = 4;
    expect_refused(make_efi(spec), "optional header too short");
    spec.optional_size = 64;
    expect_refused(make_efi(spec), "not a PE image");
}

TEST(EfiImage, RefusesOtherMachinesFormatsAndSubsystems) {
    auto spec = efi_app_spec();
    spec.magic = 0x10b;  // PE32
    expect_refused(make_efi(spec), "not an x86_64 EFI application");
    spec = efi_app_spec();
    spec.magic = 0x107;  // ROM image
    expect_refused(make_efi(spec), "not an x86_64 EFI application");
    for (uint16_t machine : {0x14c, 0xaa64, 0x1c2, 0x5064, 0x0}) {  // i386, arm64, thumb, riscv64, any
        SCOPED_TRACE(machine);
        spec = efi_app_spec();
        spec.machine = machine;
        expect_refused(make_efi(spec), "not an x86_64 EFI application");
    }
    for (uint16_t subsystem : {0, 2, 3, 11, 12, 13, 0x10a}) {  // GUI, console, EFI drivers, EFI ROM
        SCOPED_TRACE(subsystem);
        spec = efi_app_spec();
        spec.subsystem = subsystem;
        expect_refused(make_efi(spec), "not an x86_64 EFI application");
    }
}

// sbsign's output: a WIN_CERTIFICATE at the end of the file, the certificate table data directory
// pointing at it (file offset, size).
std::vector<uint8_t> signed_image(std::vector<uint8_t> image) {
    auto v = read_pe(image);
    const uint32_t at = uint32_t(image.size());
    std::vector<uint8_t> cert(0x20, 0);
    put32(cert, 0, uint32_t(cert.size()));  // dwLength
    put16(cert, 4, 0x200);                  // WIN_CERT_REVISION_2_0
    put16(cert, 6, 2);                      // WIN_CERT_TYPE_PKCS_SIGNED_DATA
    cert[8] = 0x30;
    image.insert(image.end(), cert.begin(), cert.end());
    put32(image, v->opt + kDataDirectories + 8 * kCertificateDirectory, at);
    put32(image, v->opt + kDataDirectories + 8 * kCertificateDirectory + 4, uint32_t(cert.size()));
    put32(image, v->opt + kCheckSum, reference_checksum(image, v->opt + kCheckSum));
    return image;
}

TEST(EfiImage, RefusesASignedImage) {
    expect_refused(signed_image(efi_app()), "signed", false);
    // Signed after embedding, as docs/firmware.md says to: rebuilding it is refused too.
    auto out = build(efi_app(), pattern(100, 16));
    ASSERT_TRUE(out);
    expect_refused(signed_image(*out), "signed", false);
    // The size is what says "signed"; a directory with only an offset is empty.
    auto base = efi_app();
    put32(base, 0x98 + kDataDirectories + 8 * kCertificateDirectory, 0x1234);
    std::string why;
    EXPECT_TRUE(build_efi(base, pattern(10, 17), &why)) << why;
}

TEST(EfiImage, RefusesHeadersWithoutRoomForAnotherSection) {
    // SizeOfHeaders ends where the section table does (the sections' data is further on).
    ImageSpec spec = efi_app_spec();
    spec.headers_size = 0x200;
    spec.sections[0].raw_offset = 0x400;
    expect_refused(make_efi(spec), "no room", false);
    // Room for part of a header only.
    spec.headers_size = 0x220;
    expect_refused(make_efi(spec), "no room", false);
    // SizeOfHeaders says 1 KiB but the first section's data starts right after the table.
    spec = efi_app_spec();
    spec.sections[0].raw_offset = 0x200;
    expect_refused(make_efi(spec), "no room", false);
    // The section first in the file need not be first in the table.
    spec = efi_app_spec();
    spec.sections[1].raw_offset = 0x210;
    spec.sections[0].raw_offset = 0x600;
    expect_refused(make_efi(spec), "no room", false);
}

TEST(EfiImage, RefusesACarteSectionThatIsNotTheLastOne) {
    ImageSpec spec = efi_app_spec();
    spec.sections.insert(spec.sections.begin() + 1,
                         section(".carte", pattern(40, 18), kScnInitializedData | kScnRead));
    expect_refused(make_efi(spec), "not the last");
}

// ---- Inputs unlike what build_efi writes ----------------------------------------------------
// A .carte section whose data is not where build_efi puts it (alone, last, at the end of the
// file), a file shorter than its SizeOfHeaders, an out-of-range FileAlignment. Replacing trusts
// .carte's PointerToRawData (the file is cut there), so each of these has to be refused or handled.

// Two .carte sections: the firmware (pe::find_section) reads the first, so "the .carte section is
// not the last one" applies to it.
TEST(EfiImage, RefusesTwoCarteSections) {
    ImageSpec spec = efi_app_spec();
    spec.sections.push_back(section(".carte", pattern(40, 19), kScnInitializedData | kScnRead));
    spec.sections.push_back(section(".carte", pattern(40, 20), kScnInitializedData | kScnRead));
    auto image = make_efi(spec);
    std::string why;
    auto out = build_efi(image, pattern(30, 21), &why);
    if (out) {
        ASSERT_NO_FATAL_FAILURE(check_rebuilt(image, *out, pattern(30, 21)));
    }
    expect_refused(image, "not the last");
}

// A .carte section whose data does not run to the end of the file (another section's data comes
// after it): replacing it must not cut that section's data off.
TEST(EfiImage, ReplacingNeverDropsAnotherSectionsData) {
    ImageSpec spec = efi_app_spec();
    spec.sections[2].raw_offset = 0xc00;  // .reloc after where .carte's data will be
    spec.sections.push_back(section(".carte", pattern(40, 22), kScnInitializedData | kScnRead, 0, 0xa00));
    auto image = make_efi(spec);
    std::string why;
    auto out = build_efi(image, pattern(30, 23), &why);
    if (out) {
        ASSERT_NO_FATAL_FAILURE(check_rebuilt(image, *out, pattern(30, 23)));
    } else {
        EXPECT_FALSE(why.empty());
    }
}

// A .carte section with PointerToRawData inside the headers (0: "no file data", as for .bss):
// replacing it must not cut the file there and then write the headers past the end of the vector.
TEST(EfiImage, ReplacingACarteSectionInsideTheHeadersStaysInBounds) {
    for (uint32_t raw : {0u, 0x100u}) {
        SCOPED_TRACE("PointerToRawData " + std::to_string(raw));
        auto image = build(efi_app(), pattern(40, 24));
        ASSERT_TRUE(image);
        auto v = read_pe(*image);
        ASSERT_TRUE(v);
        put32(*image, v->sections.back().header_at + 20, raw);
        if (raw == 0) put32(*image, v->sections.back().header_at + 16, 0);
        std::string why;
        auto out = build_efi(*image, pattern(30, 25), &why);
        if (out) {
            EXPECT_NO_FATAL_FAILURE(check_rebuilt(*image, *out, pattern(30, 25)));
        } else {
            EXPECT_FALSE(why.empty());
        }
    }
}

// A .carte section whose data lies past the end of the file: not a usable image (and not a reason
// to write a file the size of its PointerToRawData).
TEST(EfiImage, RefusesACarteSectionPastTheEndOfTheFile) {
    auto image = build(efi_app(), pattern(40, 26));
    ASSERT_TRUE(image);
    auto v = read_pe(*image);
    ASSERT_TRUE(v);
    put32(*image, v->sections.back().header_at + 20, 0x100000);  // 1 MiB into a 4 KiB file
    std::string why;
    auto layout = read_efi_layout(*image, &why);
    if (layout) {
        EXPECT_LE(layout->image_size + layout->payload_size, image->size()) << "a payload past the end";
    }
    why.clear();
    auto out = build_efi(*image, pattern(30, 27), &why);
    EXPECT_FALSE(out) << "built a " << (out ? out->size() : 0) << "-byte image";
    if (!out) {
        EXPECT_FALSE(why.empty());
    }
}

// A base that ends inside its own SizeOfHeaders (cut right after the section table): the payload
// is appended where the new section header then goes, and overwritten by it.
TEST(EfiImage, BaseShorterThanItsHeadersKeepsThePayloadIntact) {
    auto base = efi_app();
    base.resize(0x200);  // the 3-section table ends at 0x200; SizeOfHeaders is 0x400
    auto payload = pattern(100, 33);
    std::string why;
    auto out = build_efi(base, payload, &why);
    if (!out) {
        EXPECT_FALSE(why.empty());
        return;
    }
    ASSERT_NO_FATAL_FAILURE(check_rebuilt(base, *out, payload));
}

// The same with an empty payload: the new section header lands past the end of the output. In a
// child process, as such a write can corrupt the heap.
TEST(EfiImageDeathTest, BaseShorterThanItsHeadersStaysInBounds) {
    EXPECT_EXIT(
        {
            auto base = efi_app();
            base.resize(0x200);
            std::string why;
            auto out = build_efi(base, {}, &why);
            bool ok = out ? read_efi_layout(*out, &why).has_value() : !why.empty();
            std::fprintf(stderr, "%s\n",
                         ok ? "in bounds" : ("a result that does not read back: " + why).c_str());
            std::fflush(stderr);
            std::_Exit(ok ? 0 : 1);
        },
        ::testing::ExitedWithCode(0), "in bounds");
}

// FileAlignment is at most 64 KiB (PE/COFF); a bigger one pads the output to its size.
TEST(EfiImage, RefusesAnAbsurdFileAlignment) {
    ImageSpec spec = efi_app_spec();
    auto base = make_efi(spec);
    put32(base, 0x98 + kFileAlignment, 0x400000);  // 4 MiB
    std::string why;
    auto out = build_efi(base, pattern(30, 28), &why);
    EXPECT_FALSE(out) << "built a " << (out ? out->size() : 0) << "-byte image";
}

// ---- Robustness -----------------------------------------------------------------------------

// Each call gives a value or refuses with a reason; what build_efi gives reads back with the
// payload it was given. (Stray memory accesses are for the ASan build to see.) "" if all is well.
std::string soundness_problem(const std::vector<uint8_t>& image, const std::vector<uint8_t>& payload) {
    std::string why;
    if (!read_efi_layout(image, &why) && why.empty()) return "read_efi_layout refused without a reason";
    why.clear();
    auto out = build_efi(image, payload, &why);
    if (!out) return why.empty() ? "build_efi refused without a reason" : "";
    why.clear();
    auto layout = read_efi_layout(*out, &why);
    if (!layout) return "build_efi's result does not read back: " + why;
    if (layout->payload_size != payload.size()) return "build_efi's result has the wrong payload size";
    if (layout->image_size > out->size() || out->size() - layout->image_size < payload.size() ||
        !std::equal(payload.begin(), payload.end(), out->begin() + long(layout->image_size)))
        return "build_efi's result does not hold the payload where read_efi_layout says";
    return "";
}

// "at 0x1bc: 00->ff, ..." for the bytes where `b` differs from `a` (same size).
std::string changes(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
    std::string out;
    char buf[40];
    for (size_t i = 0; i < a.size(); ++i) {
        if (a[i] == b[i]) continue;
        std::snprintf(buf, sizeof buf, "%sat 0x%zx: %02x->%02x", out.empty() ? "" : ", ", i, a[i], b[i]);
        out += buf;
    }
    return out.empty() ? "unchanged" : out;
}

const std::vector<std::vector<uint8_t>>& fuzz_payloads() {
    static const std::vector<std::vector<uint8_t>> payloads = {
        {}, {0x42}, pattern(100, 30), pattern(0x900, 31)};
    return payloads;
}

TEST(EfiImage, TruncatedImagesNeverMisbehave) {
    auto base = efi_app();
    auto built = build(base, pattern(0x500, 29));
    ASSERT_TRUE(built);
    int failures = 0;
    for (const auto* image : {&base, &*built}) {
        for (size_t n = 0; n <= image->size(); ++n) {
            std::vector<uint8_t> cut(image->begin(), image->begin() + long(n));
            for (const auto& payload : fuzz_payloads()) {
                // Not the empty payload: with the base cut at the end of its section table it
                // makes build_efi write past its buffer, which can corrupt the heap of this
                // process (BaseShorterThanItsHeadersStaysInBounds has that case, in a child).
                if (payload.empty()) continue;
                std::string problem = soundness_problem(cut, payload);
                if (!problem.empty() && ++failures <= 5)
                    ADD_FAILURE() << (image == &base ? "base" : "built") << " image cut to " << n
                                  << " bytes, " << payload.size() << "-byte payload: " << problem;
            }
        }
    }
    EXPECT_EQ(failures, 0);
}

TEST(EfiImage, MangledImagesNeverMisbehave) {
    auto base = efi_app();
    auto built = build(base, pattern(0x500, 32));
    ASSERT_TRUE(built);
    auto v = read_pe(*built);
    ASSERT_TRUE(v);
    // Left alone: the high halves of FileAlignment and of .carte's PointerToRawData. Flipping those
    // asks for a file of up to 4 GiB, which RefusesAnAbsurdFileAlignment and
    // RefusesACarteSectionPastTheEndOfTheFile cover without the memory.
    const size_t spared[] = {v->opt + kFileAlignment + 2, v->opt + kFileAlignment + 3,
                             v->sections.back().header_at + 22, v->sections.back().header_at + 23};
    std::mt19937 rng(20240601);
    int failures = 0;
    for (const auto* image : {&base, &*built}) {
        for (int round = 0; round < 4000; ++round) {
            std::vector<uint8_t> m = *image;
            const int flips = 1 + int(rng() % 3);
            for (int k = 0; k < flips; ++k) {
                // Mostly in the headers, where the parsing is.
                size_t at = rng() % 4 ? rng() % 0x400 : rng() % m.size();
                if (std::find(std::begin(spared), std::end(spared), at) != std::end(spared)) continue;
                const uint32_t how = rng() % 4;
                m[at] = how == 0 ? 0 : how == 1 ? 0xff : uint8_t(m[at] ^ (1 + rng() % 255));
            }
            const auto& payload = fuzz_payloads()[rng() % fuzz_payloads().size()];
            std::string problem = soundness_problem(m, payload);
            if (!problem.empty() && ++failures <= 5)
                ADD_FAILURE() << (image == &base ? "base" : "built") << " image, round " << round << " ("
                              << changes(*image, m) << ", " << payload.size()
                              << "-byte payload): " << problem;
        }
    }
    EXPECT_EQ(failures, 0);
}

// ---- The real carte.efi ---------------------------------------------------------------------

TEST(EfiImage, RealCarteEfi) {
    std::ifstream f(std::string(CARTE_BINARY_DIR) + "/platform/efi/carte.efi", std::ios::binary);
    if (!f) GTEST_SKIP() << "no carte.efi in this build (firmware not built)";
    std::vector<uint8_t> base((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    std::string why;
    auto layout = read_efi_layout(base, &why);
    ASSERT_TRUE(layout) << why;
    EXPECT_EQ(layout->payload_size, 0u);
    EXPECT_EQ(layout->image_size, base.size());

    EmbedRequest r = request("#!ipxe\necho real\n");
    r.shell_wait_ms = 0;
    auto payload = encode_payload(r);
    auto out = build_efi(base, payload, &why);
    ASSERT_TRUE(out) << why;
    ASSERT_NO_FATAL_FAILURE(check_built(base, *out, payload));
    expect_firmware_reads(*out, r);

    EmbedRequest big = request(std::string(100000, '#'));
    auto rebuilt = build_efi(*out, encode_payload(big), &why);
    ASSERT_TRUE(rebuilt) << why;
    ASSERT_NO_FATAL_FAILURE(check_built(base, *rebuilt, encode_payload(big)));
    expect_firmware_reads(*rebuilt, big);
    auto direct = build_efi(base, encode_payload(big), &why);
    ASSERT_TRUE(direct) << why;
    EXPECT_TRUE(*rebuilt == *direct);
}

}  // namespace
}  // namespace carte::cli
