#include "platform/pc/http_get.h"

#include "runtime/rt/allocator.h"
#include "runtime/rt/string.h"

namespace carte::pc {

namespace {
constexpr uint32_t kTimeoutMs = 15000;
constexpr size_t kMaxHeader = 16384;

struct Url {
    Str host, path;
    uint16_t port = 80;
};

Result<Url> parse_url(Str url) {
    if (!url.starts_with("http://")) return Error(Errc::notsup, "only http:// URLs are supported");
    Str rest = url.drop(7);
    size_t slash = rest.find('/');
    Url u;
    Str authority = rest.substr(0, slash);
    u.path = slash == Str::npos ? Str("/") : rest.drop(slash);
    size_t colon = authority.find(':');
    u.host = authority.substr(0, colon);
    if (colon != Str::npos) {
        uint32_t port = 0;
        for (char c : authority.drop(colon + 1)) {
            if (c < '0' || c > '9' || (port = port * 10 + uint32_t(c - '0')) > 65535)
                return Error(Errc::inval, "bad port in URL");
        }
        u.port = uint16_t(port);
    }
    if (u.host.empty()) return Error(Errc::inval, "URL has no host");
    return u;
}

bool ieq(Str a, Str b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = char(x + 32);
        if (y >= 'A' && y <= 'Z') y = char(y + 32);
        if (x != y) return false;
    }
    return true;
}
Str trim(Str s) {
    while (!s.empty() && (s[0] == ' ' || s[0] == '\t')) s = s.drop(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t'))
        s = s.substr(0, s.size() - 1);
    return s;
}
Result<uint64_t> parse_uint(Str s, unsigned base) {
    if (s.empty()) return Error(Errc::proto, "missing number in HTTP response");
    uint64_t v = 0;
    for (char c : s) {
        unsigned d = c >= '0' && c <= '9'                 ? unsigned(c - '0')
                     : (c | 32) >= 'a' && (c | 32) <= 'f' ? unsigned((c | 32) - 'a' + 10)
                                                          : 99;
        if (d >= base) return Error(Errc::proto, "bad number in HTTP response");
        if (v > (~uint64_t(0) >> 8)) return Error(Errc::proto, "number too large in HTTP response");
        v = v * base + d;
    }
    return v;
}

bool grow(Download& d, size_t need) {
    if (need <= d.capacity) return true;
    size_t cap = d.capacity ? d.capacity : 65536;
    while (cap < need) cap *= 2;
    auto* p = static_cast<uint8_t*>(allocator().allocate(cap, 4096));
    if (!p) return false;
    if (d.size) __builtin_memcpy(p, d.data, d.size);
    if (d.data) allocator().deallocate(d.data, d.capacity);
    d.data = p, d.capacity = cap;
    return true;
}

// Buffered reader over a TcpStream, so headers and chunk lines can be read a line at a time.
class Reader {
  public:
    explicit Reader(TcpStream& s) : s_(s) {}
    ~Reader() { allocator().deallocate(buf_, kBuf); }
    bool ok() const { return buf_ != nullptr; }
    // Next line without CR LF; error on EOF or an over-long line.
    Result<Str> line() {
        for (;;) {
            for (size_t i = pos_; i < end_; ++i) {
                if (buf_[i] == '\n') {
                    Str l(reinterpret_cast<const char*>(buf_ + pos_), i - pos_);
                    pos_ = i + 1;
                    return trim(l);
                }
            }
            if (pos_ == 0 && end_ == kBuf) return Error(Errc::proto, "HTTP header line too long");
            auto n = fill();
            if (!n) return n.error();
            if (*n == 0) return Error(Errc::proto, "connection closed inside HTTP headers");
        }
    }
    // Copies up to max body bytes into dst; 0 at EOF.
    Result<size_t> read(uint8_t* dst, size_t max) {
        if (pos_ < end_) {
            size_t n = min(max, end_ - pos_);
            __builtin_memcpy(dst, buf_ + pos_, n);
            pos_ += n;
            return n;
        }
        return s_.recv(Span<uint8_t>(dst, max), kTimeoutMs);
    }

  private:
    static constexpr size_t kBuf = kMaxHeader;
    Result<size_t> fill() {
        if (pos_ > 0) {
            __builtin_memmove(buf_, buf_ + pos_, end_ - pos_);
            end_ -= pos_, pos_ = 0;
        }
        auto n = s_.recv(Span<uint8_t>(buf_ + end_, kBuf - end_), kTimeoutMs);
        if (n) end_ += *n;
        return n;
    }
    TcpStream& s_;
    uint8_t* buf_ = static_cast<uint8_t*>(allocator().allocate(kBuf, 16));
    size_t pos_ = 0, end_ = 0;
};

Status read_exact(Reader& r, Download& d, size_t n, size_t total, ProgressFn progress) {
    if (!grow(d, d.size + n)) return Status(Errc::nomem, "not enough memory for the download");
    size_t end = d.size + n;
    size_t last_report = d.size;
    while (d.size < end) {
        auto got = r.read(d.data + d.size, end - d.size);
        if (!got) return got.error();
        if (*got == 0) return Status(Errc::connreset, "connection closed before the end of the body");
        d.size += *got;
        if (progress && d.size - last_report >= (1u << 20)) progress(d.size, total), last_report = d.size;
    }
    return {};
}

struct Response {
    int status = 0;
    bool chunked = false;
    bool has_length = false;
    uint64_t length = 0;
    String location;
};

Result<Response> read_headers(Reader& r) {
    auto status_line = r.line();
    if (!status_line) return status_line.error();
    Str sl = *status_line;
    if (!sl.starts_with("HTTP/1.") || sl.size() < 12) return Error(Errc::proto, "not an HTTP/1.x response");
    auto code = parse_uint(sl.substr(9, 3), 10);
    if (!code) return code.error();
    Response resp;
    resp.status = int(*code);
    for (;;) {
        auto l = r.line();
        if (!l) return l.error();
        if (l->empty()) break;
        size_t colon = l->find(':');
        if (colon == Str::npos) continue;
        Str name = trim(l->substr(0, colon)), value = trim(l->drop(colon + 1));
        if (ieq(name, "Content-Length")) {
            auto v = parse_uint(value, 10);
            if (!v) return v.error();
            resp.has_length = true, resp.length = *v;
        } else if (ieq(name, "Transfer-Encoding")) {
            resp.chunked = ieq(value, "chunked");
        } else if (ieq(name, "Location")) {
            resp.location = String::copy(value);
        }
    }
    return resp;
}

Status read_body(Reader& r, const Response& resp, Download& d, ProgressFn progress) {
    if (resp.chunked) {
        for (;;) {
            auto l = r.line();
            if (!l) return l.error();
            Str size_text = *l;
            size_t semi = size_text.find(';');
            auto n = parse_uint(trim(size_text.substr(0, semi)), 16);
            if (!n) return n.error();
            if (*n == 0) return {};  // trailers are ignored
            CARTE_TRY(read_exact(r, d, size_t(*n), 0, progress));
            auto crlf = r.line();
            if (!crlf || !crlf->empty()) return Status(Errc::proto, "bad chunk terminator");
        }
    }
    if (resp.has_length) return read_exact(r, d, size_t(resp.length), size_t(resp.length), progress);
    for (;;) {  // no length: the body ends when the server closes
        if (!grow(d, d.size + 65536)) return Status(Errc::nomem, "not enough memory for the download");
        auto got = r.read(d.data + d.size, d.capacity - d.size);
        if (!got) return got.error();
        if (*got == 0) return {};
        d.size += *got;
    }
}

Error status_error(int status) {
    if (status == 404) return Error(Errc::noent, "HTTP 404 Not Found", status);
    if (status == 403) return Error(Errc::perm, "HTTP 403 Forbidden", status);
    return Error(Errc::io, "HTTP error status", status);
}

}  // namespace

void Download::release() {
    if (data) allocator().deallocate(data, capacity);
    data = nullptr, size = capacity = 0;
}

Result<Download> http_get(Network& net, Str url_text, ProgressFn progress) {
    String current = String::copy(url_text);
    for (int redirects = 0; redirects <= 5; ++redirects) {
        auto url = parse_url(current);
        if (!url) return url.error();
        auto addr = net.resolve(url->host, kTimeoutMs);
        if (!addr) return addr.error();
        auto stream = net.connect(*addr, url->port, kTimeoutMs);
        if (!stream) return stream.error();
        TcpStream& s = **stream;
        String req;
        bool ok = req.append("GET ") && req.append(url->path) && req.append(" HTTP/1.1\r\nHost: ") &&
                  req.append(url->host) &&
                  req.append("\r\nUser-Agent: carte-pc\r\nConnection: close\r\n\r\n");
        Status sent = ok ? s.send(Bytes(reinterpret_cast<const uint8_t*>(req.c_str()), req.size()))
                         : Status(Errc::nomem);
        if (!sent) {
            s.close();
            return sent.error();
        }
        Download d;
        Status result;
        Response resp;
        {
            Reader r(s);
            if (!r.ok()) {
                result = Status(Errc::nomem);
            } else if (auto h = read_headers(r); !h) {
                result = h.error();
            } else {
                resp = h.take();
                if (resp.status >= 200 && resp.status < 300)
                    result = read_body(r, resp, d, progress);
                else if (!(resp.status >= 300 && resp.status < 400 && !resp.location.empty()))
                    result = status_error(resp.status);
            }
        }
        s.close();
        if (!result) {
            d.release();
            return result.error();
        }
        if (resp.status >= 300 && resp.status < 400) {
            if (!resp.location.view().starts_with("http://"))
                return Error(Errc::notsup, "redirect to a non-http URL");
            current = resp.location.clone();
            continue;
        }
        return d;
    }
    return Error(Errc::io, "too many HTTP redirects");
}

}  // namespace carte::pc
