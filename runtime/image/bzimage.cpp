#include "runtime/image/bzimage.h"

#include "runtime/rt/byte_order.h"

namespace carte::image {

namespace {
uint8_t get8(Bytes b, size_t off) {
    return b[off];
}
void put8(Span<uint8_t> b, size_t off, uint8_t v) {
    b[off] = v;
}

// Setup header fields (offsets into the image and into boot_params alike).
constexpr size_t kSetupSects = 0x1f1, kBootFlag = 0x1fe, kJump = 0x200, kMagic = 0x202, kVersion = 0x206,
                 kTypeOfLoader = 0x210, kLoadflags = 0x211, kCode32Start = 0x214, kRamdiskImage = 0x218,
                 kRamdiskSize = 0x21c, kCmdLinePtr = 0x228, kInitrdAddrMax = 0x22c, kKernelAlignment = 0x230,
                 kRelocatable = 0x234, kCmdlineSize = 0x238, kPrefAddress = 0x258, kInitSize = 0x260;
constexpr size_t kE820Count = 0x1e8, kE820Table = 0x2d0, kE820Max = 128;
constexpr uint8_t kLoadedHigh = 0x01;
}  // namespace

Result<BzImageHeader> parse_bzimage(Bytes image) {
    if (image.size() < 0x400) return Error(Errc::noexec, "not a bzImage: too short");
    if (get_le16(image, kBootFlag) != 0xaa55) return Error(Errc::noexec, "not a bzImage: no boot flag");
    if (get_le32(image, kMagic) != 0x53726448) return Error(Errc::noexec, "not a bzImage: no HdrS header");
    BzImageHeader h;
    h.version = get_le16(image, kVersion);
    if (h.version < 0x0206) return Error(Errc::notsup, "Linux boot protocol older than 2.06");
    h.loadflags = get8(image, kLoadflags);
    if (!(h.loadflags & kLoadedHigh)) return Error(Errc::notsup, "zImage (not loaded high) is not supported");
    unsigned sects = get8(image, kSetupSects);
    if (sects == 0) sects = 4;
    h.setup_size = size_t(sects + 1) * 512;
    h.header_end = 0x202 + get8(image, kJump + 1);
    if (h.setup_size >= image.size()) return Error(Errc::badmsg, "bzImage truncated: no kernel after setup");
    if (h.header_end > h.setup_size || h.header_end < kCmdlineSize + 4)
        return Error(Errc::badmsg, "bzImage setup header length is inconsistent");
    h.kernel_size = image.size() - h.setup_size;
    h.initrd_addr_max = get_le32(image, kInitrdAddrMax);
    h.kernel_alignment = get_le32(image, kKernelAlignment);
    h.relocatable = get8(image, kRelocatable) != 0;
    h.cmdline_size = get_le32(image, kCmdlineSize);
    if (h.version >= 0x020a && h.header_end >= kInitSize + 4) {
        h.pref_address = get_le64(image, kPrefAddress);
        h.init_size = get_le32(image, kInitSize);
    }
    if (h.kernel_alignment == 0 || (h.kernel_alignment & (h.kernel_alignment - 1)))
        return Error(Errc::badmsg, "bzImage kernel_alignment is not a power of two");
    if (h.init_size < h.kernel_size) h.init_size = uint32_t(h.kernel_size);
    return h;
}

Str clamp_cmdline(const BzImageHeader& h, Str cmdline) {
    return cmdline.substr(0, h.cmdline_size);
}

Status build_zero_page(Span<uint8_t> zp, Bytes image, const BzImageHeader& h, const ZeroPageParams& p) {
    if (zp.size() < kZeroPageSize) return Status(Errc::inval, "zero page buffer too small");
    if (p.memory_map.size() > kE820Max) return Status(Errc::nospc, "memory map has more than 128 entries");
    if (p.kernel_addr % h.kernel_alignment && !(p.kernel_addr == 0x100000 && !h.relocatable))
        return Status(Errc::inval, "kernel load address is not aligned to kernel_alignment");
    if (!h.relocatable && p.kernel_addr != 0x100000)
        return Status(Errc::notsup, "non-relocatable kernel must be loaded at 1 MiB");
    if (p.initrd_size && uint64_t(p.initrd_addr) + p.initrd_size - 1 > h.initrd_addr_max)
        return Status(Errc::range, "initrd placed above the kernel's initrd_addr_max");
    for (size_t i = 0; i < kZeroPageSize; ++i) zp[i] = 0;
    for (size_t i = kSetupSects; i < h.header_end; ++i) zp[i] = image[i];
    put8(zp, kTypeOfLoader, kLoaderTypeUndefined);
    put_le32(zp, kCode32Start, p.kernel_addr);
    put_le32(zp, kCmdLinePtr, p.cmdline_addr);
    put_le32(zp, kRamdiskImage, p.initrd_size ? p.initrd_addr : 0);
    put_le32(zp, kRamdiskSize, p.initrd_size);
    put8(zp, kE820Count, uint8_t(p.memory_map.size()));
    for (size_t i = 0; i < p.memory_map.size(); ++i) {
        size_t e = kE820Table + 20 * i;
        put_le64(zp, e, p.memory_map[i].base);
        put_le64(zp, e + 8, p.memory_map[i].length);
        put_le32(zp, e + 16, p.memory_map[i].type);
    }
    return {};
}

}  // namespace carte::image
