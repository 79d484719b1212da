#include "runtime/crypto/cms.h"

#include "runtime/crypto/asn1_oids.h"
#include "runtime/crypto/der.h"
#include "runtime/crypto/sha256.h"
#include "runtime/crypto/signature.h"

namespace carte::crypto {

namespace {

using der::Item;
using der::Reader;

using der::bytes_equal;

// AlgorithmIdentifier parameters: absent, or NULL when `null_allowed` (RSA and digests).
bool parameters_ok(Reader& r, bool null_allowed) {
    if (r.at_end()) return true;
    auto p = r.next();
    return p && null_allowed && p->tag == der::kNull && p->value.empty() && r.at_end();
}

DigestAlgorithm digest_algorithm(const Item& alg_seq) {
    Reader r = der::contents(alg_seq);
    auto id = r.expect(der::kOid);
    if (!id || !parameters_ok(r, true)) return DigestAlgorithm::unknown;
    if (der::oid_is(*id, oid::kSha256)) return DigestAlgorithm::sha256;
    if (der::oid_is(*id, oid::kSha1)) return DigestAlgorithm::sha1;
    return DigestAlgorithm::unknown;
}

// SignerInfo.signatureAlgorithm: CMS names RSA PKCS#1 v1.5 either by the key type or with the hash.
SignatureAlgorithm signer_algorithm(const Item& alg_seq) {
    Reader r = der::contents(alg_seq);
    auto id = r.expect(der::kOid);
    if (!id) return SignatureAlgorithm::unknown;
    SignatureAlgorithm a = der::oid_is(*id, oid::kRsaEncryption) ? SignatureAlgorithm::rsa_pkcs1_sha256
                                                                 : signature_algorithm_from_oid(id->value);
    if (!parameters_ok(r, a == SignatureAlgorithm::rsa_pkcs1_sha256)) return SignatureAlgorithm::unknown;
    return a;
}

Status parse_signed_attrs(const Item& attrs, CmsSigner* s) {
    Reader r = der::contents(attrs);
    while (!r.at_end()) {
        CARTE_DER_TRY(attr, r.enter(der::kSequence));
        CARTE_DER_TRY(type, attr.expect(der::kOid));
        CARTE_DER_TRY(values, attr.enter(der::kSet));
        CARTE_TRY(attr.finish());
        if (der::oid_is(type, oid::kMessageDigest)) {
            CARTE_DER_TRY(digest, values.expect(der::kOctetString));
            CARTE_TRY(values.finish());
            if (s->has_message_digest) return der::malformed("two messageDigest attributes", type.offset);
            s->message_digest = digest.value;
            s->has_message_digest = true;
        } else if (der::oid_is(type, oid::kContentType)) {
            CARTE_DER_TRY(content_type, values.expect(der::kOid));
            CARTE_TRY(values.finish());
            if (!der::oid_is(content_type, oid::kData))
                return der::malformed("contentType attribute is not id-data", content_type.offset);
        }
    }
    return {};
}

Status parse_signer(const Item& item, CmsSigner* s) {
    s->offset = item.offset;
    Reader r = der::contents(item);
    CARTE_DER_TRY(version_item, r.expect(der::kInteger));
    if (version_item.value.size() != 1 || (version_item.value[0] != 1 && version_item.value[0] != 3))
        return Error(Errc::notsup, "signerInfo version is not 1 or 3",
                     static_cast<int32_t>(version_item.offset));
    if (version_item.value[0] == 1) {
        CARTE_DER_TRY(sid, r.enter(der::kSequence));
        CARTE_DER_TRY(issuer, sid.expect(der::kSequence));
        CARTE_DER_TRY(serial, sid.expect(der::kInteger));
        CARTE_TRY(sid.finish());
        s->issuer = issuer.whole;
        s->serial = serial.value;
    } else {
        CARTE_DER_TRY(ski, r.expect(der::context_primitive(0)));
        if (ski.value.empty()) return der::malformed("empty subjectKeyIdentifier", ski.offset);
        s->subject_key_id = ski.value;
    }
    CARTE_DER_TRY(digest_alg, r.expect(der::kSequence));
    s->digest = digest_algorithm(digest_alg);
    CARTE_DER_TRY(attrs, r.optional(der::context(0)));
    if (attrs.tag) {
        s->signed_attrs = attrs.whole;
        CARTE_TRY(parse_signed_attrs(attrs, s));
        if (!s->has_message_digest)
            return der::malformed("signed attributes without a messageDigest", attrs.offset);
    }
    CARTE_DER_TRY(sig_alg, r.expect(der::kSequence));
    s->algorithm = signer_algorithm(sig_alg);
    CARTE_DER_TRY(signature, r.expect(der::kOctetString));
    s->signature = signature.value;
    CARTE_DER_TRY(unsigned_attrs, r.optional(der::context(1)));
    (void)unsigned_attrs;
    return r.finish();
}

}  // namespace

Status parse_cms_signed_data(Bytes der_bytes, CmsSignedData* out) {
    *out = CmsSignedData{};
    Reader top(der_bytes);
    CARTE_DER_TRY(content_info, top.enter(der::kSequence));
    CARTE_TRY(top.finish());
    CARTE_DER_TRY(content_type, content_info.expect(der::kOid));
    if (!der::oid_is(content_type, oid::kSignedData))
        return der::malformed("not a CMS SignedData (wrong contentType)", content_type.offset);
    CARTE_DER_TRY(explicit_content, content_info.enter(der::context(0)));
    CARTE_TRY(content_info.finish());
    CARTE_DER_TRY(sd, explicit_content.enter(der::kSequence));
    CARTE_TRY(explicit_content.finish());

    CARTE_DER_TRY(version, sd.expect(der::kInteger));
    CARTE_DER_TRY(digest_algs, sd.expect(der::kSet));
    // Each signerInfo names its own digest; this list must still hold only digests Carte knows,
    // so that no byte of a signature goes unchecked.
    for (Reader list = der::contents(digest_algs); !list.at_end();) {
        CARTE_DER_TRY(alg, list.expect(der::kSequence));
        if (digest_algorithm(alg) == DigestAlgorithm::unknown)
            return der::malformed("unknown digest algorithm", alg.offset);
    }
    CARTE_DER_TRY(encap, sd.enter(der::kSequence));
    CARTE_DER_TRY(econtent_type, encap.expect(der::kOid));
    if (!der::oid_is(econtent_type, oid::kData))
        return der::malformed("signed content is not id-data", econtent_type.offset);
    if (!encap.at_end())
        return Error(Errc::notsup, "the signature embeds its content (not a detached signature)",
                     static_cast<int32_t>(encap.offset()));
    CARTE_DER_TRY(certs, sd.optional(der::context(0)));
    if (certs.tag) {
        Reader list = der::contents(certs);
        while (!list.at_end()) {
            CARTE_DER_TRY(cert, list.next());
            if (cert.tag != der::kSequence) continue;  // other CertificateChoices are not X.509
            if (out->certificate_count == kMaxCmsCertificates)
                return Error(Errc::notsup, "too many certificates in the signature",
                             static_cast<int32_t>(cert.offset));
            out->certificates[out->certificate_count++] = cert.whole;
        }
    }
    CARTE_DER_TRY(crls, sd.optional(der::context(1)));
    (void)crls;
    CARTE_DER_TRY(signer_set, sd.expect(der::kSet));
    CARTE_TRY(sd.finish());
    Reader signers = der::contents(signer_set);
    while (!signers.at_end()) {
        CARTE_DER_TRY(info, signers.expect(der::kSequence));
        if (out->signer_count == kMaxCmsSigners)
            return Error(Errc::notsup, "too many signers", static_cast<int32_t>(info.offset));
        CARTE_TRY(parse_signer(info, &out->signers[out->signer_count]));
        ++out->signer_count;
    }
    if (out->signer_count == 0) return der::malformed("no signerInfo", signer_set.offset);
    // RFC 5652 §5.1: version 3 when a signerInfo is version 3, else 1 (for what Carte accepts).
    uint8_t expected = 1;
    for (size_t i = 0; i < out->signer_count; ++i)
        if (!out->signers[i].subject_key_id.empty()) expected = 3;
    if (version.value.size() != 1 || version.value[0] != expected)
        return der::malformed("wrong SignedData version", version.offset);
    return {};
}

const char* cms_check_name(CmsCheck c) {
    switch (c) {
        case CmsCheck::ok:
            return "ok";
        case CmsCheck::malformed:
            return "malformed";
        case CmsCheck::unsupported:
            return "unsupported";
        case CmsCheck::bad_signature:
            return "bad-signature";
        case CmsCheck::untrusted_chain:
            return "untrusted-chain";
        case CmsCheck::expired:
            return "expired";
        case CmsCheck::not_code_signing:
            return "not-code-signing";
        case CmsCheck::wrong_signer:
            return "wrong-signer";
        case CmsCheck::no_roots:
            return "no-roots";
        case CmsCheck::unavailable:
            return "unavailable";
    }
    return "?";
}

namespace {

// Builds the verdict and the Status for one outcome.
class Outcome {
  public:
    explicit Outcome(CmsVerdict* v) : v_(v) {}

