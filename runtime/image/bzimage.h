// Linux bzImage preparation for the 32-bit boot protocol, independent of any platform: reading
// the setup header, and building the zero page (struct boot_params) the kernel is entered with.
// The platform allocates memory and performs the final jump (platform/pc/linux_boot.cpp).
// Offsets follow Documentation/arch/x86/boot.rst.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/span.h"
#include "runtime/rt/str.h"

namespace carte::image {

constexpr size_t kZeroPageSize = 4096;

struct BzImageHeader {
    uint16_t version = 0;    // boot protocol, e.g. 0x020f
    size_t setup_size = 0;   // boot sector + setup sectors: where the 32-bit kernel starts
    size_t kernel_size = 0;  // bytes of the protected-mode kernel after the setup
    size_t header_end = 0;   // end of the setup header (0x202 + byte at 0x201)
    uint8_t loadflags = 0;
    bool relocatable = false;  // may be loaded anywhere aligned to kernel_alignment (>= 2.05)
    uint32_t kernel_alignment = 0x100000;
    uint32_t initrd_addr_max = 0x37ffffff;  // highest byte address an initrd may occupy
    uint32_t cmdline_size = 255;            // longest command line, without the NUL
    uint64_t pref_address = 0x100000;
    uint32_t init_size = 0;  // memory the kernel needs from its load address while booting
};

// Checks the boot sector flag, "HdrS", protocol >= 2.06 (what the 32-bit entry with cmdline_size
// and the relocation fields needs) and that the image is as long as its header says.
Result<BzImageHeader> parse_bzimage(Bytes image);

struct E820Entry {
    uint64_t base, length;
    uint32_t type;
};

struct ZeroPageParams {
    uint32_t cmdline_addr = 0;  // physical address of the NUL-terminated command line
    uint32_t initrd_addr = 0;   // 0 when there is no initrd
    uint32_t initrd_size = 0;
    uint32_t kernel_addr = 0;  // where the protected-mode kernel was copied
    Span<const E820Entry> memory_map;
};

constexpr uint8_t kLoaderTypeUndefined = 0xff;

// Fills zero_page (>= kZeroPageSize bytes): zeroed, the image's setup header copied to 0x1f1,
// then type_of_loader, cmd_line_ptr, ramdisk_image/size, code32_start and the E820 table (at most
// 128 entries) set. Fails if a parameter breaks the header's limits (initrd above
// initrd_addr_max, misaligned kernel, too many map entries).
Status build_zero_page(Span<uint8_t> zero_page, Bytes image, const BzImageHeader& h, const ZeroPageParams& p);

// Cuts the command line to what the kernel accepts (cmdline_size bytes).
Str clamp_cmdline(const BzImageHeader& h, Str cmdline);

}  // namespace carte::image

namespace carte {
// The image registry (runtime/image/registry.cpp) probes kinds from namespace carte.
using image::parse_bzimage;
}  // namespace carte
