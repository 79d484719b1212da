#include "runtime/settings/text_codecs.h"

namespace carte {
namespace {

// Value of an alphanumeric digit in any base up to 36; 99 for anything else.
unsigned digit_value(char c) {
    if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
    if (c >= 'a' && c <= 'z') return static_cast<unsigned>(c - 'a' + 10);
    if (c >= 'A' && c <= 'Z') return static_cast<unsigned>(c - 'A' + 10);
    return 99;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool push_bytes(Vec<uint8_t>* out, const uint8_t* p, size_t n) {
    if (!out->reserve(out->size() + n)) return false;
    for (size_t i = 0; i < n; ++i) (void)out->push(p[i]);
    return true;
}

}  // namespace

size_t parse_c_ulong(Str text, uint64_t* value) {
    size_t i = 0;
    while (i < text.size() && is_space(text[i])) ++i;
    bool negate = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) negate = text[i++] == '-';
    unsigned base = 10;
    size_t digits_start = i;
    if (i < text.size() && text[i] == '0') {
        // "0" alone is a valid octal zero; "0x" switches to hex even with no digits after it, as
        // iPXE's strtoul does.
        ++i;
        base = 8;
        if (i < text.size() && (text[i] == 'x' || text[i] == 'X')) ++i, base = 16;
        digits_start = i - 1;  // the leading 0 (or the x) already counts as consumed
    }
    uint64_t v = 0;
    for (; i < text.size(); ++i) {
        unsigned d = digit_value(text[i]);
        if (d >= base) break;
        v = v * base + d;
    }
    *value = negate ? 0 - v : v;
    return i > digits_start ? i : 0;
}

Result<uint64_t> parse_c_number(Str text) {
    uint64_t v = 0;
    size_t used = parse_c_ulong(text, &v);
    // iPXE accepts the empty string as 0 (strtoul consumes nothing and stops at the NUL).
    if (text.empty()) return uint64_t{0};
    if (used != text.size()) return Error(Errc::inval, "not a number");
    return v;
}

Status parse_ipv4(Str text, Vec<uint8_t>* out) {
    uint8_t addr[4];
    size_t pos = 0;
    for (unsigned part = 0; part < 4; ++part) {
        uint64_t v = 0;
        size_t used = parse_c_ulong(text.drop(pos), &v);
        if (used == 0 || v > 0xff) return Error(Errc::inval, "invalid IPv4 address");
        addr[part] = static_cast<uint8_t>(v);
        pos += used;
        if (part < 3) {
            if (pos >= text.size() || text[pos] != '.') return Error(Errc::inval, "invalid IPv4 address");
            ++pos;
        }
    }
    if (pos != text.size()) return Error(Errc::inval, "invalid IPv4 address");
    return push_bytes(out, addr, 4) ? Status() : Status(Errc::nomem);
}

Status format_ipv4(Bytes raw, String* out) {
    if (raw.size() < 4) return Error(Errc::inval, "IPv4 address too short");
    for (unsigned i = 0; i < 4; ++i) {
        if (i && !out->append('.')) return Errc::nomem;
        if (!out->append_u64(raw[i])) return Errc::nomem;
    }
    return {};
}

Status parse_ipv6(Str text, Vec<uint8_t>* out) {
    uint16_t head[8], tail[8];
    unsigned nhead = 0, ntail = 0;
    bool gap = false;
    size_t i = 0;
    if (text.starts_with("::")) gap = true, i = 2;
    while (i < text.size()) {
        unsigned v = 0, digits = 0;
        while (i < text.size() && digit_value(text[i]) < 16 && digits < 5)
            v = v * 16 + digit_value(text[i++]), ++digits;
        if (digits == 0 || digits > 4) return Error(Errc::inval, "invalid IPv6 address");
        if (nhead + ntail >= 8) return Error(Errc::inval, "invalid IPv6 address");
        (gap ? tail[ntail++] : head[nhead++]) = static_cast<uint16_t>(v);
        if (i == text.size()) break;
        if (text[i] != ':') return Error(Errc::inval, "invalid IPv6 address");
        ++i;
        if (i < text.size() && text[i] == ':') {
            if (gap) return Error(Errc::inval, "invalid IPv6 address");
            gap = true;
            ++i;
        } else if (i == text.size()) {
            return Error(Errc::inval, "invalid IPv6 address");  // trailing single ':'
        }
    }
    if (gap ? nhead + ntail > 7 : nhead != 8) return Error(Errc::inval, "invalid IPv6 address");
    uint8_t addr[16] = {};
    for (unsigned k = 0; k < nhead; ++k) addr[2 * k] = head[k] >> 8, addr[2 * k + 1] = head[k] & 0xff;
    for (unsigned k = 0; k < ntail; ++k) {
        unsigned w = 8 - ntail + k;
        addr[2 * w] = tail[k] >> 8, addr[2 * w + 1] = tail[k] & 0xff;
    }
    return push_bytes(out, addr, 16) ? Status() : Status(Errc::nomem);
}

Status format_ipv6(Bytes raw, String* out) {
    if (raw.size() < 16) return Error(Errc::inval, "IPv6 address too short");
    uint16_t w[8];
    for (unsigned k = 0; k < 8; ++k) w[k] = static_cast<uint16_t>(raw[2 * k] << 8 | raw[2 * k + 1]);
    // RFC 5952: compress the longest run of two or more zero groups, the first one on a tie.
    unsigned best = 8, best_len = 1;
    for (unsigned k = 0; k < 8;) {
        if (w[k]) {
            ++k;
            continue;
        }
        unsigned j = k;
        while (j < 8 && !w[j]) ++j;
        if (j - k > best_len) best = k, best_len = j - k;
        k = j;
    }
    for (unsigned k = 0; k < 8; ++k) {
        if (k == best) {
            if (!out->append("::")) return Errc::nomem;
            k += best_len - 1;
            continue;
        }
        if (k && k != best + best_len && !out->append(':')) return Errc::nomem;
        if (!out->append_u64(w[k], 16)) return Errc::nomem;
    }
    return {};
}

Status parse_hex(Str text, char separator, Vec<uint8_t>* out) {
    size_t i = 0;
    while (i < text.size()) {
        if (i && separator) {
            if (text[i] != separator) return Error(Errc::inval, "invalid hex string");
            ++i;
        }
        if (i + 2 > text.size()) return Error(Errc::inval, "invalid hex string");
        unsigned hi = digit_value(text[i]), lo = digit_value(text[i + 1]);
        if (hi >= 16 || lo >= 16) return Error(Errc::inval, "invalid hex string");
        if (!out->push(static_cast<uint8_t>(hi << 4 | lo))) return Errc::nomem;
        i += 2;
    }
    return {};
}

bool format_hex(Bytes raw, char separator, String* out) {
    for (size_t i = 0; i < raw.size(); ++i) {
        if (i && separator && !out->append(separator)) return false;
        if (!out->append_hex_byte(raw[i])) return false;
    }
    return true;
}

namespace {
const char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

unsigned base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return static_cast<unsigned>(c - 'A');
    if (c >= 'a' && c <= 'z') return static_cast<unsigned>(c - 'a' + 26);
    if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0' + 52);
    if (c == '+') return 62;
    if (c == '/') return 63;
    return 64;
}
}  // namespace

