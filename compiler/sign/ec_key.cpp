// OpenSSL 3 EVP code for P-256 keys; see ec_key.h.
#include "compiler/sign/ec_key.h"

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "compiler/sign/sign_error.h"

namespace carte::sign {
namespace {

std::string openssl_error() {
    unsigned long e = ERR_get_error();
    ERR_clear_error();
    if (!e) return "unknown OpenSSL error";
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    return buf;
}

struct BioFree {
    void operator()(BIO* b) const { BIO_free(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

std::string bio_contents(BIO* b) {
    char* data = nullptr;
    long n = BIO_get_mem_data(b, &data);
    return std::string(data, static_cast<size_t>(n));
}

}  // namespace

void EcKey::Free::operator()(EVP_PKEY* k) const {
    EVP_PKEY_free(k);
}

EcKey::EcKey(EVP_PKEY* k, bool priv) : key_(k, Free()), private_(priv) {
    char group[64] = {};
    size_t len = 0;
    if (EVP_PKEY_get_base_id(k) != EVP_PKEY_EC ||
        !EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len) ||
        std::strcmp(group, "prime256v1") != 0)
        throw SignError(
            "not an ECDSA P-256 (prime256v1) key; create one with 'carte keygen' or "
            "'openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256'");
    // Ask for the uncompressed form, whatever the file used.
    EVP_PKEY_set_utf8_string_param(k, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT, "uncompressed");
    if (!EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, point_.data(), point_.size(), &len) ||
        len != point_.size() || point_[0] != 0x04)
        throw SignError("cannot read the P-256 public point: " + openssl_error());
}

EcKey EcKey::generate() {
    EVP_PKEY* k = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    if (!k) throw SignError("key generation failed: " + openssl_error());
    return EcKey(k, true);
}

EcKey EcKey::load_private(const std::string& path) {
    std::string pem = read_file(path);
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    EVP_PKEY* k = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
    if (!k) {
        ERR_clear_error();
        throw SignError(path +
                        ": not a PEM private key (expected '-----BEGIN PRIVATE KEY-----' or "
                        "'-----BEGIN EC PRIVATE KEY-----'; encrypted keys are not supported)");
    }
    try {
        return EcKey(k, true);
    } catch (const SignError& e) {
        throw SignError(path + ": " + e.what());
    }
}

EcKey EcKey::from_public_pem(const std::string& pem, const std::string& origin) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    EVP_PKEY* k = PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
    if (!k) {
        ERR_clear_error();
        BioPtr again(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
        k = PEM_read_bio_PrivateKey(again.get(), nullptr, nullptr, nullptr);
        ERR_clear_error();
    }
    if (!k) throw SignError(origin + ": not a PEM public key (expected '-----BEGIN PUBLIC KEY-----')");
    try {
        EcKey key(k, false);  // only the public half is ever used from here
        return key;
    } catch (const SignError& e) {
        throw SignError(origin + ": " + e.what());
    }
}

EcKey EcKey::load_public(const std::string& path) {
    return from_public_pem(read_file(path), path);
}

std::string EcKey::key_id_hex() const {
    bc::KeyId id = key_id();
    return to_hex(id.bytes, bc::kKeyIdSize);
}

std::string EcKey::private_pem() const {
    if (!private_) throw SignError("no private key");
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr))
        throw SignError("cannot encode the private key: " + openssl_error());
    return bio_contents(bio.get());
}

std::string EcKey::public_pem() const {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_PUBKEY(bio.get(), key_.get()))
        throw SignError("cannot encode the public key: " + openssl_error());
    return bio_contents(bio.get());
}

void EcKey::write_private(const std::string& path) const {
    write_file(path, private_pem(), true);
}
void EcKey::write_public(const std::string& path) const {
    write_file(path, public_pem());
}

RawSignature EcKey::sign_digest(const crypto::Sha256Digest& digest) const {
    if (!private_) throw SignError("signing needs a private key");
    std::unique_ptr<EVP_PKEY_CTX, void (*)(EVP_PKEY_CTX*)> ctx(EVP_PKEY_CTX_new(key_.get(), nullptr),
                                                               EVP_PKEY_CTX_free);
    size_t len = 0;
    if (!ctx || EVP_PKEY_sign_init(ctx.get()) <= 0 ||
        EVP_PKEY_sign(ctx.get(), nullptr, &len, digest.bytes, sizeof digest.bytes) <= 0)
        throw SignError("signing failed: " + openssl_error());
    std::string der(len, '\0');
    if (EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char*>(der.data()), &len, digest.bytes,
                      sizeof digest.bytes) <= 0)
        throw SignError("signing failed: " + openssl_error());
    der.resize(len);
    return der_to_raw_signature(der);
}

RawSignature der_to_raw_signature(const std::string& der) {
    const unsigned char* p = reinterpret_cast<const unsigned char*>(der.data());
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
    if (!sig || p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
        ECDSA_SIG_free(sig);
        ERR_clear_error();
        throw SignError("not a DER ECDSA signature (ECDSA-Sig-Value), nor 64 raw bytes r||s");
    }
    const BIGNUM *r = nullptr, *s = nullptr;
    ECDSA_SIG_get0(sig, &r, &s);
    RawSignature raw{};
    bool ok = BN_num_bytes(r) <= 32 && BN_num_bytes(s) <= 32 && BN_bn2binpad(r, raw.data(), 32) == 32 &&
              BN_bn2binpad(s, raw.data() + 32, 32) == 32;
    ECDSA_SIG_free(sig);
    if (!ok) throw SignError("ECDSA signature values are too large for P-256");
    return raw;
}

std::string raw_to_der_signature(const RawSignature& raw) {
    ECDSA_SIG* sig = ECDSA_SIG_new();
    BIGNUM* r = BN_bin2bn(raw.data(), 32, nullptr);
    BIGNUM* s = BN_bin2bn(raw.data() + 32, 32, nullptr);
    if (!sig || !r || !s || !ECDSA_SIG_set0(sig, r, s)) {
        ECDSA_SIG_free(sig);
        BN_free(r);
        BN_free(s);
        throw SignError("out of memory");
    }
    unsigned char* out = nullptr;
    int n = i2d_ECDSA_SIG(sig, &out);
    ECDSA_SIG_free(sig);
    if (n <= 0) throw SignError("cannot encode the signature");
    std::string der(reinterpret_cast<char*>(out), static_cast<size_t>(n));
    OPENSSL_free(out);
    return der;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw SignError(path + ": cannot open: " + std::strerror(errno));
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad()) throw SignError(path + ": read error");
    return s.str();
}

void write_file(const std::string& path, const std::string& bytes, bool private_mode) {
    // Write beside the target and rename, so an interrupted run never leaves half a file.
    std::string tmp = path + ".tmp";
    mode_t old = umask(private_mode ? 077 : 022);
    FILE* f = std::fopen(tmp.c_str(), "wb");
    umask(old);
    if (!f) throw SignError(path + ": cannot write: " + std::strerror(errno));
    bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
    ok = (std::fclose(f) == 0) && ok;
    if (private_mode) chmod(tmp.c_str(), 0600);
    if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::remove(tmp.c_str());
        throw SignError(path + ": cannot write: " + std::strerror(errno));
    }
}

std::string to_hex(const uint8_t* p, size_t n) {
    static const char digits[] = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < n; ++i) s += digits[p[i] >> 4], s += digits[p[i] & 15];
    return s;
}

}  // namespace carte::sign
