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

// Calls visit(handle) for every handle offering `guid` (LocateHandleBuffer), until it returns
// false; false if the firmware could not list them.
template <typename Visit>
bool for_each_handle(const Guid& guid, Visit visit) {
    uint64_t count = 0;
    Handle* handles = nullptr;
    if (failed(sys().boot->locate_handle_buffer(kByProtocol, &guid, nullptr, &count, &handles))) return false;
    for (uint64_t i = 0; i < count && visit(handles[i]); ++i) {
    }
    sys().boot->free_pool(handles);
    return true;
}

// An EFI_STATUS by its specification name ("EFI_NOT_FOUND"); "EFI status 0x…" when unknown.
Str status_name(EfiStatus s, char (&scratch)[32]);

}  // namespace carte::efi
