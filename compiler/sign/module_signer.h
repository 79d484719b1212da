// Signing operations on whole files (host): the digest a signer signs, attaching signatures to
// a .cbm's trailer or writing them to a detached .sig, and setting the serial. The file formats
// and the verification are the runtime's (runtime/bytecode/signature_trailer.h,
// runtime/crypto/signature.h); nothing here decides whether a signature is good.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "compiler/sign/ec_key.h"

namespace carte::sign {

struct Signature {
    bc::KeyId key_id;
    RawSignature value{};
};

// True if the bytes are a Carte bytecode module (start with its magic).
bool is_module(const std::string& file);

// The digest to sign: for a .cbm, SHA-256 of its body as it reads with the TRAILER flag set;
// for any other file, SHA-256 of all of it. Throws SignError for a malformed module header.
crypto::Sha256Digest signing_digest(const std::string& file);

uint64_t module_serial(const std::string& module);
// Sets the header serial. Existing signatures cover the old serial, so they are dropped.
std::string with_serial(const std::string& module, uint64_t serial);

// The body alone, TRAILER flag cleared (what a detached signature accompanies).
std::string strip_signatures(const std::string& module);

// The signatures in a module's trailer, or in a .sig file's bytes. Throws SignError if malformed.
std::vector<Signature> module_signatures(const std::string& module);
std::vector<Signature> parse_sig_file(const std::string& sig);

// Adds `sig` (replacing an earlier signature by the same key) to the set.
void merge_signature(std::vector<Signature>* set, const Signature& sig);

// The module with exactly these signatures in its trailer (TRAILER flag set).
std::string with_signatures(const std::string& module, const std::vector<Signature>& sigs);
// A detached .sig file holding these signatures.
std::string encode_sig_file(const std::vector<Signature>& sigs);

}  // namespace carte::sign
