// The signature trailer (docs/signing.md): the bytes after `body_size` in a .cbm whose header has
// the TRAILER flag, and, byte for byte, the content of a detached `.sig` file.
//
//   offset 0  4  magic "CSIG"
//          4  1  version (1)
//          5  1  count (1..8): number of signature records
//          6  2  reserved, 0
//          8     count × record:
//                  8  key id (first 8 bytes of SHA-256 over the key's SubjectPublicKeyInfo DER)
//                  1  algorithm (1 = ECDSA P-256 with SHA-256, signature = raw r||s, 64 bytes)
//                  1  reserved, 0
//                  2  signature size (little-endian)
//                  …  signature
//   The trailer ends exactly at the end of the file: nothing may follow the last record.
//
// This file only frames bytes; what a signature covers and how it is checked is in
// runtime/crypto/signature.h.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/string.h"
#include "runtime/rt/vec.h"

namespace carte::bc {

constexpr uint8_t kTrailerMagic[4] = {'C', 'S', 'I', 'G'};
constexpr uint8_t kTrailerVersion = 1;
constexpr size_t kTrailerHeaderSize = 8;
constexpr size_t kSignatureRecordHeaderSize = 12;
constexpr size_t kMaxSignatures = 8;
constexpr size_t kKeyIdSize = 8;

enum class SignatureAlgorithm : uint8_t {
    EcdsaP256Sha256 = 1,  // raw r||s, 32 bytes each, big-endian
};
constexpr size_t kEcdsaP256SignatureSize = 64;

struct KeyId {
    uint8_t bytes[kKeyIdSize] = {};
    friend bool operator==(const KeyId& a, const KeyId& b) {
        for (size_t i = 0; i < kKeyIdSize; ++i)
            if (a.bytes[i] != b.bytes[i]) return false;
        return true;
    }
    // Appends 16 lowercase hex digits.
    [[nodiscard]] bool append_hex(String* out) const;
};

struct SignatureRecord {
    KeyId key_id;
    uint8_t algorithm = 0;  // a SignatureAlgorithm value; unknown values are kept, not rejected
    Bytes signature;        // view into the trailer bytes (or, when encoding, the caller's bytes)
};

struct SignatureTrailer {
    size_t count = 0;
    SignatureRecord records[kMaxSignatures];
    Span<const SignatureRecord> view() const { return Span<const SignatureRecord>(records, count); }
};

// Parses a trailer / .sig file. Errc::badmsg with a precise reason in `why` ("trailer+0x14:
// signature 1 is truncated (64 bytes declared, 3 present)") for anything malformed.
Result<SignatureTrailer> parse_signature_trailer(Bytes trailer, String* why = nullptr);

// Serialises records (1..kMaxSignatures) into a trailer.
Result<Vec<uint8_t>> encode_signature_trailer(Span<const SignatureRecord> records);

// Where a .cbm file's signed body and trailer are, from its 32-byte header alone (no other
// parsing: a ROM checks the signature before it looks at anything else).
struct SignedLayout {
    Bytes body;     // bytes [0, body_size)
    Bytes trailer;  // bytes [body_size, end); empty if none
    uint32_t flags = 0;
    uint64_t serial = 0;
};
Result<SignedLayout> locate_signed_parts(Bytes module, String* why = nullptr);

}  // namespace carte::bc
