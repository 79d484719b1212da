// A read-only EFI_SIMPLE_FILE_SYSTEM_PROTOCOL holding the registered images by name, on a handle
// of its own that a started program gets as its LoadedImage.DeviceHandle: wimboot, GRUB and
// shells read their files from it (iPXE does the same in interface/efi/efi_file.c). Names match
// case-insensitively, with any leading "\" dropped; the root directory lists every image.
#pragma once
#include "platform/efi/efi_api.h"
#include "runtime/platform/platform.h"

namespace carte::efi {

class VirtualFileSystem {
  public:
    // Installs the file system (and a vendor device path naming it) on a new handle holding
    // `files` (which must stay valid until uninstall()). Null on failure.
    Handle install(Span<const BootModule> files);
    void uninstall();
    // The device path of that handle, without its end node's successor: a base for file paths.
    DevicePath* device_path();

    Span<const BootModule> files() const { return files_; }

  private:
    Handle handle_ = nullptr;
    Span<const BootModule> files_;
};

}  // namespace carte::efi
