// Keeps a copy of the last DHCPACK each interface received and splits it into options, so a
// lease can report every option (for the runtime's `netN.dhcp/<tag>` settings), the BOOTP
// next-server and file fields, which lwIP itself does not keep. Frames are inspected on their
// way from the NIC to lwIP; lwIP still runs the DHCP state machine.
#pragma once
#include "runtime/platform/network.h"

namespace carte::fw {

class DhcpCapture {
  public:
    // Looks at one received Ethernet frame; stores it if it is a DHCPACK for us (BOOTP reply).
    void inspect(Bytes frame);
    // Stores a DHCPACK given as a BOOTP message (the one a PXE ROM or firmware already received);
    // false, storing nothing, if it is not one.
    bool store_ack(Bytes bootp);
    // The stored ACK's BOOTP message (empty: none).
    Bytes ack() const { return Bytes(msg_, size_); }
    void clear() { size_ = 0; }
    bool have_ack() const { return size_ > 0; }
    // Fills the BOOTP fields and the options of `lease` from the stored ACK. The data stays valid
    // until the next clear()/inspect() that stores a new ACK.
    void fill(Lease& lease);

  private:
    static constexpr size_t kMaxBootp = 1472;  // 1500 MTU - IP - UDP
    static constexpr size_t kMaxOptions = 96;
    uint8_t msg_[kMaxBootp];
    size_t size_ = 0;
    char filename_[129];
    DhcpOption options_[kMaxOptions];
};

// Splits a DHCP message (BOOTP header + cookie + options) into options; encapsulated options of
// 175 (iPXE's) become (175 << 8) | sub. Returns how many were stored in out.
size_t parse_dhcp_options(Bytes bootp, Span<DhcpOption> out);

}  // namespace carte::fw
