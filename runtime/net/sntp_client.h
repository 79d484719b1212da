// SNTP (RFC 4330) for iPXE's `ntp` command: one request to a server's port 123, so a machine
// whose clock is wrong or unset can still check certificate dates (docs/tls.md, "Time").
#pragma once
#include "runtime/platform/network.h"

namespace carte {

// Builds the 48-byte client request; `nonce` goes in the transmit timestamp, which the server
// must echo as its originate timestamp.
void sntp_request(uint64_t nonce, uint8_t out[48]);
// Checks a reply to the request carrying `nonce` and returns Unix seconds. Errc::badmsg for a
// malformed or unrelated reply, Errc::connrefused for a kiss-of-death (stratum 0).
Result<uint64_t> sntp_parse_reply(Bytes reply, uint64_t nonce);
// The whole exchange: up to three tries, `timeout_ms` in all.
Result<uint64_t> sntp_query(Network& net, Ipv4 server, uint16_t port, uint64_t nonce, uint32_t timeout_ms);

}  // namespace carte
