// The host's allocator: malloc/free, installed before main() so every host program, test and
// benchmark that links carte_host can use the runtime's containers.
#include <cstdio>
#include <cstdlib>

#include "runtime/rt/allocator.h"
#include "runtime/rt/panic.h"

namespace carte {
namespace {

class MallocAllocator final : public Allocator {
  public:
    void* allocate(size_t size, size_t align) override {
        if (align <= alignof(max_align_t)) return std::malloc(size ? size : 1);
        void* p = nullptr;
        return posix_memalign(&p, align, size ? size : 1) == 0 ? p : nullptr;
    }
    void deallocate(void* p, size_t) override { std::free(p); }
};

MallocAllocator g_malloc;
[[maybe_unused]] const bool g_installed = (install_allocator(&g_malloc), true);

}  // namespace

[[noreturn]] void panic(const char* why) {
    std::fprintf(stderr, "carte: internal error: %s\n", why);
    std::abort();
}

}  // namespace carte
