// Signature verification for menus (.cbm) and other fetched files — the one code path used by
// the ROM before it runs a menu and by `carte verify` on the host (docs/signing.md).
//
// What is signed: for a .cbm, the body — bytes [0, body_size): header, section directory and
// sections — exactly as it is with the header's TRAILER flag set, whether the signature then
// travels in the trailer or in a detached .sig. The serial (header offset 16) is inside the body,
// so rollback protection rests on signed data. For any other file (a classic iPXE script), all of
// its bytes. The digest is SHA-256 of those bytes; the signature is ECDSA P-256 over that digest.
#pragma once
#include "runtime/bytecode/signature_trailer.h"
#include "runtime/crypto/rollback_guard.h"
#include "runtime/crypto/sha256.h"
#include "runtime/crypto/trust_anchor.h"
#include "runtime/rt/string.h"

namespace carte::crypto {

// Each way a check can end, each refused with its own message.
enum class SignatureCheck : uint8_t {
    ok,
    not_signed,             // no trailer and no detached signature
    malformed,              // the trailer / .sig (or the module header) is truncated or garbage
    unsupported_algorithm,  // a trusted key's signature uses an algorithm this build cannot check
    unknown_key,            // no signature is by a trusted key
    bad_signature,          // a trusted key's signature does not match the bytes
    expired_key,            // the only valid signatures are by keys past their rotation end
    rollback,               // serial lower than one already accepted in this boot
    no_trust_anchors,       // nothing to verify against
    unavailable,            // built without BearSSL
};

// Short stable name ("bad-signature", "unknown-key", …) for logs and tests.
const char* signature_check_name(SignatureCheck c);

struct VerifyOptions {
    uint64_t now = 0;  // unix seconds; 0 = no clock: rotation end dates are not enforced
    Bytes detached;    // a .sig file: used instead of the module's own trailer when non-empty
    RollbackGuard* rollback = nullptr;  // .cbm only: refuse older serials, record the accepted one
};

struct SignatureVerdict {
    SignatureCheck check = SignatureCheck::ok;
    bc::KeyId key;                        // the key concerned: accepted, unknown, bad or expired
    const TrustAnchor* anchor = nullptr;  // its anchor, when trusted
    uint64_t serial = 0;                  // the module's serial (.cbm only)
    String message;                       // one line for the screen: what failed and which key
};

// Checks a .cbm file's signature (attached, or options.detached). On success the module may be
// loaded and run; on failure the Error's detail names the category and `verdict->message` says
// exactly what (which key, which serial, which byte of the trailer).
Status verify_module_signature(Bytes module, Span<const TrustAnchor> anchors, const VerifyOptions& options,
                               SignatureVerdict* verdict = nullptr);

// Checks a detached signature over any file's bytes (classic scripts).
Status verify_blob_signature(Bytes content, Bytes sig, Span<const TrustAnchor> anchors, uint64_t now,
                             SignatureVerdict* verdict = nullptr);

// The digests that signers sign (`carte sign --print-digest`).
Result<Sha256Digest> module_signing_digest(Bytes module, String* why = nullptr);
Sha256Digest blob_signing_digest(Bytes content);

// Appends "YYYY-MM-DD HH:MM:SS UTC".
[[nodiscard]] bool append_utc_time(String* out, uint64_t unix_seconds);

}  // namespace carte::crypto
