// A small DER reader (ITU-T X.690) for CMS signatures and X.509 certificates: a bounds-checked
// walker over tag-length-value items. Only what DER allows is accepted: single-byte tags (tag
// numbers below 31), definite lengths in their shortest form, at most 4 length bytes. Every
// error carries the offset of the offending byte, counted from the start of the outermost buffer.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/span.h"

namespace carte::crypto::der {

enum Tag : uint8_t {
    kBoolean = 0x01,
    kInteger = 0x02,
    kBitString = 0x03,
    kOctetString = 0x04,
    kNull = 0x05,
    kOid = 0x06,
    kUtcTime = 0x17,
    kGeneralizedTime = 0x18,
    kSequence = 0x30,
    kSet = 0x31,
};
// [n] EXPLICIT or constructed IMPLICIT context tags, and primitive IMPLICIT ones.
constexpr uint8_t context(uint8_t n) {
    return static_cast<uint8_t>(0xa0 | n);
}
constexpr uint8_t context_primitive(uint8_t n) {
    return static_cast<uint8_t>(0x80 | n);
}

struct Item {
    uint8_t tag = 0;
    Bytes value;    // the contents
    Bytes whole;    // tag, length and contents (what a signature over a DER value covers)
    size_t offset;  // of the tag byte, from the start of the outermost buffer
};

// Errors are Errc::badmsg with a static reason in `detail` and the offset in `value`.
class Reader {
  public:
    explicit Reader(Bytes data, size_t base_offset = 0) : data_(data), base_(base_offset) {}

    bool at_end() const { return pos_ == data_.size(); }
    size_t offset() const { return base_ + pos_; }
    // The tag of the next item, or 0 at the end.
    uint8_t peek_tag() const { return at_end() ? 0 : data_[pos_]; }

    Result<Item> next();
    // The next item, which must have `tag` ("unexpected tag" otherwise).
    Result<Item> expect(uint8_t tag);
    // A reader over the contents of the next item, which must have `tag`.
    Result<Reader> enter(uint8_t tag);
    // The next item if it has `tag`; an empty Item (tag 0) if the next tag differs or at the end.
    Result<Item> optional(uint8_t tag);
    // Fails with "trailing data" unless everything was read.
    Status finish() const;

  private:
    Bytes data_;
    size_t base_;
    size_t pos_ = 0;
};

// A reader over an item's contents, offsets kept relative to the outermost buffer.
inline Reader contents(const Item& item) {
    return Reader(item.value, item.offset + (item.whole.size() - item.value.size()));
}

// Error helper: Errc::badmsg with `why` and `offset`.
inline Error malformed(const char* why, size_t offset) {
    return Error(Errc::badmsg, why, static_cast<int32_t>(offset));
}

// Byte-wise equality (serial numbers, key identifiers, digests).
inline bool bytes_equal(Bytes a, Bytes b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

// True if an OID item's contents equal `oid` (contents bytes, without tag and length).
bool oid_is(const Item& item, Bytes oid);

// An INTEGER's magnitude: the contents without a leading 0x00 sign byte. Fails for negative
// numbers and empty or non-minimal encodings.
Result<Bytes> unsigned_integer(const Item& item);

// A BIT STRING's bits (the contents after the unused-bits byte); `unused` gets that count.
Result<Bytes> bit_string(const Item& item, uint8_t* unused = nullptr);

// UTCTime (YYMMDDHHMMSSZ, 1950-2049) or GeneralizedTime (YYYYMMDDHHMMSSZ) to unix seconds.
Result<uint64_t> time_value(const Item& item);

}  // namespace carte::crypto::der

// Unwraps a Result-returning DER call into `var`, returning its error from the enclosing function.
#define CARTE_DER_TRY(var, expr)          \
    auto var##_r = (expr);                \
    if (!var##_r) return var##_r.error(); \
    auto var = var##_r.take()
