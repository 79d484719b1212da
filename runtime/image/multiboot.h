// Multiboot v1 (specification 0.6.96) preparation, independent of any platform: finding and
// checking the header, computing where the kernel's bytes go (ELF32 PT_LOAD segments, or the
// a.out kludge's load addresses when header flag 16 is set), and building the multiboot
// information structure (memory sizes, command line, modules, memory map, loader name) the kernel
// finds in EBX. The platform stages the pieces in memory and performs the jump
// (platform/pc/multiboot_boot.cpp).
#pragma once
#include "runtime/image/bzimage.h"
#include "runtime/rt/string.h"

namespace carte::image {

constexpr uint32_t kMultibootHeaderMagic = 0x1BADB002u;
constexpr uint32_t kMultibootBootMagic = 0x2BADB002u;  // EAX at the kernel's entry
constexpr size_t kMultibootSearch = 8192;              // the header lies in the first 8 KiB
constexpr size_t kMultibootMaxSegments = 16;

// Header flags (bits 0-15 are compulsory: a loader that lacks one must refuse the kernel).
constexpr uint32_t kMbFlagPageAlign = 1u << 0;  // modules page-aligned (we always do)
constexpr uint32_t kMbFlagMemInfo = 1u << 1;    // mem_* and mmap (we always give them)
constexpr uint32_t kMbFlagVideoMode = 1u << 2;  // accepted and ignored, as iPXE does
constexpr uint32_t kMbFlagAoutKludge = 1u << 16;

// One piece of the kernel: file bytes [offset, offset+file_size) copied to dest, then zeros up
// to mem_size (the bss).
struct MultibootSegment {
    uint32_t dest = 0;
    size_t offset = 0;
    uint32_t file_size = 0;
    uint32_t mem_size = 0;
};

struct MultibootKernel {
    size_t header_offset = 0;
    uint32_t flags = 0;
    uint32_t entry = 0;  // physical entry point
    MultibootSegment segments[kMultibootMaxSegments];
    size_t segment_count = 0;
    uint64_t load_start = 0, load_end = 0;  // [lowest dest, highest dest + mem_size)
};

// Offset of the multiboot v1 header (magic + flags + checksum == 0, 4-byte aligned, within the
// first 8 KiB), or -1 when there is none. Image probing and parse_multiboot share it.
int64_t find_multiboot_header(Bytes image);

// Finds the header with find_multiboot_header, refuses
// compulsory flags we do not support, then reads the load layout: the a.out kludge fields when
// flag 16 is set, else an ELF32 i386 executable's PT_LOAD program headers (physical addresses).
// Every offset and size is checked against the image; errors are Errc::noexec (not multiboot),
// Errc::notsup (a flag or format we cannot load) or Errc::badmsg (inconsistent header).
Result<MultibootKernel> parse_multiboot(Bytes image);

// True if [start, end) lies wholly inside usable RAM (type 1 entries, which may be adjacent).
bool multiboot_range_in_ram(Span<const E820Entry> map, uint64_t start, uint64_t end);

// A module as the kernel sees it: physical [start, end) and its command line.
struct MultibootModule {
    uint32_t start = 0, end = 0;
    Str cmdline;
};

struct MultibootInfoParams {
    Str cmdline;  // the kernel's (see multiboot_cmdline)
    Span<const MultibootModule> modules;
    Span<const E820Entry> memory_map;
    Str loader_name = "Carte";
};

// The command line iPXE gives a multiboot kernel or module: "<uri> <arguments>", or just the URI
// when there are no arguments (the image name if the URI is empty).
[[nodiscard]] bool multiboot_cmdline(Str uri, Str name, Str args, String* out);

// Conventional memory (KiB from 0, at most 640) and extended memory (KiB of contiguous RAM from
// 1 MiB) as mem_lower/mem_upper report them.
uint32_t multiboot_mem_lower(Span<const E820Entry> map);
uint32_t multiboot_mem_upper(Span<const E820Entry> map);

// Bytes build_multiboot_info needs: the info structure, module list, memory map and strings.
size_t multiboot_info_size(const MultibootInfoParams& p);
// Writes the information structure at the start of `area` (whose physical address is
// `area_addr`, below 4 GiB), followed by everything it points to. Sets flags 0 (mem_lower/upper),
// 2 (cmdline), 3 (mods), 6 (mmap) and 9 (boot_loader_name).
Status build_multiboot_info(Span<uint8_t> area, uint32_t area_addr, const MultibootInfoParams& p);

// Offsets of the information structure's fields (tests and readers).
namespace mbi {
constexpr size_t flags = 0, mem_lower = 4, mem_upper = 8, cmdline = 16, mods_count = 20, mods_addr = 24,
                 mmap_length = 44, mmap_addr = 48, boot_loader_name = 64, size = 120;
constexpr size_t module_size = 16, mmap_entry_size = 24;  // mmap: size(=20), base, length, type
}  // namespace mbi

}  // namespace carte::image
