#include "platform/efi/virtual_file_system.h"

#include "platform/efi/efi_system.h"
#include "runtime/rt/allocator.h"

namespace carte::efi {

namespace {

// Carte's vendor device path for the file system's handle, so LoadImage can find the handle
// from a file path below it.
constexpr Guid kCarteVfsGuid = {0x6b5f4e0a, 0x3c1d, 0x4d8e, {0x9a, 0x51, 0x43, 0x41, 0x52, 0x54, 0x45, 0x46}};
struct VfsDevicePath {
    DevicePath vendor;
    Guid guid;
    DevicePath end;
};
constexpr uint8_t kHardwareDevicePath = 1, kHardwareVendorSubType = 4;

VirtualFileSystem* g_vfs = nullptr;  // one at a time: a program started from Carte
VfsDevicePath g_path;

struct OpenFile {
    FileProtocol proto;  // first: the caller hands us back this pointer
    int index;           // -1: the root directory
    uint64_t position;
};

Span<const BootModule> files() {
    return g_vfs ? g_vfs->files() : Span<const BootModule>();
}

char16_t fold(char16_t c) {
    return c >= u'A' && c <= u'Z' ? char16_t(c + 32) : c;
}

// The image named `name` (UCS-2, leading backslashes and "." components dropped); -1 for the root,
// -2 if none.
int find(const Char16* name) {
    while (*name == u'\\' || (name[0] == u'.' && (name[1] == u'\\' || name[1] == 0))) ++name;
    if (!*name) return -1;
    Span<const BootModule> all = files();
    for (size_t i = 0; i < all.size(); ++i) {
        Str n = all[i].name;
        size_t k = 0;
        while (k < n.size() && name[k] && fold(name[k]) == fold(char16_t(uint8_t(n[k])))) ++k;
        if (k == n.size() && name[k] == 0) return int(i);
    }
    return -2;
}

EfiStatus file_open(FileProtocol* self, FileProtocol** out, const Char16* name, uint64_t mode, uint64_t);
EfiStatus file_close(FileProtocol* self);
EfiStatus file_remove(FileProtocol* self) {
    file_close(self);
    return 2;  // EFI_WARN_DELETE_FAILURE: closed, not deleted (read-only)
}
EfiStatus file_read(FileProtocol* self, uint64_t* size, void* buffer);
EfiStatus file_write(FileProtocol*, uint64_t*, void*) {
    return kWriteProtected;
}
EfiStatus file_get_position(FileProtocol* self, uint64_t* position) {
    auto* f = reinterpret_cast<OpenFile*>(self);
    if (f->index < 0) return kUnsupported;
    *position = f->position;
    return kSuccess;
}
EfiStatus file_set_position(FileProtocol* self, uint64_t position) {
    auto* f = reinterpret_cast<OpenFile*>(self);
    if (f->index < 0) {
        if (position) return kUnsupported;  // directories only rewind
        f->position = 0;
        return kSuccess;
    }
    uint64_t size = files()[size_t(f->index)].data.size();
    f->position = position == ~uint64_t(0) ? size : position;
    return kSuccess;
}
EfiStatus file_get_info(FileProtocol* self, const Guid* type, uint64_t* size, void* buffer);
EfiStatus file_set_info(FileProtocol*, const Guid*, uint64_t, void*) {
    return kWriteProtected;
}
EfiStatus file_flush(FileProtocol*) {
    return kSuccess;
}

EfiStatus new_file(int index, FileProtocol** out) {
    auto* f = static_cast<OpenFile*>(allocator().allocate(sizeof(OpenFile), alignof(OpenFile)));
    if (!f) return kOutOfResources;
    f->proto = {0x10000,           file_open,         file_close,    file_remove,   file_read, file_write,
                file_get_position, file_set_position, file_get_info, file_set_info, file_flush};
    f->index = index;
    f->position = 0;
    *out = &f->proto;
    return kSuccess;
}

EfiStatus file_open(FileProtocol* self, FileProtocol** out, const Char16* name, uint64_t mode, uint64_t) {
    if (!out || !name) return kInvalidParameter;
    if (mode != kFileModeRead) return kWriteProtected;
    // Relative to a file that is not the root: only "" and "." (itself) make sense here.
    int index = find(name);
    if (index == -2) return kNotFound;
    if (index == -1 && reinterpret_cast<OpenFile*>(self)->index >= 0)
        index = reinterpret_cast<OpenFile*>(self)->index;
    return new_file(index, out);
}

EfiStatus file_close(FileProtocol* self) {
    allocator().deallocate(self, sizeof(OpenFile));
    return kSuccess;
}

// Fills an EFI_FILE_INFO for image `index` (-1: the root) into buffer; the size it needs.
uint64_t file_info(int index, void* buffer, uint64_t room) {
    Str name = index >= 0 ? files()[size_t(index)].name : Str();
    uint64_t need = sizeof(FileInfo) + (name.size() + 1) * 2;
    if (!buffer || room < need) return need;
    auto* info = static_cast<FileInfo*>(buffer);
    __builtin_memset(info, 0, sizeof(FileInfo));
    info->size = need;
    info->file_size = info->physical_size = index >= 0 ? files()[size_t(index)].data.size() : 0;
    info->attribute = kFileReadOnly | (index < 0 ? kFileDirectory : 0);
    auto* text = reinterpret_cast<uint8_t*>(info) + sizeof(FileInfo);
    for (size_t i = 0; i <= name.size(); ++i) {
        char16_t c = i < name.size() ? char16_t(uint8_t(name[i])) : 0;
        text[2 * i] = uint8_t(c), text[2 * i + 1] = uint8_t(c >> 8);
    }
    return need;
}

EfiStatus file_read(FileProtocol* self, uint64_t* size, void* buffer) {
    auto* f = reinterpret_cast<OpenFile*>(self);
    if (!size) return kInvalidParameter;
    if (f->index < 0) {  // the root: one EFI_FILE_INFO per image, then 0 bytes at the end
        if (f->position >= files().size()) {
            *size = 0;
            return kSuccess;
        }
        uint64_t need = file_info(int(f->position), buffer, *size);
        if (!buffer || *size < need) {
            *size = need;
            return kBufferTooSmall;
        }
        *size = need;
        ++f->position;
        return kSuccess;
    }
    Bytes data = files()[size_t(f->index)].data;
    uint64_t left = f->position < data.size() ? data.size() - f->position : 0;
    uint64_t n = *size < left ? *size : left;
    if (n && !buffer) return kInvalidParameter;
    if (n) __builtin_memcpy(buffer, data.data() + f->position, n);
    f->position += n;
    *size = n;
    return kSuccess;
}

EfiStatus file_get_info(FileProtocol* self, const Guid* type, uint64_t* size, void* buffer) {
    auto* f = reinterpret_cast<OpenFile*>(self);
    if (!type || !size) return kInvalidParameter;
    if (*type == kFileInfoGuid) {
        uint64_t need = file_info(f->index, buffer, *size);
        bool fits = buffer && *size >= need;
        *size = need;
        return fits ? kSuccess : kBufferTooSmall;
    }
    if (*type == kFileSystemInfoGuid) {
        constexpr char16_t kLabel[] = u"carte";
        uint64_t need = kFileSystemInfoLabelOffset + sizeof(kLabel);
        if (!buffer || *size < need) {
            *size = need;
            return kBufferTooSmall;
        }
        auto* info = static_cast<FileSystemInfo*>(buffer);
        __builtin_memset(info, 0, need);
        info->size = need;
        info->read_only = true;
        for (const BootModule& m : files()) info->volume_size += m.data.size();
        info->block_size = 1;
        __builtin_memcpy(static_cast<uint8_t*>(buffer) + kFileSystemInfoLabelOffset, kLabel, sizeof(kLabel));
        *size = need;
        return kSuccess;
    }
    return kUnsupported;
}

EfiStatus open_volume(SimpleFileSystem*, FileProtocol** root) {
    if (!root) return kInvalidParameter;
    return new_file(-1, root);
}

SimpleFileSystem g_protocol = {0x10000, open_volume};

}  // namespace

Handle VirtualFileSystem::install(Span<const BootModule> files) {
    files_ = files;
    g_vfs = this;
    g_path.vendor = {kHardwareDevicePath, kHardwareVendorSubType, {20, 0}};
    g_path.guid = kCarteVfsGuid;
    g_path.end = {kEndDevicePath, kEndEntireSubType, {4, 0}};
    handle_ = nullptr;
    if (failed(sys().boot->install_multiple_protocol_interfaces(
            &handle_, &kDevicePathGuid, &g_path, &kSimpleFileSystemGuid, &g_protocol, nullptr))) {
        handle_ = nullptr;
        g_vfs = nullptr;
    }
    return handle_;
}

void VirtualFileSystem::uninstall() {
    if (handle_)
        sys().boot->uninstall_multiple_protocol_interfaces(handle_, &kDevicePathGuid, &g_path,
                                                           &kSimpleFileSystemGuid, &g_protocol, nullptr);
    handle_ = nullptr;
    g_vfs = nullptr;
}

DevicePath* VirtualFileSystem::device_path() {
    return handle_ ? &g_path.vendor : nullptr;
}

}  // namespace carte::efi