Status parse_base64(Str text, Vec<uint8_t>* out) {
    uint32_t acc = 0;
    unsigned bits = 0;
    for (char c : text) {
        if (is_space(c)) continue;
        if (c == '=') break;
        unsigned v = base64_value(c);
        if (v == 64) return Error(Errc::inval, "invalid base64 string");
        acc = (acc << 6 | v) & 0xffffff;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (!out->push(static_cast<uint8_t>(acc >> bits))) return Errc::nomem;
        }
    }
    return {};
}

bool format_base64(Bytes raw, String* out) {
    for (size_t i = 0; i < raw.size(); i += 3) {
        size_t n = raw.size() - i < 3 ? raw.size() - i : 3;
        uint32_t v = static_cast<uint32_t>(raw[i]) << 16;
        if (n > 1) v |= static_cast<uint32_t>(raw[i + 1]) << 8;
        if (n > 2) v |= raw[i + 2];
        char quad[4] = {kBase64[v >> 18 & 63], kBase64[v >> 12 & 63], n > 1 ? kBase64[v >> 6 & 63] : '=',
                        n > 2 ? kBase64[v & 63] : '='};
        if (!out->append(Str(quad, 4))) return false;
    }
    return true;
}

namespace {
// Reverses the first three fields of a UUID in place (GUID <-> UUID byte order).
void swap_guid_fields(uint8_t* u) {
    auto swap = [](uint8_t& a, uint8_t& b) {
        uint8_t t = a;
        a = b, b = t;
    };
    swap(u[0], u[3]), swap(u[1], u[2]), swap(u[4], u[5]), swap(u[6], u[7]);
}
}  // namespace

Status parse_uuid(Str text, bool guid, Vec<uint8_t>* out) {
    uint8_t u[16];
    unsigned n = 0;
    bool canonical = text.size() == 36;
    if (!canonical && text.size() != 32) return Error(Errc::inval, "invalid UUID");
    for (size_t i = 0; i < text.size();) {
        if (canonical && (i == 8 || i == 13 || i == 18 || i == 23)) {
            if (text[i++] != '-') return Error(Errc::inval, "invalid UUID");
            continue;
        }
        unsigned hi = digit_value(text[i]), lo = digit_value(text[i + 1]);
        if (hi >= 16 || lo >= 16 || n >= 16) return Error(Errc::inval, "invalid UUID");
        u[n++] = static_cast<uint8_t>(hi << 4 | lo);
        i += 2;
    }
    if (n != 16) return Error(Errc::inval, "invalid UUID");
    if (guid) swap_guid_fields(u);
    return push_bytes(out, u, 16) ? Status() : Status(Errc::nomem);
}

Status format_uuid(Bytes raw, bool guid, String* out) {
    if (raw.size() < 16) return Error(Errc::inval, "UUID too short");
    uint8_t u[16];
    for (unsigned i = 0; i < 16; ++i) u[i] = raw[i];
    if (guid) swap_guid_fields(u);
    for (unsigned i = 0; i < 16; ++i) {
        if ((i == 4 || i == 6 || i == 8 || i == 10) && !out->append('-')) return Errc::nomem;
        if (!out->append_hex_byte(u[i])) return Errc::nomem;
    }
    return {};
}

}  // namespace carte
