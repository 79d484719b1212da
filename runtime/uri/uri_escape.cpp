#include "runtime/uri/uri_escape.h"

namespace carte {
namespace {

// Characters each field escapes on top of the common set (non-printing, space, '%').
Str field_specials(UriField field) {
    switch (field) {
        case UriField::scheme:
            return "/#:@?=&";
        case UriField::opaque:
            return "#";  // keeps iSCSI's and mailto's ':' and '@' readable
        case UriField::user:
        case UriField::password:
        case UriField::port:
            return "/#:@?";
        case UriField::host:
            return "/#@?";  // ':' belongs to IPv6 literals
        case UriField::path:
            return "#:@?";  // '/' separates segments
        default:
            return "";
    }
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

template <class Out>
bool decode_into(Str text, Out* out) {
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%' && i + 2 < text.size()) {
            int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                c = static_cast<char>(hi << 4 | lo);
                i += 2;
            }
        }
        if (!out->push_char(c)) return false;
    }
    return true;
}

struct StringSink {
    String* s;
    bool push_char(char c) { return s->append(c); }
};
struct BytesSink {
    Vec<uint8_t>* v;
    bool push_char(char c) { return v->push(static_cast<uint8_t>(c)); }
};

}  // namespace

bool uri_char_escaped(uint8_t c, UriField field) {
    if (c <= 0x20 || c >= 0x7f) return true;  // whitespace and non-printing bytes, always
    if (field >= UriField::epath) return false;
    if (c == '%') return true;
    for (char s : field_specials(field))
        if (c == static_cast<uint8_t>(s)) return true;
    return false;
}

bool uri_encode(Str text, UriField field, String* out) {
    for (char ch : text) {
        auto c = static_cast<uint8_t>(ch);
        if (!uri_char_escaped(c, field)) {
            if (!out->append(ch)) return false;
            continue;
        }
        if (!out->append('%') || !out->append_hex_byte(c, true)) return false;
    }
    return true;
}

bool uri_decode(Str text, String* out) {
    StringSink sink{out};
    return decode_into(text, &sink);
}

bool uri_decode(Str text, Vec<uint8_t>* out) {
    BytesSink sink{out};
    return decode_into(text, &sink);
}

}  // namespace carte
