// The trust store a ROM embeds (`carte build --trust PUB.pem [--require-signed]`): the trusted
// keys with their rotation end dates, and the signing policy, in one small binary blob.
//
//   offset 0  4  magic "CTRS"
//          4  1  version (1)
//          5  1  count (1..16)
//          6  1  policy flags: bit 0 require signed menus, bit 1 require signed classic scripts
//          7  1  reserved, 0
//          8     count × anchor:
//                  1  algorithm (1 = ECDSA P-256)
//                  1  name size (0..64)
//                  2  reserved, 0
//                  8  not_after, unix seconds, little-endian (0 = none)
//                 65  public key, uncompressed point 04||X||Y
//                  …  name (UTF-8)
//   Nothing follows the last anchor.
#pragma once
#include "runtime/crypto/trust_anchor.h"
#include "runtime/rt/string.h"
#include "runtime/rt/vec.h"

namespace carte::crypto {

constexpr uint8_t kTrustStoreMagic[4] = {'C', 'T', 'R', 'S'};
constexpr uint8_t kTrustStoreVersion = 1;
constexpr size_t kMaxTrustAnchors = 16;
constexpr size_t kMaxAnchorNameSize = 64;
constexpr uint8_t kRequireSignedMenus = 1u << 0;
constexpr uint8_t kRequireSignedScripts = 1u << 1;

struct TrustStore {
    Vec<TrustAnchor> anchors;  // names are views into the parsed bytes
    uint8_t policy = 0;
    bool require_signed_menus() const { return policy & kRequireSignedMenus; }
    bool require_signed_scripts() const { return policy & kRequireSignedScripts; }
};

// Errc::badmsg with the reason in `why` for a malformed store or a key that is not on the curve.
Result<TrustStore> parse_trust_store(Bytes bytes, String* why = nullptr);

Result<Vec<uint8_t>> encode_trust_store(Span<const TrustAnchor> anchors, uint8_t policy);

}  // namespace carte::crypto
