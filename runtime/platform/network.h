// What the runtime needs from a network stack: interfaces it can configure, TCP streams and
// UDP datagrams. HTTP, TFTP and DNS logic live above this in runtime/net, so every platform
// (host sockets, lwIP in the ROM) shares one implementation of them.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/span.h"
#include "runtime/rt/str.h"

namespace carte {

struct Ipv4 {
    uint8_t b[4] = {0, 0, 0, 0};
    bool is_zero() const { return !(b[0] | b[1] | b[2] | b[3]); }
    friend bool operator==(Ipv4 x, Ipv4 y) {
        return x.b[0] == y.b[0] && x.b[1] == y.b[1] && x.b[2] == y.b[2] && x.b[3] == y.b[3];
    }
};

// One DHCP option as received (tag, raw bytes); stored into settings `netN.dhcp/<tag>`.
struct DhcpOption {
    uint16_t tag;  // 175.x encapsulated options use (175 << 8) | x, as iPXE's DHCP_ENCAP_OPT
    Bytes data;
};

struct InterfaceInfo {
    uint8_t mac[6] = {};
    bool link_up = false;
    Str chip;              // "virtio-net", "e1000", "host"
    Str bus_type;          // "pci"
    uint32_t bus_loc = 0;  // PCI busdevfn
};

// Result of a successful DHCP exchange: the lease plus every option, for settings.
struct Lease {
    Ipv4 ip, netmask, gateway, dns, next_server, server_id;
    Str filename;  // BOOTP file field or option 67
    Span<const DhcpOption> options;
};

class TcpStream {
  public:
    // Sends all of `data` or fails.
    virtual Status send(Bytes data) = 0;
    // Receives up to out.size() bytes; 0 means the peer closed. Errc::timedout after
    // `timeout_ms` without data.
    virtual Result<size_t> recv(Span<uint8_t> out, uint32_t timeout_ms) = 0;
    virtual void close() = 0;  // also releases the stream

  protected:
    ~TcpStream() = default;
};

// A bound UDP socket, for protocols that keep one local port across several packets (TFTP's
// transfer ID). Added beside udp_exchange(); platforms that lack it return Errc::notsup.
class UdpSocket {
  public:
    virtual Status send_to(Ipv4 addr, uint16_t port, Bytes data) = 0;
    // Receives one datagram (truncated to out.size()); Errc::timedout after `timeout_ms`.
    virtual Result<size_t> recv_from(Span<uint8_t> out, Ipv4* from, uint16_t* from_port,
                                     uint32_t timeout_ms) = 0;
    virtual void close() = 0;  // also releases the socket

  protected:
    ~UdpSocket() = default;
};

class Network {
  public:
    virtual size_t interface_count() const = 0;
    virtual InterfaceInfo interface_info(size_t index) const = 0;
    virtual Status open(size_t index) = 0;
    virtual void close(size_t index) = 0;
    // Runs DHCP on interface `index`; the lease stays valid until the next dhcp() call.
    virtual Result<Lease> dhcp(size_t index, uint32_t timeout_ms) = 0;
    virtual Result<TcpStream*> connect(Ipv4 addr, uint16_t port, uint32_t timeout_ms) = 0;
    // One UDP request/response exchange (DNS, TFTP). Returns the reply size.
    virtual Result<size_t> udp_exchange(Ipv4 addr, uint16_t port, Bytes request, Span<uint8_t> reply,
                                        uint16_t* reply_port, uint32_t timeout_ms) = 0;
    // Host name resolution; the ROM implements DNS in runtime/net and the host may use its resolver.
    virtual Result<Ipv4> resolve(Str host, uint32_t timeout_ms) = 0;
    // A UDP socket on an ephemeral local port (TFTP). Optional: the default says not supported.
    virtual Result<UdpSocket*> udp_open() {
        return Error(Errc::notsup, "UDP sockets are not supported here");
    }

    // DHCP without blocking, so the firmware can show its menu while the lease is negotiated
    // (NetworkStartup). dhcp_begin opens the interface and starts the exchange; each dhcp_poll
    // moves it on and answers true, with *out filled, once bound; dhcp_cancel gives up. Optional:
    // platforms without it keep the blocking dhcp().
    virtual Status dhcp_begin(size_t index) {
        (void)index;
        return Status(Errc::notsup, "background DHCP is not supported here");
    }
    virtual Result<bool> dhcp_poll(size_t index, Lease* out) {
        (void)index, (void)out;
        return Error(Errc::notsup, "background DHCP is not supported here");
    }
    virtual void dhcp_cancel(size_t index) { (void)index; }

  protected:
    ~Network() = default;
};

}  // namespace carte
