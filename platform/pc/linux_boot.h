// Booting a Linux bzImage from the PC firmware through the 32-bit boot protocol: the portable
// preparation (header, zero page, initrd layout) is runtime/image; this file places the pieces
// in physical memory, quiesces the NICs and performs the jump (boot/linux_jump.S).
#pragma once
#include "platform/pc/boot_info.h"
#include "runtime/platform/platform.h"

namespace carte::pc {

// Returns only on failure; nothing has been changed irreversibly then.
Status boot_linux(const BootPlan& plan, const BootInfo& boot_info);

}  // namespace carte::pc
