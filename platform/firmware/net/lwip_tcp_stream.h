// carte::TcpStream over an lwIP raw-API tcp_pcb. lwIP's callbacks queue received pbufs and note
// close/error; recv() and send() poll the network until they can make progress or time out.
#pragma once
#include "runtime/platform/network.h"

struct tcp_pcb;
struct pbuf;

namespace carte::fw {

class LwipNetwork;

class LwipTcpStream final : public TcpStream {
  public:
    // Connects, polling `net` until established, refused or timed out.
    static Result<TcpStream*> connect(LwipNetwork& net, Ipv4 addr, uint16_t port, uint32_t timeout_ms);

    Status send(Bytes data) override;
    Result<size_t> recv(Span<uint8_t> out, uint32_t timeout_ms) override;
    void close() override;

    explicit LwipTcpStream(LwipNetwork& net) : net_(net) {}
    ~LwipTcpStream() = default;

    // lwIP callbacks (static trampolines live in the .cpp).
    void on_connected() { connected_ = true; }
    void on_data(pbuf* p);
    void on_error(signed char err);

  private:
    void detach();
    LwipNetwork& net_;
    tcp_pcb* pcb_ = nullptr;
    pbuf* rx_ = nullptr;   // queued, not yet consumed data
    size_t rx_bytes_ = 0;  // bytes in rx_ (its u16_t tot_len wraps past 64 KiB)
    bool connected_ = false;
    bool peer_closed_ = false;
    signed char error_ = 0;  // lwIP err_t from the error callback (the pcb is gone then)
};

}  // namespace carte::fw
