#include "runtime/vm/glob.h"

namespace carte {

namespace {

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Matches one byte against the class starting at pattern[p] ('['); sets *end past the ']'.
// A '[' without a closing ']' is a literal '['.
bool match_class(Str pattern, size_t p, char c, size_t* end) {
    size_t i = p + 1;
    bool negate = false;
    if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) negate = true, ++i;
    bool hit = false;
    bool first = true;
    for (; i < pattern.size(); ++i) {
        char a = pattern[i];
        if (a == ']' && !first) {
            *end = i + 1;
            return hit != negate;
        }
        first = false;
        if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
            char lo = lower(a), hi = lower(pattern[i + 2]);
            if (lower(c) >= lo && lower(c) <= hi) hit = true;
            i += 2;
        } else if (lower(a) == lower(c)) {
            hit = true;
        }
    }
    *end = p + 1;  // unterminated: literal '['
    return c == '[';
}

}  // namespace

bool glob_match(Str pattern, Str text) {
    size_t p = 0, t = 0;
    size_t star_p = Str::npos, star_t = 0;
    while (t < text.size()) {
        if (p < pattern.size()) {
            char pc = pattern[p];
            if (pc == '*') {
                star_p = ++p;
                star_t = t;
                continue;
            }
            if (pc == '?') {
                ++p, ++t;
                continue;
            }
            if (pc == '[') {
                size_t end;
                if (match_class(pattern, p, text[t], &end)) {
                    p = end, ++t;
                    continue;
                }
            } else if (lower(pc) == lower(text[t])) {
                ++p, ++t;
                continue;
            }
        }
        if (star_p == Str::npos) return false;
        p = star_p;
        t = ++star_t;
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

}  // namespace carte
