// Memory on EFI: the firmware heap (platform/firmware/heap.h) fed with pages from AllocatePages
// (EfiLoaderData) as it needs them, so images of any size land anywhere in RAM and nothing is
// reserved up front. Pages stay allocated until the firmware reclaims them at ExitBootServices.
#pragma once
#include "runtime/rt/allocator.h"

namespace carte::efi {

// The allocator the runtime uses (install_allocator): FirstFitHeap plus growth.
Allocator& memory();

}  // namespace carte::efi
