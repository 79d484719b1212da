// Key ids and anchors for P-256 public keys.
#include "runtime/crypto/trust_anchor.h"

#include "runtime/crypto/ecdsa_p256.h"
#include "runtime/crypto/sha256.h"

namespace carte::crypto {
namespace {

// SEQUENCE { SEQUENCE { OID id-ecPublicKey, OID prime256v1 }, BIT STRING (0 unused bits) … }
constexpr uint8_t kSpkiPrefix[26] = {0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
                                     0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
                                     0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00};
static_assert(sizeof(kSpkiPrefix) + kP256PointSize == kP256SpkiSize);

}  // namespace

void p256_spki(const uint8_t point[kP256PointSize], uint8_t out[kP256SpkiSize]) {
    for (size_t i = 0; i < sizeof(kSpkiPrefix); ++i) out[i] = kSpkiPrefix[i];
    for (size_t i = 0; i < kP256PointSize; ++i) out[sizeof(kSpkiPrefix) + i] = point[i];
}

bc::KeyId p256_key_id(const uint8_t point[kP256PointSize]) {
    uint8_t spki[kP256SpkiSize];
    p256_spki(point, spki);
    Sha256Digest d = sha256(Bytes(spki, kP256SpkiSize));
    bc::KeyId id;
    for (size_t i = 0; i < bc::kKeyIdSize; ++i) id.bytes[i] = d.bytes[i];
    return id;
}

Result<TrustAnchor> make_p256_anchor(Bytes point, uint64_t not_after, Str name) {
    if (point.size() != kP256PointSize || point[0] != 0x04)
        return Error(Errc::inval, "not an uncompressed P-256 public key");
    if (!p256_point_is_valid(point)) return Error(Errc::inval, "public key is not a point on P-256");
    TrustAnchor a;
    for (size_t i = 0; i < kP256PointSize; ++i) a.point[i] = point[i];
    a.id = p256_key_id(a.point);
    a.not_after = not_after;
    a.name = name;
    return a;
}

}  // namespace carte::crypto
