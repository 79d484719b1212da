// Menu and script signature verification; the policy is described in docs/signing.md.
#include "runtime/crypto/signature.h"

#include "runtime/bytecode/format.h"
#include "runtime/crypto/ecdsa_p256.h"
#include "runtime/rt/varint.h"

namespace carte::crypto {
namespace {

constexpr size_t kFlagsOffset = 8;

// Builds the verdict and the matching Error in one place, so every refusal has both.
class Outcome {
  public:
    explicit Outcome(SignatureVerdict* v) : v_(v ? v : &local_) { v_->message.clear(); }
    SignatureVerdict& v() { return *v_; }
    String& msg() { return v_->message; }
    Status finish(SignatureCheck c) {
        v_->check = c;
        switch (c) {
            case SignatureCheck::ok:
                return {};
            case SignatureCheck::not_signed:
                return Error(Errc::access, "not signed");
            case SignatureCheck::malformed:
                return Error(Errc::badmsg, "malformed signature");
            case SignatureCheck::unsupported_algorithm:
                return Error(Errc::access, "unsupported signature algorithm");
            case SignatureCheck::unknown_key:
                return Error(Errc::access, "signed by an unknown key");
            case SignatureCheck::bad_signature:
                return Error(Errc::access, "bad signature");
            case SignatureCheck::expired_key:
                return Error(Errc::access, "signing key expired (rotation)");
            case SignatureCheck::rollback:
                return Error(Errc::access, "menu rollback");
            case SignatureCheck::no_trust_anchors:
                return Error(Errc::access, "no trusted keys");
            case SignatureCheck::unavailable:
                return Error(Errc::notsup, "signature verification unavailable");
        }
        return Error(Errc::access, "signature check failed");
    }

