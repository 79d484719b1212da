// ECDSA P-256 verification: argument checks here, the arithmetic in BearSSL (bearssl_glue.c).
#include "runtime/crypto/ecdsa_p256.h"

#include "runtime/crypto/bearssl_glue.h"

namespace carte::crypto {

bool p256_point_is_valid(Bytes point) {
    return point.size() == 65 && carte_bearssl_p256_check_point(point.data()) == CARTE_BEARSSL_OK;
}

Status ecdsa_p256_verify(const Sha256Digest& digest, Bytes point, Bytes signature) {
    if (point.size() != 65 || point[0] != 0x04)
        return Error(Errc::inval, "not an uncompressed P-256 public key");
    if (signature.size() != 64) return Error(Errc::inval, "ECDSA P-256 signature is not 64 bytes");
    switch (carte_bearssl_p256_verify(digest.bytes, point.data(), signature.data())) {
        case CARTE_BEARSSL_OK:
            return {};
        case CARTE_BEARSSL_BAD_KEY:
            return Error(Errc::inval, "not an uncompressed P-256 public key");
        case CARTE_BEARSSL_UNAVAILABLE:
            return Error(Errc::notsup, "built without BearSSL: cannot verify signatures");
        default:
            return Error(Errc::access, "bad signature");
    }
}

}  // namespace carte::crypto
