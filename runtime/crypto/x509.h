// X.509 certificates (RFC 5280), the parts code signing needs: the signed TBS bytes and their
// signature, issuer/subject names as DER (compared byte for byte), serial, validity, the public
// key (RSA, or EC P-256), and the extensions that matter for a chain: basicConstraints, keyUsage,
// extKeyUsage (codeSigning) and subjectKeyIdentifier. Views point into the DER buffer, which
// must outlive the Certificate. Unknown critical extensions are refused, as RFC 5280 requires.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/span.h"
#include "runtime/rt/str.h"

namespace carte::crypto {

enum class SignatureAlgorithm : uint8_t {
    unknown,
    rsa_pkcs1_sha256,  // sha256WithRSAEncryption (or rsaEncryption + a SHA-256 digest, in CMS)
    ecdsa_sha256,      // ecdsa-with-SHA256, DER SEQUENCE { r, s }
};

enum class KeyType : uint8_t { unknown, rsa, ec_p256 };

struct PublicKey {
    KeyType type = KeyType::unknown;
    Bytes modulus;   // RSA, big-endian magnitude
    Bytes exponent;  // RSA
    Bytes point;     // P-256: 04 || X || Y
};

struct Certificate {
    Bytes der;  // the whole certificate
    Bytes tbs;  // tbsCertificate, tag and length included: what the issuer signed
    Bytes serial;
    Bytes issuer;            // Name, whole DER
    Bytes subject;           // Name, whole DER
    Str common_name;         // the subject's (last) commonName, raw string bytes; empty if none
    Str issuer_common_name;  // the issuer's, for messages
    uint64_t not_before = 0;
    uint64_t not_after = 0;
    PublicKey key;
    SignatureAlgorithm signature_algorithm = SignatureAlgorithm::unknown;
    Bytes signature;     // the issuer's signature over `tbs`
    bool is_ca = false;  // basicConstraints cA
    bool has_key_usage = false;
    uint16_t key_usage = 0;  // bit n = KeyUsage bit n (0 digitalSignature, 5 keyCertSign)
    bool has_ext_key_usage = false;
    bool code_signing = false;  // extKeyUsage lists id-kp-codeSigning
    Bytes subject_key_id;
    Bytes subject_alt_names;  // the subjectAltName extension's GeneralNames, whole DER; empty if none
};

constexpr uint16_t kKeyUsageDigitalSignature = 1u << 0;
constexpr uint16_t kKeyUsageKeyCertSign = 1u << 5;

// The (last) commonName of a DER Name; empty when it has none or is malformed.
Str name_common_name(Bytes name_der);

// Parses a DER certificate. Errc::badmsg (detail = reason, value = offset) when malformed.
Status parse_certificate(Bytes der, Certificate* out);

// The detail of verify_digest_signature's Errc::notsup when this build has no verifier at all (as
// opposed to an algorithm or key it does not support); compared by address, not by text.
extern const char kSignatureVerificationUnavailable[];

// Checks `signature` (in the format of `algorithm`) over the SHA-256 digest with `key`.
// Errc::access "bad signature"; Errc::notsup when algorithm and key do not go together or the
// build has no BearSSL.
Status verify_digest_signature(const uint8_t digest[32], SignatureAlgorithm algorithm, const PublicKey& key,
                               Bytes signature);

// Checks that `issuer` signed `cert`.
Status verify_issued_by(const Certificate& cert, const Certificate& issuer);

// Parses an AlgorithmIdentifier's OID (and for RSA, the NULL or absent parameters).
SignatureAlgorithm signature_algorithm_from_oid(Bytes oid_contents);

}  // namespace carte::crypto