  private:
    SignatureVerdict* v_;
    SignatureVerdict local_;
};

bool append_key(String* out, const bc::KeyId& id, const TrustAnchor* a) {
    bool ok = out->append("key ") && id.append_hex(out);
    if (a && !a->name.empty()) ok = ok && out->append(" (") && out->append(a->name) && out->append(")");
    return ok;
}

const TrustAnchor* find_anchor(Span<const TrustAnchor> anchors, const bc::KeyId& id) {
    for (const TrustAnchor& a : anchors)
        if (a.id == id) return &a;
    return nullptr;
}

// The shared part: trailer → records → trusted, valid, unexpired signature.
Status check_signatures(const Sha256Digest& digest, Bytes trailer, Span<const TrustAnchor> anchors,
                        uint64_t now, Outcome& out) {
    String& m = out.msg();
    if (anchors.empty()) {
        (void)m.append("no trusted keys to verify the signature against");
        return out.finish(SignatureCheck::no_trust_anchors);
    }
    String why;
    auto parsed = bc::parse_signature_trailer(trailer, &why);
    if (!parsed) {
        (void)(m.append("malformed signature: ") && m.append(why));
        return out.finish(SignatureCheck::malformed);
    }
    const bc::SignatureTrailer& t = parsed.value();
    const TrustAnchor* accepted = nullptr;
    const TrustAnchor* expired = nullptr;
    for (const bc::SignatureRecord& r : t.view()) {
        const TrustAnchor* a = find_anchor(anchors, r.key_id);
        if (!a) continue;  // another publisher's or a newer key: not ours to judge
        out.v().key = r.key_id;
        out.v().anchor = a;
        if (r.algorithm != static_cast<uint8_t>(bc::SignatureAlgorithm::EcdsaP256Sha256)) {
            (void)(m.append("signature by ") && append_key(&m, r.key_id, a) &&
                   m.append(" uses unknown algorithm ") && m.append_u64(r.algorithm));
            return out.finish(SignatureCheck::unsupported_algorithm);
        }
        Status s = ecdsa_p256_verify(digest, Bytes(a->point, kP256PointSize), r.signature);
        if (s.error().code == Errc::notsup) {
            (void)m.append("this build cannot verify signatures (no BearSSL)");
            return out.finish(SignatureCheck::unavailable);
        }
        if (!s) {
            (void)(m.append("bad signature by ") && append_key(&m, r.key_id, a) &&
                   m.append(": the file was changed after signing, or the signature is corrupt"));
            return out.finish(SignatureCheck::bad_signature);
        }
        if (a->not_after && now > a->not_after) {
            if (!expired) expired = a;
        } else if (!accepted) {
            accepted = a;
        }
    }
    if (accepted) {
        out.v().key = accepted->id;
        out.v().anchor = accepted;
        (void)(m.append("signed by ") && append_key(&m, accepted->id, accepted));
        return out.finish(SignatureCheck::ok);
    }
    if (expired) {
        out.v().key = expired->id;
        out.v().anchor = expired;
        (void)(m.append("signed by ") && append_key(&m, expired->id, expired) &&
               m.append(", an expired rotation key: trusted until ") &&
               append_utc_time(&m, expired->not_after) && m.append(", now ") && append_utc_time(&m, now));
        return out.finish(SignatureCheck::expired_key);
    }
    out.v().key = t.records[0].key_id;
    out.v().anchor = nullptr;
    bool ok = m.append(t.count == 1 ? Str("signed by unknown key ") : Str("signed only by unknown keys "));
    for (size_t i = 0; i < t.count; ++i)
        ok = ok && (i == 0 || m.append(", ")) && t.records[i].key_id.append_hex(&m);
    ok = ok && m.append("; trusted: ");
    for (size_t i = 0; i < anchors.size(); ++i)
        ok = ok && (i == 0 || m.append(", ")) && append_key(&m, anchors[i].id, &anchors[i]);
    (void)ok;
    return out.finish(SignatureCheck::unknown_key);
}

}  // namespace

const char* signature_check_name(SignatureCheck c) {
    switch (c) {
        case SignatureCheck::ok:
            return "ok";
        case SignatureCheck::not_signed:
            return "not-signed";
        case SignatureCheck::malformed:
            return "malformed";
        case SignatureCheck::unsupported_algorithm:
            return "unsupported-algorithm";
        case SignatureCheck::unknown_key:
            return "unknown-key";
        case SignatureCheck::bad_signature:
            return "bad-signature";
        case SignatureCheck::expired_key:
            return "expired-key";
        case SignatureCheck::rollback:
            return "rollback";
        case SignatureCheck::no_trust_anchors:
            return "no-trust-anchors";
        case SignatureCheck::unavailable:
            return "unavailable";
    }
    return "?";
}

Result<Sha256Digest> module_signing_digest(Bytes module, String* why) {
    auto parts = bc::locate_signed_parts(module, why);
    if (!parts) return parts.error();
    Bytes body = parts->body;
    // The header exactly as it reads with the TRAILER flag set, then everything after the flags.
    uint32_t flags = load_le32(body.data() + kFlagsOffset) | bc::kFlagTrailer;
    uint8_t le_flags[4] = {static_cast<uint8_t>(flags), static_cast<uint8_t>(flags >> 8),
                           static_cast<uint8_t>(flags >> 16), static_cast<uint8_t>(flags >> 24)};
    Sha256 h;
    h.update(body.subspan(0, kFlagsOffset));
    h.update(Bytes(le_flags, 4));
    h.update(body.subspan(kFlagsOffset + 4));
    return h.finish();
}

Sha256Digest blob_signing_digest(Bytes content) {
    return sha256(content);
}

Status verify_module_signature(Bytes module, Span<const TrustAnchor> anchors, const VerifyOptions& options,
                               SignatureVerdict* verdict) {
    Outcome out(verdict);
    String why;
    auto parts = bc::locate_signed_parts(module, &why);
    if (!parts) {
        (void)(out.msg().append("not a valid Carte bytecode file: ") && out.msg().append(why));
        return out.finish(SignatureCheck::malformed);
    }
    out.v().serial = parts->serial;
    Bytes sig = options.detached;
    if (sig.empty()) {
        if (!(parts->flags & bc::kFlagTrailer)) {
            (void)out.msg().append("not signed: no signature trailer and no detached signature");
            return out.finish(SignatureCheck::not_signed);
        }
        sig = parts->trailer;
    }
    auto digest = module_signing_digest(module);
    if (!digest) return out.finish(SignatureCheck::malformed);
    Status s = check_signatures(digest.value(), sig, anchors, options.now, out);
    if (!s) return s;
    if (options.rollback) {
        if (!options.rollback->check(parts->serial)) {
            String& m = out.msg();
            m.clear();
            (void)(m.append("rollback refused: menu serial ") && m.append_u64(parts->serial) &&
                   m.append(" is older than serial ") && m.append_u64(options.rollback->highest()) &&
                   m.append(", already run in this boot"));
            return out.finish(SignatureCheck::rollback);
        }
        options.rollback->accept(parts->serial);
    }
    (void)(out.msg().append(", serial ") && out.msg().append_u64(parts->serial));
    return s;
}

Status verify_blob_signature(Bytes content, Bytes sig, Span<const TrustAnchor> anchors, uint64_t now,
                             SignatureVerdict* verdict) {
    Outcome out(verdict);
    if (sig.empty()) {
        (void)out.msg().append("not signed: no detached signature");
        return out.finish(SignatureCheck::not_signed);
    }
    return check_signatures(blob_signing_digest(content), sig, anchors, now, out);
}

bool append_utc_time(String* out, uint64_t t) {
    // Days since 1970-01-01 to a civil date (proleptic Gregorian), by 400-year eras.
    uint64_t days = t / 86400, rem = t % 86400;
    int64_t z = static_cast<int64_t>(days) + 719468;
    int64_t era = z / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t mo = mp < 10 ? mp + 3 : mp - 9;
    if (mo <= 2) ++y;
    return out->append_u64(static_cast<uint64_t>(y), 10, 4) && out->append('-') &&
           out->append_u64(static_cast<uint64_t>(mo), 10, 2) && out->append('-') &&
           out->append_u64(static_cast<uint64_t>(d), 10, 2) && out->append(' ') &&
           out->append_u64(rem / 3600, 10, 2) && out->append(':') && out->append_u64(rem / 60 % 60, 10, 2) &&
           out->append(':') && out->append_u64(rem % 60, 10, 2) && out->append(" UTC");
}

}  // namespace carte::crypto
