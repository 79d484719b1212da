#include "runtime/image/multiboot.h"

#include "runtime/rt/byte_order.h"

namespace carte::image {

namespace {

constexpr uint32_t kSupportedCompulsory = kMbFlagPageAlign | kMbFlagMemInfo | kMbFlagVideoMode;
constexpr uint64_t k4GiB = 1ull << 32;

Status add_segment(MultibootKernel& k, uint32_t dest, size_t offset, uint32_t file_size, uint32_t mem_size) {
    if (mem_size == 0) return {};
    if (k.segment_count == kMultibootMaxSegments)
        return Error(Errc::notsup, "multiboot kernel has too many segments");
    uint64_t end = uint64_t(dest) + mem_size;
    if (end > k4GiB) return Error(Errc::badmsg, "multiboot kernel segment ends above 4 GiB");
    for (size_t i = 0; i < k.segment_count; ++i) {
        const MultibootSegment& s = k.segments[i];
        if (dest < uint64_t(s.dest) + s.mem_size && s.dest < end)
            return Error(Errc::badmsg, "multiboot kernel segments overlap");
    }
    k.segments[k.segment_count++] = {dest, offset, file_size, mem_size};
    if (k.segment_count == 1 || dest < k.load_start) k.load_start = dest;
    if (end > k.load_end) k.load_end = end;
    return {};
}

// Flag 16: header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr follow the checksum.
// The file is loaded from the offset that corresponds to load_addr.
Status parse_aout_kludge(Bytes image, MultibootKernel& k) {
    size_t h = k.header_offset;
    if (h + 32 > image.size()) return Error(Errc::badmsg, "multiboot header truncated (a.out kludge fields)");
    uint32_t header_addr = get_le32(image, h + 12), load_addr = get_le32(image, h + 16),
             load_end = get_le32(image, h + 20), bss_end = get_le32(image, h + 24);
    k.entry = get_le32(image, h + 28);
    if (load_addr > header_addr || header_addr - load_addr > h)
        return Error(Errc::badmsg, "multiboot load_addr does not fit the header's position in the file");
    size_t offset = h - (header_addr - load_addr);
    uint64_t file_size = load_end ? uint64_t(load_end) - load_addr : image.size() - offset;
    if (load_end && load_end < load_addr)
        return Error(Errc::badmsg, "multiboot load_end_addr below load_addr");
    if (offset + file_size > image.size())
        return Error(Errc::badmsg, "multiboot image shorter than load_end_addr");
    uint64_t mem_size = file_size;
    if (bss_end) {
        if (uint64_t(bss_end) < load_addr + file_size)
            return Error(Errc::badmsg, "multiboot bss_end_addr below the loaded data");
        mem_size = uint64_t(bss_end) - load_addr;
    }
    if (mem_size == 0 || mem_size > 0xffffffffu) return Error(Errc::badmsg, "multiboot load size is invalid");
    CARTE_TRY(add_segment(k, load_addr, offset, uint32_t(file_size), uint32_t(mem_size)));
    if (k.entry < load_addr || k.entry >= load_addr + mem_size)
        return Error(Errc::badmsg, "multiboot entry_addr lies outside the loaded image");
    return {};
}

// ELF32, little-endian, i386 executable: every PT_LOAD goes to its physical address; an entry
// given as a virtual address inside a segment is translated to that segment's physical one.
Status parse_elf32(Bytes image, MultibootKernel& k) {
    if (image.size() < 52 || image[0] != 0x7f || image[1] != 'E' || image[2] != 'L' || image[3] != 'F')
        return Error(Errc::notsup, "multiboot kernel is neither ELF nor uses the a.out kludge");
    if (image[4] == 2) return Error(Errc::notsup, "ELF64 multiboot kernels need the a.out kludge (flag 16)");
    if (image[4] != 1 || image[5] != 1)
        return Error(Errc::notsup, "multiboot ELF is not 32-bit little-endian");
    if (get_le16(image, 16) != 2 || get_le16(image, 18) != 3)
        return Error(Errc::notsup, "multiboot ELF is not an i386 executable");
    uint32_t entry = get_le32(image, 24), phoff = get_le32(image, 28);
    size_t phentsize = get_le16(image, 42), phnum = get_le16(image, 44);
    if (phentsize < 32 || phnum == 0 || uint64_t(phoff) + uint64_t(phentsize) * phnum > image.size())
        return Error(Errc::badmsg, "multiboot ELF program headers are truncated");
    bool entry_found = false;
    for (size_t i = 0; i < phnum; ++i) {
        size_t ph = phoff + i * phentsize;
        if (get_le32(image, ph) != 1) continue;  // PT_LOAD only
        uint32_t offset = get_le32(image, ph + 4), vaddr = get_le32(image, ph + 8),
                 paddr = get_le32(image, ph + 12), filesz = get_le32(image, ph + 16),
                 memsz = get_le32(image, ph + 20);
        if (filesz > memsz) return Error(Errc::badmsg, "multiboot ELF segment has filesz > memsz");
        if (uint64_t(offset) + filesz > image.size())
            return Error(Errc::badmsg, "multiboot ELF segment is truncated");
        CARTE_TRY(add_segment(k, paddr, offset, filesz, memsz));
        if (!entry_found && memsz && entry >= vaddr && entry - vaddr < memsz) {
            k.entry = paddr + (entry - vaddr);
            entry_found = true;
        }
    }
    if (k.segment_count == 0) return Error(Errc::badmsg, "multiboot ELF has nothing to load");
    if (!entry_found) return Error(Errc::badmsg, "multiboot ELF entry point lies outside its segments");
    return {};
}

size_t align_up(size_t v, size_t a) {
    return (v + a - 1) & ~(a - 1);
}

}  // namespace

int64_t find_multiboot_header(Bytes image) {
    for (size_t off = 0; off + 12 <= image.size() && off < kMultibootSearch; off += 4) {
        uint32_t magic = get_le32(image, off), flags = get_le32(image, off + 4),
                 sum = get_le32(image, off + 8);
        if (magic == kMultibootHeaderMagic && uint32_t(magic + flags + sum) == 0) return int64_t(off);
    }
    return -1;
}

Result<MultibootKernel> parse_multiboot(Bytes image) {
    int64_t at = find_multiboot_header(image);
    if (at < 0) return Error(Errc::noexec, "not a multiboot kernel: no header in the first 8 KiB");
    MultibootKernel k;
    k.header_offset = size_t(at);
    k.flags = get_le32(image, k.header_offset + 4);
    if (k.flags & 0xffffu & ~kSupportedCompulsory)
        return Error(Errc::notsup, "multiboot kernel requires features this loader lacks (header flags)");
    if (k.flags & kMbFlagAoutKludge)
        CARTE_TRY(parse_aout_kludge(image, k));
    else
        CARTE_TRY(parse_elf32(image, k));
    return k;
}

bool multiboot_range_in_ram(Span<const E820Entry> map, uint64_t start, uint64_t end) {
    // Walk forward from `start`, each step through a usable entry that contains the cursor.
    while (start < end) {
        bool moved = false;
        for (const E820Entry& e : map) {
            if (e.type != 1 || start < e.base || start >= e.base + e.length) continue;
            start = e.base + e.length;
            moved = true;
            break;
        }
        if (!moved) return false;
    }
    return true;
}

bool multiboot_cmdline(Str uri, Str name, Str args, String* out) {
    bool ok = out->append(uri.empty() ? name : uri);
    if (!args.empty()) ok = ok && out->append(' ') && out->append(args);
    return ok;
}

uint32_t multiboot_mem_lower(Span<const E820Entry> map) {
    uint64_t end = 0;
    for (const E820Entry& e : map)
        if (e.type == 1 && e.base == 0) end = e.length;
    return uint32_t(min(end, uint64_t(640 * 1024)) / 1024);
}

uint32_t multiboot_mem_upper(Span<const E820Entry> map) {
    uint64_t end = 0x100000;
    for (bool grew = true; grew;) {
        grew = false;
        for (const E820Entry& e : map) {
            if (e.type == 1 && e.base <= end && e.base + e.length > end) {
                end = e.base + e.length;
                grew = true;
            }
        }
    }
    return uint32_t(min((end - 0x100000) / 1024, uint64_t(0xffffffffu)));
}

size_t multiboot_info_size(const MultibootInfoParams& p) {
    size_t n = mbi::size + p.modules.size() * mbi::module_size + p.memory_map.size() * mbi::mmap_entry_size;
    n += p.cmdline.size() + 1 + p.loader_name.size() + 1;
    for (const MultibootModule& m : p.modules) n += m.cmdline.size() + 1;
    return align_up(n, 8);
}

Status build_multiboot_info(Span<uint8_t> area, uint32_t area_addr, const MultibootInfoParams& p) {
    size_t need = multiboot_info_size(p);
    if (area.size() < need) return Error(Errc::nomem, "multiboot information area too small");
    if (uint64_t(area_addr) + need > k4GiB) return Error(Errc::inval, "multiboot information above 4 GiB");
    __builtin_memset(area.data(), 0, need);
    size_t mods = mbi::size, mmap = mods + p.modules.size() * mbi::module_size;
    size_t strings = mmap + p.memory_map.size() * mbi::mmap_entry_size;
    auto put_string = [&](Str s) {
        uint32_t addr = area_addr + uint32_t(strings);
        if (!s.empty()) __builtin_memcpy(area.data() + strings, s.data(), s.size());
        strings += s.size() + 1;  // the NUL is already there
        return addr;
    };
    uint32_t flags = 1u << 0 | 1u << 2 | 1u << 6 | 1u << 9;
    put_le32(area, mbi::mem_lower, multiboot_mem_lower(p.memory_map));
    put_le32(area, mbi::mem_upper, multiboot_mem_upper(p.memory_map));
    put_le32(area, mbi::cmdline, put_string(p.cmdline));
    put_le32(area, mbi::boot_loader_name, put_string(p.loader_name));
    if (!p.modules.empty()) {
        flags |= 1u << 3;
        put_le32(area, mbi::mods_count, uint32_t(p.modules.size()));
        put_le32(area, mbi::mods_addr, area_addr + uint32_t(mods));
        for (size_t i = 0; i < p.modules.size(); ++i) {
            size_t at = mods + i * mbi::module_size;
            put_le32(area, at, p.modules[i].start);
            put_le32(area, at + 4, p.modules[i].end);
            put_le32(area, at + 8, put_string(p.modules[i].cmdline));
        }
    }
    put_le32(area, mbi::mmap_length, uint32_t(p.memory_map.size() * mbi::mmap_entry_size));
    put_le32(area, mbi::mmap_addr, area_addr + uint32_t(mmap));
    for (size_t i = 0; i < p.memory_map.size(); ++i) {
        size_t at = mmap + i * mbi::mmap_entry_size;
        put_le32(area, at, mbi::mmap_entry_size - 4);  // `size` excludes itself
        put_le64(area, at + 4, p.memory_map[i].base);
        put_le64(area, at + 12, p.memory_map[i].length);
        put_le32(area, at + 20, p.memory_map[i].type);
    }
    put_le32(area, mbi::flags, flags);
    return {};
}

}  // namespace carte::image
