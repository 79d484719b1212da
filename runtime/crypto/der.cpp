#include "runtime/crypto/der.h"

#include "runtime/rt/civil_date.h"

namespace carte::crypto::der {

Result<Item> Reader::next() {
    const size_t n = data_.size();
    if (pos_ >= n) return malformed("unexpected end of data", offset());
    Item item;
    item.offset = offset();
    size_t p = pos_;
    item.tag = data_[p++];
    if ((item.tag & 0x1f) == 0x1f) return malformed("multi-byte tags are not supported", item.offset);
    if (p >= n) return malformed("truncated length", base_ + p);
    size_t len = data_[p++];
    if (len & 0x80) {
        size_t count = len & 0x7f;
        if (count == 0) return malformed("indefinite length (not DER)", base_ + p - 1);
        if (count > 4) return malformed("length too large", base_ + p - 1);
        if (n - p < count) return malformed("truncated length", base_ + p);
        if (data_[p] == 0) return malformed("length not in shortest form (not DER)", base_ + p);
        len = 0;
        for (size_t i = 0; i < count; ++i) len = (len << 8) | data_[p++];
        if (len < 0x80) return malformed("length not in shortest form (not DER)", base_ + p - count);
    }
    if (n - p < len) return malformed("item runs past the end of its container", item.offset);
    item.value = data_.subspan(p, len);
    item.whole = data_.subspan(pos_, p + len - pos_);
    pos_ = p + len;
    return item;
}

Result<Item> Reader::expect(uint8_t tag) {
    if (!at_end() && data_[pos_] != tag) return malformed("unexpected tag", offset());
    return next();
}

Result<Reader> Reader::enter(uint8_t tag) {
    auto item = expect(tag);
    if (!item) return item.error();
    return contents(*item);
}

Result<Item> Reader::optional(uint8_t tag) {
    if (at_end() || data_[pos_] != tag) return Item{};
    return next();
}

Status Reader::finish() const {
    if (!at_end()) return malformed("unexpected trailing data", offset());
    return {};
}

bool oid_is(const Item& item, Bytes oid) {
    return item.tag == kOid && bytes_equal(item.value, oid);
}

Result<Bytes> unsigned_integer(const Item& item) {
    Bytes v = item.value;
    if (item.tag != kInteger || v.empty()) return malformed("bad INTEGER", item.offset);
    if (v[0] & 0x80) return malformed("negative INTEGER", item.offset);
    if (v.size() > 1 && v[0] == 0) {
        if (!(v[1] & 0x80)) return malformed("INTEGER not in shortest form", item.offset);
        v = v.subspan(1);
    }
    return v;
}

Result<Bytes> bit_string(const Item& item, uint8_t* unused) {
    if (item.tag != kBitString || item.value.empty() || item.value[0] > 7 ||
        (item.value.size() == 1 && item.value[0] != 0))
        return malformed("bad BIT STRING", item.offset);
    if (unused) *unused = item.value[0];
    return item.value.subspan(1);
}

Result<uint64_t> time_value(const Item& item) {
    const Bytes v = item.value;
    size_t year_digits;
    if (item.tag == kUtcTime)
        year_digits = 2;
    else if (item.tag == kGeneralizedTime)
        year_digits = 4;
    else
        return malformed("expected a UTCTime or GeneralizedTime", item.offset);
    if (v.size() != year_digits + 11 || v[v.size() - 1] != 'Z')
        return malformed("time is not in the form YYMMDDHHMMSSZ", item.offset);
    uint32_t f[6] = {};  // year, month, day, hour, minute, second
    size_t p = 0;
    for (size_t k = 0; k < 6; ++k) {
        size_t digits = k == 0 ? year_digits : 2;
        for (size_t i = 0; i < digits; ++i, ++p) {
            if (v[p] < '0' || v[p] > '9') return malformed("time has a non-digit", item.offset);
            f[k] = f[k] * 10 + static_cast<uint32_t>(v[p] - '0');
        }
    }
    if (year_digits == 2) f[0] += f[0] >= 50 ? 1900 : 2000;  // RFC 5280 §4.1.2.5.1
    if (f[0] < 1970 || f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59 || f[5] > 60)
        return malformed("time out of range", item.offset);
    return uint64_t(days_from_civil(f[0], f[1], f[2])) * 86400 + f[3] * 3600 + f[4] * 60 + f[5];
}

}  // namespace carte::crypto::der
