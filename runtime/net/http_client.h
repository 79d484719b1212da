// The runtime's HTTP/1.1 client, shared by `carte run` (host sockets) and the ROM (lwIP).
//
// It follows iPXE where scripts can observe the difference: `Connection: keep-alive` with a
// small pool keyed by server address and port, chunked and Content-Length bodies, redirects
// (301/302/303/307/308, at most 5, relative Locations resolved), Basic authentication from the
// URI's user:password, and status mapping (2xx ok, 403 EPERM, 404 ENOENT, other 4xx/5xx EIO,
// with the status in Error::value). Unlike iPXE it also resumes: when a connection drops
// mid-body it reconnects and asks for `Range: bytes=N-`; a matching 206 continues, a 200 restarts
// from zero if the sink can rewind. https:// is the same over TLS (TlsContext), with pooled
// connections reused only for the same host name. See docs/net.md and docs/tls.md.
#pragma once
#include "runtime/net/download_sink.h"
#include "runtime/net/http_connection.h"
#include "runtime/platform/network.h"
#include "runtime/rt/string.h"
#include "runtime/rt/vec.h"

namespace carte {

class TlsContext;
class Uri;

enum class HttpMethod : uint8_t { get, head, post };

struct HttpField {
    Str name;
    Str value;
};

struct HttpRequest {
    HttpMethod method = HttpMethod::get;
    Str url;                        // absolute http:// or https:// URL
    Span<const HttpField> form;     // POST body, sent as application/x-www-form-urlencoded
    Span<const HttpField> headers;  // extra request headers (iPXE's `param --header`)
};

struct HttpOptions {
    uint32_t timeout_ms = 120000;  // inactivity: fails after this long without any progress
    uint32_t connect_timeout_ms = 15000;
    unsigned max_redirects = 5;
    unsigned max_resumes = 3;  // reconnections after a mid-body drop
};

struct HttpOutcome {
    unsigned status = 0;  // the final response's status (200 or 206)
    uint64_t size = 0;    // body bytes delivered to the sink (after any rewind)
    uint64_t total = kUnknownSize;
    unsigned redirects = 0;
    unsigned resumes = 0;  // how many times the download continued on a new connection
    String final_url;      // after redirects
};

class HttpClient {
  public:
    // `clock` (optional) supplies elapsed times for progress and expires idle pooled connections.
    explicit HttpClient(Network& net, Clock* clock = nullptr) : net_(net), clock_(clock) {}
    ~HttpClient() { close_idle(); }
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Performs the request, streaming the body into `sink`. On error, the sink may have received a
    // prefix of the body.
    Result<HttpOutcome> fetch(const HttpRequest& request, DownloadSink& sink,
                              const HttpOptions& options = {});
    // Convenience: GET `url`.
    Result<HttpOutcome> get(Str url, DownloadSink& sink, const HttpOptions& options = {}) {
        HttpRequest r;
        r.url = url;
        return fetch(r, sink, options);
    }

    // Where https:// connections get their trust, time and randomness; without one, https:// URLs
    // fail with Errc::notsup.
    void use_tls(TlsContext* tls) { tls_ = tls; }

    // Closes every pooled connection (before booting, or when the network goes down).
    void close_idle();
    size_t idle_connections() const { return idle_.size(); }

    static constexpr size_t kMaxIdle = 4;
    static constexpr uint64_t kIdleExpiryMs = 10000;  // as iPXE's connection pool

  private:
    struct Transfer;
    Status exchange(Transfer& t);
    Status attempt(Transfer& t, HttpConnection* conn, bool reused, bool* retry_fresh);
    Result<HttpConnection*> acquire(const Transfer& t, uint32_t timeout_ms, bool* reused);
    void release(HttpConnection* conn, bool reusable);
    uint64_t now() { return clock_ ? clock_->now_ms() : 0; }

    Network& net_;
    Clock* clock_;
    TlsContext* tls_ = nullptr;
    Vec<HttpConnection*> idle_;
};

// A sink that keeps the whole body in memory (tests, small files, scripts).
class BufferSink final : public DownloadSink {
  public:
    Status on_headers(uint64_t total) override;
    Status on_data(Bytes data) override;
    Span<uint8_t> receive_buffer(size_t max) override;
    Status on_written(size_t n) override;
    Status on_rewind() override;
    Status on_progress(uint64_t done, uint64_t total, uint64_t elapsed_ms) override;

    Vec<uint8_t> data;
    bool in_place = true;  // offer receive_buffer (false: every byte goes through on_data)
    unsigned written_calls = 0;
    uint64_t total = kUnknownSize;
    unsigned headers_calls = 0, rewinds = 0, progress_calls = 0;
    uint64_t limit = static_cast<uint64_t>(1) << 32;  // refuse bodies larger than this
};

}  // namespace carte
