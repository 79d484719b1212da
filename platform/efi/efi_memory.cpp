#include "platform/efi/efi_memory.h"

#include "platform/efi/efi_system.h"
#include "platform/firmware/heap.h"

namespace carte::efi {

namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kMinGrowth = 16ull << 20;  // few AllocatePages calls for the usual small blocks

class GrowingHeap final : public Allocator {
  public:
    void* allocate(size_t size, size_t align) override {
        if (void* p = fw::heap().allocate(size, align)) return p;
        if (!grow(size + align)) return nullptr;
        return fw::heap().allocate(size, align);
    }
    void deallocate(void* p, size_t size) override { fw::heap().deallocate(p, size); }

  private:
    static bool grow(uint64_t need) {
        uint64_t bytes = need + kPage < kMinGrowth ? kMinGrowth : need + kPage;
        uint64_t pages = (bytes + kPage - 1) / kPage;
        PhysicalAddress at = 0;
        if (failed(sys().boot->allocate_pages(kAllocateAnyPages, kLoaderData, pages, &at))) return false;
        fw::heap().add_region(at, pages * kPage);
        return true;
    }
};

GrowingHeap g_memory;

}  // namespace

Allocator& memory() {
    return g_memory;
}

}  // namespace carte::efi
