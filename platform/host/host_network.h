// carte::Network for `carte run` on a POSIX host: TCP and UDP over the host's sockets (timeouts
// via poll), names through getaddrinfo, and a DHCP lease that is simply the configured values
// (the host has no NIC to configure). One pseudo-interface, "host".
#pragma once
#include <string>
#include <vector>

#include "runtime/platform/network.h"

namespace carte::host {

class HostNetwork final : public Network {
  public:
    HostNetwork();

    // The lease dhcp() reports. `options` and `filename` are copied.
    void set_lease(const Lease& lease, const std::vector<DhcpOption>& options = {});
    void set_mac(const uint8_t mac[6]);

    size_t interface_count() const override { return 1; }
    InterfaceInfo interface_info(size_t index) const override;
    Status open(size_t index) override;
    void close(size_t index) override;
    Result<Lease> dhcp(size_t index, uint32_t timeout_ms) override;
    Result<TcpStream*> connect(Ipv4 addr, uint16_t port, uint32_t timeout_ms) override;
    Result<size_t> udp_exchange(Ipv4 addr, uint16_t port, Bytes request, Span<uint8_t> reply,
                                uint16_t* reply_port, uint32_t timeout_ms) override;
    Result<Ipv4> resolve(Str host, uint32_t timeout_ms) override;
    Result<UdpSocket*> udp_open() override;

  private:
    InterfaceInfo info_;
    bool open_ = false;
    Lease lease_;
    std::string filename_;
    std::vector<std::vector<uint8_t>> option_data_;
    std::vector<DhcpOption> options_;
};

}  // namespace carte::host
