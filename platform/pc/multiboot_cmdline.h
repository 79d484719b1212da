// Where a multiboot v1 command line's arguments start. The specification leaves open whether the
// loader puts the image's name first: QEMU and iPXE do ("carte.lkrn echo hi"), GRUB 2 does not
// ("echo hi"). GRUB 2 names itself in boot_loader_name ("GRUB 2.06"), so that name decides, as
// Xen does it; GRUB Legacy calls itself "GNU GRUB 0.97" and does put the name first.
#pragma once
#include "runtime/rt/str.h"

namespace carte::pc {

// The arguments of cmdline: everything after the first word, unless loader_name says GRUB 2+.
Str multiboot_args(Str cmdline, Str loader_name);

}  // namespace carte::pc
