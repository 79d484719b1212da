#include "runtime/net/ipv4_text.h"

namespace carte {

bool parse_ipv4(Str text, Ipv4* out) {
    Ipv4 ip;
    size_t pos = 0;
    for (int part = 0; part < 4; ++part) {
        if (part > 0) {
            if (pos >= text.size() || text[pos] != '.') return false;
            ++pos;
        }
        unsigned v = 0, digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && digits < 4) {
            v = v * 10 + static_cast<unsigned>(text[pos] - '0');
            ++pos, ++digits;
        }
        if (digits == 0 || digits > 3 || v > 255) return false;
        ip.b[part] = static_cast<uint8_t>(v);
    }
    if (pos != text.size()) return false;
    *out = ip;
    return true;
}

bool append_ipv4(Ipv4 ip, String* out) {
    for (int i = 0; i < 4; ++i)
        if ((i && !out->append('.')) || !out->append_u64(ip.b[i])) return false;
    return true;
}

}  // namespace carte
