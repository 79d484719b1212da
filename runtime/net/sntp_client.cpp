#include "runtime/net/sntp_client.h"

namespace carte {
namespace {

constexpr uint64_t kNtpToUnix = 2208988800u;  // seconds from 1900-01-01 to 1970-01-01

uint64_t get64(const uint8_t* p) {
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = v << 8 | p[i];
    return v;
}

}  // namespace

void sntp_request(uint64_t nonce, uint8_t out[48]) {
    for (int i = 0; i < 48; ++i) out[i] = 0;
    out[0] = (4 << 3) | 3;  // LI 0, version 4, mode 3 (client)
    for (int i = 0; i < 8; ++i) out[40 + i] = uint8_t(nonce >> (56 - 8 * i));
}

Result<uint64_t> sntp_parse_reply(Bytes reply, uint64_t nonce) {
    if (reply.size() < 48) return Error(Errc::badmsg, "NTP: short reply");
    unsigned mode = reply[0] & 7, version = (reply[0] >> 3) & 7;
    if (mode != 4 || version < 3) return Error(Errc::badmsg, "NTP: not a server reply");
    if (get64(reply.data() + 24) != nonce) return Error(Errc::badmsg, "NTP: reply to another request");
    if (reply[1] == 0) return Error(Errc::connrefused, "NTP: the server refused (kiss-of-death)");
    if ((reply[0] >> 6) == 3) return Error(Errc::badmsg, "NTP: the server's clock is not synchronised");
    uint64_t seconds = get64(reply.data() + 40) >> 32;
    if (seconds <= kNtpToUnix) return Error(Errc::badmsg, "NTP: the server sent no time");
    return seconds - kNtpToUnix;
}

Result<uint64_t> sntp_query(Network& net, Ipv4 server, uint16_t port, uint64_t nonce, uint32_t timeout_ms) {
    uint8_t request[48], reply[68];
    sntp_request(nonce, request);
    Error last(Errc::timedout, "NTP: no reply");
    for (int attempt = 0; attempt < 3; ++attempt) {
        uint16_t from = 0;
        auto n =
            net.udp_exchange(server, port, Bytes(request, sizeof request), Span<uint8_t>(reply, sizeof reply),
                             &from, timeout_ms / 3 ? timeout_ms / 3 : 1);
        if (!n) {
            last = n.error();
            continue;
        }
        auto t = sntp_parse_reply(Bytes(reply, *n), nonce);
        if (t || t.error().code == Errc::connrefused) return t;
        last = t.error();
    }
    return last;
}

}  // namespace carte
