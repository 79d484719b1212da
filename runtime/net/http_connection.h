// One TCP connection to an HTTP server with a bounded receive buffer: line reads for the
// response head and chunk sizes, slice reads for bodies. A line longer than the buffer is an
// error, so a server cannot make the client buffer without limit.
#pragma once
#include "runtime/platform/network.h"
#include "runtime/rt/result.h"
#include "runtime/rt/string.h"

namespace carte {

class HttpConnection {
  public:
    static constexpr size_t kBufferSize = 8192;  // also the longest accepted header line

    HttpConnection(TcpStream* stream, Ipv4 addr, uint16_t port) : stream_(stream), addr_(addr), port_(port) {}
    // A connection over TLS to `host` (pooled connections are reused for the same name only).
    HttpConnection(TcpStream* stream, Ipv4 addr, uint16_t port, Str tls_host)
        : stream_(stream), addr_(addr), port_(port), host_(String::copy(tls_host)) {}
    ~HttpConnection() { close(); }
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    Ipv4 addr() const { return addr_; }
    uint16_t port() const { return port_; }
    bool tls() const { return !host_.empty(); }
    Str tls_host() const { return host_.view(); }
    bool is_open() const { return stream_ != nullptr; }
    void close();

    Status send(Bytes data);
    // The next line without its "\n" or "\r\n". Errc::badmsg if longer than the buffer,
    // Errc::connreset if the server closes first (*clean_eof is set when that happened at a line
    // start with nothing buffered, i.e. between responses).
    Result<Str> read_line(uint32_t timeout_ms, bool* clean_eof = nullptr);
    // Up to `max` body bytes (at least one), from the buffer or the stream. An empty span means the
    // server closed the connection.
    Result<Bytes> read_some(size_t max, uint32_t timeout_ms);
    // Body bytes into `out` (at least one): what is buffered first, else straight from the stream
    // with no copy through the buffer. 0 means the server closed the connection.
    Result<size_t> read_into(Span<uint8_t> out, uint32_t timeout_ms);
    // Bytes already received but not yet consumed (a clean response leaves none).
    size_t buffered() const { return end_ - start_; }
    // Total bytes ever received on this connection.
    uint64_t received() const { return received_; }

    // Pool bookkeeping.
    uint64_t idle_since_ms = 0;
    uint32_t trust_generation = 0;  // TLS: TlsTrust::generation() when the handshake was made
    unsigned requests = 0;

  private:
    Result<size_t> fill(uint32_t timeout_ms);  // receives into the free tail of the buffer

    TcpStream* stream_;
    Ipv4 addr_;
    uint16_t port_;
    String host_;  // TLS only: the name it was made for
    uint64_t received_ = 0;
    size_t start_ = 0, end_ = 0;
    uint8_t buf_[kBufferSize];
};

}  // namespace carte
