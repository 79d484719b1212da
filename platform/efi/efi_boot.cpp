#include "platform/efi/efi_boot.h"

#include "platform/efi/efi_system.h"
#include "platform/efi/pe_image.h"
#include "platform/efi/virtual_file_system.h"
#include "platform/firmware/kprint.h"
#include "platform/firmware/net/lwip_network.h"
#include "runtime/image/initrd.h"
#include "runtime/rt/allocator.h"
#include "runtime/rt/vec.h"

namespace carte::efi {

namespace {

// Vendor media device path + end node: where Linux's stub looks for its initrd.
struct InitrdDevicePath {
    DevicePath vendor;
    Guid guid;
    DevicePath end;
};
static_assert(sizeof(InitrdDevicePath) == 24);

struct InitrdProvider {
    LoadFile2 proto;  // first: the firmware hands us back this pointer
    Bytes data;
};

EfiStatus load_initrd(LoadFile2* self, DevicePath*, bool boot_policy, uint64_t* size, void* buffer) {
    auto* p = reinterpret_cast<InitrdProvider*>(self);
    if (boot_policy) return kUnsupported;
    if (!size) return kInvalidParameter;
    if (!buffer || *size < p->data.size()) {
        *size = p->data.size();
        return kBufferTooSmall;
    }
    __builtin_memcpy(buffer, p->data.data(), p->data.size());
    *size = p->data.size();
    return kSuccess;
}

void set_length(DevicePath* d, size_t n) {
    d->length[0] = uint8_t(n), d->length[1] = uint8_t(n >> 8);
}
size_t length_of(const DevicePath* d) {
    return size_t(d->length[0] | d->length[1] << 8);
}

// `base` (the virtual file system's device path, else our own device's; may be null) + a file
// path node "\name" + end: LoadImage finds the started image's device handle from it, and its
// LoadedImage.FilePath shows the name, so programs that look for "their" file find it.
DevicePath* file_device_path(DevicePath* base, Str name, Vec<uint8_t>* storage) {
    size_t base_len = 0;
    for (DevicePath* d = base; d && d->type != kEndDevicePath;
         d = reinterpret_cast<DevicePath*>(reinterpret_cast<uint8_t*>(d) + length_of(d))) {
        if (length_of(d) < 4) return nullptr;
        base_len += length_of(d);
    }
    size_t node_len = 4 + (name.size() + 2) * 2;
    Span<uint8_t> room = storage->spare(base_len + node_len + 4);
    if (room.empty()) return nullptr;
    storage->grow(room.size());
    uint8_t* out = room.data();
    if (base_len) __builtin_memcpy(out, base, base_len);
    auto* node = reinterpret_cast<DevicePath*>(out + base_len);
    node->type = kMediaDevicePath, node->sub_type = kMediaFilePathSubType;
    set_length(node, node_len);
    auto* text = reinterpret_cast<uint8_t*>(node) + 4;
    size_t k = 0;
    auto put = [&](char16_t c) { text[k++] = uint8_t(c), text[k++] = uint8_t(c >> 8); };
    put(u'\\');
    for (char c : name) put(c == '/' ? u'\\' : char16_t(uint8_t(c)));
    put(0);
    auto* end = reinterpret_cast<DevicePath*>(out + base_len + node_len);
    end->type = kEndDevicePath, end->sub_type = kEndEntireSubType;
    set_length(end, 4);
    return reinterpret_cast<DevicePath*>(out);
}

// "<name> <cmdline>" as NUL-terminated UCS-2 (Latin-1 bytes widened; UTF-8 is left to the program).
bool load_options(Str name, Str cmdline, Vec<char16_t>* out) {
    for (char c : name)
        if (!out->push(char16_t(uint8_t(c)))) return false;
    if (!cmdline.empty()) {
        if (!out->push(u' ')) return false;
        for (char c : cmdline)
            if (!out->push(char16_t(uint8_t(c)))) return false;
    }
    return out->push(0);
}

Status efi_error(const char* what, EfiStatus s) {
    char scratch[32];
    Str name = status_name(s, scratch);
    carte_printf("%s: %.*s\n", what, int(name.size()), name.data());
    return Status(Errc::io, what);
}

}  // namespace

Status start_efi_image(const BootPlan& plan) {
    Bytes image = plan.kernel.data;
    auto headers = pe::read_headers(image);
    if (!headers) {
        if (plan.kind == ImageKind::bzimage)
            return Status(Errc::noexec,
                          "this Linux kernel has no EFI stub: Carte boots Linux on efi through it");
        return headers.error();
    }
    if (headers->machine != pe::kMachineAmd64 || headers->magic != pe::kMagicPe32Plus)
        return Status(Errc::noexec, "not an x86_64 EFI program (wrong PE machine or format)");

    // The initrds, concatenated as on pcbios (runtime/image/initrd.h).
    Vec<image::InitrdPart> parts;
    for (const BootModule& m : plan.initrds)
        if (!parts.push({m.data, m.cmdline})) return Status(Errc::nomem);
    auto initrd_len = image::initrd_size(parts.span());
    if (!initrd_len) return initrd_len.error();
    Vec<uint8_t> initrd;
    if (*initrd_len) {
        Span<uint8_t> room = initrd.spare(*initrd_len);
        if (room.size() != *initrd_len) return Status(Errc::nomem, "no memory for the initrd");
        CARTE_TRY(image::build_initrd(parts.span(), room));
        initrd.grow(*initrd_len);
    }

    // Every registered image, the program first, in the file system its device handle offers.
    Vec<BootModule> files;
    if (!files.push(plan.kernel)) return Status(Errc::nomem);
    for (const BootModule& m : plan.initrds)
        if (!files.push(m)) return Status(Errc::nomem);
    VirtualFileSystem vfs;
    DevicePath* base = vfs.install(files.span()) ? vfs.device_path() : nullptr;
    if (!base) base = protocol<DevicePath>(sys().loaded->device_handle, kDevicePathGuid);
    Vec<uint8_t> path_storage;
    DevicePath* path = file_device_path(base, plan.kernel.name, &path_storage);
    Handle child = nullptr;
    EfiStatus s = sys().boot->load_image(false, sys().image, path, const_cast<uint8_t*>(image.data()),
                                         image.size(), &child);
    if (failed(s)) {
        vfs.uninstall();
        if (s == kAccessDenied || s == kSecurityViolation) {
            (void)efi_error("LoadImage", s);
            return Status(Errc::perm, "the firmware refused the image (Secure Boot: no signature it trusts)");
        }
        return efi_error("LoadImage", s);
    }

    Vec<char16_t> options;
    if (!load_options(plan.kernel.name, plan.kernel.cmdline, &options)) {
        sys().boot->unload_image(child);
        vfs.uninstall();
        return Status(Errc::nomem);
    }
    if (LoadedImage* li = protocol<LoadedImage>(child, kLoadedImageGuid)) {
        li->load_options = options.data();
        li->load_options_size = uint32_t(options.size() * 2);
    }

    static InitrdDevicePath initrd_path;
    static InitrdProvider provider;
    Handle initrd_handle = nullptr;
    if (!initrd.empty()) {
        initrd_path.vendor = {kMediaDevicePath, kMediaVendorSubType, {20, 0}};
        initrd_path.guid = kLinuxInitrdMediaGuid;
        initrd_path.end = {kEndDevicePath, kEndEntireSubType, {4, 0}};
        provider.proto.load_file = load_initrd;
        provider.data = initrd.span();
        s = sys().boot->install_multiple_protocol_interfaces(&initrd_handle, &kDevicePathGuid, &initrd_path,
                                                             &kLoadFile2Guid, &provider, nullptr);
        if (failed(s)) {
            sys().boot->unload_image(child);
            vfs.uninstall();
            return efi_error("installing the initrd", s);
        }
    }

    carte_printf("efi: starting %.*s (%u bytes, initrd %u bytes)\n", int(plan.kernel.name.size()),
                 plan.kernel.name.data(), unsigned(image.size()), unsigned(initrd.size()));
    // A kernel takes the machine: quiesce the NICs first (its stub's ExitBootServices stops the
    // firmware's drivers, not our use of them). Programs that return keep the network.
    if (plan.kind == ImageKind::bzimage) fw::network().shutdown_all();
    s = sys().boot->start_image(child, nullptr, nullptr);
    if (initrd_handle)
        sys().boot->uninstall_multiple_protocol_interfaces(initrd_handle, &kDevicePathGuid, &initrd_path,
                                                           &kLoadFile2Guid, &provider, nullptr);
    vfs.uninstall();
    char scratch[32];
    Str name = status_name(s, scratch);
    carte_printf("efi: %.*s returned %.*s\n", int(plan.kernel.name.size()), plan.kernel.name.data(),
                 int(name.size()), name.data());
    if (failed(s)) return Status(Errc::io, "the EFI program failed");
    return Status(Errc::image_returned, "the EFI program returned");
}

}  // namespace carte::efi
