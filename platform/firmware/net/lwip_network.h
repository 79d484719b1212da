// carte::Network for the firmware: the NICs a platform found (drivers/net, or its firmware's),
// each wrapped as an lwIP netif, with DHCP and TCP from lwIP's raw API. Everything is polled: every wait loop
// calls poll(), which moves frames between the NICs and lwIP and runs lwIP's timers. Host names are resolved
// by runtime/net's DNS client against the `${dns}` setting or the lease's DNS server.
#pragma once
#include "drivers/net/netdev.h"
#include "platform/firmware/net/dhcp_capture.h"
#include "runtime/platform/network.h"

struct netif;

namespace carte::fw {

class LwipNetwork final : public Network {
  public:
    // Adds a NIC the platform found (a PCI function a driver claimed, the firmware's SNP
    // interface…) as the next netN; false when there is no room.
    bool add_device(net::NetDevice* dev);
    // The lease the firmware's PXE already got on this interface (its DHCPACK as a BOOTP
    // message): the next DHCP on it takes that address and those options without asking again,
    // as iPXE reuses the PXE ROM's cached reply. False if `bootp` is not a DHCPACK.
    bool preset_lease(size_t index, Bytes bootp);

    size_t interface_count() const override { return count_; }
    InterfaceInfo interface_info(size_t index) const override;
    Status open(size_t index) override;
    void close(size_t index) override;
    Result<Lease> dhcp(size_t index, uint32_t timeout_ms) override;
    Result<TcpStream*> connect(Ipv4 addr, uint16_t port, uint32_t timeout_ms) override;
    Result<size_t> udp_exchange(Ipv4 addr, uint16_t port, Bytes request, Span<uint8_t> reply,
                                uint16_t* reply_port, uint32_t timeout_ms) override;
    Result<Ipv4> resolve(Str host, uint32_t timeout_ms) override;
    Result<UdpSocket*> udp_open() override;
    Status dhcp_begin(size_t index) override;
    Result<bool> dhcp_poll(size_t index, Lease* out) override;
    void dhcp_cancel(size_t index) override;

    // Moves received frames into lwIP and runs its timers; called from every wait loop.
    void poll();
    // Quiesces every NIC (no DMA into memory the next OS owns). Before booting a kernel.
    void shutdown_all();
    // Where resolve() asks for the DNS server: the `${dns}` setting, which DHCP's option 6 fills
    // and `set dns` overrides, as in iPXE. Returns false when unset.
    using DnsServerSource = bool (*)(void* context, Ipv4* out);
    void set_dns_source(DnsServerSource source, void* context) {
        dns_source_ = source, dns_context_ = context;
    }

  private:
    static constexpr size_t kMaxInterfaces = 4;
    struct Interface {
        net::NetDevice* dev = nullptr;
        ::netif* nif = nullptr;  // allocated on open
        bool open = false;
        uint64_t link_deadline = 0;  // attached, waiting for link until then (timer_ms); 0: not
        bool dhcp_started = false;   // dhcp_begin'd: dhcp_poll starts lwIP's client once up
        DhcpCapture dhcp;            // the last DHCPACK seen on this interface
        bool preset = false;         // dhcp holds the firmware's lease, to be used once
    };
    // Starts the device and adds its netif, without waiting for link.
    Status attach(size_t index);
    // Brings the netif up once the link is (or the wait is over); true when open.
    bool bring_up(size_t index);
    Lease take_lease(size_t index);
    // Configures the netif from the preset lease; the lease it gives.
    Lease apply_preset(size_t index);
    Interface ifs_[kMaxInterfaces];
    size_t count_ = 0;
    bool lwip_ready_ = false;
    DnsServerSource dns_source_ = nullptr;
    void* dns_context_ = nullptr;
};

LwipNetwork& network();

}  // namespace carte::fw
