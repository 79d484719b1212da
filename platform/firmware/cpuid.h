// iPXE's `cpuid [--ext] [--ecx] <bit>` test on x86: the same instruction on every x86 platform.
#pragma once
#include "runtime/rt/types.h"

namespace carte::fw {

inline bool cpuid_bit(bool ext, bool ecx, unsigned bit) {
    if (bit > 31) return false;
    uint32_t leaf = ext ? 0x80000001u : 1u;
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(leaf & 0x80000000u), "c"(0));
    if (a < leaf) return false;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(leaf), "c"(0));
    return ((ecx ? c : d) >> bit) & 1;
}

}  // namespace carte::fw
