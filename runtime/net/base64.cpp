#include "runtime/net/base64.h"

namespace carte {

bool base64_encode(Bytes data, String* out) {
    static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < data.size(); i += 3) {
        size_t n = data.size() - i < 3 ? data.size() - i : 3;
        uint32_t v = static_cast<uint32_t>(data[i]) << 16;
        if (n > 1) v |= static_cast<uint32_t>(data[i + 1]) << 8;
        if (n > 2) v |= data[i + 2];
        char quad[4] = {kAlphabet[v >> 18], kAlphabet[(v >> 12) & 63], n > 1 ? kAlphabet[(v >> 6) & 63] : '=',
                        n > 2 ? kAlphabet[v & 63] : '='};
        if (!out->append(Str(quad, 4))) return false;
    }
    return true;
}

bool base64_decode(Str text, Vec<uint8_t>* out) {
    uint32_t acc = 0;
    unsigned bits = 0, pad = 0;
    for (char c : text) {
        int v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '+')
            v = 62;
        else if (c == '/')
            v = 63;
        else if (c == '=') {
            ++pad;
            continue;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        else
            return false;
        if (pad) return false;  // data after padding
        acc = (acc << 6) | uint32_t(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (!out->push(uint8_t(acc >> bits))) return false;
        }
    }
    return pad <= 2;
}

}  // namespace carte
