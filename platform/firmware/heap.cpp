#include "platform/firmware/heap.h"

namespace carte::fw {

namespace {
constexpr size_t kGranule = 16;
constexpr uintptr_t round_up(uintptr_t v, uintptr_t a) {
    return (v + a - 1) & ~(a - 1);
}
FirstFitHeap g_heap;
}  // namespace

FirstFitHeap& heap() {
    return g_heap;
}

void FirstFitHeap::add_region(uint64_t base, uint64_t length) {
    uint64_t start = round_up(base, kGranule);
    uint64_t end = (base + length) & ~uint64_t(kGranule - 1);
    if (base == 0) start = kGranule;  // keep nullptr distinguishable
    if (end > start) insert(start, end - start);
}

void FirstFitHeap::carve(FreeBlock** link, FreeBlock* b, uintptr_t start, size_t size) {
    uintptr_t block = reinterpret_cast<uintptr_t>(b);
    uintptr_t block_end = block + b->size;
    FreeBlock* next = b->next;
    *link = next;  // unlink, then give back the unused front and tail
    if (start > block) {
        FreeBlock* front = reinterpret_cast<FreeBlock*>(block);
        front->size = start - block;
        front->next = next;
        *link = front;
        link = &front->next;
    }
    if (block_end > start + size) {
        FreeBlock* tail = reinterpret_cast<FreeBlock*>(start + size);
        tail->size = block_end - (start + size);
        tail->next = *link;
        *link = tail;
    }
}

void* FirstFitHeap::allocate(size_t size, size_t align) {
    size = round_up(size ? size : 1, kGranule);
    if (align < kGranule) align = kGranule;
    if (align & (align - 1)) return nullptr;
    if (size >= (1u << 20)) return allocate_top(size, align, ~uint64_t(0));
    FreeBlock** link = &head_;
    for (FreeBlock* b = head_; b; link = &b->next, b = b->next) {
        uintptr_t block = reinterpret_cast<uintptr_t>(b);
        uintptr_t start = round_up(block, align);
        if (start < block || b->size < size || start + size > block + b->size) continue;
        carve(link, b, start, size);
        return reinterpret_cast<void*>(start);
    }
    return nullptr;
}

void* FirstFitHeap::allocate_below(size_t size, size_t align, uint64_t limit) {
    size = round_up(size ? size : 1, kGranule);
    if (align < kGranule) align = kGranule;
    if (align & (align - 1)) return nullptr;
    return allocate_top(size, align, limit);
}

// The list is address-ordered, so the last block that fits holds the highest placement.
void* FirstFitHeap::allocate_top(size_t size, size_t align, uint64_t limit) {
    FreeBlock** best_link = nullptr;
    uintptr_t best_start = 0;
    FreeBlock** link = &head_;
    for (FreeBlock* b = head_; b; link = &b->next, b = b->next) {
        uintptr_t block = reinterpret_cast<uintptr_t>(b);
        uint64_t end = min(uint64_t(block + b->size), limit);
        if (end < block + uint64_t(size)) continue;
        uintptr_t start = uintptr_t(end - size) & ~(align - 1);
        if (start < block) continue;
        best_link = link, best_start = start;
    }
    if (!best_link) return nullptr;
    carve(best_link, *best_link, best_start, size);
    return reinterpret_cast<void*>(best_start);
}

void* FirstFitHeap::claim(uintptr_t addr, size_t size) {
    size = round_up(size ? size : 1, kGranule);
    if (addr % kGranule) return nullptr;
    FreeBlock** link = &head_;
    for (FreeBlock* b = head_; b; link = &b->next, b = b->next) {
        uintptr_t block = reinterpret_cast<uintptr_t>(b);
        if (addr >= block && addr + size <= block + b->size) {
            carve(link, b, addr, size);
            return reinterpret_cast<void*>(addr);
        }
    }
    return nullptr;
}

void FirstFitHeap::deallocate(void* p, size_t size) {
    if (!p) return;
    insert(reinterpret_cast<uintptr_t>(p), round_up(size ? size : 1, kGranule));
}

void FirstFitHeap::insert(uintptr_t addr, size_t size) {
    FreeBlock* prev = nullptr;
    FreeBlock* cur = head_;
    while (cur && reinterpret_cast<uintptr_t>(cur) < addr) prev = cur, cur = cur->next;
    FreeBlock* b = reinterpret_cast<FreeBlock*>(addr);
    b->size = size;
    b->next = cur;
    if (prev)
        prev->next = b;
    else
        head_ = b;
    if (cur && addr + size == reinterpret_cast<uintptr_t>(cur)) {  // merge with the next block
        b->size += cur->size;
        b->next = cur->next;
    }
    if (prev && reinterpret_cast<uintptr_t>(prev) + prev->size == addr) {  // and with the previous
        prev->size += b->size;
        prev->next = b->next;
    }
}

uint64_t FirstFitHeap::free_bytes() const {
    uint64_t n = 0;
    for (FreeBlock* b = head_; b; b = b->next) n += b->size;
    return n;
}

uint64_t FirstFitHeap::largest_free() const {
    uint64_t n = 0;
    for (FreeBlock* b = head_; b; b = b->next) n = b->size > n ? b->size : n;
    return n;
}

}  // namespace carte::fw

namespace carte::hw {
// Through the installed allocator: the EFI platform's grows the heap on demand.
void* dma_alloc(size_t size, size_t align) {
    void* p = allocator().allocate(size, align);
    if (p) __builtin_memset(p, 0, size);
    return p;
}
void dma_free(void* p, size_t size) {
    allocator().deallocate(p, size);
}
}  // namespace carte::hw
