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

}  // namespace carte
