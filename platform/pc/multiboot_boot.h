// Booting a multiboot v1 kernel (with modules) from the PC firmware: the portable preparation
// (header, load layout, information structure) is runtime/image/multiboot; this file stages the
// kernel, modules and information in one high boot block, quiesces the NICs and leaves long
// mode through boot/linux_jump.S into boot/multiboot_stub.S, which copies the kernel into place.
#pragma once
#include "platform/pc/boot_info.h"
#include "runtime/platform/platform.h"

namespace carte::pc {

// Returns only on failure; nothing has been changed irreversibly then.
Status boot_multiboot(const BootPlan& plan, const BootInfo& boot_info);

}  // namespace carte::pc
