// DNS resolution of IPv4 addresses (A records) over UDP, for platforms without a resolver of
// their own (the ROM). Follows CNAME chains (up to 32 names, as iPXE), inside one answer or by
// asking again for the alias. Every length and compression pointer in a reply is checked, so a
// malformed reply is an Errc::badmsg, never an out-of-bounds read or a loop.
#pragma once
#include "runtime/platform/network.h"
#include "runtime/rt/string.h"

namespace carte {

struct DnsOptions {
    uint16_t port = 53;
    uint32_t timeout_ms = 2000;  // per query
    unsigned retries = 2;        // repeats of a query that got no (valid) answer
};

// Resolves `name` (a dotted-quad literal is returned as is). Errors: noent (NXDOMAIN or no
// address), timedout, badmsg (malformed reply), io (server failure).
Result<Ipv4> dns_resolve(Network& net, Ipv4 server, Str name, const DnsOptions& options = {});

// The wire pieces, exposed for tests and fuzzing.
// Appends a query for `name` (type A, class IN, recursion desired) with transaction `id`.
Status dns_build_query(uint16_t id, Str name, Vec<uint8_t>* out);

struct DnsAnswer {
    bool has_address = false;
    Ipv4 address;
    String cname;  // set when the chain ends in an alias this reply has no address for
};
// Parses a reply to the query (`id`, `name`), following CNAMEs within it.
Result<DnsAnswer> dns_parse_reply(Bytes reply, uint16_t id, Str name);

}  // namespace carte
