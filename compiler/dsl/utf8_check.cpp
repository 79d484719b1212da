#include "compiler/dsl/utf8_check.h"

#include <cstdio>

namespace carte::dsl {

bool check_utf8(const std::string& text, const std::string& file, diag::DiagnosticSink& sink) {
    uint32_t line = 1, col = 1;
    for (size_t i = 0; i < text.size();) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
        bool ok = len != 0 && i + len <= text.size() && !(len == 2 && c < 0xC2);
        for (size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        if (ok && len >= 3) {
            // Overlong forms (E0 80…, F0 80…) and code points above U+10FFFF (F4 90…, F5…) are
            // not UTF-8 either; ANTLR's input stream used to abort the program on them.
            unsigned char c1 = static_cast<unsigned char>(text[i + 1]);
            ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90) &&
                 c < 0xF5;
        }
        if (!ok || c == 0) {
            char byte[8];
            std::snprintf(byte, sizeof byte, "0x%02X", c);
            sink.error("bad-encoding", ir::SourceSpan{file, line, col, line, col},
                       c == 0 ? "NUL byte in the file" : std::string("invalid UTF-8 byte ") + byte,
                       ".carte files are UTF-8 text");
            return false;
        }
        if (c == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
        i += len;
    }
    return true;
}

}  // namespace carte::dsl
