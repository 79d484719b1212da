#include <new>

#include "runtime/rt/allocator.h"
#include "runtime/rt/panic.h"

namespace carte {

namespace {
Allocator* g_allocator = nullptr;
}

Allocator& allocator() {
    if (!g_allocator) panic("no allocator installed");
    return *g_allocator;
}

void install_allocator(Allocator* a) {
    g_allocator = a;
}

}  // namespace carte
