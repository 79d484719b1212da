#include "platform/firmware/net/dhcp_capture.h"

namespace carte::fw {

namespace {
constexpr size_t kBootpFixed = 236;  // op … file; then the magic cookie and options
constexpr uint8_t kCookie[4] = {99, 130, 83, 99};
constexpr uint8_t kOptPad = 0, kOptEnd = 255, kOptMessageType = 53, kOptIpxeEncap = 175, kAck = 5;

uint16_t be16(const uint8_t* p) {
    return uint16_t(p[0] << 8 | p[1]);
}

// Walks TLV options in [p, end), calling f(tag, data).
template <class F>
void walk(const uint8_t* p, const uint8_t* end, F&& f) {
    while (p < end) {
        uint8_t tag = *p++;
        if (tag == kOptPad) continue;
        if (tag == kOptEnd || p >= end) break;
        uint8_t len = *p++;
        if (len > end - p) break;  // truncated: stop rather than read past the message
        f(tag, Bytes(p, len));
        p += len;
    }
}

bool is_ack(Bytes bootp) {
    if (bootp.size() < kBootpFixed + 4 || bootp[0] != 2) return false;  // BOOTREPLY
    for (int i = 0; i < 4; ++i)
        if (bootp[kBootpFixed + i] != kCookie[i]) return false;
    bool ack = false;
    walk(bootp.data() + kBootpFixed + 4, bootp.data() + bootp.size(), [&](uint8_t tag, Bytes d) {
        if (tag == kOptMessageType && d.size() == 1 && d[0] == kAck) ack = true;
    });
    return ack;
}
}  // namespace

size_t parse_dhcp_options(Bytes bootp, Span<DhcpOption> out) {
    size_t n = 0;
    if (bootp.size() < kBootpFixed + 4) return 0;
    auto add = [&](uint16_t tag, Bytes d) {
        if (n < out.size()) out[n++] = DhcpOption{tag, d};
    };
    walk(bootp.data() + kBootpFixed + 4, bootp.data() + bootp.size(), [&](uint8_t tag, Bytes d) {
        if (tag == kOptIpxeEncap)
            walk(d.data(), d.data() + d.size(),
                 [&](uint8_t sub, Bytes sd) { add(uint16_t(kOptIpxeEncap << 8 | sub), sd); });
        else
            add(tag, d);
    });
    return n;
}

void DhcpCapture::inspect(Bytes f) {
    // Ethernet II, IPv4, UDP from port 67 to 68.
    if (f.size() < 14 + 20 + 8 || be16(&f[12]) != 0x0800) return;
    size_t ihl = size_t(f[14] & 0x0f) * 4;
    if ((f[14] >> 4) != 4 || ihl < 20 || f[14 + 9] != 17 || f.size() < 14 + ihl + 8) return;
    const uint8_t* udp = &f[14 + ihl];
    if (be16(udp) != 67 || be16(udp + 2) != 68) return;
    size_t udp_len = be16(udp + 4);
    if (udp_len < 8 || 14 + ihl + udp_len > f.size()) return;
    store_ack(Bytes(udp + 8, min(udp_len - 8, kMaxBootp)));
}

bool DhcpCapture::store_ack(Bytes bootp) {
    if (bootp.size() > kMaxBootp || !is_ack(bootp)) return false;
    __builtin_memcpy(msg_, bootp.data(), bootp.size());
    size_ = bootp.size();
    return true;
}

void DhcpCapture::fill(Lease& lease) {
    if (!size_) return;
    Bytes msg(msg_, size_);
    lease.next_server = Ipv4{{msg_[20], msg_[21], msg_[22], msg_[23]}};  // siaddr
    size_t len = 0;
    while (len < 128 && msg_[108 + len]) filename_[len] = char(msg_[108 + len]), ++len;  // BOOTP file
    filename_[len] = 0;
    lease.filename = Str(filename_, len);
    size_t count = parse_dhcp_options(msg, Span<DhcpOption>(options_));
    for (size_t i = 0; i < count; ++i) {
        const DhcpOption& o = options_[i];
        if (o.tag == 67)  // option 67 (boot file name) wins over the BOOTP field
            lease.filename = Str(reinterpret_cast<const char*>(o.data.data()), o.data.size());
        if (o.tag == 6 && o.data.size() >= 4) lease.dns = Ipv4{{o.data[0], o.data[1], o.data[2], o.data[3]}};
        if (o.tag == 54 && o.data.size() >= 4)
            lease.server_id = Ipv4{{o.data[0], o.data[1], o.data[2], o.data[3]}};
    }
    lease.options = Span<const DhcpOption>(options_, count);
}

}  // namespace carte::fw
