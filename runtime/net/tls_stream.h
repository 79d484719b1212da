// A TcpStream carried over TLS: the BearSSL engine (runtime/crypto/tls_glue.h) between HTTP and
// the TCP stream beneath. Records go out as soon as the engine has them; a read that meets the
// end of the TCP stream before the server's close_notify is an error (a truncation attack looks
// exactly like that), so HTTP resumes or fails instead of keeping a short body.
#pragma once
#include "runtime/platform/network.h"

extern "C" {
typedef struct carte_tls carte_tls;
}

namespace carte {

class TlsStream final : public TcpStream {
  public:
    // Takes `inner` and `engine` (allocated with carte_tls_size() bytes, already started).
    TlsStream(TcpStream* inner, carte_tls* engine) : inner_(inner), engine_(engine) {}

    // Runs the engine until the handshake is done; the error names what failed.
    Status handshake(uint32_t timeout_ms);
    Status send(Bytes data) override;
    Result<size_t> recv(Span<uint8_t> out, uint32_t timeout_ms) override;
    void close() override;  // sends close_notify, closes the TCP stream, frees everything

    carte_tls* engine() { return engine_; }

  private:
    // Moves records until the engine is in one of the `want` states; errors when it closes.
    Status pump(unsigned want, uint32_t timeout_ms);
    Status send_records();
    Error closed_error();

    TcpStream* inner_;
    carte_tls* engine_;
    bool eof_ = false;          // the TCP stream ended
    bool established_ = false;  // the handshake completed
};

}  // namespace carte
