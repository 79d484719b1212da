#include "runtime/net/tls_stream.h"

#include "runtime/crypto/random_pool.h"
#include "runtime/crypto/tls_glue.h"
#include "runtime/crypto/x509_names.h"
#include "runtime/net/ipv4_text.h"
#include "runtime/net/tls_context.h"
#include "runtime/net/tls_error.h"
#include "runtime/rt/allocator.h"

namespace carte {

Error TlsStream::closed_error() {
    int err = carte_tls_last_error(engine_);
    if (err == 0) return Error(Errc::connreset, "TLS: the server closed the connection");
    if (err == 31 && eof_)  // BR_ERR_IO after the TCP stream ended
        return Error(Errc::connreset, "TLS: connection closed without close_notify (truncated)");
    // After the handshake, a server's handshake_failure answers our refusal to renegotiate
    // (BearSSL sends no_renegotiation; OpenSSL servers make that fatal).
    if (established_ && err == 256 + 40)
        return Error(Errc::proto, "TLS: the server asked to renegotiate, which Carte refuses, and gave up",
                     40);
    return tls_error(err);
}

// TcpStream::send has its own bound, so there is no timeout here.
Status TlsStream::send_records() {
    for (;;) {
        if (!(carte_tls_state(engine_) & CARTE_TLS_SENDREC)) return {};
        size_t n = 0;
        uint8_t* buf = carte_tls_buffer(engine_, CARTE_TLS_SENDREC, &n);
        Status s = inner_->send(Bytes(buf, n));
        if (!s) return s;
        carte_tls_ack(engine_, CARTE_TLS_SENDREC, n);
    }
}

Status TlsStream::pump(unsigned want, uint32_t timeout_ms) {
    for (;;) {
        unsigned st = carte_tls_state(engine_);
        if (st & CARTE_TLS_CLOSED) return closed_error();
        if (st & CARTE_TLS_SENDREC) {
            CARTE_TRY(send_records());
            continue;
        }
        if (st & want) return {};
        if (st & CARTE_TLS_RECVREC) {
            size_t room = 0;
            uint8_t* buf = carte_tls_buffer(engine_, CARTE_TLS_RECVREC, &room);
            auto got = inner_->recv(Span<uint8_t>(buf, room), timeout_ms);
            if (!got) {
                if (got.error().code == Errc::timedout)
                    return Error(Errc::timedout, "TLS: the server stopped answering");
                return got.error();
            }
            if (*got == 0) {
                eof_ = true;
                return Error(Errc::connreset, "TLS: connection closed without close_notify (truncated)");
            }
            carte_tls_ack(engine_, CARTE_TLS_RECVREC, *got);
            continue;
        }
        // The engine waits for nothing we can give: only possible with buffered output, so push it.
        carte_tls_flush(engine_);
        if (!(carte_tls_state(engine_) & (CARTE_TLS_SENDREC | CARTE_TLS_CLOSED)))
            return Error(Errc::proto, "TLS: the engine is stuck");
    }
}

Status TlsStream::handshake(uint32_t timeout_ms) {
    CARTE_TRY(pump(CARTE_TLS_SENDAPP | CARTE_TLS_RECVAPP, timeout_ms));
    established_ = true;
    return {};
}

Status TlsStream::send(Bytes data) {
    while (!data.empty()) {
        CARTE_TRY(pump(CARTE_TLS_SENDAPP, 30000));
        size_t room = 0;
        uint8_t* buf = carte_tls_buffer(engine_, CARTE_TLS_SENDAPP, &room);
        size_t n = data.size() < room ? data.size() : room;
        __builtin_memcpy(buf, data.data(), n);
        carte_tls_ack(engine_, CARTE_TLS_SENDAPP, n);
        data = data.subspan(n);
    }
    carte_tls_flush(engine_);
    return send_records();
}

Result<size_t> TlsStream::recv(Span<uint8_t> out, uint32_t timeout_ms) {
    unsigned st = carte_tls_state(engine_);
    if ((st & CARTE_TLS_CLOSED) && carte_tls_last_error(engine_) == 0) return size_t(0);  // close_notify
    Status s = pump(CARTE_TLS_RECVAPP, timeout_ms);
    if (!s) {
        if ((carte_tls_state(engine_) & CARTE_TLS_CLOSED) && carte_tls_last_error(engine_) == 0)
            return size_t(0);
        return s.error();
    }
    size_t have = 0;
    uint8_t* buf = carte_tls_buffer(engine_, CARTE_TLS_RECVAPP, &have);
    size_t n = out.size() < have ? out.size() : have;
    __builtin_memcpy(out.data(), buf, n);
    carte_tls_ack(engine_, CARTE_TLS_RECVAPP, n);
    return n;
}

void TlsStream::close() {
    if (!eof_ && !(carte_tls_state(engine_) & CARTE_TLS_CLOSED)) {
        carte_tls_close(engine_);
        (void)send_records();  // best effort: the close_notify, no wait for the server's
    }
    inner_->close();
    allocator().deallocate(engine_, carte_tls_size());
    destroy(this);
}

namespace {

// Which certificate of the chain made BearSSL say "expired": the messages differ.
Error validity_error(carte_tls* engine, uint64_t now) {
    for (size_t i = 0;; ++i) {
        size_t size = 0;
        const uint8_t* der = carte_tls_chain_cert(engine, i, &size);
        if (!der) break;
        crypto::Certificate cert;
        if (!crypto::parse_certificate(Bytes(der, size), &cert).ok()) continue;
        if (now > cert.not_after)
            return Error(Errc::access, i == 0 ? "TLS: the server's certificate has expired"
                                              : "TLS: a certificate in the server's chain has expired");
        if (now < cert.not_before)
            return Error(Errc::access,
                         i == 0 ? "TLS: the server's certificate is not valid yet (check the clock)"
                                : "TLS: a certificate in the server's chain is not valid yet");
    }
    return tls_error(54);
}

}  // namespace

Result<TcpStream*> TlsContext::connect(TcpStream* inner, Str host, uint32_t timeout_ms) {
    auto fail = [&](Error e) -> Result<TcpStream*> {
        inner->close();
        return e;
    };
    size_t count = 0;
    auto anchors = trust_.anchors(&count);
    if (!anchors) return fail(anchors.error());
    if (count == 0) return fail(tls_error(CARTE_TLS_ERR_NO_ANCHORS));
    uint64_t now = platform_.unix_time();
    if (now == 0) return fail(tls_error(53));
    crypto::RandomPool& pool = crypto::random_pool();
    if (!pool.seeded()) platform_.gather_entropy(pool);
    uint8_t seed[32];
    Status seeded = pool.generate(Span<uint8_t>(seed, sizeof seed));
    if (!seeded)
        return fail(Error(Errc::io, "TLS: not enough entropy for a handshake (docs/tls.md, \"Entropy\")"));

    Ipv4 ip;
    const bool is_ip = parse_ipv4(host, &ip);
    String name = String::copy(host);
    if (!is_ip && name.size() != host.size()) return fail(Error(Errc::nomem));
    void* memory = allocator().allocate(carte_tls_size(), 16);
    if (!memory) return fail(Error(Errc::nomem, "TLS: out of memory"));
    carte_tls* engine = static_cast<carte_tls*>(memory);
    int err =
        carte_tls_start(engine, *anchors, count, is_ip ? nullptr : name.c_str(), now, seed, sizeof seed);
    for (uint8_t& b : seed) b = 0;
    if (err) {
        allocator().deallocate(memory, carte_tls_size());
        return fail(tls_error(err));
    }
    TlsStream* stream = make<TlsStream>(inner, engine);
    if (!stream) {
        allocator().deallocate(memory, carte_tls_size());
        return fail(Error(Errc::nomem));
    }
    Status hs = stream->handshake(timeout_ms);
    if (!hs) {
        Error e = carte_tls_last_error(engine) == 54 ? validity_error(engine, now) : hs.error();
        stream->close();
        return e;
    }
    if (is_ip) {
        size_t size = 0;
        const uint8_t* der = carte_tls_chain_cert(engine, 0, &size);
        crypto::Certificate cert;
        if (!der || !crypto::parse_certificate(Bytes(der, size), &cert).ok() ||
            !crypto::certificate_names_ipv4(cert, ip.b, host)) {
            stream->close();
            return tls_error(56);
        }
    }
    return static_cast<TcpStream*>(stream);
}

}  // namespace carte
