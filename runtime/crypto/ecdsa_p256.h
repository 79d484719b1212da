// ECDSA over NIST P-256, verification only, via BearSSL's constant-time i31/m31 code.
#pragma once
#include "runtime/crypto/sha256.h"
#include "runtime/rt/result.h"

namespace carte::crypto {

// Verifies raw r||s (64 bytes) over a SHA-256 digest with an uncompressed point (65 bytes).
// Errc::access "bad signature"; Errc::inval for a malformed key or signature size;
// Errc::notsup when the build has no BearSSL.
Status ecdsa_p256_verify(const Sha256Digest& digest, Bytes point, Bytes signature);

// True if `point` is an uncompressed point on P-256 (04 || X || Y, X and Y < p, y² = x³ − 3x + b).
bool p256_point_is_valid(Bytes point);

}  // namespace carte::crypto
