// The PC's NICs: every PCI function a driver in drivers/net claims, probed and added to the
// firmware network in bus order (net0, net1, …).
#pragma once
#include "platform/firmware/net/lwip_network.h"

namespace carte::pc {

void probe_pci_nics(fw::LwipNetwork& network);

}  // namespace carte::pc
