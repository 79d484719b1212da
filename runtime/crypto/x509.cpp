#include "runtime/crypto/x509.h"

#include "runtime/crypto/asn1_oids.h"
#include "runtime/crypto/bearssl_glue.h"
#include "runtime/crypto/der.h"
#include "runtime/crypto/sha256.h"

namespace carte::crypto {

namespace {

using der::Item;
using der::Reader;

using der::bytes_equal;

// Name: SEQUENCE OF SET OF AttributeTypeAndValue; remembers the last commonName.
Status parse_name(const Item& name, Str* common_name) {
    Reader rdns = der::contents(name);
    while (!rdns.at_end()) {
        CARTE_DER_TRY(rdn, rdns.enter(der::kSet));
        while (!rdn.at_end()) {
            CARTE_DER_TRY(atv, rdn.enter(der::kSequence));
            CARTE_DER_TRY(type, atv.expect(der::kOid));
            CARTE_DER_TRY(value, atv.next());
            CARTE_TRY(atv.finish());
            if (common_name && der::oid_is(type, oid::kCommonName))
                *common_name = Str(reinterpret_cast<const char*>(value.value.data()), value.value.size());
        }
    }
    return {};
}

Status parse_public_key(const Item& spki, PublicKey* key) {
    Reader r = der::contents(spki);
    CARTE_DER_TRY(alg, r.enter(der::kSequence));
    CARTE_DER_TRY(alg_oid, alg.expect(der::kOid));
    CARTE_DER_TRY(params, alg.optional(der::kOid));
    CARTE_DER_TRY(bits_item, r.expect(der::kBitString));
    CARTE_TRY(r.finish());
    uint8_t unused = 0;
    CARTE_DER_TRY(bits, der::bit_string(bits_item, &unused));
    if (unused) return der::malformed("public key has unused bits", bits_item.offset);
    if (der::oid_is(alg_oid, oid::kRsaEncryption)) {
        Reader k(bits, bits_item.offset + (bits_item.whole.size() - bits.size()));
        CARTE_DER_TRY(seq, k.enter(der::kSequence));
        CARTE_DER_TRY(n, seq.expect(der::kInteger));
        CARTE_DER_TRY(e, seq.expect(der::kInteger));
        CARTE_TRY(seq.finish());
        CARTE_DER_TRY(modulus, der::unsigned_integer(n));
        CARTE_DER_TRY(exponent, der::unsigned_integer(e));
        key->type = KeyType::rsa;
        key->modulus = modulus;
        key->exponent = exponent;
    } else if (der::oid_is(alg_oid, oid::kEcPublicKey)) {
        if (!der::oid_is(params, oid::kPrime256v1)) {
            key->type = KeyType::unknown;  // another curve: parsed, refused when used
            return {};
        }
        if (bits.size() != 65 || bits[0] != 0x04)
            return der::malformed("P-256 key is not an uncompressed point", bits_item.offset);
        key->type = KeyType::ec_p256;
        key->point = bits;
    } else {
        key->type = KeyType::unknown;
    }
    return {};
}

Status parse_extension(const Item& ext, Certificate* c) {
    Reader r = der::contents(ext);
    CARTE_DER_TRY(id, r.expect(der::kOid));
    CARTE_DER_TRY(critical, r.optional(der::kBoolean));
    CARTE_DER_TRY(value, r.expect(der::kOctetString));
    CARTE_TRY(r.finish());
    const bool is_critical = critical.tag && critical.value.size() == 1 && critical.value[0] != 0;
    Reader v = der::contents(value);
    if (der::oid_is(id, oid::kBasicConstraints)) {
        CARTE_DER_TRY(seq, v.enter(der::kSequence));
        CARTE_DER_TRY(ca, seq.optional(der::kBoolean));
        CARTE_DER_TRY(path_len, seq.optional(der::kInteger));
        (void)path_len;  // not enforced (docs/signing.md)
        CARTE_TRY(seq.finish());
        c->is_ca = ca.tag && ca.value.size() == 1 && ca.value[0] != 0;
    } else if (der::oid_is(id, oid::kKeyUsage)) {
        CARTE_DER_TRY(item, v.expect(der::kBitString));
        CARTE_DER_TRY(bits, der::bit_string(item));
        c->has_key_usage = true;
        c->key_usage = 0;
        for (size_t n = 0; n < 16 && n / 8 < bits.size(); ++n)
            if (bits[n / 8] & (0x80 >> (n % 8)))
                c->key_usage = static_cast<uint16_t>(c->key_usage | (1u << n));
    } else if (der::oid_is(id, oid::kExtKeyUsage)) {
        CARTE_DER_TRY(seq, v.enter(der::kSequence));
        c->has_ext_key_usage = true;
        while (!seq.at_end()) {
            CARTE_DER_TRY(purpose, seq.expect(der::kOid));
            if (der::oid_is(purpose, oid::kCodeSigning)) c->code_signing = true;
        }
    } else if (der::oid_is(id, oid::kSubjectKeyId)) {
        CARTE_DER_TRY(ski, v.expect(der::kOctetString));
        c->subject_key_id = ski.value;
    } else if (der::oid_is(id, oid::kSubjectAltName)) {
        c->subject_alt_names = value.value;
    } else if (is_critical && !der::oid_is(id, oid::kAuthorityKeyId) &&
               !der::oid_is(id, oid::kCertificatePolicies)) {
        return der::malformed("certificate has an unsupported critical extension", ext.offset);
    }
    return {};
}

}  // namespace

Str name_common_name(Bytes name_der) {
    Reader r(name_der);
    auto name = r.expect(der::kSequence);
    Str cn;
    if (!name || !parse_name(*name, &cn).ok()) return Str();
    return cn;
}

SignatureAlgorithm signature_algorithm_from_oid(Bytes oid_contents) {
    Item item;
    item.tag = der::kOid;
    item.value = oid_contents;
    if (der::oid_is(item, oid::kSha256WithRsa)) return SignatureAlgorithm::rsa_pkcs1_sha256;
    if (der::oid_is(item, oid::kEcdsaWithSha256)) return SignatureAlgorithm::ecdsa_sha256;
    return SignatureAlgorithm::unknown;
}

Status parse_certificate(Bytes der_bytes, Certificate* out) {
    Certificate c;
    Reader top(der_bytes);
    CARTE_DER_TRY(cert_item, top.expect(der::kSequence));
    CARTE_TRY(top.finish());
    c.der = cert_item.whole;
    Reader cert = der::contents(cert_item);
    CARTE_DER_TRY(tbs_item, cert.expect(der::kSequence));
    CARTE_DER_TRY(outer_alg, cert.expect(der::kSequence));
    CARTE_DER_TRY(sig_item, cert.expect(der::kBitString));
    CARTE_TRY(cert.finish());
    c.tbs = tbs_item.whole;
    uint8_t unused = 0;
    CARTE_DER_TRY(sig_bits, der::bit_string(sig_item, &unused));
    if (unused) return der::malformed("signature has unused bits", sig_item.offset);
    c.signature = sig_bits;
    {
        Reader alg = der::contents(outer_alg);
        CARTE_DER_TRY(alg_oid, alg.expect(der::kOid));
        c.signature_algorithm = signature_algorithm_from_oid(alg_oid.value);
    }

    Reader tbs = der::contents(tbs_item);
    CARTE_DER_TRY(version, tbs.optional(der::context(0)));
    (void)version;
    CARTE_DER_TRY(serial, tbs.expect(der::kInteger));
    if (serial.value.empty()) return der::malformed("empty serial number", serial.offset);
    c.serial = serial.value;
    CARTE_DER_TRY(inner_alg, tbs.expect(der::kSequence));
    if (!bytes_equal(inner_alg.whole, outer_alg.whole))
        return der::malformed("certificate's two signature algorithms differ", inner_alg.offset);
    CARTE_DER_TRY(issuer, tbs.expect(der::kSequence));
    c.issuer = issuer.whole;
    CARTE_TRY(parse_name(issuer, &c.issuer_common_name));
    CARTE_DER_TRY(validity, tbs.enter(der::kSequence));
    CARTE_DER_TRY(nb_item, validity.next());
    CARTE_DER_TRY(na_item, validity.next());
    CARTE_TRY(validity.finish());
    CARTE_DER_TRY(not_before, der::time_value(nb_item));
    CARTE_DER_TRY(not_after, der::time_value(na_item));
    c.not_before = not_before;
    c.not_after = not_after;
    CARTE_DER_TRY(subject, tbs.expect(der::kSequence));
    c.subject = subject.whole;
    CARTE_TRY(parse_name(subject, &c.common_name));
    CARTE_DER_TRY(spki, tbs.expect(der::kSequence));
    CARTE_TRY(parse_public_key(spki, &c.key));
    CARTE_DER_TRY(issuer_uid, tbs.optional(der::context_primitive(1)));
    CARTE_DER_TRY(subject_uid, tbs.optional(der::context_primitive(2)));
    (void)issuer_uid, (void)subject_uid;
    CARTE_DER_TRY(extensions, tbs.optional(der::context(3)));
    CARTE_TRY(tbs.finish());
    if (extensions.tag) {
        Reader wrapper = der::contents(extensions);
        CARTE_DER_TRY(list, wrapper.enter(der::kSequence));
        CARTE_TRY(wrapper.finish());
        while (!list.at_end()) {
            CARTE_DER_TRY(ext, list.expect(der::kSequence));
            CARTE_TRY(parse_extension(ext, &c));
        }
    }
    *out = c;
    return {};
}

const char kSignatureVerificationUnavailable[] = "signature verification unavailable";

Status verify_digest_signature(const uint8_t digest[32], SignatureAlgorithm algorithm, const PublicKey& key,
                               Bytes signature) {
    int rc;
    if (algorithm == SignatureAlgorithm::rsa_pkcs1_sha256 && key.type == KeyType::rsa) {
        // A signature is exactly the modulus size; anything else is a bad signature, not a bad key.
        if (signature.size() != key.modulus.size()) return Error(Errc::access, "bad signature");
        rc = carte_bearssl_rsa_sha256_verify(digest, key.modulus.data(), key.modulus.size(),
                                             key.exponent.data(), key.exponent.size(), signature.data(),
                                             signature.size());
    } else if (algorithm == SignatureAlgorithm::ecdsa_sha256 && key.type == KeyType::ec_p256) {
        // DER SEQUENCE { r INTEGER, s INTEGER } to the raw r||s BearSSL checks.
        uint8_t raw[64] = {};
        Reader r(signature);
        auto seq = r.enter(der::kSequence);
        if (!seq || !r.finish().ok()) return Error(Errc::access, "bad signature");
        for (size_t k = 0; k < 2; ++k) {
            auto item = seq->expect(der::kInteger);
            if (!item) return Error(Errc::access, "bad signature");
            auto v = der::unsigned_integer(*item);
            if (!v || v->size() > 32) return Error(Errc::access, "bad signature");
            for (size_t i = 0; i < v->size(); ++i) raw[k * 32 + 32 - v->size() + i] = (*v)[i];
        }
        if (!seq->finish().ok()) return Error(Errc::access, "bad signature");
        rc = carte_bearssl_p256_verify(digest, key.point.data(), raw);
    } else {
        return Error(Errc::notsup, "unsupported signature algorithm or key type");
    }
    if (rc == CARTE_BEARSSL_OK) return {};
    if (rc == CARTE_BEARSSL_UNAVAILABLE) return Error(Errc::notsup, kSignatureVerificationUnavailable);
    if (rc == CARTE_BEARSSL_BAD_KEY)
        return Error(Errc::notsup, "unsupported key (RSA keys must be 1024-4096 bits)");
    return Error(Errc::access, "bad signature");
}

Status verify_issued_by(const Certificate& cert, const Certificate& issuer) {
    const Sha256Digest digest = sha256(cert.tbs);
    return verify_digest_signature(digest.bytes, cert.signature_algorithm, issuer.key, cert.signature);
}

}  // namespace carte::crypto
