// The runtime allocates only through this interface. The platform installs one at start-up:
// malloc on the host, a first-fit heap over the memory map in the ROM.
#pragma once
#include "runtime/rt/types.h"

namespace carte {

class Allocator {
  public:
    virtual void* allocate(size_t size, size_t align) = 0;
    virtual void deallocate(void* p, size_t size) = 0;

  protected:
    ~Allocator() = default;
};

// The process-wide allocator. Must be installed before any runtime container is used.
Allocator& allocator();
void install_allocator(Allocator* a);

// Typed helpers. Return nullptr when memory is exhausted; callers turn that into Errc::nomem.
template <class T, class... A>
T* make(A&&... args) {
    void* p = allocator().allocate(sizeof(T), alignof(T));
    return p ? new (p) T(carte::forward<A>(args)...) : nullptr;
}
template <class T>
void destroy(T* p) {
    if (!p) return;
    p->~T();
    allocator().deallocate(p, sizeof(T));
}

}  // namespace carte
