// The few C++ runtime hooks a -nostdlib freestanding image needs: operator new/delete over the
// runtime allocator, pure-virtual and panic handlers.
#include <new>

#include "platform/firmware/kprint.h"
#include "platform/firmware/machine.h"
#include "runtime/rt/allocator.h"
#include "runtime/rt/panic.h"

void* operator new(size_t size) {
    void* p = carte::allocator().allocate(size, 16);
    if (!p) carte::panic("operator new: out of memory");
    return p;
}
void* operator new[](size_t size) {
    return operator new(size);
}
void operator delete(void* p, size_t size) noexcept {
    carte::allocator().deallocate(p, size);
}
void operator delete[](void* p, size_t size) noexcept {
    carte::allocator().deallocate(p, size);
}
// Unsized delete cannot work with a size-on-free allocator; nothing in the firmware uses it.
void operator delete(void* p) noexcept {
    if (p) carte::panic("unsized operator delete");
}
void operator delete[](void* p) noexcept {
    if (p) carte::panic("unsized operator delete[]");
}

extern "C" void __cxa_pure_virtual() {
    carte::panic("pure virtual call");
}

namespace carte {
[[noreturn]] void panic(const char* why) {
    carte_printf("\n*** carte panic: %s\n", why);
    fw::halt_after_failure();
}
}  // namespace carte
