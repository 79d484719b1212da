// What an HTTPS connection needs besides a TCP stream: the roots it trusts, the time to check
// certificates against and random numbers for the handshake (the platform's, see
// Platform::unix_time and Platform::gather_entropy). One per fetcher; `certstat`, `certstore` and
// `certfree` reach it through InterpreterOptions::tls. docs/tls.md.
#pragma once
#include "runtime/net/tls_trust.h"
#include "runtime/platform/platform.h"

namespace carte {

class TlsContext {
  public:
    explicit TlsContext(Platform& platform) : platform_(platform) {}
    TlsTrust& trust() { return trust_; }

    // Runs a TLS 1.2 handshake with `host` (a DNS name, or dotted IPv4) over `inner` and returns
    // the encrypted stream. On failure `inner` is closed and the error says why (tls_error.h).
    Result<TcpStream*> connect(TcpStream* inner, Str host, uint32_t timeout_ms);

  private:
    Platform& platform_;
    TlsTrust trust_;
};

}  // namespace carte
