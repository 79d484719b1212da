#include "cli/cli_trust.h"

#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "compiler/sign/ec_key.h"
#include "compiler/sign/sign_error.h"
#include "runtime/crypto/tls_glue.h"

namespace carte::cli {

namespace {

constexpr const char* kCertBegin = "-----BEGIN CERTIFICATE-----";

// Every certificate in a PEM file, as DER, through OpenSSL (which also checks each parses).
bool read_certificates(const std::string& path, const std::string& pem, std::vector<std::vector<uint8_t>>* t,
                       std::vector<std::string>* names, std::string* why) {
    BIO* bio = BIO_new_mem_buf(pem.data(), int(pem.size()));
    if (!bio) return *why = "out of memory", false;
    size_t before = t->size();
    while (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
        int n = i2d_X509(cert, nullptr);
        std::vector<uint8_t> der(n > 0 ? size_t(n) : 0);
        unsigned char* p = der.data();
        if (n <= 0 || i2d_X509(cert, &p) != n) {
            X509_free(cert);
            BIO_free(bio);
            return *why = path + ": cannot encode a certificate", false;
        }
        char subject[256] = {};
        X509_NAME_oneline(X509_get_subject_name(cert), subject, sizeof subject);
        t->push_back(std::move(der));
        names->push_back(subject);
        X509_free(cert);
    }
    BIO_free(bio);
    size_t begins = 0;
    for (size_t at = pem.find(kCertBegin); at != std::string::npos; at = pem.find(kCertBegin, at + 1))
        ++begins;
    if (t->size() - before != begins) {
        t->resize(before), names->resize(before);
        return *why = path + ": a certificate in the file does not parse", false;
    }
    return true;
}

void append32(std::vector<uint8_t>& b, uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (8 * i)));
}

}  // namespace

bool HostTrust::add(const std::string& spec, std::string* why) {
    size_t comma = spec.find(",not-after=");
    std::string path = spec.substr(0, comma);
    try {
        std::string pem = sign::read_file(path);
        if (pem.find(kCertBegin) != std::string::npos) {
            if (comma != std::string::npos)
                return *why = path +
                              ": not-after applies to keys, not to certificates (they carry their own dates)",
                       false;
            return read_certificates(path, pem, &ca_certs, &ca_names, why);
        }
        keys.add_spec(spec);
    } catch (const sign::SignError& e) {
        *why = e.what();
        return false;
    }
    return true;
}

bool TlsRoots::add_pem_file(const std::string& path, std::string* why) {
    try {
        std::string pem = sign::read_file(path);
        if (pem.find(kCertBegin) == std::string::npos)
            return *why = path + ": no PEM certificate in it", false;
        return read_certificates(path, pem, &certs, &names, why);
    } catch (const sign::SignError& e) {
        *why = e.what();
        return false;
    }
}

std::vector<uint8_t> TlsRoots::anchor_records(size_t* skipped) const {
    std::vector<uint8_t> out;
    *skipped = 0;
    for (const auto& der : certs) {
        uint8_t record[4096];
        size_t n = 0;
        if (carte_tls_anchor_record(der.data(), der.size(), record, sizeof record, &n) != 0) {
            ++*skipped;
            continue;
        }
        out.insert(out.end(), record, record + n);
    }
    return out;
}

std::vector<uint8_t> HostTrust::encode_store() const {
    if (keys.empty()) return {};
    std::string blob = keys.encode_store(require_signed_menus, require_signed_scripts);
    return std::vector<uint8_t>(blob.begin(), blob.end());
}

std::vector<uint8_t> HostTrust::encode_ca_certs() const {
    std::vector<uint8_t> out;
    for (const auto& der : ca_certs) {
        append32(out, uint32_t(der.size()));
        out.insert(out.end(), der.begin(), der.end());
    }
    return out;
}

TrustPolicy make_trust_policy(const HostTrust& trust, std::vector<Bytes>* ca_views,
                              crypto::RollbackGuard* rollback) {
    ca_views->clear();
    for (const auto& der : trust.ca_certs) ca_views->push_back(Bytes(der.data(), der.size()));
    TrustPolicy p;
    p.keys = trust.keys.anchors();
    p.ca_certs = Span<const Bytes>(ca_views->data(), ca_views->size());
    p.require_signed_menus = trust.require_signed_menus;
    p.require_signed_scripts = trust.require_signed_scripts;
    p.rollback = rollback;
    return p;
}

}  // namespace carte::cli
