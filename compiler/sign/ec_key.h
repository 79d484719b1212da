// ECDSA P-256 keys on the host, held by OpenSSL: generate, read and write standard PEM (PKCS#8
// private keys, SubjectPublicKeyInfo public keys — what `openssl genpkey`/`openssl pkey` use),
// sign digests.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "runtime/bytecode/signature_trailer.h"
#include "runtime/crypto/sha256.h"
#include "runtime/crypto/trust_anchor.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace carte::sign {

using P256Point = std::array<uint8_t, crypto::kP256PointSize>;
using RawSignature = std::array<uint8_t, bc::kEcdsaP256SignatureSize>;

class EcKey {
  public:
    static EcKey generate();
    // A private key PEM ("PRIVATE KEY" or "EC PRIVATE KEY"). Throws SignError.
    static EcKey load_private(const std::string& path);
    // A public key PEM ("PUBLIC KEY"); a private key PEM is accepted too (its public half).
    static EcKey load_public(const std::string& path);
    static EcKey from_public_pem(const std::string& pem, const std::string& origin = "PEM");

    bool has_private() const { return private_; }
    const P256Point& point() const { return point_; }
    bc::KeyId key_id() const { return crypto::p256_key_id(point_.data()); }
    std::string key_id_hex() const;

    std::string private_pem() const;
    std::string public_pem() const;
    // Writes the private key readable by its owner only (0600).
    void write_private(const std::string& path) const;
    void write_public(const std::string& path) const;

    // ECDSA over the digest (as `openssl pkeyutl -sign` does), returned as raw r||s.
    RawSignature sign_digest(const crypto::Sha256Digest& digest) const;

  private:
    EcKey(EVP_PKEY* k, bool priv);
    struct Free {
        void operator()(EVP_PKEY* k) const;
    };
    std::shared_ptr<EVP_PKEY> key_;
    bool private_ = false;
    P256Point point_{};
};

// ECDSA-Sig-Value DER (what OpenSSL produces) <-> raw r||s (what the trailer holds).
RawSignature der_to_raw_signature(const std::string& der);
std::string raw_to_der_signature(const RawSignature& raw);

// Reads a whole file as bytes / writes one; throw SignError naming the path.
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& bytes, bool private_mode = false);

std::string to_hex(const uint8_t* p, size_t n);

}  // namespace carte::sign
