// iPXE's `cpuid [--ext] [--ecx] <bit>` test on x86: the same instruction on every x86 platform.
#pragma once
#include "runtime/rt/types.h"

namespace carte::fw {

struct CpuidRegs {
    uint32_t a = 0, b = 0, c = 0, d = 0;
};

// Leaf `leaf` (sub-leaf 0), or all zeros when the CPU's highest leaf of that range is lower.
inline CpuidRegs cpuid_leaf(uint32_t leaf) {
    CpuidRegs r;
    __asm__ volatile("cpuid" : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d) : "a"(leaf & 0x80000000u), "c"(0));
    if (r.a < leaf) return CpuidRegs();
    __asm__ volatile("cpuid" : "=a"(r.a), "=b"(r.b), "=c"(r.c), "=d"(r.d) : "a"(leaf), "c"(0));
    return r;
}

inline bool cpuid_bit(bool ext, bool ecx, unsigned bit) {
    if (bit > 31) return false;
    CpuidRegs r = cpuid_leaf(ext ? 0x80000001u : 1u);
    return ((ecx ? r.c : r.d) >> bit) & 1;
}

}  // namespace carte::fw
