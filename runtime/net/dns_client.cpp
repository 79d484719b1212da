#include "runtime/net/dns_client.h"

#include "runtime/net/ipv4_text.h"

namespace carte {
namespace {

constexpr size_t kMaxName = 255;       // RFC 1035 limit, in wire form
constexpr unsigned kMaxCnames = 32;    // as iPXE
constexpr unsigned kMaxPointers = 32;  // compression jumps in one name
constexpr uint16_t kTypeA = 1, kTypeCname = 5, kClassIn = 1;
constexpr size_t kMaxReply = 1500;

uint16_t be16(const uint8_t* p) {
    return static_cast<uint16_t>(p[0] << 8 | p[1]);
}
char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// A decoded name in dotted form, without the trailing dot.
struct Name {
    char text[kMaxName + 1];
    size_t size = 0;
    Str view() const { return Str(text, size); }
};

bool same_name(Str a, Str b) {
    if (a.ends_with(".")) a = a.substr(0, a.size() - 1);
    if (b.ends_with(".")) b = b.substr(0, b.size() - 1);
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

// Reads the (possibly compressed) name at msg[*pos] into *out; *pos moves past it.
Status read_name(Bytes msg, size_t* pos, Name* out) {
    out->size = 0;
    size_t p = *pos;
    bool jumped = false;
    for (unsigned jumps = 0;;) {
        if (p >= msg.size()) return Error(Errc::badmsg, "DNS: truncated name");
        uint8_t len = msg[p];
        if ((len & 0xc0) == 0xc0) {
            if (p + 1 >= msg.size()) return Error(Errc::badmsg, "DNS: truncated name");
            if (++jumps > kMaxPointers) return Error(Errc::badmsg, "DNS: compression loop");
            size_t target = static_cast<size_t>(len & 0x3f) << 8 | msg[p + 1];
            if (!jumped) *pos = p + 2;
            jumped = true;
            p = target;
            continue;
        }
        if (len & 0xc0) return Error(Errc::badmsg, "DNS: invalid label type");
        if (len == 0) {
            if (!jumped) *pos = p + 1;
            return {};
        }
        if (p + 1 + len > msg.size()) return Error(Errc::badmsg, "DNS: truncated name");
        if (out->size + (out->size ? 1 : 0) + len > kMaxName)
            return Error(Errc::badmsg, "DNS: name too long");
        if (out->size) out->text[out->size++] = '.';
        for (size_t i = 0; i < len; ++i) out->text[out->size++] = static_cast<char>(msg[p + 1 + i]);
        p += 1 + len;
    }
}

struct Record {
    size_t owner_pos;  // where the owner name starts (decoded again when compared)
    uint16_t type;
    size_t data_pos;
    uint16_t data_len;
};

}  // namespace

Status dns_build_query(uint16_t id, Str name, Vec<uint8_t>* out) {
    if (name.ends_with(".")) name = name.substr(0, name.size() - 1);
    if (name.empty() || name.size() > 253) return Error(Errc::inval, "DNS: invalid name");
    uint8_t header[12] = {
        static_cast<uint8_t>(id >> 8), static_cast<uint8_t>(id), 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0};
    bool ok = true;
    for (uint8_t b : header) ok = ok && out->push(b);
    size_t start = 0;
    while (start <= name.size()) {
        size_t dot = name.find('.', start);
        if (dot == Str::npos) dot = name.size();
        size_t len = dot - start;
        if (len == 0 || len > 63) return Error(Errc::inval, "DNS: invalid name");
        ok = ok && out->push(static_cast<uint8_t>(len));
        for (size_t i = start; i < dot; ++i) ok = ok && out->push(static_cast<uint8_t>(name[i]));
        start = dot + 1;
    }
    uint8_t tail[5] = {0, 0, kTypeA, 0, kClassIn};
    for (uint8_t b : tail) ok = ok && out->push(b);
    return ok ? Status() : Status(Errc::nomem);
}

Result<DnsAnswer> dns_parse_reply(Bytes msg, uint16_t id, Str name) {
    if (msg.size() < 12) return Error(Errc::badmsg, "DNS: short reply");
    const uint8_t* h = msg.data();
    if (be16(h) != id) return Error(Errc::badmsg, "DNS: reply to another query");
    if (!(h[2] & 0x80)) return Error(Errc::badmsg, "DNS: not a reply");
    unsigned rcode = h[3] & 0x0f;
    if (rcode == 3) return Error(Errc::noent, "DNS: name not found");
    if (rcode != 0) return Error(Errc::io, "DNS: server failure", static_cast<int32_t>(rcode));
    unsigned qdcount = be16(h + 4), ancount = be16(h + 6);
    size_t pos = 12;
    Name tmp;
    for (unsigned i = 0; i < qdcount; ++i) {
        CARTE_TRY(read_name(msg, &pos, &tmp));
        if (pos + 4 > msg.size()) return Error(Errc::badmsg, "DNS: truncated question");
        pos += 4;
    }
    // Index the answers (bounded by the message size, so at most a few hundred).
    constexpr size_t kMaxRecords = 64;
    Record records[kMaxRecords];
    size_t count = 0;
    for (unsigned i = 0; i < ancount; ++i) {
        size_t owner = pos;
        CARTE_TRY(read_name(msg, &pos, &tmp));
        if (pos + 10 > msg.size()) return Error(Errc::badmsg, "DNS: truncated record");
        uint16_t type = be16(msg.data() + pos), cls = be16(msg.data() + pos + 2),
                 len = be16(msg.data() + pos + 8);
        pos += 10;
        if (pos + len > msg.size()) return Error(Errc::badmsg, "DNS: truncated record data");
        if (cls == kClassIn && (type == kTypeA || type == kTypeCname) && count < kMaxRecords)
            records[count++] = Record{owner, type, pos, len};
        pos += len;
    }
    // Walk the chain from the queried name.
    DnsAnswer ans;
    Name current;
    current.size = name.size() < kMaxName ? name.size() : kMaxName;
    for (size_t i = 0; i < current.size; ++i) current.text[i] = name[i];
    for (unsigned depth = 0; depth <= kMaxCnames; ++depth) {
        const Record* alias = nullptr;
        for (size_t i = 0; i < count; ++i) {
            size_t p = records[i].owner_pos;
            CARTE_TRY(read_name(msg, &p, &tmp));
            if (!same_name(tmp.view(), current.view())) continue;
            if (records[i].type == kTypeA) {
                if (records[i].data_len != 4) return Error(Errc::badmsg, "DNS: bad address record");
                for (int b = 0; b < 4; ++b) ans.address.b[b] = msg[records[i].data_pos + b];
                ans.has_address = true;
                return ans;
            }
            if (!alias) alias = &records[i];
        }
        if (!alias) break;
        size_t p = alias->data_pos;
        CARTE_TRY(read_name(msg, &p, &current));
        if (p != alias->data_pos + alias->data_len) return Error(Errc::badmsg, "DNS: bad alias record");
    }
    if (!same_name(current.view(), name)) {
        if (!ans.cname.append(current.view())) return Error(Errc::nomem);
        return ans;
    }
    return Error(Errc::noent, "DNS: no address for this name");
}

Result<Ipv4> dns_resolve(Network& net, Ipv4 server, Str name, const DnsOptions& options) {
    Ipv4 literal;
    if (parse_ipv4(name, &literal)) return literal;
    static uint16_t next_id = 0x4321;  // any sequence will do; replies are also matched by name
    String current = String::copy(name);
    if (current.size() != name.size()) return Error(Errc::nomem);
    uint8_t reply[kMaxReply];
    for (unsigned hops = 0; hops <= kMaxCnames; ++hops) {
        uint16_t id = next_id;
        next_id = static_cast<uint16_t>(next_id * 75 + 74);
        Vec<uint8_t> query;
        CARTE_TRY(dns_build_query(id, current, &query));
        Error last(Errc::timedout, "DNS: no reply from the server");
        bool answered = false;
        for (unsigned attempt = 0; attempt <= options.retries && !answered; ++attempt) {
            uint16_t from_port = 0;
            auto n = net.udp_exchange(server, options.port, query.span(), Span<uint8_t>(reply, sizeof reply),
                                      &from_port, options.timeout_ms);
            if (!n) {
                last = n.error();
                if (last.code == Errc::timedout) continue;
                return last;
            }
            auto ans = dns_parse_reply(Bytes(reply, *n), id, current);
            if (!ans) {
                // A stray or broken reply: ask again, but report it if nothing better comes.
                last = ans.error();
                if (last.code == Errc::noent || last.code == Errc::io) return last;
                continue;
            }
            answered = true;
            if (ans->has_address) return ans->address;
            current = carte::move(ans->cname);  // ask for the alias itself
        }
        if (!answered) return last;
    }
    return Error(Errc::noent, "DNS: alias chain too long");
}

}  // namespace carte
