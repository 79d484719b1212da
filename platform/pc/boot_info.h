// What the loader told us, copied out of the loader's structures (Linux zero page or multiboot
// info) into our own .bss before anything can overwrite them: the command line and the RAM map.
#pragma once
#include "runtime/rt/str.h"

namespace carte::pc {

// pxe: the PXE prefix of carte.pxe/carte.kpxe ran (boot/pxe_prefix.S); `info` is its hand-off.
enum class BootKind : uint32_t { linux_protocol = 1, multiboot = 2, lkrn_realmode = 3, pxe = 4 };

struct MemRegion {
    uint64_t base, length;
    uint32_t type;  // E820 type: 1 = usable RAM
};

struct BootInfo {
    BootKind kind;
    Str cmdline;
    const MemRegion* regions;
    int region_count;
};

// kind/info are what the 32-bit entry passed to pc_main.
const BootInfo& read_boot_info(uint32_t kind, uint32_t info);

}  // namespace carte::pc
