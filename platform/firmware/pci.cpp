#include "platform/firmware/pci.h"

namespace carte::hw {

namespace {
uint32_t config_address(PciAddress a, uint8_t offset) {
    return 0x80000000u | (uint32_t(a.bus) << 16) | (uint32_t(a.dev) << 11) | (uint32_t(a.fn) << 8) |
           (offset & 0xfc);
}
}  // namespace

uint32_t pci_read32(PciAddress a, uint8_t offset) {
    outl(0xcf8, config_address(a, offset));
    return inl(0xcfc);
}
void pci_write32(PciAddress a, uint8_t offset, uint32_t value) {
    outl(0xcf8, config_address(a, offset));
    outl(0xcfc, value);
}
uint16_t pci_read16(PciAddress a, uint8_t offset) {
    return uint16_t(pci_read32(a, offset) >> ((offset & 2) * 8));
}
void pci_write16(PciAddress a, uint8_t offset, uint16_t value) {
    outl(0xcf8, config_address(a, offset));
    outw(uint16_t(0xcfc + (offset & 2)), value);
}

PciBar pci_bar(PciAddress a, int index) {
    uint8_t off = uint8_t(0x10 + 4 * index);
    uint32_t lo = pci_read32(a, off);
    PciBar bar;
    if (lo & 1) {
        bar.is_io = true;
        bar.base = lo & ~3u;
    } else {
        bar.base = lo & ~0xfu;
        if (((lo >> 1) & 3) == 2) bar.base |= uint64_t(pci_read32(a, uint8_t(off + 4))) << 32;  // 64-bit BAR
    }
    return bar;
}

void pci_enable_device(PciAddress a) {
    pci_write16(a, 0x04, uint16_t(pci_read16(a, 0x04) | 0x7));  // I/O, memory, bus master
}

}  // namespace carte::hw

namespace carte::fw {

int pci_scan(PciFunction* out, int max) {
    int found = 0;
    for (int bus = 0; bus < 256; ++bus) {
        for (int dev = 0; dev < 32; ++dev) {
            for (int fn = 0; fn < 8; ++fn) {
                hw::PciAddress a{uint8_t(bus), uint8_t(dev), uint8_t(fn)};
                uint32_t id = hw::pci_read32(a, 0);
                if ((id & 0xffff) == 0xffff) {
                    if (fn == 0) break;  // no device: skip its other functions
                    continue;
                }
                if (found < max) {
                    uint32_t cls = hw::pci_read32(a, 0x08);
                    out[found] = {a, uint16_t(id), uint16_t(id >> 16), uint8_t(cls >> 24),
                                  uint8_t(cls >> 16)};
                }
                ++found;
                // Single-function devices answer for all 8 functions on some chipsets.
                if (fn == 0 && !(hw::pci_read32(a, 0x0c) & 0x00800000)) break;
            }
        }
    }
    return found;
}

}  // namespace carte::fw
