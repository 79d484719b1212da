// A public key the firmware (or `carte verify`) trusts to sign menus, with its key id and an
// optional end of validity used when keys are rotated.
#pragma once
#include "runtime/bytecode/signature_trailer.h"
#include "runtime/rt/result.h"
#include "runtime/rt/str.h"

namespace carte::crypto {

constexpr size_t kP256PointSize = 65;  // uncompressed SEC1: 04 || X || Y
constexpr size_t kP256SpkiSize = 91;   // SubjectPublicKeyInfo DER of such a key

struct TrustAnchor {
    uint8_t point[kP256PointSize] = {};
    bc::KeyId id;
    // Unix seconds after which signatures by this key are refused ("expired rotation key"); 0 = no end.
    uint64_t not_after = 0;
    Str name;  // label for messages (file name, "release-2026"); the bytes belong to the caller
};

// SubjectPublicKeyInfo DER (RFC 5480) of an uncompressed P-256 point: a fixed 26-byte prefix + the point.
void p256_spki(const uint8_t point[kP256PointSize], uint8_t out[kP256SpkiSize]);

// Key id = first 8 bytes of SHA-256(SubjectPublicKeyInfo DER), the same value as
// `openssl pkey -pubin -outform DER | sha256sum` gives for the PEM public key.
bc::KeyId p256_key_id(const uint8_t point[kP256PointSize]);

// Builds an anchor from an uncompressed point (checked to lie on the curve). Errc::inval if not.
Result<TrustAnchor> make_p256_anchor(Bytes point, uint64_t not_after = 0, Str name = Str());

}  // namespace carte::crypto
