#include "runtime/net/http_client.h"

#include "runtime/net/base64.h"
#include "runtime/net/http_parse.h"
#include "runtime/net/ipv4_text.h"
#include "runtime/net/tls_context.h"
#include "runtime/uri/uri.h"
#include "runtime/uri/uri_resolve.h"

namespace carte {
namespace {

constexpr size_t kMaxHeaderBytes = 16384;  // one response head, all lines together
constexpr unsigned kMaxHeaderLines = 128;
constexpr unsigned kMaxInformational = 8;  // 1xx responses before the real one
constexpr unsigned kMaxTrailerLines = 64;
constexpr uint64_t kMaxDrain = 65536;  // error/redirect bodies read to keep the connection

Error nomem() {
    return Error(Errc::nomem, "HTTP: out of memory");
}

bool is_redirect(unsigned code) {
    return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
}

// iPXE's mapping: scripts see these errnos from a failed download.
Error status_error(unsigned code) {
    int32_t v = static_cast<int32_t>(code);
    switch (code) {
        case 400:
            return Error(Errc::io, "HTTP 400 Bad Request", v);
        case 401:
            return Error(Errc::io, "HTTP 401 Unauthorized", v);
        case 403:
            return Error(Errc::perm, "HTTP 403 Forbidden", v);
        case 404:
            return Error(Errc::noent, "HTTP 404 Not Found", v);
        case 416:
            return Error(Errc::io, "HTTP 416 Range Not Satisfiable", v);
        case 500:
            return Error(Errc::io, "HTTP 500 Internal Server Error", v);
        case 503:
            return Error(Errc::io, "HTTP 503 Service Unavailable", v);
    }
    if (code >= 500) return Error(Errc::io, "HTTP server error (5xx)", v);
    if (code >= 400) return Error(Errc::io, "HTTP client error (4xx)", v);
    if (code >= 300) return Error(Errc::io, "HTTP redirect without a usable Location", v);
    return Error(Errc::proto, "HTTP: unexpected status", v);
}

bool has_line_break(Str s) {
    return s.find('\r') != Str::npos || s.find('\n') != Str::npos;
}

// Reads one response head (skipping 1xx), copying Location into *location.
Status read_head(HttpConnection& conn, uint32_t timeout_ms, HttpResponseHead* head, String* location) {
    for (unsigned informational = 0;; ++informational) {
        *head = HttpResponseHead();
        location->clear();
        auto status = conn.read_line(timeout_ms);
        if (!status) return status.error();
        auto st = parse_http_status_line(*status);
        if (!st) return st.error();
        head->status_line = *st;
        size_t bytes = 0;
        for (unsigned lines = 0;; ++lines) {
            auto line = conn.read_line(timeout_ms);
            if (!line) return line.error();
            if (line->empty()) break;
            bytes += line->size();
            if (bytes > kMaxHeaderBytes || lines >= kMaxHeaderLines)
                return Error(Errc::badmsg, "HTTP: response header block too large");
            auto h = parse_http_header_line(*line);
            if (!h) return h.error();
            CARTE_TRY(apply_http_header(head, *h));
            if (http_equal_nocase(h->name, "Location")) {
                location->clear();
                if (!location->append(h->value)) return nomem();
            }
        }
        if (head->status_line.status >= 200) {
            head->location = location->view();
            return {};
        }
        if (informational + 1 >= kMaxInformational)
            return Error(Errc::badmsg, "HTTP: too many 1xx responses");
    }
}

constexpr size_t kBodySlice = 65535;  // at most this much per read: one TCP receive

// An error or redirect body read only to keep the connection: counted, then dropped.
class DrainSink final : public DownloadSink {
  public:
    Status on_headers(uint64_t) override { return {}; }
    Status on_data(Bytes data) override {
        drained_ += data.size();
        return drained_ > kMaxDrain ? Status(Errc::nospc) : Status();
    }

