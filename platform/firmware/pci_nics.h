// Carte's own NIC drivers: every PCI function a driver in drivers/net claims, probed and added to
// the firmware network in bus order (net0, net1, …). On pcbios these are the only NICs; on efi
// they are used when the image asks for them (`carte build --nics native`), after the firmware's
// driver has let go of the device.
#pragma once
#include "platform/firmware/net/lwip_network.h"
#include "platform/firmware/pci.h"

namespace carte::fw {

// Called before a driver probes `fn`: false skips the device (it stays the firmware's).
using PciClaim = bool (*)(const PciFunction& fn, void* context);

// Returns how many NICs were added.
unsigned probe_pci_nics(LwipNetwork& network, PciClaim claim = nullptr, void* context = nullptr);

}  // namespace carte::fw
