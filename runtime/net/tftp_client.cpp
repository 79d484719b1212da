#include "runtime/net/tftp_client.h"

#include "runtime/net/ipv4_text.h"
#include "runtime/rt/string.h"
#include "runtime/rt/vec.h"
#include "runtime/uri/uri.h"

namespace carte {
namespace {

enum Opcode : uint16_t { kRrq = 1, kData = 3, kAck = 4, kError = 5, kOack = 6 };
constexpr uint16_t kMaxBlksize = 65464;

uint16_t be16(const uint8_t* p) {
    return static_cast<uint16_t>(p[0] << 8 | p[1]);
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
bool equal_nocase(Str a, Str b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

bool parse_decimal(Str s, uint64_t max, uint64_t* out) {
    if (s.empty()) return false;
    uint64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        unsigned d = static_cast<unsigned>(c - '0');
        if (v > (max - d) / 10) return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

Error tftp_error(uint16_t code) {
    switch (code) {
        case 1:
            return Error(Errc::noent, "TFTP: file not found", 1);
        case 2:
            return Error(Errc::perm, "TFTP: access violation", 2);
        case 3:
            return Error(Errc::nospc, "TFTP: disk full", 3);
        case 8:
            return Error(Errc::notsup, "TFTP: server refused the options", 8);
        default:
            return Error(Errc::io, "TFTP: server reported an error", code);
    }
}

// One transfer's state; the socket is closed when it goes out of scope.
class Transfer {
  public:
    Transfer(UdpSocket* sock, Ipv4 server, DownloadSink& sink, const TftpOptions& opt, Clock* clock)
        : sock_(sock), server_(server), sink_(sink), opt_(opt), clock_(clock) {}
    ~Transfer() { sock_->close(); }

    Result<TftpOutcome> run(uint16_t port, Str filename);

  private:
    Status send_last() { return sock_->send_to(server_, peer_port_ ? peer_port_ : rrq_port_, last_.span()); }
    Status send_ack(uint16_t block);
    void send_error(uint16_t port, uint16_t code, Str message);
    Status on_oack(Bytes options);
    Status start_body();

    UdpSocket* sock_;
    Ipv4 server_;
    DownloadSink& sink_;
    const TftpOptions& opt_;
    Clock* clock_;
    uint16_t rrq_port_ = 69;
    uint16_t peer_port_ = 0;  // the server's TID, learnt from its first reply
    Vec<uint8_t> last_;       // the packet to retransmit on timeout
    TftpOutcome out_;
    bool got_reply_ = false;
    bool started_ = false;
    uint64_t start_ms_ = 0;
};

Status Transfer::send_ack(uint16_t block) {
    last_.clear();
    uint8_t ack[4] = {0, kAck, static_cast<uint8_t>(block >> 8), static_cast<uint8_t>(block)};
    for (uint8_t b : ack)
        if (!last_.push(b)) return Error(Errc::nomem);
    return send_last();
}

void Transfer::send_error(uint16_t port, uint16_t code, Str message) {
    Vec<uint8_t> pkt;
    bool ok = pkt.push(0) && pkt.push(kError) && pkt.push(static_cast<uint8_t>(code >> 8)) &&
              pkt.push(static_cast<uint8_t>(code));
    for (char c : message) ok = ok && pkt.push(static_cast<uint8_t>(c));
    if (ok && pkt.push(0)) (void)sock_->send_to(server_, port, pkt.span());
}

Status Transfer::on_oack(Bytes options) {
    // name\0value\0 pairs; only options we asked for, with values we can accept.
    size_t pos = 0;
    while (pos < options.size()) {
        Str fields[2];
        for (auto& f : fields) {
            size_t end = pos;
            while (end < options.size() && options[end] != 0) ++end;
            if (end >= options.size()) return Error(Errc::badmsg, "TFTP: malformed option acknowledgement");
            f = Str(reinterpret_cast<const char*>(options.data() + pos), end - pos);
            pos = end + 1;
        }
        uint64_t v = 0;
        if (equal_nocase(fields[0], "blksize") && opt_.blksize) {
            if (!parse_decimal(fields[1], kMaxBlksize, &v) || v < 8 || v > opt_.blksize)
                return Error(Errc::badmsg, "TFTP: server chose an invalid block size");
            out_.blksize = static_cast<uint16_t>(v);
        } else if (equal_nocase(fields[0], "tsize") && opt_.request_tsize) {
            if (!parse_decimal(fields[1], static_cast<uint64_t>(1) << 48, &v))
                return Error(Errc::badmsg, "TFTP: invalid transfer size");
            out_.total = v;
        } else {
            return Error(Errc::badmsg, "TFTP: server acknowledged an option that was not requested");
        }
    }
    return {};
}

Status Transfer::start_body() {
    if (started_) return {};
    started_ = true;
    return sink_.on_headers(out_.total);
}

Result<TftpOutcome> Transfer::run(uint16_t port, Str filename) {
    rrq_port_ = port;
    start_ms_ = clock_ ? clock_->now_ms() : 0;
    if (filename.empty()) return Error(Errc::inval, "TFTP: empty file name");
    if (filename.find('\0') != Str::npos) return Error(Errc::inval, "TFTP: invalid file name");
    // RRQ: opcode, filename\0, "octet"\0, then options.
    String rrq;
    bool ok = rrq.append(filename) && rrq.append(Str("\0octet\0", 7));
    if (opt_.blksize)
        ok = ok && rrq.append(Str("blksize\0", 8)) && rrq.append_u64(opt_.blksize) && rrq.append('\0');
    if (opt_.request_tsize)
        ok = ok && rrq.append(Str("tsize\0"
                                  "0\0",
                                  8));
    ok = ok && last_.push(0) && last_.push(kRrq);
    for (size_t i = 0; ok && i < rrq.size(); ++i) ok = last_.push(static_cast<uint8_t>(rrq[i]));
    if (!ok) return Error(Errc::nomem);
    if (last_.size() > 512) return Error(Errc::inval, "TFTP: file name too long");
    CARTE_TRY(send_last());

    Vec<uint8_t> buf;
    size_t cap = 4 + (opt_.blksize > 512 ? opt_.blksize : 512) + 1;  // +1 detects oversized blocks
    if (!buf.reserve(cap)) return Error(Errc::nomem);
    for (size_t i = 0; i < cap; ++i) (void)buf.push(0);

    uint16_t expected = 1;
    unsigned tries = 0;
    for (;;) {
        Ipv4 from;
        uint16_t from_port = 0;
        auto got = sock_->recv_from(buf.span(), &from, &from_port, opt_.timeout_ms);
        if (!got) {
            if (got.error().code != Errc::timedout) return got.error();
            if (++tries > opt_.retries) return Error(Errc::timedout, "TFTP: no response from the server");
            ++out_.retransmits;
            CARTE_TRY(send_last());
            continue;
        }
        if (!(from == server_)) continue;  // not our server: ignore
        if (!got_reply_) {
            peer_port_ = from_port;
            got_reply_ = true;
        } else if (from_port != peer_port_) {
            send_error(from_port, 5, "Unknown transfer ID");
            continue;
        }
        size_t n = *got;
        const uint8_t* p = buf.data();
        if (n < 4) {
            send_error(peer_port_, 4, "Short packet");
            return Error(Errc::badmsg, "TFTP: short packet");
        }
        uint16_t op = be16(p);
        if (op == kError) return tftp_error(be16(p + 2));
        if (op == kOack) {
            if (started_) {  // a repeat: our ACK 0 was lost, or it is late and the transfer moved on
                if (expected == 1) CARTE_TRY(send_ack(0));
                continue;
            }
            Status s = on_oack(Bytes(p + 2, n - 2));
            if (!s) {
                send_error(peer_port_, 8, "Bad option");
                return s.error();
            }
            CARTE_TRY(start_body());
            CARTE_TRY(send_ack(0));
            tries = 0;
            continue;
        }
        if (op != kData) {
            send_error(peer_port_, 4, "Illegal operation");
            return Error(Errc::badmsg, "TFTP: unexpected packet");
        }
        uint16_t block = be16(p + 2);
        size_t len = n - 4;
        if (block == static_cast<uint16_t>(expected - 1) && started_) {
            CARTE_TRY(send_ack(block));  // our ACK was lost: say it again
            continue;
        }
        if (block != expected) continue;
        if (!started_) out_.blksize = 512;  // the server ignored our options
        if (len > out_.blksize) {
            send_error(peer_port_, 4, "Block too large");
            return Error(Errc::badmsg, "TFTP: data block larger than the block size");
        }
        CARTE_TRY(start_body());
        if (len) CARTE_TRY(sink_.on_data(Bytes(p + 4, len)));
        out_.size += len;
        if (out_.total != kUnknownSize && out_.size > out_.total)
            return Error(Errc::badmsg, "TFTP: more data than the announced size");
        CARTE_TRY(send_ack(block));
        CARTE_TRY(sink_.on_progress(out_.size, out_.total, clock_ ? clock_->now_ms() - start_ms_ : 0));
        tries = 0;
        if (len < out_.blksize) return out_;
        ++expected;  // wraps to 0 after 65535, as most servers do
    }
}

}  // namespace

Result<TftpOutcome> tftp_get(Network& net, Ipv4 server, uint16_t port, Str filename, DownloadSink& sink,
                             const TftpOptions& options, Clock* clock) {
    if (options.blksize && (options.blksize < 8 || options.blksize > kMaxBlksize))
        return Error(Errc::inval, "TFTP: invalid block size");
    auto sock = net.udp_open();
    if (!sock) return sock.error();
    Transfer t(*sock, server, sink, options, clock);
    return t.run(port ? port : 69, filename);
}

Result<TftpOutcome> tftp_get_url(Network& net, Str url, DownloadSink& sink, const TftpOptions& options,
                                 Clock* clock) {
    auto uri = Uri::parse(url);
    if (!uri) return Error(Errc::inval, "TFTP: invalid URL");
    if (!equal_nocase(uri->scheme(), "tftp")) return Error(Errc::inval, "TFTP: not a tftp:// URL");
    Ipv4 server;
    if (!parse_ipv4(uri->host(), &server)) {
        if (uri->host().empty()) return Error(Errc::inval, "TFTP: URL has no host");
        auto ip = net.resolve(uri->host(), options.timeout_ms * (options.retries + 1));
        if (!ip) return ip.error();
        server = *ip;
    }
    uint32_t port = uri->port_number(69);
    if (port == 0 || port > 65535) return Error(Errc::inval, "TFTP: invalid port");
    Str path = uri->path();
    if (path.starts_with("/")) path = path.drop(1);
    return tftp_get(net, server, static_cast<uint16_t>(port), path, sink, options, clock);
}

}  // namespace carte
