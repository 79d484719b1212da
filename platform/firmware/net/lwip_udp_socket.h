// carte::UdpSocket over an lwIP udp_pcb bound to an ephemeral port: datagrams received by lwIP's
// callback wait in a small queue until recv_from() takes them; waits poll the network.
#pragma once
#include "runtime/platform/network.h"

struct udp_pcb;
struct pbuf;

namespace carte::fw {

class LwipNetwork;

class LwipUdpSocket final : public UdpSocket {
  public:
    static Result<UdpSocket*> open(LwipNetwork& net);

    Status send_to(Ipv4 addr, uint16_t port, Bytes data) override;
    Result<size_t> recv_from(Span<uint8_t> out, Ipv4* from, uint16_t* from_port,
                             uint32_t timeout_ms) override;
    void close() override;

    explicit LwipUdpSocket(LwipNetwork& net) : net_(net) {}
    ~LwipUdpSocket() = default;

    // lwIP receive callback target.
    void on_datagram(pbuf* p, Ipv4 from, uint16_t port);

  private:
    static constexpr size_t kQueue = 8;  // datagrams beyond this are dropped (UDP semantics)
    struct Datagram {
        pbuf* p;
        Ipv4 from;
        uint16_t port;
    };
    LwipNetwork& net_;
    udp_pcb* pcb_ = nullptr;
    Datagram queue_[kQueue] = {};
    size_t head_ = 0, count_ = 0;
};

}  // namespace carte::fw
