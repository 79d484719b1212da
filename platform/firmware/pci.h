// PCI enumeration through configuration mechanism #1 (ports 0xcf8/0xcfc), which every PC
// chipset and QEMU machine (pc, q35) provides.
#pragma once
#include "drivers/hw/hw.h"

namespace carte::fw {

struct PciFunction {
    hw::PciAddress addr;
    uint16_t vendor = 0, device = 0;
    uint8_t class_code = 0, subclass = 0;
};

// Fills out[] (up to max functions) and returns the total number found.
int pci_scan(PciFunction* out, int max);

// Calls visit(fn) for every present function (the first 64); returns how many were found.
template <class F>
int pci_for_each(F&& visit) {
    PciFunction fns[64];
    int n = pci_scan(fns, 64);
    for (int i = 0; i < n && i < 64; ++i) visit(fns[i]);
    return n;
}

}  // namespace carte::fw
