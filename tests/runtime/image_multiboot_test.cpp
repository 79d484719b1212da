// Tests for runtime/image/multiboot: header search and flag checks, the a.out kludge and ELF32
// load layouts, bad headers, memory sizes, and the information structure the kernel reads.
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "runtime/image/multiboot.h"

using namespace carte;
using namespace carte::image;

namespace {

void put16(std::vector<uint8_t>& b, size_t off, uint16_t v) {
    b[off] = uint8_t(v), b[off + 1] = uint8_t(v >> 8);
}
void put32(std::vector<uint8_t>& b, size_t off, uint32_t v) {
    put16(b, off, uint16_t(v)), put16(b, off + 2, uint16_t(v >> 16));
}
uint32_t get32(const uint8_t* p) {
    return uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
}
uint64_t get64(const uint8_t* p) {
    return get32(p) | uint64_t(get32(p + 4)) << 32;
}

void put_header(std::vector<uint8_t>& b, size_t off, uint32_t flags) {
    put32(b, off, kMultibootHeaderMagic);
    put32(b, off + 4, flags);
    put32(b, off + 8, uint32_t(-(kMultibootHeaderMagic + flags)));
}

// A flat a.out-kludge image: header at `hdr`, loaded at 2 MiB, 4 KiB of file, 8 KiB with bss.
std::vector<uint8_t> kludge_image(size_t hdr = 64, uint32_t load_end = 0x201000,
                                  uint32_t bss_end = 0x202000) {
    std::vector<uint8_t> b(4096, 0x90);
    put_header(b, hdr, kMbFlagAoutKludge | kMbFlagPageAlign | kMbFlagMemInfo);
    put32(b, hdr + 12, 0x200000 + uint32_t(hdr));  // header_addr
    put32(b, hdr + 16, 0x200000);                  // load_addr
    put32(b, hdr + 20, load_end);
    put32(b, hdr + 24, bss_end);
    put32(b, hdr + 28, 0x200100);  // entry
    return b;
}

// An ELF32 i386 executable with two PT_LOAD segments (text at 1 MiB, data+bss at 1 MiB + 8 KiB)
// and the multiboot header (flags 3) at the start of the text.
std::vector<uint8_t> elf_image(uint32_t vaddr_offset = 0) {
    std::vector<uint8_t> b(0x3000, 0);
    b[0] = 0x7f, b[1] = 'E', b[2] = 'L', b[3] = 'F', b[4] = 1, b[5] = 1, b[6] = 1;
    put16(b, 16, 2);  // ET_EXEC
    put16(b, 18, 3);  // EM_386
    put32(b, 24, 0x100010 + vaddr_offset);
    put32(b, 28, 52);  // phoff
    put16(b, 42, 32);
    put16(b, 44, 3);
    auto ph = [&](size_t i, uint32_t type, uint32_t off, uint32_t addr, uint32_t filesz, uint32_t memsz) {
        size_t p = 52 + 32 * i;
        put32(b, p, type), put32(b, p + 4, off), put32(b, p + 8, addr + vaddr_offset), put32(b, p + 12, addr);
        put32(b, p + 16, filesz), put32(b, p + 20, memsz);
    };
    ph(0, 1, 0x1000, 0x100000, 0x1000, 0x1000);
    ph(1, 4, 0, 0, 0, 0);  // PT_NOTE: ignored
    ph(2, 1, 0x2000, 0x102000, 0x800, 0x3000);
    put_header(b, 0x1000, kMbFlagPageAlign | kMbFlagMemInfo);
    return b;
}

Bytes bytes(const std::vector<uint8_t>& v) {
    return Bytes(v.data(), v.size());
}

TEST(Multiboot, KludgeLayout) {
    auto img = kludge_image();
    auto k = parse_multiboot(bytes(img));
    ASSERT_TRUE(k.ok()) << k.error().detail;
    EXPECT_EQ(k->header_offset, 64u);
    ASSERT_EQ(k->segment_count, 1u);
    EXPECT_EQ(k->segments[0].dest, 0x200000u);
    EXPECT_EQ(k->segments[0].offset, 0u);
    EXPECT_EQ(k->segments[0].file_size, 0x1000u);
    EXPECT_EQ(k->segments[0].mem_size, 0x2000u);
    EXPECT_EQ(k->entry, 0x200100u);
    EXPECT_EQ(k->load_start, 0x200000u);
    EXPECT_EQ(k->load_end, 0x202000u);
}

TEST(Multiboot, KludgeLoadAddrAfterFileStart) {
    // load_addr = header_addr - 32: the file is loaded from offset 32 on.
    auto img = kludge_image(64);
    put32(img, 64 + 16, 0x200000 + 32);
    put32(img, 64 + 28, 0x200000 + 40);
    auto k = parse_multiboot(bytes(img));
    ASSERT_TRUE(k.ok()) << k.error().detail;
    EXPECT_EQ(k->segments[0].offset, 32u);
    EXPECT_EQ(k->segments[0].file_size, 0x1000u - 32);
}

TEST(Multiboot, KludgeZeroEndsMeanWholeFileNoBss) {
    auto img = kludge_image(64, 0, 0);
    auto k = parse_multiboot(bytes(img));
    ASSERT_TRUE(k.ok()) << k.error().detail;
    EXPECT_EQ(k->segments[0].file_size, 4096u);
    EXPECT_EQ(k->segments[0].mem_size, 4096u);
}

TEST(Multiboot, KludgeErrors) {
    auto past_file = kludge_image(64, 0x202000, 0x202000);
    EXPECT_EQ(parse_multiboot(bytes(past_file)).error().code, Errc::badmsg);
    auto bss_low = kludge_image(64, 0x201000, 0x200800);
    EXPECT_EQ(parse_multiboot(bytes(bss_low)).error().code, Errc::badmsg);
    auto load_after_header = kludge_image(64);
    put32(load_after_header, 64 + 16, 0x200000 + 65 * 4);
    EXPECT_EQ(parse_multiboot(bytes(load_after_header)).error().code, Errc::badmsg);
    auto before_file = kludge_image(64);
    put32(before_file, 64 + 16, 0x200000 - 4);  // would start 4 bytes before the file
    EXPECT_EQ(parse_multiboot(bytes(before_file)).error().code, Errc::badmsg);
    auto entry_out = kludge_image(64);
    put32(entry_out, 64 + 28, 0x300000);
    EXPECT_EQ(parse_multiboot(bytes(entry_out)).error().code, Errc::badmsg);
    auto truncated = kludge_image(64);
    truncated.resize(64 + 20);
    EXPECT_EQ(parse_multiboot(bytes(truncated)).error().code, Errc::badmsg);
    // A 2-page file loaded from 0xfffff000 would end above 4 GiB.
    auto above_4g = kludge_image(64, 0, 0);
    above_4g.resize(8192, 0);
    put32(above_4g, 64 + 12, 0xfffff000u + 64), put32(above_4g, 64 + 16, 0xfffff000u);
    put32(above_4g, 64 + 28, 0xfffff100u);
    EXPECT_EQ(parse_multiboot(bytes(above_4g)).error().code, Errc::badmsg);
}

TEST(Multiboot, HeaderSearchAndChecksum) {
    std::vector<uint8_t> none(4096, 0);
    EXPECT_EQ(parse_multiboot(bytes(none)).error().code, Errc::noexec);
    auto bad_sum = kludge_image();
    put32(bad_sum, 64 + 8, 0);
    EXPECT_EQ(parse_multiboot(bytes(bad_sum)).error().code, Errc::noexec);
    std::vector<uint8_t> late(12000, 0);
    put_header(late, 8192, kMbFlagAoutKludge);
    EXPECT_EQ(parse_multiboot(bytes(late)).error().code, Errc::noexec);
    auto unaligned = kludge_image(66);
    EXPECT_EQ(parse_multiboot(bytes(unaligned)).error().code, Errc::noexec);
    EXPECT_EQ(parse_multiboot(Bytes()).error().code, Errc::noexec);
}

TEST(Multiboot, UnsupportedCompulsoryFlagRefused) {
    auto img = kludge_image();
    put_header(img, 64, kMbFlagAoutKludge | (1u << 5));
    auto k = parse_multiboot(bytes(img));
    ASSERT_FALSE(k.ok());
    EXPECT_EQ(k.error().code, Errc::notsup);
    // Optional flags (bits 16-31) other than the kludge are fine, video mode is accepted.
    put_header(img, 64, kMbFlagAoutKludge | kMbFlagVideoMode | (1u << 20));
    EXPECT_TRUE(parse_multiboot(bytes(img)).ok());
}

TEST(Multiboot, Elf32Layout) {
    auto img = elf_image();
    auto k = parse_multiboot(bytes(img));
    ASSERT_TRUE(k.ok()) << k.error().detail;
    ASSERT_EQ(k->segment_count, 2u);
    EXPECT_EQ(k->segments[0].dest, 0x100000u);
    EXPECT_EQ(k->segments[0].offset, 0x1000u);
    EXPECT_EQ(k->segments[1].dest, 0x102000u);
    EXPECT_EQ(k->segments[1].file_size, 0x800u);
    EXPECT_EQ(k->segments[1].mem_size, 0x3000u);
    EXPECT_EQ(k->entry, 0x100010u);
    EXPECT_EQ(k->load_start, 0x100000u);
    EXPECT_EQ(k->load_end, 0x105000u);
}

TEST(Multiboot, Elf32VirtualEntryTranslated) {
    auto img = elf_image(0xc0000000u);  // higher-half kernel: vaddr = paddr + 3 GiB
    auto k = parse_multiboot(bytes(img));
    ASSERT_TRUE(k.ok()) << k.error().detail;
    EXPECT_EQ(k->segments[0].dest, 0x100000u);
    EXPECT_EQ(k->entry, 0x100010u);
}

TEST(Multiboot, Elf32Errors) {
    auto elf64 = elf_image();
    elf64[4] = 2;
    EXPECT_EQ(parse_multiboot(bytes(elf64)).error().code, Errc::notsup);
    auto arm = elf_image();
    put16(arm, 18, 40);
    EXPECT_EQ(parse_multiboot(bytes(arm)).error().code, Errc::notsup);
    auto not_elf = elf_image();
    not_elf[1] = 'X';
    EXPECT_EQ(parse_multiboot(bytes(not_elf)).error().code, Errc::notsup);
    auto phnum_huge = elf_image();
    put16(phnum_huge, 44, 0xffff);
    EXPECT_EQ(parse_multiboot(bytes(phnum_huge)).error().code, Errc::badmsg);
    auto seg_past_end = elf_image();
    put32(seg_past_end, 52 + 64 + 16, 0x2000);  // filesz of segment 2 beyond the file
    put32(seg_past_end, 52 + 64 + 20, 0x3000);
    EXPECT_EQ(parse_multiboot(bytes(seg_past_end)).error().code, Errc::badmsg);
    auto filesz_gt_memsz = elf_image();
    put32(filesz_gt_memsz, 52 + 20, 0x10);
    EXPECT_EQ(parse_multiboot(bytes(filesz_gt_memsz)).error().code, Errc::badmsg);
    auto overlap = elf_image();
    put32(overlap, 52 + 64 + 12, 0x100800);
    EXPECT_EQ(parse_multiboot(bytes(overlap)).error().code, Errc::badmsg);
    auto entry_out = elf_image();
    put32(entry_out, 24, 0x900000);
    EXPECT_EQ(parse_multiboot(bytes(entry_out)).error().code, Errc::badmsg);
}

const E820Entry kMap[] = {
    {0, 0x9fc00, 1},           {0x9fc00, 0x400, 2},      {0xf0000, 0x10000, 2},
    {0x100000, 0x1ff00000, 1}, {0xfffc0000, 0x40000, 2},
};

TEST(Multiboot, MemorySizes) {
    Span<const E820Entry> map(kMap, 5);
    EXPECT_EQ(multiboot_mem_lower(map), 639u);
    EXPECT_EQ(multiboot_mem_upper(map), (0x20000000u - 0x100000u) / 1024);
    // Adjacent usable entries count as one stretch.
    const E820Entry split[] = {{0x100000, 0x100000, 1}, {0x200000, 0x100000, 1}, {0x400000, 0x100000, 1}};
    EXPECT_EQ(multiboot_mem_upper(Span<const E820Entry>(split, 3)), 2048u);
    EXPECT_EQ(multiboot_mem_lower(Span<const E820Entry>(split, 3)), 0u);
}

TEST(Multiboot, RangeInRam) {
    Span<const E820Entry> map(kMap, 5);
    EXPECT_TRUE(multiboot_range_in_ram(map, 0x100000, 0x200000));
    EXPECT_FALSE(multiboot_range_in_ram(map, 0x9f000, 0xa0000));
    EXPECT_FALSE(multiboot_range_in_ram(map, 0x1ff00000, 0x20100000));
    const E820Entry split[] = {{0x200000, 0x100000, 1}, {0x100000, 0x100000, 1}};
    EXPECT_TRUE(multiboot_range_in_ram(Span<const E820Entry>(split, 2), 0x180000, 0x280000));
}

TEST(Multiboot, Cmdline) {
    String s;
    ASSERT_TRUE(multiboot_cmdline("http://10.0.2.100/k.elf", "k.elf", "arg=1", &s));
    EXPECT_EQ(std::string(s.c_str()), "http://10.0.2.100/k.elf arg=1");
    String bare;
    ASSERT_TRUE(multiboot_cmdline("", "img0", "", &bare));
    EXPECT_EQ(std::string(bare.c_str()), "img0");
}

TEST(Multiboot, InfoStructure) {
    const MultibootModule mods[] = {{0x400000, 0x400010, "http://s/mod1 name1"}, {0x401000, 0x401001, ""}};
    MultibootInfoParams p;
    p.cmdline = "http://s/k.elf arg=1";
    p.modules = Span<const MultibootModule>(mods, 2);
    p.memory_map = Span<const E820Entry>(kMap, 5);
    size_t n = multiboot_info_size(p);
    std::vector<uint8_t> area(n + 16, 0xee);
    const uint32_t base = 0x7000000;
    ASSERT_TRUE(build_multiboot_info(Span<uint8_t>(area.data(), area.size()), base, p).ok());
    const uint8_t* a = area.data();
    auto str_at = [&](uint32_t addr) {
        return std::string(reinterpret_cast<const char*>(a + (addr - base)));
    };
    EXPECT_EQ(get32(a + mbi::flags), 1u | 4u | 8u | 64u | 512u);
    EXPECT_EQ(get32(a + mbi::mem_lower), 639u);
    EXPECT_EQ(get32(a + mbi::mem_upper), (0x20000000u - 0x100000u) / 1024);
    EXPECT_EQ(str_at(get32(a + mbi::cmdline)), "http://s/k.elf arg=1");
    EXPECT_EQ(str_at(get32(a + mbi::boot_loader_name)), "Carte");
    ASSERT_EQ(get32(a + mbi::mods_count), 2u);
    uint32_t mods_addr = get32(a + mbi::mods_addr);
    const uint8_t* m0 = a + (mods_addr - base);
    EXPECT_EQ(get32(m0), 0x400000u);
    EXPECT_EQ(get32(m0 + 4), 0x400010u);
    EXPECT_EQ(str_at(get32(m0 + 8)), "http://s/mod1 name1");
    EXPECT_EQ(get32(m0 + 12), 0u);
    EXPECT_EQ(str_at(get32(m0 + 16 + 8)), "");
    ASSERT_EQ(get32(a + mbi::mmap_length), 5u * 24);
    const uint8_t* e = a + (get32(a + mbi::mmap_addr) - base);
    for (int i = 0; i < 5; ++i, e += 24) {
        EXPECT_EQ(get32(e), 20u);
        EXPECT_EQ(get64(e + 4), kMap[i].base);
        EXPECT_EQ(get64(e + 12), kMap[i].length);
        EXPECT_EQ(get32(e + 20), kMap[i].type);
    }
    EXPECT_EQ(area[n], 0xee);  // nothing written past the reported size
    EXPECT_EQ(n % 8, 0u);
}

TEST(Multiboot, InfoStructureErrors) {
    MultibootInfoParams p;
    p.cmdline = "k";
    std::vector<uint8_t> small(multiboot_info_size(p) - 1);
    EXPECT_EQ(build_multiboot_info(Span<uint8_t>(small.data(), small.size()), 0x1000, p).error().code,
              Errc::nomem);
    std::vector<uint8_t> ok(multiboot_info_size(p));
    EXPECT_EQ(build_multiboot_info(Span<uint8_t>(ok.data(), ok.size()), 0xffffffc0u, p).error().code,
              Errc::inval);
    // No modules: flag 3 clear, mods_count 0.
    ASSERT_TRUE(build_multiboot_info(Span<uint8_t>(ok.data(), ok.size()), 0x1000, p).ok());
    EXPECT_EQ(get32(ok.data()) & 8u, 0u);
}

}  // namespace
