// The DHCPACK a PXE ROM already got before it loaded us (the BIOS PXE API's GET_CACHED_INFO, or
// EFI_PXE_BASE_CODE_MODE.DhcpAck), reused as iPXE reuses it (its core/cachedhcp.c): the first DHCP
// on that NIC takes it instead of asking again, so ${filename} and ${next-server} are the ROM's.
#pragma once
#include "platform/firmware/net/lwip_network.h"

namespace carte::fw {

// Hands `bootp` to the interface whose MAC the packet's chaddr names and says so on the console
// ("netN: using the lease <source> got"). False if no interface matches or it is not a DHCPACK.
bool use_cached_lease(LwipNetwork& network, Bytes bootp, const char* source);

}  // namespace carte::fw
