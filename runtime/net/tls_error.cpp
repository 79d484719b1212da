#include "runtime/net/tls_error.h"

#include "runtime/crypto/tls_glue.h"

namespace carte {
namespace {

struct AlertText {
    uint8_t alert;
    const char* name;
    const char* received;  // "TLS: the server sent <name>"
};

// One row per alert; `received` is the message when the server sends it.
constexpr AlertText kAlerts[] = {
    {0, "close_notify", "TLS: the server closed the connection (close_notify)"},
    {10, "unexpected_message", "TLS: the server sent alert unexpected_message"},
    {20, "bad_record_mac", "TLS: the server sent alert bad_record_mac"},
    {22, "record_overflow", "TLS: the server sent alert record_overflow"},
    {40, "handshake_failure",
     "TLS: the server sent alert handshake_failure (no version, cipher suite or curve in common: Carte needs "
     "TLS 1.2 with ECDHE and AES-GCM or ChaCha20)"},
    {42, "bad_certificate", "TLS: the server sent alert bad_certificate"},
    {43, "unsupported_certificate", "TLS: the server sent alert unsupported_certificate"},
    {44, "certificate_revoked", "TLS: the server sent alert certificate_revoked"},
    {45, "certificate_expired", "TLS: the server sent alert certificate_expired"},
    {46, "certificate_unknown", "TLS: the server sent alert certificate_unknown"},
    {47, "illegal_parameter", "TLS: the server sent alert illegal_parameter"},
    {48, "unknown_ca", "TLS: the server sent alert unknown_ca"},
    {49, "access_denied", "TLS: the server sent alert access_denied"},
    {50, "decode_error", "TLS: the server sent alert decode_error"},
    {51, "decrypt_error", "TLS: the server sent alert decrypt_error"},
    {70, "protocol_version", "TLS: the server sent alert protocol_version (it does not speak TLS 1.2)"},
    {71, "insufficient_security", "TLS: the server sent alert insufficient_security"},
    {80, "internal_error", "TLS: the server sent alert internal_error"},
    {86, "inappropriate_fallback", "TLS: the server sent alert inappropriate_fallback"},
    {90, "user_canceled", "TLS: the server sent alert user_canceled"},
    {100, "no_renegotiation", "TLS: the server sent alert no_renegotiation"},
    {109, "missing_extension", "TLS: the server sent alert missing_extension"},
    {110, "unsupported_extension", "TLS: the server sent alert unsupported_extension"},
    {112, "unrecognized_name",
     "TLS: the server sent alert unrecognized_name (it does not serve this host name)"},
    {116, "certificate_required",
     "TLS: the server sent alert certificate_required (it wants a client certificate)"},
    {120, "no_application_protocol", "TLS: the server sent alert no_application_protocol"},
};

const AlertText* find_alert(unsigned alert) {
    for (const AlertText& a : kAlerts)
        if (a.alert == alert) return &a;
    return nullptr;
}

// BearSSL's own codes (bearssl_ssl.h, bearssl_x509.h) worth a sentence of their own.
struct CodeText {
    int code;
    Errc errc;
    const char* text;
};

constexpr CodeText kCodes[] = {
    {3, Errc::notsup, "TLS: the server does not speak TLS 1.2 (downgrade refused)"},
    {4, Errc::proto, "TLS: the server answered with a bad protocol version"},
    {5, Errc::proto, "TLS: malformed record from the server (bad length)"},
    {6, Errc::proto, "TLS: record from the server is too large"},
    {7, Errc::proto, "TLS: record failed its integrity check (bad MAC): data was altered in transit"},
    {8, Errc::io, "TLS: no random numbers to start the handshake"},
    {9, Errc::proto, "TLS: the server sent a record of unknown type (not TLS?)"},
    {10, Errc::proto, "TLS: unexpected message from the server"},
    {13, Errc::proto, "TLS: malformed alert from the server"},
    {14, Errc::proto, "TLS: malformed handshake message from the server"},
    {16, Errc::notsup, "TLS: the server chose a cipher suite Carte did not offer"},
    {19, Errc::proto, "TLS: the server's secure renegotiation data is wrong"},
    {20, Errc::proto, "TLS: the server sent an extension Carte did not ask for"},
    {24, Errc::proto, "TLS: the server's Finished message is wrong"},
    {26, Errc::notsup, "TLS: the server used a signature or key-exchange algorithm Carte does not support"},
    {27, Errc::access, "TLS: the server's key-exchange signature is invalid"},
    {28, Errc::access, "TLS: the server's certificate may not be used for this key exchange"},
    {31, Errc::connreset, "TLS: I/O error on the connection"},
    {33, Errc::access, "TLS: the server's certificate has an invalid value"},
    {34, Errc::access, "TLS: the server's certificate is truncated"},
    {35, Errc::access, "TLS: the server sent no certificate"},
    {49, Errc::access, "TLS: the server's certificate uses an unsupported algorithm or key"},
    {50, Errc::access, "TLS: the server's certificate is beyond Carte's limits"},
    {51, Errc::access, "TLS: the server's certificate key does not fit the signature"},
    {52, Errc::access, "TLS: a certificate's signature is invalid"},
    {53, Errc::access, "TLS: the clock is not set, so certificate validity cannot be checked"},
    {54, Errc::access, "TLS: a certificate in the server's chain has expired or is not yet valid"},
    {55, Errc::access, "TLS: the server's chain does not link up (issuer and subject differ)"},
    {56, Errc::access, "TLS: the server's certificate does not name this host (wrong name)"},
    {57, Errc::access, "TLS: a certificate has an unsupported critical extension"},
    {58, Errc::access, "TLS: an issuing certificate is not a CA"},
    {59, Errc::access, "TLS: the server's certificate forbids this key usage"},
    {60, Errc::access, "TLS: a certificate's key is too weak"},
    {62, Errc::access, "TLS: unknown issuer: no trusted root certificate signed the server's chain"},
    {CARTE_TLS_ERR_UNAVAILABLE, Errc::notsup, "HTTPS is not available in this build (no BearSSL)"},
    {CARTE_TLS_ERR_CHAIN_TOO_LARGE, Errc::access, "TLS: the server's certificate chain is too large"},
    {CARTE_TLS_ERR_NO_ANCHORS, Errc::access,
     "TLS: no trusted root certificates (carte build --ca or --system-cas)"},
};

}  // namespace

const char* tls_alert_name(unsigned alert) {
    const AlertText* a = find_alert(alert);
    return a ? a->name : "unknown alert";
}

Error tls_error(int code) {
    if (code >= 256 && code < 512) {
        const AlertText* a = find_alert(unsigned(code - 256));
        return Error(Errc::proto, a ? a->received : "TLS: the server sent an unknown alert", code - 256);
    }
    if (code >= 512 && code < 768) {
        // We sent the alert: the reason is what made us send it, which BearSSL folds into the
        // alert (bad_certificate and friends after a failed chain are reported by their own code).
        unsigned alert = unsigned(code - 512);
        if (alert == 70)
            return Error(Errc::notsup, "TLS: the server does not speak TLS 1.2 (downgrade refused)");
        if (alert == 40)
            return Error(Errc::notsup, "TLS: no cipher suite or curve in common with the server");
        return Error(Errc::proto, "TLS: handshake aborted (Carte sent an alert)", int32_t(alert));
    }
    for (const CodeText& c : kCodes)
        if (c.code == code) return Error(c.errc, c.text, code);
    if (code >= 32 && code < 64)
        return Error(Errc::access, "TLS: the server's certificate is malformed", code);
    return Error(Errc::proto, "TLS: handshake failed", code);
}

}  // namespace carte
