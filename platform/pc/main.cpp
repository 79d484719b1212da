// pc_main: the first C++ code, called by boot/start32.S in 64-bit mode on the boot stack with
// interrupts off. Brings up the console, exception handlers, constructors, boot info, heap and
// timer in that order (each step needs the previous ones), probes the NICs, then hands over to the
// start-up sequence every platform shares (platform/firmware/boot_sequence.h).
#include "platform/firmware/boot_sequence.h"
#include "platform/firmware/heap.h"
#include "platform/firmware/kprint.h"
#include "platform/firmware/machine.h"
#include "platform/firmware/net/cached_lease.h"
#include "platform/firmware/pci_nics.h"
#include "platform/firmware/smbios.h"
#include "platform/pc/boot_info.h"
#include "platform/pc/idt.h"
#include "platform/pc/pc_platform.h"
#include "platform/pc/pxe_api.h"
#include "platform/pc/serial.h"
#include "platform/pc/timer.h"

extern "C" {
extern void (*__init_array_start[])();
extern void (*__init_array_end[])();
extern char _payload_start[], _image_end[];
extern uint32_t carte_embedded_size;  // boot/start32.S moved this much payload to _image_end
extern char _bss_end[];               // == _image_end: where the payload now sits
}

namespace carte::pc {
namespace {

void run_constructors() {
    for (auto* f = __init_array_start; f != __init_array_end; ++f) (*f)();
}

// The heap gets all usable RAM above our image and below 4 GiB (the identity-mapped range);
// memory below 1 MiB stays untouched (BIOS data, the zero page, the command line).
void init_heap(const BootInfo& info) {
    constexpr uint64_t kMapped = 4ull << 30;
    // An embedded payload sits right above the image (see start32.S); the heap starts after it.
    uint64_t floor = (reinterpret_cast<uintptr_t>(_image_end) + carte_embedded_size + 4095) & ~uint64_t(4095);
    for (int i = 0; i < info.region_count; ++i) {
        const MemRegion& r = info.regions[i];
        if (r.type != 1) continue;
        uint64_t start = r.base < floor ? floor : r.base;
        uint64_t end = r.base + r.length > kMapped ? kMapped : r.base + r.length;
        if (end > start) fw::heap().add_region(start, end - start);
    }
    install_allocator(&fw::heap());
}

// Our own drivers, or on carte.kpxe the PXE ROM's UNDI driver alone (it owns the NIC); then the
// PXE ROM's DHCPACK, when it started us, so the first DHCP need not ask again.
void probe_nics(const BootInfo& info) {
    static const PxeStart pxe = read_pxe_start(info);
    if (pxe.started_by_pxe) {
        carte_printf("pxe: %s API at %04x:%04x, cached DHCPACK %u bytes, UNDI %s\n",
                     !pxe.api         ? "no PXE"
                     : pxe.stack_args ? "!PXE"
                                      : "PXENV+",
                     pxe.entry_segment, pxe.entry_offset, unsigned(pxe.cached_dhcpack.size()),
                     pxe.keep_undi ? "kept" : "unloaded");
        if (pxe.failed_call)
            carte_printf("pxe: PXE call 0x%04x failed with status 0x%04x\n", pxe.failed_call,
                         pxe.failed_status);
    }
    if (!pxe.keep_undi) {
        fw::probe_pci_nics(fw::network());
    } else if (!pxe.api) {
        carte_printf("undi: no PXE API to drive the NIC through (carte.kpxe must be started by a PXE ROM)\n");
    } else {
        static PxeApi api(pxe);
        net::NetDevice* dev = net::undi_probe(api);
        if (!dev || !fw::network().add_device(dev)) {
            carte_printf("undi: the PXE ROM's UNDI driver could not be started\n");
        } else {
            const uint8_t* m = dev->mac();
            carte_printf(
                "net%u: undi (the PXE ROM's driver) at %02x:%02x.%x mac %02x:%02x:%02x:%02x:%02x:%02x\n",
                unsigned(fw::network().interface_count() - 1), dev->pci.bus, dev->pci.dev, dev->pci.fn, m[0],
                m[1], m[2], m[3], m[4], m[5]);
        }
    }
    if (!pxe.cached_dhcpack.empty()) fw::use_cached_lease(fw::network(), pxe.cached_dhcpack, "the PXE ROM");
}

}  // namespace
}  // namespace carte::pc

extern "C" [[noreturn]] void pc_main(uint32_t kind, uint32_t info_addr) {
    using namespace carte;
    using namespace carte::pc;
    serial_init();
    idt_install();
    run_constructors();
    const BootInfo& info = read_boot_info(kind, info_addr);
    init_heap(info);
    timer_calibrate();
    fw::find_smbios_entry(0xf0000, 0x100000);  // the BIOS leaves its entry point here
    carte_printf(
        "carte pc firmware: entry=%s image=%p-%p ram=%lu MiB heap=%lu MiB tsc=%lu MHz\n",
        info.kind == BootKind::multiboot        ? "multiboot"
        : info.kind == BootKind::linux_protocol ? "linux32"
        : info.kind == BootKind::pxe            ? "pxe"
                                                : "lkrn",
        _payload_start, _image_end,
        [&] {
            uint64_t total = 0;
            for (int i = 0; i < info.region_count; ++i)
                if (info.regions[i].type == 1) total += info.regions[i].length;
            return total >> 20;
        }(),
        fw::heap().free_bytes() >> 20, tsc_khz() / 1000);
    carte_printf("cmdline: %.*s\n", int(info.cmdline.size()), info.cmdline.data());
    static PcPlatform platform(info);
    probe_nics(info);
    fw::run_firmware(platform, {info.cmdline, carte::Bytes(reinterpret_cast<const uint8_t*>(_bss_end),
                                                           carte_embedded_size)});
}
