#include "platform/pc/multiboot_boot.h"

#include "platform/firmware/kprint.h"
#include "platform/firmware/net/lwip_network.h"
#include "platform/pc/boot_handoff.h"
#include "runtime/image/multiboot.h"
#include "runtime/rt/string.h"
#include "runtime/rt/vec.h"

extern "C" {
[[noreturn]] void pc_linux_jump(uint64_t entry32, uint64_t esi);
extern const uint8_t pc_multiboot_stub_start[], pc_multiboot_stub_end[];
}

namespace carte::pc {

namespace {
constexpr uint64_t k4GiB = 4ull << 30;
constexpr size_t kPage = 4096;

size_t page_up(size_t n) {
    return (n + kPage - 1) & ~(kPage - 1);
}

void put32(uint8_t* p, uint32_t v) {
    __builtin_memcpy(p, &v, 4);
}

// The boot block: [stub + argument block (1 page)] [information] [staged kernel] [modules…].
// Everything the kernel keeps using (information, modules) stays where it is; the staged kernel
// is copied out by the stub. One block, allocated as high as possible below 4 GiB, so kernels
// that load low (1 MiB is usual) never collide with it.
struct Layout {
    size_t info_off, kernel_off, modules_off, total;
};
}  // namespace

Status boot_multiboot(const BootPlan& plan, const BootInfo& info) {
    Bytes kernel = plan.kernel.data;
    auto parsed = image::parse_multiboot(kernel);
    if (!parsed) return parsed.error();
    const image::MultibootKernel& k = *parsed;

    image::E820Entry map[kMaxE820Entries];
    Span<const image::E820Entry> memory_map = e820_map(info, map);
    for (size_t i = 0; i < k.segment_count; ++i) {
        const image::MultibootSegment& s = k.segments[i];
        if (!image::multiboot_range_in_ram(memory_map, s.dest, uint64_t(s.dest) + s.mem_size))
            return Error(Errc::nomem, "multiboot kernel wants to load outside usable RAM");
    }

    // Command lines as iPXE builds them: "<uri> <arguments>".
    String kernel_cmdline;
    if (!image::multiboot_cmdline(plan.kernel.uri, plan.kernel.name, plan.kernel.cmdline, &kernel_cmdline))
        return Errc::nomem;
    Vec<String> module_cmdlines;
    Vec<image::MultibootModule> modules;
    for (const BootModule& m : plan.initrds) {
        String c;
        if (!image::multiboot_cmdline(m.uri, m.name, m.cmdline, &c) || !module_cmdlines.push(carte::move(c)))
            return Errc::nomem;
    }
    for (size_t i = 0; i < plan.initrds.size(); ++i)
        if (!modules.push(image::MultibootModule{0, 0, module_cmdlines[i].view()})) return Errc::nomem;

    image::MultibootInfoParams params;
    params.cmdline = kernel_cmdline.view();
    params.modules = Span<const image::MultibootModule>(modules.data(), modules.size());
    params.memory_map = memory_map;
    size_t stub_size = size_t(pc_multiboot_stub_end - pc_multiboot_stub_start);
    size_t args_off = (stub_size + 15) & ~size_t(15);
    if (args_off + 12 + 16 * k.segment_count > kPage) return Error(Errc::nomem, "multiboot stub too large");
    size_t staged = 0;
    for (size_t i = 0; i < k.segment_count; ++i) staged += k.segments[i].file_size;
    Layout l;
    l.info_off = kPage;
    l.kernel_off = l.info_off + page_up(image::multiboot_info_size(params));
    l.modules_off = l.kernel_off + page_up(staged);
    l.total = l.modules_off;
    for (const BootModule& m : plan.initrds) l.total += page_up(m.data.size() ? m.data.size() : 1);

    HeapBlock staging(fw::heap().allocate_below(l.total, kPage, k4GiB), l.total);
    uint8_t* block = staging.p;
    if (!block) return Error(Errc::nomem, "no memory to stage the multiboot kernel and modules");
    uint64_t lo = uintptr_t(block), hi = lo + l.total;
    if (lo < k.load_end && k.load_start < hi)
        return Error(Errc::nomem, "multiboot kernel load range collides with the staging memory");

    // Modules first (their addresses go into the information structure), page-aligned.
    size_t at = l.modules_off;
    for (size_t i = 0; i < plan.initrds.size(); ++i) {
        Bytes d = plan.initrds[i].data;
        if (d.size()) __builtin_memcpy(block + at, d.data(), d.size());
        modules[i].start = uint32_t(lo + at);
        modules[i].end = uint32_t(lo + at + d.size());
        at += page_up(d.size() ? d.size() : 1);
    }
    Status built = image::build_multiboot_info(Span<uint8_t>(block + l.info_off, l.kernel_off - l.info_off),
                                               uint32_t(lo + l.info_off), params);
    if (!built.ok()) return built;

    // Stub, argument block and staged kernel segments.
    __builtin_memcpy(block, pc_multiboot_stub_start, stub_size);
    uint8_t* args = block + args_off;
    put32(args, k.entry);
    put32(args + 4, uint32_t(lo + l.info_off));
    put32(args + 8, uint32_t(k.segment_count));
    size_t src = l.kernel_off;
    for (size_t i = 0; i < k.segment_count; ++i) {
        const image::MultibootSegment& s = k.segments[i];
        __builtin_memcpy(block + src, kernel.data() + s.offset, s.file_size);
        uint8_t* e = args + 12 + 16 * i;
        put32(e, s.dest);
        put32(e + 4, uint32_t(lo + src));
        put32(e + 8, s.file_size);
        put32(e + 12, s.mem_size - s.file_size);
        src += s.file_size;
    }

    carte_printf("multiboot: %s kernel 0x%lx-0x%lx entry 0x%x, %lu module(s), cmdline \"%s\"\n",
                 (k.flags & image::kMbFlagAoutKludge) ? "a.out-kludge" : "ELF", k.load_start, k.load_end,
                 k.entry, uint64_t(modules.size()), kernel_cmdline.c_str());
    fw::network().shutdown_all();
    pc_linux_jump(lo, lo + args_off);
}

}  // namespace carte::pc