    Status fail(CmsCheck check, Errc code, const char* detail) {
        v_->check = check;
        return Error(code, detail);
    }
    String& msg() { return v_->message; }
    void text(Str s) { (void)v_->message.append(s); }
    void text(const char* s) { text(Str::from_cstr(s)); }
    void quoted(Str s) {
        text("\"");
        text(s);
        text("\"");
    }
    void number(uint64_t n, unsigned base = 10) { (void)v_->message.append_u64(n, base); }
    CmsVerdict* verdict() { return v_; }

  private:
    CmsVerdict* v_;
};

Status report_malformed(Outcome& o, const Error& e, const char* where) {
    o.msg().clear();
    o.text("malformed CMS signature: ");
    o.text(Str::from_cstr(where));
    o.text("+0x");
    o.number(static_cast<uint64_t>(e.value), 16);
    o.text(": ");
    o.text(Str::from_cstr(e.detail ? e.detail : "invalid"));
    if (e.code == Errc::notsup)
        return o.fail(CmsCheck::unsupported, Errc::notsup, "unsupported CMS signature");
    return o.fail(CmsCheck::malformed, Errc::badmsg, "malformed signature");
}

Status check_dates(Outcome& o, const Certificate& c, uint64_t now) {
    if (now == 0) return {};  // no clock: dates cannot be judged
    if (now + kValidityMargin >= c.not_before && now <= c.not_after + kValidityMargin) return {};
    o.msg().clear();
    o.text("certificate ");
    o.quoted(c.common_name);
    o.text(
        Str::from_cstr(now < c.not_before ? " is not yet valid: valid from " : " has expired: valid from "));
    (void)append_utc_time(&o.msg(), c.not_before);
    o.text(" to ");
    (void)append_utc_time(&o.msg(), c.not_after);
    o.text(", now ");
    (void)append_utc_time(&o.msg(), now);
    return o.fail(CmsCheck::expired, Errc::access, "certificate expired or not yet valid");
}

Status signature_failure(Outcome& o, const Status& s, Str what) {
    o.msg().clear();
    if (s.error().code == Errc::access) {
        o.text("bad signature by ");
        o.quoted(what);
        o.text(": the image was changed after signing, or the signature is corrupt");
        return o.fail(CmsCheck::bad_signature, Errc::access, "bad signature");
    }
    o.text(Str::from_cstr(s.error().detail ? s.error().detail : "unsupported"));
    o.text(" (signer ");
    o.quoted(what);
    o.text(")");
    const bool unavailable = s.error().detail == kSignatureVerificationUnavailable;
    return o.fail(unavailable ? CmsCheck::unavailable : CmsCheck::unsupported, Errc::notsup,
                  s.error().detail);
}

// Everything one verification parses, on the heap (several KB: too much for a ROM stack).
struct Context {
    CmsSignedData sd;
    Certificate certs[kMaxCmsCertificates];
    Certificate roots[16];
    size_t root_count = 0;
    uint64_t now = 0;
};

// Walks from the signer's certificate to a root: each link's signature checked, each issuer a CA.
Status check_chain(Outcome& o, const Context& cx, const Certificate& signer) {
    const Certificate* cur = &signer;
    for (size_t depth = 0; depth < kMaxChainLength; ++depth) {
        CARTE_TRY(check_dates(o, *cur, cx.now));
        for (size_t i = 0; i < cx.root_count; ++i)
            if (bytes_equal(cx.roots[i].der, cur->der)) return {};  // the certificate is itself a root
        for (size_t i = 0; i < cx.root_count; ++i) {
            const Certificate& root = cx.roots[i];
            if (bytes_equal(root.subject, cur->issuer) && verify_issued_by(*cur, root).ok())
                return check_dates(o, root, cx.now);
        }
        const Certificate* next = nullptr;
        for (size_t i = 0; i < cx.sd.certificate_count && !next; ++i) {
            const Certificate& c = cx.certs[i];
            if (&c != cur && bytes_equal(c.subject, cur->issuer) && !bytes_equal(c.der, cur->der) &&
                verify_issued_by(*cur, c).ok())
                next = &c;
        }
        if (!next) {
            o.msg().clear();
            o.text("untrusted certificate chain: ");
            o.quoted(cur->common_name);
            o.text(" is issued by ");
            o.quoted(cur->issuer_common_name);
            o.text(", which is not a trusted root (and no certificate in the signature links to one)");
            return o.fail(CmsCheck::untrusted_chain, Errc::access, "untrusted certificate chain");
        }
        if (!next->is_ca || (next->has_key_usage && !(next->key_usage & kKeyUsageKeyCertSign))) {
            o.msg().clear();
            o.text("untrusted certificate chain: ");
            o.quoted(next->common_name);
            o.text(" issued ");
            o.quoted(cur->common_name);
            o.text(" but is not a CA certificate");
            return o.fail(CmsCheck::untrusted_chain, Errc::access, "untrusted certificate chain");
        }
        cur = next;
    }
    o.msg().clear();
    o.text("untrusted certificate chain: longer than 8 certificates");
    return o.fail(CmsCheck::untrusted_chain, Errc::access, "untrusted certificate chain");
}

const Certificate* find_signer_certificate(const Context& cx, const CmsSigner& s) {
    for (size_t i = 0; i < cx.sd.certificate_count; ++i) {
        const Certificate& c = cx.certs[i];
        if (!s.subject_key_id.empty() ? bytes_equal(c.subject_key_id, s.subject_key_id)
                                      : bytes_equal(c.issuer, s.issuer) && bytes_equal(c.serial, s.serial))
            return &c;
    }
    return nullptr;
}

Status verify_signer(Outcome& o, const Context& cx, const CmsSigner& s, Bytes content, Str signer_name) {
    if (s.digest != DigestAlgorithm::sha256) {
        o.msg().clear();
        o.text(s.digest == DigestAlgorithm::sha1
                   ? "the signature uses SHA-1; only SHA-256 is supported"
                   : "the signature uses an unknown digest; only SHA-256 is supported");
        return o.fail(CmsCheck::unsupported, Errc::notsup, "unsupported digest algorithm");
    }
    const Certificate* cert = find_signer_certificate(cx, s);
    if (!cert) {
        o.msg().clear();
        o.text("the signer's certificate is not in the signature (sign without -nocerts)");
        return o.fail(CmsCheck::untrusted_chain, Errc::access, "signer certificate missing");
    }
    o.verdict()->signer = String::copy(cert->common_name);

    Sha256Digest digest = sha256(content);
    if (!s.signed_attrs.empty()) {
        // With signed attributes the signature covers their DER (as a SET), which carries the
        // content's digest in messageDigest (RFC 5652 §5.4).
        if (!bytes_equal(s.message_digest, digest.view())) {
            o.msg().clear();
            o.text("bad signature by ");
            o.quoted(cert->common_name);
            o.text(": the image's digest differs from the signed messageDigest (the image was changed)");
            return o.fail(CmsCheck::bad_signature, Errc::access, "bad signature");
        }
        Sha256 h;
        const uint8_t set_tag = der::kSet;
        h.update(&set_tag, 1);
        h.update(s.signed_attrs.subspan(1));
        digest = h.finish();
    }
    Status sig = verify_digest_signature(digest.bytes, s.algorithm, cert->key, s.signature);
    if (!sig.ok()) return signature_failure(o, sig, cert->common_name);

    if (!signer_name.empty() && cert->common_name != signer_name) {
        o.msg().clear();
        o.text("wrong signer: signed by ");
        o.quoted(cert->common_name);
        o.text(", expected ");
        o.quoted(signer_name);
        return o.fail(CmsCheck::wrong_signer, Errc::access, "wrong signer");
    }
    if (!cert->code_signing || (cert->has_key_usage && !(cert->key_usage & kKeyUsageDigitalSignature))) {
        o.msg().clear();
        o.text("certificate ");
        o.quoted(cert->common_name);
        o.text(cert->code_signing ? " does not allow digital signatures (keyUsage)"
                                  : " is not for code signing (needs extendedKeyUsage codeSigning)");
        return o.fail(CmsCheck::not_code_signing, Errc::access, "not a code-signing certificate");
    }
    return check_chain(o, cx, *cert);
}

}  // namespace

Status verify_cms_detached(Bytes content, Bytes signature, const CmsVerifyOptions& options,
                           CmsVerdict* verdict) {
    CmsVerdict local;
    if (!verdict) verdict = &local;
    *verdict = CmsVerdict{};
    Outcome o(verdict);

    Context* cx = make<Context>();
    if (!cx) return Errc::nomem;
    cx->now = options.now;
    struct Free {
        Context* p;
        ~Free() { destroy(p); }
    } free_cx{cx};
    CmsSignedData& sd = cx->sd;
    Status parsed = parse_cms_signed_data(signature, &sd);
    if (!parsed.ok()) return report_malformed(o, parsed.error(), "sig");
    for (size_t i = 0; i < sd.certificate_count; ++i) {
        Status c = parse_certificate(sd.certificates[i], &cx->certs[i]);
        if (!c.ok()) {
            Error e = c.error();
            e.value += static_cast<int32_t>(sd.certificates[i].data() - signature.data());
            return report_malformed(o, e, "sig");
        }
    }
    for (Bytes root : options.roots) {
        if (cx->root_count == 16) break;
        // A root that does not parse cannot anchor anything; the others still can.
        if (parse_certificate(root, &cx->roots[cx->root_count]).ok()) ++cx->root_count;
    }
    if (cx->root_count == 0) {
        o.text("no trusted root certificates to verify the signature against");
        return o.fail(CmsCheck::no_roots, Errc::access, "no trusted root certificates");
    }

    // Any signer that verifies is enough; otherwise the first signer's failure is reported.
    Status first;
    String first_message;
    CmsCheck first_check = CmsCheck::ok;
    String first_signer;
    for (size_t i = 0; i < sd.signer_count; ++i) {
        Status s = verify_signer(o, *cx, sd.signers[i], content, options.signer_name);
        if (s.ok()) {
            verdict->check = CmsCheck::ok;
            o.msg().clear();
            o.text("signed by ");
            o.quoted(verdict->signer.view());
            return {};
        }
        if (i == 0) {
            first = s;
            first_message = carte::move(verdict->message);
            first_check = verdict->check;
            first_signer = carte::move(verdict->signer);
        }
        verdict->message.clear();
    }
    verdict->message = carte::move(first_message);
    verdict->check = first_check;
    verdict->signer = carte::move(first_signer);
    return first;
}

}  // namespace carte::crypto
