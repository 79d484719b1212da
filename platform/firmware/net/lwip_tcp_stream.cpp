#include "platform/firmware/net/lwip_tcp_stream.h"

#include "drivers/hw/hw.h"
#include "lwip/tcp.h"
#include "platform/firmware/net/frame_copy.h"
#include "platform/firmware/net/lwip_network.h"
#include "runtime/rt/allocator.h"

namespace carte::fw {

namespace {
err_t connected_cb(void* arg, tcp_pcb*, err_t) {
    static_cast<LwipTcpStream*>(arg)->on_connected();
    return ERR_OK;
}
err_t recv_cb(void* arg, tcp_pcb*, pbuf* p, err_t) {
    static_cast<LwipTcpStream*>(arg)->on_data(p);
    return ERR_OK;
}
void error_cb(void* arg, err_t err) {
    static_cast<LwipTcpStream*>(arg)->on_error(err);
}

Error map_error(signed char err) {
    switch (err) {
        case ERR_RST:
            return Error(Errc::connreset, "connection reset by peer");
        case ERR_ABRT:
            return Error(Errc::connreset, "connection aborted");
        case ERR_CLSD:
            return Error(Errc::connreset, "connection closed");
        case ERR_TIMEOUT:
            return Error(Errc::timedout, "connection timed out");
        default:
            return Error(Errc::connrefused, "connection refused");
    }
}
}  // namespace

Result<TcpStream*> LwipTcpStream::connect(LwipNetwork& net, Ipv4 addr, uint16_t port, uint32_t timeout_ms) {
    LwipTcpStream* s = make<LwipTcpStream>(net);
    if (!s) return Error(Errc::nomem);
    s->pcb_ = tcp_new();
    if (!s->pcb_) {
        destroy(s);
        return Error(Errc::nomem, "no free TCP connection");
    }
    tcp_arg(s->pcb_, s);
    tcp_recv(s->pcb_, recv_cb);
    tcp_err(s->pcb_, error_cb);
    ip4_addr_t ip;
    IP4_ADDR(&ip, addr.b[0], addr.b[1], addr.b[2], addr.b[3]);
    if (tcp_connect(s->pcb_, &ip, port, connected_cb) != ERR_OK) {
        s->close();
        return Error(Errc::connrefused, "tcp_connect failed (no route?)");
    }
    uint64_t deadline = hw::now_ms() + timeout_ms;
    while (!s->connected_ && !s->error_) {
        net.poll();
        if (hw::now_ms() > deadline) {
            s->close();
            return Error(Errc::timedout, "TCP connect timed out");
        }
    }
    if (s->error_) {
        Error e = map_error(s->error_);
        s->close();
        return e;
    }
    return static_cast<TcpStream*>(s);
}

void LwipTcpStream::on_data(pbuf* p) {
    if (!p) {
        peer_closed_ = true;
        return;
    }
    // Count queued bytes here rather than trusting rx_->tot_len: it is a u16_t, and with the scaled
    // window more than 64 KiB can queue up (a retransmission that fills a hole releases the whole
    // out-of-order queue at once), which wraps it; a wrapped 0 read as "nothing queued" was a
    // false end of stream.
    rx_bytes_ += p->tot_len;
    if (rx_)
        pbuf_cat(rx_, p);
    else
        rx_ = p;
}

void LwipTcpStream::on_error(signed char err) {
    error_ = err ? err : static_cast<signed char>(ERR_ABRT);
    pcb_ = nullptr;  // lwIP has already freed it
}

Status LwipTcpStream::send(Bytes data) {
    uint64_t deadline = hw::now_ms() + 30000;
    size_t done = 0;
    while (done < data.size()) {
        if (!pcb_) return map_error(error_);
        size_t room = min(size_t(tcp_sndbuf(pcb_)), size_t(0xffff));
        size_t chunk = min(room, data.size() - done);
        if (chunk > 0 && tcp_write(pcb_, data.data() + done, u16_t(chunk), TCP_WRITE_FLAG_COPY) == ERR_OK) {
            done += chunk;
            tcp_output(pcb_);
            continue;
        }
        tcp_output(pcb_);
        net_.poll();
        if (hw::now_ms() > deadline) return Status(Errc::timedout, "TCP send timed out");
    }
    return {};
}

Result<size_t> LwipTcpStream::recv(Span<uint8_t> out, uint32_t timeout_ms) {
    uint64_t deadline = hw::now_ms() + timeout_ms;
    while (!rx_) {
        if (peer_closed_) return size_t(0);
        if (error_) return map_error(error_);
        net_.poll();
        if (hw::now_ms() > deadline) return Error(Errc::timedout, "TCP receive timed out");
    }
    size_t n = min(min(out.size(), size_t(0xffff)), rx_bytes_);
    size_t done = 0;
    for (const pbuf* q = rx_; q && done < n; q = q->next) {
        size_t k = min(size_t(q->len), n - done);
        copy_bytes(out.data() + done, static_cast<const uint8_t*>(q->payload), k);
        done += k;
    }
    rx_ = pbuf_free_header(rx_, u16_t(n));
    rx_bytes_ -= n;
    if (pcb_) tcp_recved(pcb_, u16_t(n));  // reopen the window by what the caller consumed
    return n;
}

void LwipTcpStream::detach() {
    if (!pcb_) return;
    tcp_arg(pcb_, nullptr);
    tcp_recv(pcb_, nullptr);
    tcp_err(pcb_, nullptr);
    if (tcp_close(pcb_) != ERR_OK) tcp_abort(pcb_);
    pcb_ = nullptr;
}

void LwipTcpStream::close() {
    detach();
    if (rx_) pbuf_free(rx_);
    rx_ = nullptr;
    rx_bytes_ = 0;
    destroy(this);
}

}  // namespace carte::fw
