#include "runtime/rt/string.h"

namespace carte {

bool String::append(Str s) {
    size_t old = size();
    if (!b_.reserve(old + s.size() + 1)) return false;
    if (b_.empty()) (void)b_.push('\0');
    b_.pop();  // drop the NUL
    for (char c : s) (void)b_.push(c);
    (void)b_.push('\0');
    return true;
}

bool String::append_u64(uint64_t v, unsigned base, unsigned min_digits) {
    char buf[64];
    unsigned n = 0;
    do {
        unsigned d = static_cast<unsigned>(v % base);
        buf[n++] = static_cast<char>(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v && n < sizeof buf);
    while (n < min_digits && n < sizeof buf) buf[n++] = '0';
    char out[64];
    for (unsigned i = 0; i < n; ++i) out[i] = buf[n - 1 - i];
    return append(Str(out, n));
}

bool String::append_i64(int64_t v) {
    if (v < 0) {
        if (!append('-')) return false;
        return append_u64(static_cast<uint64_t>(0) - static_cast<uint64_t>(v));
    }
    return append_u64(static_cast<uint64_t>(v));
}

bool String::append_hex_byte(uint8_t b, bool upper) {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char two[2] = {digits[b >> 4], digits[b & 15]};
    return append(Str(two, 2));
}

void String::truncate(size_t n) {
    if (n >= size()) return;
    b_.truncate(n);
    (void)b_.push('\0');
}

}  // namespace carte
