// What both kernel loaders (linux_boot.cpp, multiboot_boot.cpp) need while they prepare a hand-off:
// heap blocks that go back unless the boot goes ahead, and the loader's memory map as E820 entries.
#pragma once
#include "platform/firmware/heap.h"
#include "platform/pc/boot_info.h"
#include "runtime/image/bzimage.h"

namespace carte::pc {

// A heap block that is given back unless the boot goes ahead: a failed boot leaves the heap as
// it found it, so the caller (a script) can go on.
struct HeapBlock {
    uint8_t* p = nullptr;
    size_t n = 0;
    HeapBlock() = default;
    HeapBlock(void* ptr, size_t size) : p(static_cast<uint8_t*>(ptr)), n(size) {}
    HeapBlock(const HeapBlock&) = delete;
    HeapBlock& operator=(HeapBlock&& o) {
        if (p) fw::heap().deallocate(p, n);
        p = o.p, n = o.n, o.p = nullptr;
        return *this;
    }
    ~HeapBlock() {
        if (p) fw::heap().deallocate(p, n);
    }
};

constexpr size_t kMaxE820Entries = 128;

// The loader's memory map (BootInfo) as E820 entries in `map`, at most kMaxE820Entries.
inline Span<const image::E820Entry> e820_map(const BootInfo& info, image::E820Entry (&map)[kMaxE820Entries]) {
    size_t count = 0;
    for (int i = 0; i < info.region_count && count < kMaxE820Entries; ++i)
        map[count++] = {info.regions[i].base, info.regions[i].length, info.regions[i].type};
    return Span<const image::E820Entry>(map, count);
}

}  // namespace carte::pc
