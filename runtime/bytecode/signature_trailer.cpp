// Framing of the signature trailer; see signature_trailer.h for the layout.
#include "runtime/bytecode/signature_trailer.h"

#include "runtime/bytecode/format.h"
#include "runtime/bytecode/module.h"
#include "runtime/rt/varint.h"

namespace carte::bc {
namespace {

// Writes "trailer+0xNN: what" (first failure only) and returns the error.
Error malformed(String* why, size_t at, Str what) {
    if (why && why->empty()) {
        (void)why->append("trailer+0x");
        (void)why->append_u64(at, 16);
        (void)why->append(": ");
        (void)why->append(what);
    }
    return Error(Errc::badmsg, "malformed signature trailer");
}

}  // namespace

bool KeyId::append_hex(String* out) const {
    for (uint8_t b : bytes)
        if (!out->append_hex_byte(b)) return false;
    return true;
}

Result<SignatureTrailer> parse_signature_trailer(Bytes t, String* why) {
    if (t.empty()) return malformed(why, 0, "empty (no signature records)");
    if (t.size() < kTrailerHeaderSize) return malformed(why, 0, "truncated header (shorter than 8 bytes)");
    for (size_t i = 0; i < 4; ++i)
        if (t[i] != kTrailerMagic[i]) return malformed(why, 0, "bad magic (expected \"CSIG\")");
    if (t[4] != kTrailerVersion) return malformed(why, 4, "unsupported trailer version");
    SignatureTrailer out;
    out.count = t[5];
    if (out.count == 0) return malformed(why, 5, "no signature records (count 0)");
    if (out.count > kMaxSignatures) return malformed(why, 5, "too many signature records (more than 8)");
    if (load_le16(t.data() + 6) != 0) return malformed(why, 6, "reserved bytes are not zero");
    size_t pos = kTrailerHeaderSize;
    for (size_t i = 0; i < out.count; ++i) {
        if (t.size() - pos < kSignatureRecordHeaderSize)
            return malformed(why, pos, "truncated signature record");
        SignatureRecord& r = out.records[i];
        for (size_t k = 0; k < kKeyIdSize; ++k) r.key_id.bytes[k] = t[pos + k];
        r.algorithm = t[pos + 8];
        if (t[pos + 9] != 0) return malformed(why, pos + 9, "reserved record byte is not zero");
        size_t size = load_le16(t.data() + pos + 10);
        if (r.algorithm == static_cast<uint8_t>(SignatureAlgorithm::EcdsaP256Sha256) &&
            size != kEcdsaP256SignatureSize)
            return malformed(why, pos + 10, "ECDSA P-256 signature size is not 64");
        pos += kSignatureRecordHeaderSize;
        if (t.size() - pos < size) return malformed(why, pos, "signature bytes are truncated");
        r.signature = t.subspan(pos, size);
        pos += size;
    }
    if (pos != t.size()) return malformed(why, pos, "unexpected bytes after the last signature record");
    return out;
}

Result<Vec<uint8_t>> encode_signature_trailer(Span<const SignatureRecord> records) {
    if (records.empty() || records.size() > kMaxSignatures)
        return Error(Errc::inval, "1 to 8 signatures per trailer");
    Vec<uint8_t> out;
    auto put = [&](uint8_t b) { return out.push(b); };
    bool ok = true;
    for (uint8_t b : kTrailerMagic) ok = ok && put(b);
    ok = ok && put(kTrailerVersion) && put(static_cast<uint8_t>(records.size())) && put(0) && put(0);
    for (const SignatureRecord& r : records) {
        if (r.signature.size() > 0xffff) return Error(Errc::inval, "signature too large");
        for (uint8_t b : r.key_id.bytes) ok = ok && put(b);
        ok = ok && put(r.algorithm) && put(0) && put(static_cast<uint8_t>(r.signature.size())) &&
             put(static_cast<uint8_t>(r.signature.size() >> 8));
        for (uint8_t b : r.signature) ok = ok && put(b);
    }
    if (!ok) return Error(Errc::nomem);
    return out;
}

Result<SignedLayout> locate_signed_parts(Bytes m, String* why) {
    auto reject = [&](Str what) {
        if (why && why->empty()) (void)why->append(what);
        return Error(Errc::badmsg, "malformed bytecode");
    };
    if (m.size() < kHeaderSize) return reject("header: file shorter than the 32-byte header");
    if (!looks_like_module(m)) return reject("header: bad magic (not a Carte bytecode file)");
    if (load_le16(m.data() + 4) != kMajor) return reject("header: unsupported bytecode major version");
    SignedLayout out;
    out.flags = load_le32(m.data() + 8);
    uint32_t body_size = load_le32(m.data() + 12);
    out.serial = load_le64(m.data() + 16);
    if (body_size < kHeaderSize || body_size > m.size()) return reject("header: body_size out of range");
    if (body_size < m.size() && !(out.flags & kFlagTrailer))
        return reject("header: trailing bytes after the body without the TRAILER flag");
    out.body = m.subspan(0, body_size);
    out.trailer = m.subspan(body_size);
    return out;
}

}  // namespace carte::bc
