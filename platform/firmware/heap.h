// The firmware heap: a first-fit allocator over the usable RAM the memory map reports. Free
// blocks form an address-ordered list stored inside the free memory itself, so the heap needs no
// metadata of its own; neighbours coalesce on free. The caller passes the size back on free
// (carte::Allocator's contract), so allocated blocks carry no header either.
// Blocks of 1 MiB and more (downloads) come from the top of memory, so the low addresses a Linux
// kernel wants to decompress into (16 MiB and up) stay free until boot.
#pragma once
#include "runtime/rt/allocator.h"

namespace carte::fw {

class FirstFitHeap final : public Allocator {
  public:
    // Donates [base, base+length) to the heap (clipped to 16-byte granules).
    void add_region(uint64_t base, uint64_t length);
    void* allocate(size_t size, size_t align) override;
    void deallocate(void* p, size_t size) override;
    // The highest free block ending at or below `limit` (for boot data a kernel can only reach
    // below some address, e.g. initrd_addr_max); nullptr if none fits.
    void* allocate_below(size_t size, size_t align, uint64_t limit);
    // Claims exactly [addr, addr+size) if it is free; nullptr otherwise.
    void* claim(uintptr_t addr, size_t size);

    uint64_t free_bytes() const;
    uint64_t largest_free() const;

  private:
    struct FreeBlock {
        size_t size;
        FreeBlock* next;
    };
    void* allocate_top(size_t size, size_t align, uint64_t limit);
    void insert(uintptr_t addr, size_t size);
    // Removes [start, start+size) from free block b (reached through *link), keeping the rest.
    void carve(FreeBlock** link, FreeBlock* b, uintptr_t start, size_t size);
    FreeBlock* head_ = nullptr;
};

FirstFitHeap& heap();

}  // namespace carte::fw
