// What `carte build --trust` and `carte run --trust` trust, read on the host: each FILE is either
// a PEM public key (a P-256 anchor for Carte signatures, optionally ",not-after=TIME") or PEM
// certificates (DER X.509 roots for CMS `imgverify`). The same TrustPolicy the ROM builds from
// its embedded records (platform/firmware/trust_setup.h) is built here from the files.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/sign/trust_set.h"
#include "runtime/vm/trust_policy.h"

namespace carte::cli {

struct HostTrust {
    sign::TrustSet keys;
    std::vector<std::vector<uint8_t>> ca_certs;  // DER
    std::vector<std::string> ca_names;           // subject line of each, for messages
    bool require_signed_menus = false;
    bool require_signed_scripts = false;

    // One --trust argument. False with *why on an unreadable file, a key that is not P-256,
    // a not-after on a certificate, or a file that is neither a key nor a certificate.
    bool add(const std::string& spec, std::string* why);
    bool empty() const { return keys.empty() && ca_certs.empty(); }

    // The records `carte build` embeds: the trust store blob, and the certificates as
    // u32 length + DER each (platform/firmware/embed_format.h).
    std::vector<uint8_t> encode_store() const;
    std::vector<uint8_t> encode_ca_certs() const;
};

// HTTPS roots (docs/tls.md): PEM certificates from `--ca FILE` or the host's bundle, as DER.
struct TlsRoots {
    std::vector<std::vector<uint8_t>> certs;
    std::vector<std::string> names;  // subject line of each
    // Appends every certificate of a PEM file; false with *why when the file has none or one
    // does not parse.
    bool add_pem_file(const std::string& path, std::string* why);
    // The compact anchor records of all of them (docs/tls.md, "Anchor records"); certificates
    // BearSSL cannot use as roots are skipped and counted in *skipped.
    std::vector<uint8_t> anchor_records(size_t* skipped) const;
};

// The host's Mozilla roots, as Debian's ca-certificates package installs them.
constexpr const char* kSystemCaBundle = "/etc/ssl/certs/ca-certificates.crt";

// A TrustPolicy viewing `trust` (which must outlive it). `ca_views` is storage for the spans.
TrustPolicy make_trust_policy(const HostTrust& trust, std::vector<Bytes>* ca_views,
                              crypto::RollbackGuard* rollback);

}  // namespace carte::cli
