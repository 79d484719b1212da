#include "platform/firmware/net/dhcp_request_options.h"

namespace {

constexpr uint8_t kOptPad = 0, kOptEnd = 255, kOptRequestList = 55;
constexpr uint8_t kDiscover = 1, kRequest = 3, kInform = 8;

// iPXE's parameter request list: netmask, routers, DNS, log servers, host name, domain name, root
// path, MTU, vendor-specific (43), vendor class, TFTP server (66), boot file (67), domain search,
// the PXE options 128-135, iPXE's own (175) and the iSCSI initiator name (203).
constexpr uint8_t kRequestList[] = {1,   3,   6,   7,   12,  15,  17,  26,  43,  60,  66, 67,
                                    119, 128, 129, 130, 131, 132, 133, 134, 135, 175, 203};

// "PXEClient:Arch:AAAAA:UNDI:MMMmmm", kept in step with the architecture and UNDI version below.
char g_vendor_class[] = "PXEClient:Arch:00000:UNDI:002001";
uint16_t g_arch = 0;
uint8_t g_undi_major = 2, g_undi_minor = 1;
constexpr char kUserClass[] = "iPXE";
// Encapsulated 175.x features (one byte, value 1): HTTP 0x13, TFTP 0x15, DNS 0x17,
// bzImage 0x18, Multiboot 0x19, menu 0x27.
constexpr uint8_t kFeatures[] = {0x13, 0x15, 0x17, 0x18, 0x19, 0x27};

struct Writer {
    uint8_t* p;
    size_t n, cap;
    bool ok = true;
    void byte(uint8_t b) {
        if (n < cap)
            p[n++] = b;
        else
            ok = false;
    }
    void option(uint8_t tag, const uint8_t* data, size_t len) {
        byte(tag);
        byte(uint8_t(len));
        for (size_t i = 0; i < len; ++i) byte(data[i]);
    }
};

// Removes every option `tag` from the first `used` bytes; returns the new length.
size_t remove_option(uint8_t* o, size_t used, uint8_t tag) {
    size_t in = 0, out = 0;
    while (in < used) {
        uint8_t t = o[in];
        if (t == kOptPad) {
            ++in;
            continue;
        }
        if (t == kOptEnd || in + 1 >= used) break;
        size_t len = size_t(o[in + 1]) + 2;
        if (in + len > used) break;
        if (t != tag) {
            __builtin_memmove(o + out, o + in, len);
            out += len;
        }
        in += len;
    }
    return out;
}

}  // namespace

extern "C" int carte_dhcp_append_options(uint8_t* options, uint16_t* used, size_t capacity,
                                         uint8_t msg_type) {
    if (msg_type != kDiscover && msg_type != kRequest && msg_type != kInform) return 0;
    uint8_t saved[512];
    size_t before = *used;
    if (before > sizeof(saved)) return -1;
    __builtin_memcpy(saved, options, before);

    Writer w{options, remove_option(options, before, kOptRequestList), capacity};
    w.option(kOptRequestList, kRequestList, sizeof(kRequestList));
    w.option(60, reinterpret_cast<const uint8_t*>(g_vendor_class), sizeof(g_vendor_class) - 1);
    w.option(77, reinterpret_cast<const uint8_t*>(kUserClass), sizeof(kUserClass) - 1);
    const uint8_t arch[] = {uint8_t(g_arch >> 8), uint8_t(g_arch)}, ndi[] = {1, g_undi_major, g_undi_minor};
    w.option(93, arch, sizeof(arch));
    w.option(94, ndi, sizeof(ndi));
    w.byte(175);
    w.byte(uint8_t(3 * sizeof(kFeatures)));
    for (uint8_t f : kFeatures) w.byte(f), w.byte(1), w.byte(1);
    // Keep room for the end option lwIP appends.
    if (!w.ok || w.n + 1 > capacity) {
        __builtin_memcpy(options, saved, before);
        return -1;
    }
    *used = uint16_t(w.n);
    return 0;
}

extern "C" void carte_dhcp_set_client_arch(uint16_t arch, uint8_t undi_major, uint8_t undi_minor) {
    g_arch = arch, g_undi_major = undi_major, g_undi_minor = undi_minor;
    auto digits = [](char* at, unsigned value, int count) {
        for (int i = count - 1; i >= 0; --i, value /= 10) at[i] = char('0' + value % 10);
    };
    constexpr size_t kArchAt = sizeof("PXEClient:Arch:") - 1,
                     kUndiAt = sizeof("PXEClient:Arch:00000:UNDI:") - 1;
    digits(g_vendor_class + kArchAt, arch, 5);
    digits(g_vendor_class + kUndiAt, undi_major, 3);
    digits(g_vendor_class + kUndiAt + 3, undi_minor, 3);
}
