// The bridge between a drivers/net NetDevice and an lwIP netif: lwIP transmits through
// linkoutput into NetDevice::transmit, and lwip_netif_poll feeds received frames to netif->input.
#pragma once
#include "drivers/net/netdev.h"

struct netif;

namespace carte::fw {

// netif_add() init callback; netif->state must be the NetDevice.
extern "C" signed char lwip_netif_init(::netif* nif);
// Passes up to `budget` waiting frames to lwIP, showing each to `observer` first (may be null);
// returns how many were delivered.
class DhcpCapture;
int lwip_netif_poll(::netif* nif, int budget, DhcpCapture* observer);

}  // namespace carte::fw
