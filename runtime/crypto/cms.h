// Detached CMS signatures (RFC 5652 SignedData), as `openssl cms -sign -binary [-noattr]
// -outform DER` makes them and iPXE's `imgverify` checks them: the signature over an image's
// bytes, the signer's certificate and any intermediates travel in the .sig file; the roots are
// the firmware's (TrustPolicy::ca_certs). Supported: SHA-256 digests; RSA PKCS#1 v1.5
// (rsaEncryption or sha256WithRSAEncryption) and ECDSA P-256 (ecdsa-with-SHA256) signer keys;
// signerInfo versions 1 (issuerAndSerialNumber) and 3 (subjectKeyIdentifier); with or without
// signed attributes. Checks follow iPXE: the signer needs the codeSigning extended key usage,
// every issuer in the path must be a CA, dates are checked when the clock is known.
#pragma once
#include "runtime/crypto/x509.h"
#include "runtime/rt/string.h"

namespace carte::crypto {

constexpr size_t kMaxCmsCertificates = 8;
constexpr size_t kMaxCmsSigners = 4;
constexpr size_t kMaxChainLength = 8;
// Clock error tolerated on validity dates, as iPXE (TIMESTAMP_ERROR_MARGIN): 12.5 hours.
constexpr uint64_t kValidityMargin = 12 * 3600 + 1800;

enum class DigestAlgorithm : uint8_t { unknown, sha1, sha256 };

struct CmsSigner {
    size_t offset = 0;  // of the SignerInfo, for messages
    Bytes issuer;       // version 1: issuer Name DER and serial number
    Bytes serial;
    Bytes subject_key_id;  // version 3
    DigestAlgorithm digest = DigestAlgorithm::unknown;
    Bytes signed_attrs;  // [0] IMPLICIT SET OF Attribute, whole; empty with -noattr
    Bytes message_digest;
    bool has_message_digest = false;
    SignatureAlgorithm algorithm = SignatureAlgorithm::unknown;
    Bytes signature;
};

struct CmsSignedData {
    Bytes certificates[kMaxCmsCertificates];
    size_t certificate_count = 0;
    CmsSigner signers[kMaxCmsSigners];
    size_t signer_count = 0;
};

// Parses ContentInfo → SignedData with detached id-data content. Errc::badmsg with the reason in
// detail and the byte offset in value; Errc::notsup for structures Carte does not take (embedded
// content, more than kMaxCmsCertificates certificates…).
Status parse_cms_signed_data(Bytes der, CmsSignedData* out);

enum class CmsCheck : uint8_t {
    ok,
    malformed,         // the .sig (or a certificate in it) is not valid DER / CMS
    unsupported,       // digest, algorithm or key Carte cannot check (SHA-1, RSA-PSS, P-384…)
    bad_signature,     // the signature does not match the image
    untrusted_chain,   // the signer does not chain to a trusted root
    expired,           // a certificate in the path is outside its validity dates
    not_code_signing,  // the signer lacks the codeSigning extended key usage
    wrong_signer,      // --signer names someone else
    no_roots,          // no trusted root certificates
    unavailable,       // built without BearSSL
};
// Short stable names ("bad-signature", …) for tests and logs.
const char* cms_check_name(CmsCheck c);

struct CmsVerifyOptions {
    Span<const Bytes> roots;  // DER X.509 root certificates
    uint64_t now = 0;         // unix seconds; 0 = unknown clock: validity dates are not checked
    Str signer_name;          // non-empty: the signer certificate's commonName must equal it
};

struct CmsVerdict {
    CmsCheck check = CmsCheck::ok;
    String signer;   // the signer certificate's commonName, once known
    String message;  // one line: what failed, for which signer/certificate
};

// Verifies `signature` (DER CMS) over `content`. Errc::access for every refusal except malformed
// input (Errc::badmsg) and unsupported algorithms (Errc::notsup); the verdict says which.
Status verify_cms_detached(Bytes content, Bytes signature, const CmsVerifyOptions& options,
                           CmsVerdict* verdict = nullptr);

}  // namespace carte::crypto
