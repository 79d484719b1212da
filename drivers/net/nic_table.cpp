// The NIC driver table. Adding a NIC: write drivers/net/<chip>.cpp with a probe function and add
// one line here.
#include "drivers/net/netdev.h"

namespace carte::net {

NetDevice* virtio_net_probe(hw::PciAddress where);
NetDevice* e1000_probe(hw::PciAddress where);
NetDevice* e1000e_probe(hw::PciAddress where);  // in e1000.cpp: the 82574L is an e1000 variant

namespace {
const NicDriver kDrivers[] = {
    {"virtio-net", 0x1af4, 0x1000, virtio_net_probe},  // legacy / transitional virtio-net
    {"virtio-net", 0x1af4, 0x1041, virtio_net_probe},  // modern-only virtio-net (virtio 1.0)
    {"e1000", 0x8086, 0x100e, e1000_probe},            // 82540EM (QEMU e1000)
    {"e1000", 0x8086, 0x100f, e1000_probe},            // 82545EM
    {"e1000e", 0x8086, 0x10d3, e1000e_probe},          // 82574L (QEMU e1000e)
};
}  // namespace

Span<const NicDriver> nic_drivers() {
    return Span<const NicDriver>(kDrivers);
}

const NicDriver* find_nic_driver(uint16_t vendor, uint16_t device) {
    for (const NicDriver& d : nic_drivers())
        if (d.vendor == vendor && d.device == device && d.probe) return &d;
    return nullptr;
}

}  // namespace carte::net
