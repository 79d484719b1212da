// The firmware's tables as handed to efi_main, for every file of the EFI platform.
#pragma once
#include "platform/efi/efi_api.h"
#include "runtime/rt/str.h"

namespace carte::efi {

struct System {
    Handle image = nullptr;  // our own image handle
    SystemTable* table = nullptr;
    BootServices* boot = nullptr;
    RuntimeServices* runtime = nullptr;
    LoadedImage* loaded = nullptr;  // our LoadedImage: load options, device handle, image base
};

System& sys();

// A protocol on a handle (HandleProtocol), or nullptr.
template <typename T>
T* protocol(Handle handle, const Guid& guid) {
    void* p = nullptr;
    if (failed(sys().boot->handle_protocol(handle, &guid, &p))) return nullptr;
    return static_cast<T*>(p);
}

// An EFI_STATUS by its specification name ("EFI_NOT_FOUND"); "EFI status 0x…" when unknown.
Str status_name(EfiStatus s, char (&scratch)[32]);

}  // namespace carte::efi
