#include "runtime/crypto/pem.h"

#include "runtime/net/base64.h"
#include "runtime/rt/str.h"

namespace carte::crypto {

Status split_certificates(Bytes data, Vec<Vec<uint8_t>>* out) {
    if (!data.empty() && data[0] == 0x30) {  // DER: a SEQUENCE
        Vec<uint8_t> der;
        if (!der.append(data) || !out->push(carte::move(der))) return Errc::nomem;
        return {};
    }
    static constexpr Str kBegin = "-----BEGIN CERTIFICATE-----", kEnd = "-----END CERTIFICATE-----";
    Str text(reinterpret_cast<const char*>(data.data()), data.size());
    for (size_t at = text.find(kBegin); at != Str::npos; at = text.find(kBegin, at)) {
        size_t body = at + kBegin.size();
        size_t end = text.find(kEnd, body);
        if (end == Str::npos) return Error(Errc::badmsg, "PEM certificate without its END line");
        Vec<uint8_t> der;
        if (!base64_decode(text.substr(body, end - body), &der) || der.empty())
            return Error(Errc::badmsg, "PEM certificate with bad base64");
        if (!out->push(carte::move(der))) return Errc::nomem;
        at = end + kEnd.size();
    }
    if (out->empty()) return Error(Errc::badmsg, "no certificate (neither PEM nor DER)");
    return {};
}

}  // namespace carte::crypto
