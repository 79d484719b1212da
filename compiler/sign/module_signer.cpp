// See module_signer.h.
#include "compiler/sign/module_signer.h"

#include "compiler/sign/sign_error.h"
#include "runtime/bytecode/format.h"
#include "runtime/bytecode/module.h"
#include "runtime/crypto/signature.h"

namespace carte::sign {
namespace {

Bytes as_bytes(const std::string& s) {
    return Bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

bc::SignedLayout layout(const std::string& module) {
    String why;
    auto parts = bc::locate_signed_parts(as_bytes(module), &why);
    if (!parts) throw SignError("not a valid Carte bytecode file: " + std::string(why.c_str()));
    return parts.take();
}

void put_le32(std::string* s, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) (*s)[at + i] = static_cast<char>(v >> (8 * i));
}

uint32_t get_le32(const std::string& s, size_t at) {
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = v << 8 | static_cast<uint8_t>(s[at + i]);
    return v;
}

std::vector<Signature> from_trailer(Bytes trailer) {
    String why;
    auto t = bc::parse_signature_trailer(trailer, &why);
    if (!t) throw SignError("malformed signature: " + std::string(why.c_str()));
    std::vector<Signature> out;
    for (const bc::SignatureRecord& r : t->view()) {
        if (r.algorithm != static_cast<uint8_t>(bc::SignatureAlgorithm::EcdsaP256Sha256))
            throw SignError("signature with an unknown algorithm " + std::to_string(r.algorithm));
        Signature s;
        s.key_id = r.key_id;
        for (size_t i = 0; i < s.value.size(); ++i) s.value[i] = r.signature[i];
        out.push_back(s);
    }
    return out;
}

}  // namespace

bool is_module(const std::string& file) {
    return bc::looks_like_module(as_bytes(file));
}

crypto::Sha256Digest signing_digest(const std::string& file) {
    if (!is_module(file)) return crypto::blob_signing_digest(as_bytes(file));
    String why;
    auto d = crypto::module_signing_digest(as_bytes(file), &why);
    if (!d) throw SignError("not a valid Carte bytecode file: " + std::string(why.c_str()));
    return d.value();
}

uint64_t module_serial(const std::string& module) {
    return layout(module).serial;
}

std::string strip_signatures(const std::string& module) {
    bc::SignedLayout l = layout(module);
    std::string body = module.substr(0, l.body.size());
    put_le32(&body, 8, get_le32(body, 8) & ~bc::kFlagTrailer);
    return body;
}

std::string with_serial(const std::string& module, uint64_t serial) {
    std::string body = strip_signatures(module);
    for (int i = 0; i < 8; ++i) body[16 + i] = static_cast<char>(serial >> (8 * i));
    return body;
}

std::vector<Signature> module_signatures(const std::string& module) {
    bc::SignedLayout l = layout(module);
    if (!(l.flags & bc::kFlagTrailer) || l.trailer.empty()) return {};
    return from_trailer(l.trailer);
}

std::vector<Signature> parse_sig_file(const std::string& sig) {
    return from_trailer(as_bytes(sig));
}

void merge_signature(std::vector<Signature>* set, const Signature& sig) {
    for (Signature& s : *set)
        if (s.key_id == sig.key_id) {
            s = sig;
            return;
        }
    if (set->size() >= bc::kMaxSignatures) throw SignError("at most 8 signatures per file");
    set->push_back(sig);
}

std::string encode_sig_file(const std::vector<Signature>& sigs) {
    std::vector<bc::SignatureRecord> records;
    for (const Signature& s : sigs) {
        bc::SignatureRecord r;
        r.key_id = s.key_id;
        r.algorithm = static_cast<uint8_t>(bc::SignatureAlgorithm::EcdsaP256Sha256);
        r.signature = Bytes(s.value.data(), s.value.size());
        records.push_back(r);
    }
    auto t = bc::encode_signature_trailer(Span<const bc::SignatureRecord>(records.data(), records.size()));
    if (!t) throw SignError(t.error().detail ? t.error().detail : "cannot encode the signatures");
    return std::string(reinterpret_cast<const char*>(t->data()), t->size());
}

std::string with_signatures(const std::string& module, const std::vector<Signature>& sigs) {
    std::string out = strip_signatures(module);
    if (sigs.empty()) return out;
    put_le32(&out, 8, get_le32(out, 8) | bc::kFlagTrailer);
    return out + encode_sig_file(sigs);
}

}  // namespace carte::sign
