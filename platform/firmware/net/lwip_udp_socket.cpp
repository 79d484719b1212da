#include "platform/firmware/net/lwip_udp_socket.h"

#include "drivers/hw/hw.h"
#include "lwip/pbuf.h"
#include "lwip/udp.h"
#include "platform/firmware/net/lwip_network.h"
#include "runtime/rt/allocator.h"

namespace carte::fw {

namespace {
void recv_cb(void* arg, udp_pcb*, pbuf* p, const ip_addr_t* addr, u16_t port) {
    uint32_t v = addr ? ip4_addr_get_u32(ip_2_ip4(addr)) : 0;
    static_cast<LwipUdpSocket*>(arg)->on_datagram(
        p, Ipv4{{uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24)}}, port);
}
}  // namespace

Result<UdpSocket*> LwipUdpSocket::open(LwipNetwork& net) {
    LwipUdpSocket* s = make<LwipUdpSocket>(net);
    if (!s) return Error(Errc::nomem);
    s->pcb_ = udp_new();
    if (!s->pcb_ || udp_bind(s->pcb_, IP4_ADDR_ANY, 0) != ERR_OK) {
        s->close();
        return Error(Errc::nomem, "no free UDP socket");
    }
    udp_recv(s->pcb_, recv_cb, s);
    return static_cast<UdpSocket*>(s);
}

void LwipUdpSocket::on_datagram(pbuf* p, Ipv4 from, uint16_t port) {
    if (count_ == kQueue) {
        pbuf_free(p);
        return;
    }
    queue_[(head_ + count_++) % kQueue] = Datagram{p, from, port};
}

Status LwipUdpSocket::send_to(Ipv4 addr, uint16_t port, Bytes data) {
    if (data.size() > 0xffff) return Status(Errc::inval, "UDP datagram too large");
    pbuf* p = pbuf_alloc(PBUF_TRANSPORT, u16_t(data.size()), PBUF_RAM);
    if (!p) return Status(Errc::nomem);
    pbuf_take(p, data.data(), u16_t(data.size()));
    ip_addr_t dst = IPADDR4_INIT(0);
    IP4_ADDR(ip_2_ip4(&dst), addr.b[0], addr.b[1], addr.b[2], addr.b[3]);
    err_t err = udp_sendto(pcb_, p, &dst, port);
    pbuf_free(p);
    return err == ERR_OK ? Status() : Status(Errc::io, "UDP send failed (no route?)");
}

Result<size_t> LwipUdpSocket::recv_from(Span<uint8_t> out, Ipv4* from, uint16_t* from_port,
                                        uint32_t timeout_ms) {
    uint64_t deadline = hw::now_ms() + timeout_ms;
    while (count_ == 0) {
        net_.poll();
        if (hw::now_ms() > deadline) return Error(Errc::timedout, "no UDP reply");
    }
    Datagram d = queue_[head_];
    head_ = (head_ + 1) % kQueue, --count_;
    size_t n = pbuf_copy_partial(d.p, out.data(), u16_t(min(out.size(), size_t(d.p->tot_len))), 0);
    pbuf_free(d.p);
    if (from) *from = d.from;
    if (from_port) *from_port = d.port;
    return n;
}

void LwipUdpSocket::close() {
    if (pcb_) udp_remove(pcb_);
    for (; count_; --count_, head_ = (head_ + 1) % kQueue) pbuf_free(queue_[head_].p);
    destroy(this);
}

}  // namespace carte::fw
