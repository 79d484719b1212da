// Filling the settings tree from the network side: a network device's own block (`netN`, with
// mac, chip, busloc…) and a DHCP lease's options (`netN.dhcp`), as iPXE's netdev_settings and
// DHCP packet blocks expose them.
#pragma once
#include "runtime/platform/network.h"
#include "runtime/settings/settings_store.h"

namespace carte {

struct NetdevSettingsInfo {
    Bytes mac;            // current link-layer address
    Bytes hwaddr;         // burned-in address; defaults to `mac` when empty
    Str bustype;          // "PCI", "USB"…
    uint32_t busloc = 0;  // bus location (PCI: segment<<16 | bus<<8 | devfn)
    Bytes busid;          // bus-specific id (PCI: vendor and device ids)
    Str chip;             // driver / chip name
    Str linktype = "Ethernet";
    uint16_t mtu = 1500;
};

// Creates block `net<index>` (or updates it, keeping its children such as `dhcp`) with the
// device's values and `ifname` = "net<index>", and points `netX` at it.
Status register_netdev_settings(SettingsStore& store, unsigned index, const NetdevSettingsInfo& info);

// Registers (or replaces) block `<parent>.dhcp` (parent "net0") from a lease: every option under
// its tag (repeated tags concatenated, RFC 3396), option 175 also split into 175.N tags; `ip` and
// `next-server` from the lease's yiaddr/siaddr; netmask, gateway, dns, dhcp-server and filename
// from the lease fields when no option carries them. Errc::badmsg for a malformed option 175.
Status register_dhcp_settings(SettingsStore& store, Str parent, const Lease& lease);

}  // namespace carte
