#include "platform/firmware/pci_nics.h"

#include "platform/firmware/kprint.h"
#include "platform/firmware/pci.h"

namespace carte::fw {

unsigned probe_pci_nics(LwipNetwork& network, PciClaim claim, void* context) {
    unsigned count = 0;
    pci_for_each([&](const PciFunction& f) {
        const net::NicDriver* drv = net::find_nic_driver(f.vendor, f.device);
        if (!drv || (claim && !claim(f, context))) return;
        net::NetDevice* dev = drv->probe(f.addr);
        if (!dev) {
            carte_printf("net: %s at %02x:%02x.%x could not be initialised\n", drv->name, f.addr.bus,
                         f.addr.dev, f.addr.fn);
            return;
        }
        if (!network.add_device(dev)) return;
        const uint8_t* m = dev->mac();
        ++count;
        carte_printf("net%u: %s at %02x:%02x.%x mac %02x:%02x:%02x:%02x:%02x:%02x\n",
                     unsigned(network.interface_count() - 1), drv->name, f.addr.bus, f.addr.dev, f.addr.fn,
                     m[0], m[1], m[2], m[3], m[4], m[5]);
    });
    return count;
}

}  // namespace carte::fw
