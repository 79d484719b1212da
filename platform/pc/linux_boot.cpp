#include "platform/pc/linux_boot.h"

#include "platform/firmware/kprint.h"
#include "platform/firmware/net/lwip_network.h"
#include "platform/pc/boot_handoff.h"
#include "runtime/image/bzimage.h"
#include "runtime/image/initrd.h"
#include "runtime/rt/vec.h"

extern "C" [[noreturn]] void pc_linux_jump(uint64_t entry32, uint64_t zero_page);

namespace carte::pc {

namespace {
constexpr uint64_t k4GiB = 4ull << 30;

// The kernel decompresses inside [load, load + init_size) and, when loaded below its
// LOAD_PHYSICAL_ADDR (pref_address), moves up to that address first; so load it exactly at
// pref_address when that range is free, else anywhere above it.
Result<uint8_t*> place_kernel(const image::BzImageHeader& h) {
    if (!h.relocatable)
        return Error(Errc::notsup, "non-relocatable kernels are not supported (1 MiB is ours)");
    if (void* p = fw::heap().claim(uintptr_t(h.pref_address), h.init_size)) return static_cast<uint8_t*>(p);
    void* p = fw::heap().allocate(h.init_size, h.kernel_alignment);
    if (!p) return Error(Errc::nomem, "no memory to place the kernel");
    if (uintptr_t(p) < h.pref_address || uintptr_t(p) + h.init_size > k4GiB) {
        fw::heap().deallocate(p, h.init_size);
        return Error(Errc::nomem, "no suitable memory to place the kernel");
    }
    return static_cast<uint8_t*>(p);
}
}  // namespace

Status boot_linux(const BootPlan& plan, const BootInfo& info) {
    Bytes kernel = plan.kernel.data;
    auto hdr = image::parse_bzimage(kernel);
    if (!hdr) return hdr.error();
    const image::BzImageHeader& h = *hdr;

    Vec<image::InitrdPart> parts;
    for (const BootModule& m : plan.initrds)
        if (!parts.push({m.data, m.cmdline})) return Status(Errc::nomem);
    auto initrd_len = image::initrd_size(parts.span());
    if (!initrd_len) return initrd_len.error();
    HeapBlock initrd_block;
    uint8_t* initrd = nullptr;
    if (*initrd_len) {
        // As high as possible, but where the kernel can reach it (initrd_addr_max, 32-bit fields).
        uint64_t limit = min(uint64_t(h.initrd_addr_max) + 1, k4GiB);
        initrd_block =
            HeapBlock(fw::heap().allocate_below(*initrd_len, image::kInitrdAlign, limit), *initrd_len);
        initrd = initrd_block.p;
        if (!initrd) return Status(Errc::nomem, "no memory for the initrd below initrd_addr_max");
        CARTE_TRY(image::build_initrd(parts.span(), Span<uint8_t>(initrd, *initrd_len)));
    }

    Str cmdline = image::clamp_cmdline(h, plan.kernel.cmdline);
    HeapBlock cmd_block(fw::heap().allocate(cmdline.size() + 1, 16), cmdline.size() + 1);
    HeapBlock zero_page_block(fw::heap().allocate(image::kZeroPageSize, 4096), image::kZeroPageSize);
    auto* cmd = reinterpret_cast<char*>(cmd_block.p);
    uint8_t* zero_page = zero_page_block.p;
    if (!cmd || !zero_page) return Status(Errc::nomem);
    __builtin_memcpy(cmd, cmdline.data(), cmdline.size());
    cmd[cmdline.size()] = 0;

    image::E820Entry map[kMaxE820Entries];

    auto kmem = place_kernel(h);
    if (!kmem) return kmem.error();
    HeapBlock kernel_block(*kmem, h.init_size);
    image::ZeroPageParams params;
    params.cmdline_addr = uint32_t(uintptr_t(cmd));
    params.initrd_addr = uint32_t(uintptr_t(initrd));
    params.initrd_size = uint32_t(*initrd_len);
    params.kernel_addr = uint32_t(uintptr_t(*kmem));
    params.memory_map = e820_map(info, map);
    CARTE_TRY(image::build_zero_page(Span<uint8_t>(zero_page, image::kZeroPageSize), kernel, h, params));
    __builtin_memcpy(*kmem, kernel.data() + h.setup_size, h.kernel_size);

    carte_printf("linux: protocol %u.%02u, kernel %lu bytes at %p, initrd %lu bytes at %p, cmdline \"%s\"\n",
                 h.version >> 8, h.version & 0xff, uint64_t(h.kernel_size), *kmem, uint64_t(*initrd_len),
                 initrd, cmd);
    fw::network().shutdown_all();
    pc_linux_jump(uintptr_t(*kmem), uintptr_t(zero_page));
}

}  // namespace carte::pc
