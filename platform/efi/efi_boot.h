// Starting EFI programs and Linux kernels (through their EFI stub) from memory: LoadImage,
// the command line as UCS-2 LoadOptions ("<name> <args>", as iPXE's efi_image_exec passes it),
// the initrds (named CPIO ones included) behind the LINUX_EFI_INITRD_MEDIA_GUID LoadFile2
// device path that Linux's stub asks for, then StartImage. A program that returns gives its
// status back by name; the menu goes on.
#pragma once
#include "runtime/platform/platform.h"

namespace carte::efi {

Status start_efi_image(const BootPlan& plan);

}  // namespace carte::efi