  private:
    uint64_t drained_ = 0;
};

// Moves up to `max` body bytes (at least one) into `sink`, in place when it offers a receive
// buffer, then calls delivered(n) -> Status; 0 when the server has closed.
template <class Delivered>
Result<size_t> read_slice(HttpConnection& conn, size_t max, uint32_t timeout_ms, DownloadSink& sink,
                          Delivered& delivered) {
    Span<uint8_t> room = sink.receive_buffer(max);
    size_t n = 0;
    if (!room.empty()) {
        auto got = conn.read_into(room, timeout_ms);
        if (!got) return got.error();
        n = *got;
        if (n) CARTE_TRY(sink.on_written(n));
    } else {
        auto got = conn.read_some(max, timeout_ms);
        if (!got) return got.error();
        n = got->size();
        if (n) CARTE_TRY(sink.on_data(*got));
    }
    if (n) CARTE_TRY(delivered(n));
    return n;
}

// Reads a body framed by `head` into `sink`, calling delivered(n) -> Status after each piece.
template <class Delivered>
Status read_body(HttpConnection& conn, const HttpResponseHead& head, uint32_t timeout_ms, DownloadSink& sink,
                 Delivered&& delivered) {
    auto copy_exact = [&](uint64_t remaining) -> Status {
        while (remaining > 0) {
            auto got = read_slice(conn, remaining < kBodySlice ? size_t(remaining) : kBodySlice, timeout_ms,
                                  sink, delivered);
            if (!got) return got.error();
            if (*got == 0) return Error(Errc::connreset, "HTTP: connection closed mid-body");
            remaining -= *got;
        }
        return {};
    };
    if (head.chunked) {
        for (;;) {
            auto line = conn.read_line(timeout_ms);
            if (!line) return line.error();
            auto size = parse_http_chunk_size(*line);
            if (!size) return size.error();
            if (*size == 0) break;
            CARTE_TRY(copy_exact(*size));
            auto end = conn.read_line(timeout_ms);
            if (!end) return end.error();
            if (!end->empty()) return Error(Errc::badmsg, "HTTP: missing line break after chunk data");
        }
        for (unsigned i = 0;; ++i) {  // trailer fields, ignored
            auto line = conn.read_line(timeout_ms);
            if (!line) return line.error();
            if (line->empty()) return {};
            if (i >= kMaxTrailerLines) return Error(Errc::badmsg, "HTTP: too many trailer lines");
        }
    }
    if (head.has_length) return copy_exact(head.content_length);
    for (;;) {  // no framing: the body ends when the server closes
        auto got = read_slice(conn, kBodySlice, timeout_ms, sink, delivered);
        if (!got) return got.error();
        if (*got == 0) return {};
    }
}

}  // namespace

struct HttpClient::Transfer {
    Transfer(const HttpRequest& r, DownloadSink& s, const HttpOptions& o) : req(r), sink(s), opt(o) {}
    const HttpRequest& req;
    DownloadSink& sink;
    const HttpOptions& opt;
    HttpMethod method = HttpMethod::get;
    Uri uri;
    Ipv4 addr;
    uint16_t port = 80;
    bool tls = false;
    String host;  // for TLS: SNI and the certificate's name
    uint64_t start_ms = 0;
    uint64_t delivered = 0;
    uint64_t total = kUnknownSize;
    bool headers_sent = false;
    bool resumable = false;  // the current body's end is known, so a drop is detectable
    unsigned resumes = 0;
    unsigned status = 0;
    bool redirect = false;
    String location;
};

namespace {

Status build_request(const HttpRequest& req, HttpMethod method, const Uri& uri, uint64_t offset,
                     String* out) {
    bool ok = out->append(method == HttpMethod::get    ? Str("GET ")
                          : method == HttpMethod::head ? Str("HEAD ")
                                                       : Str("POST "));
    Str path = uri.epath();
    ok = ok && out->append(path.empty() ? Str("/") : path);
    if (uri.has(UriField::equery)) ok = ok && out->append('?') && out->append(uri.query());
    ok = ok && out->append(" HTTP/1.1\r\nHost: ") && out->append(uri.host());
    const uint32_t default_port = http_equal_nocase(uri.scheme(), "https") ? 443 : 80;
    if (uri.has(UriField::port) && uri.port_number(default_port) != default_port)
        ok = ok && out->append(':') && out->append(uri.port());
    ok = ok && out->append("\r\nUser-Agent: Carte/0.1\r\nConnection: keep-alive\r\nAccept: */*\r\n");
    if (uri.has(UriField::user)) {
        String creds;
        ok = ok && creds.append(uri.user()) && creds.append(':') && creds.append(uri.password());
        ok = ok && out->append("Authorization: Basic ") &&
             base64_encode(Bytes(reinterpret_cast<const uint8_t*>(creds.c_str()), creds.size()), out) &&
             out->append("\r\n");
    }
    if (offset > 0)
        ok = ok && out->append("Range: bytes=") && out->append_u64(offset) && out->append("-\r\n");
    for (const HttpField& h : req.headers) {
        if (h.name.empty() || has_line_break(h.name) || has_line_break(h.value) ||
            h.name.find(':') != Str::npos)
            return Error(Errc::inval, "HTTP: invalid request header");
        ok = ok && out->append(h.name) && out->append(": ") && out->append(h.value) && out->append("\r\n");
    }
    if (method == HttpMethod::post) {
        String body;
        for (size_t i = 0; i < req.form.size(); ++i) {
            ok = ok && (i == 0 || body.append('&')) &&
                 uri_encode(req.form[i].name, UriField::scheme, &body) && body.append('=') &&
                 uri_encode(req.form[i].value, UriField::scheme, &body);
        }
        ok = ok && out->append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ") &&
             out->append_u64(body.size()) && out->append("\r\n\r\n") && out->append(body);
    } else {
        ok = ok && out->append("\r\n");
    }
    return ok ? Status() : Status(nomem());
}

}  // namespace

Result<HttpConnection*> HttpClient::acquire(const Transfer& t, uint32_t timeout_ms, bool* reused) {
    uint64_t at = now();
    for (size_t i = idle_.size(); i-- > 0;) {
        HttpConnection* c = idle_[i];
        const bool stale_trust = c->tls() && tls_ && c->trust_generation != tls_->trust().generation();
        if ((clock_ && at - c->idle_since_ms > kIdleExpiryMs) || stale_trust) {
            destroy(c);
            idle_.erase(i);
        }
    }
    for (size_t i = idle_.size(); i-- > 0;) {
        HttpConnection* c = idle_[i];
        if (c->addr() == t.addr && c->port() == t.port && c->tls() == t.tls &&
            (!t.tls || http_equal_nocase(c->tls_host(), t.host.view()))) {
            idle_.erase(i);
            *reused = true;
            return c;
        }
    }
    *reused = false;
    auto stream = net_.connect(t.addr, t.port, timeout_ms);
    if (!stream) return stream.error();
    if (t.tls) {
        // The handshake is bounded by the transfer's inactivity timeout too (`imgfetch --timeout`).
        stream = tls_->connect(*stream, t.host.view(), min(timeout_ms, t.opt.timeout_ms));
        if (!stream) return stream.error();
    }
    HttpConnection* c = t.tls ? make<HttpConnection>(*stream, t.addr, t.port, t.host.view())
                              : make<HttpConnection>(*stream, t.addr, t.port);
    if (c && t.tls) c->trust_generation = tls_->trust().generation();
    if (!c) {
        (*stream)->close();
        return nomem();
    }
    return c;
}

void HttpClient::release(HttpConnection* conn, bool reusable) {
    if (reusable && conn->is_open() && conn->buffered() == 0 && idle_.size() < kMaxIdle) {
        conn->idle_since_ms = now();
        if (idle_.push(conn)) return;
    }
    destroy(conn);
}

void HttpClient::close_idle() {
    for (HttpConnection* c : idle_) destroy(c);
    idle_.clear();
}

Status HttpClient::attempt(Transfer& t, HttpConnection* conn, bool reused, bool* retry_fresh) {
    *retry_fresh = false;
    String request;
    Status built =
        build_request(t.req, t.method, t.uri, t.method == HttpMethod::get ? t.delivered : 0, &request);
    if (!built) {
        release(conn, true);
        return built;
    }
    uint64_t rx_before = conn->received();
    Status sent = conn->send(Bytes(reinterpret_cast<const uint8_t*>(request.c_str()), request.size()));
    if (!sent) {
        *retry_fresh = reused;  // a pooled connection the server had already closed
        release(conn, false);
        return sent;
    }
    HttpResponseHead head;
    String location;
    Status got = read_head(*conn, t.opt.timeout_ms, &head, &location);
    if (!got) {
        *retry_fresh = reused && conn->received() == rx_before && got.error().code != Errc::timedout;
        release(conn, false);
        return got;
    }
    conn->requests++;
    unsigned code = head.status_line.status;
    bool keep = http_keeps_alive(head);
    bool has_body = t.method != HttpMethod::head && code != 204 && code != 304;
    bool framed = head.chunked || head.has_length;

    // Redirects and errors: drain a small framed body so the connection can be reused.
    if (code < 200 || code >= 300) {
        bool reusable = keep && (!has_body || framed);
        if (has_body && reusable) {
            DrainSink drain;
            Status d = read_body(*conn, head, t.opt.timeout_ms, drain, [](size_t) { return Status(); });
            reusable = d.ok();
        }
        release(conn, reusable);
        if (is_redirect(code) && !head.location.empty()) {
            t.redirect = true;
            t.status = code;
            t.location = carte::move(location);
            return {};
        }
        return status_error(code);
    }

    uint64_t body_total = head.has_length && !head.chunked ? head.content_length : kUnknownSize;
    if (t.delivered > 0 && t.method == HttpMethod::get) {
        if (code == 206) {
            bool ok = head.has_range && !head.range.unsatisfied && head.range.first == t.delivered &&
                      (t.total == kUnknownSize || !head.range.total_known || head.range.total == t.total) &&
                      (body_total == kUnknownSize || head.range.last + 1 - head.range.first == body_total);
            if (!ok) {
                release(conn, false);
                return Error(Errc::proto, "HTTP: resumed response does not match the requested range");
            }
        } else if (code == 200) {
            Status r = t.sink.on_rewind();
            if (!r) {
                release(conn, false);
                return r;
            }
            t.delivered = 0;
            t.total = body_total;
        } else {
            release(conn, false);
            return Error(Errc::proto, "HTTP: unexpected status for a resumed request",
                         static_cast<int32_t>(code));
        }
    } else if (code == 206) {
        release(conn, false);
        return Error(Errc::proto, "HTTP: partial content that was not requested");
    } else if (!t.headers_sent) {
        t.total = body_total;
    }
    if (!t.headers_sent) {
        Status h = t.sink.on_headers(t.total);
        if (!h) {
            release(conn, false);
            return h;
        }
        t.headers_sent = true;
    }
    t.status = code;
    if (!has_body) {
        release(conn, keep);
        return {};
    }
    t.resumable = t.method == HttpMethod::get && framed;
    Status body = read_body(*conn, head, t.opt.timeout_ms, t.sink, [&](size_t n) -> Status {
        t.delivered += n;
        return t.sink.on_progress(t.delivered, t.total, now() - t.start_ms);
    });
    release(conn, body.ok() && keep && framed);
    return body;
}

Status HttpClient::exchange(Transfer& t) {
    bool fresh_retry_used = false;
    for (;;) {
        bool reused = false;
        auto conn = acquire(t, t.opt.connect_timeout_ms, &reused);
        if (!conn) return conn.error();
        bool retry_fresh = false;
        Status s = attempt(t, *conn, reused, &retry_fresh);
        if (s.ok()) return s;
        if (retry_fresh && !fresh_retry_used) {
            // The server dropped its idle connections; the others to it are as dead as this one.
            for (size_t i = idle_.size(); i-- > 0;) {
                if (idle_[i]->addr() == t.addr && idle_[i]->port() == t.port && idle_[i]->tls() == t.tls) {
                    destroy(idle_[i]);
                    idle_.erase(i);
                }
            }
            fresh_retry_used = true;
            continue;
        }
        bool dropped = s.error().code == Errc::connreset;
        if (dropped && t.headers_sent && t.resumable && t.resumes < t.opt.max_resumes) {
            ++t.resumes;
            continue;
        }
        return s;
    }
}

Result<HttpOutcome> HttpClient::fetch(const HttpRequest& request, DownloadSink& sink,
                                      const HttpOptions& options) {
    Transfer t(request, sink, options);
    t.method = request.method;
    t.start_ms = now();
    auto parsed = Uri::parse(request.url);
    if (!parsed) return Error(Errc::inval, "HTTP: invalid URL");
    t.uri = parsed.take();
    unsigned redirects = 0;
    for (;;) {
        Str scheme = t.uri.scheme();
        t.tls = http_equal_nocase(scheme, "https");
        if (!t.tls && !http_equal_nocase(scheme, "http"))
            return Error(Errc::inval, "HTTP: not an http:// URL");
        if (t.tls && !tls_) return Error(Errc::notsup, "HTTPS is not set up here (no TLS context)");
        Str host = t.uri.host();
        if (host.empty()) return Error(Errc::inval, "HTTP: URL has no host");
        t.host = String::copy(host);
        uint32_t port = t.uri.port_number(t.tls ? 443 : 80);
        if (port == 0 || port > 65535) return Error(Errc::inval, "HTTP: invalid port");
        t.port = static_cast<uint16_t>(port);
        if (!parse_ipv4(host, &t.addr)) {
            auto ip = net_.resolve(host, options.connect_timeout_ms);
            if (!ip) return ip.error();
            t.addr = *ip;
        }
        t.redirect = false;
        CARTE_TRY(exchange(t));
        if (!t.redirect) break;
        if (++redirects > options.max_redirects)
            return Error(Errc::io, "HTTP: too many redirects", static_cast<int32_t>(redirects - 1));
        auto next = resolve_uri(t.uri, t.location.view());
        if (!next) return Error(Errc::badmsg, "HTTP: invalid redirect Location");
        t.uri = next.take();
        if (t.status == 303 || ((t.status == 301 || t.status == 302) && t.method == HttpMethod::post))
            t.method = HttpMethod::get;
    }
    HttpOutcome out;
    out.status = t.status;
    out.size = t.delivered;
    out.total = t.total;
    out.redirects = redirects;
    out.resumes = t.resumes;
    if (!t.uri.format(&out.final_url)) return nomem();
    return out;
}

Status BufferSink::on_headers(uint64_t size) {
    ++headers_calls;
    total = size;
    if (size != kUnknownSize) {
        if (size > limit) return Error(Errc::nomem, "download larger than the buffer limit");
        if (!data.reserve(static_cast<size_t>(size))) return Error(Errc::nomem);
    }
    return {};
}

Status BufferSink::on_data(Bytes bytes) {
    if (data.size() + bytes.size() > limit)
        return Error(Errc::nomem, "download larger than the buffer limit");
    if (!data.reserve(data.size() + bytes.size())) return Error(Errc::nomem);
    for (uint8_t b : bytes) (void)data.push(b);  // cannot fail: reserved above
    return {};
}

Span<uint8_t> BufferSink::receive_buffer(size_t max) {
    if (!in_place || data.size() >= limit) return Span<uint8_t>();
    uint64_t room = limit - data.size();
    return data.spare(room < max ? static_cast<size_t>(room) : max);
}

Status BufferSink::on_written(size_t n) {
    ++written_calls;
    data.grow(n);
    return {};
}

Status BufferSink::on_rewind() {
    ++rewinds;
    data.clear();
    return {};
}

Status BufferSink::on_progress(uint64_t, uint64_t, uint64_t) {
    ++progress_calls;
    return {};
}

}  // namespace carte
