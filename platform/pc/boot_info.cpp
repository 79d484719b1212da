#include "platform/pc/boot_info.h"

#include "platform/pc/multiboot_cmdline.h"

namespace carte::pc {

namespace {
constexpr int kMaxRegions = 128;
constexpr size_t kMaxCmdline = 4096;
MemRegion g_regions[kMaxRegions];
char g_cmdline[kMaxCmdline];
BootInfo g_info;

template <class T>
T read(uint64_t addr) {
    T v;
    __builtin_memcpy(&v, reinterpret_cast<const void*>(addr), sizeof(T));
    return v;
}

size_t copy_cmdline(uint64_t addr) {
    if (!addr) return 0;
    const char* s = reinterpret_cast<const char*>(addr);
    size_t n = 0;
    while (n + 1 < kMaxCmdline && s[n]) g_cmdline[n] = s[n], ++n;
    g_cmdline[n] = 0;
    return n;
}

// Linux zero page: cmd_line_ptr at 0x228, E820 count at 0x1e8, table at 0x2d0 (GRUB's 32-bit
// `linux`) or at 0x1000 (our own real-mode setup, which cannot write over its own code at 0x2d0;
// the PXE prefix's hand-off has the same shape, boot/pxe_handoff.h).
void read_linux(uint64_t zp, uint64_t table, int& count, size_t& cmd_len) {
    cmd_len = copy_cmdline(read<uint32_t>(zp + 0x228));
    int n = read<uint8_t>(zp + 0x1e8);
    for (int i = 0; i < n && count < kMaxRegions; ++i) {
        uint64_t e = table + 20 * uint64_t(i);
        g_regions[count++] = {read<uint64_t>(e), read<uint64_t>(e + 8), read<uint32_t>(e + 16)};
    }
}

// The loader's name (multiboot info flag 9), at most 64 bytes of it: enough to tell GRUB 2.
Str loader_name(uint64_t mbi, uint32_t flags) {
    if (!(flags & (1u << 9))) return Str();
    uint32_t addr = read<uint32_t>(mbi + 64);
    if (!addr) return Str();
    const char* s = reinterpret_cast<const char*>(uint64_t(addr));
    size_t n = 0;
    while (n < 64 && s[n]) ++n;
    return Str(s, n);
}

// Multiboot v1 info: flags bit 2 = cmdline (+16), bit 6 = mmap (+44 length, +48 address),
// bit 0 = mem_lower/mem_upper in KiB (+4, +8). Whether the command line starts with the image
// path depends on the loader (multiboot_cmdline.h).
void read_multiboot(uint64_t mbi, int& count, size_t& cmd_len) {
    uint32_t flags = read<uint32_t>(mbi);
    if (flags & (1u << 2)) {
        cmd_len = copy_cmdline(read<uint32_t>(mbi + 16));
        Str args = multiboot_args(Str(g_cmdline, cmd_len), loader_name(mbi, flags));
        size_t skip = size_t(args.data() - g_cmdline);
        __builtin_memmove(g_cmdline, g_cmdline + skip, cmd_len - skip + 1);
        cmd_len -= skip;
    }
    if (flags & (1u << 6)) {
        uint64_t p = read<uint32_t>(mbi + 48), end = p + read<uint32_t>(mbi + 44);
        while (p < end && count < kMaxRegions) {
            uint32_t size = read<uint32_t>(p);
            g_regions[count++] = {read<uint64_t>(p + 4), read<uint64_t>(p + 12), read<uint32_t>(p + 20)};
            p += size + 4;
        }
    } else if (flags & 1u) {
        g_regions[count++] = {0x100000, uint64_t(read<uint32_t>(mbi + 8)) * 1024, 1};
    }
}
}  // namespace

const BootInfo& read_boot_info(uint32_t kind, uint32_t info) {
    int count = 0;
    size_t cmd_len = 0;
    if (kind == uint32_t(BootKind::multiboot))
        read_multiboot(info, count, cmd_len);
    else
        read_linux(
            info,
            info + (kind == uint32_t(BootKind::lkrn_realmode) || kind == uint32_t(BootKind::pxe) ? 0x1000
                                                                                                 : 0x2d0),
            count, cmd_len);
    g_info = {BootKind(kind), Str(g_cmdline, cmd_len), g_regions, count};
    return g_info;
}

}  // namespace carte::pc
