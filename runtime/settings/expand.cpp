#include "runtime/settings/expand.h"

namespace carte {
namespace {

// Replaces buf[from, to) with `value`, moving the tail.
bool splice(Vec<char>* buf, size_t from, size_t to, Str value) {
    size_t old_len = to - from, new_len = value.size(), size = buf->size();
    if (new_len > old_len) {
        if (!buf->reserve(size + new_len - old_len)) return false;
        for (size_t i = old_len; i < new_len; ++i) (void)buf->push('\0');
        for (size_t i = size; i-- > to;) (*buf)[i + new_len - old_len] = (*buf)[i];
    } else if (new_len < old_len) {
        for (size_t i = to; i < size; ++i) (*buf)[i - old_len + new_len] = (*buf)[i];
        buf->truncate(size - old_len + new_len);
    }
    for (size_t i = 0; i < new_len; ++i) (*buf)[from + i] = value[i];
    return true;
}

}  // namespace

// iPXE rescans the whole string after each substitution. We get the same result without
// rescanning: the text before the substituted reference is unchanged, and it holds no complete
// reference (else the scan would have stopped there), so the scan state at that point is just
// the positions of the `${` seen so far. We keep them on a stack and resume one character
// before the substitution (a '$' there may pair with a '{' the value starts with).
Status expand_settings(const SettingsStore& store, Str text, String* out, const ExpandLimits& limits) {
    if (text.find(Str("${")) == Str::npos) return out->append(text) ? Status() : Status(Errc::nomem);

    Vec<char> buf;
    Vec<uint32_t> opens;  // positions of unmatched `${`, innermost last
    String value;
    if (!buf.reserve(text.size() + 64)) return Errc::nomem;
    for (char c : text) (void)buf.push(c);

    size_t pos = 0;
    for (uint32_t substitutions = 0;; ++substitutions) {
        size_t open = 0, close = 0;
        bool found = false;
        for (size_t i = pos; i < buf.size(); ++i) {
            if (buf[i] == '$' && i + 1 < buf.size() && buf[i + 1] == '{') {
                if (!opens.push(static_cast<uint32_t>(i))) return Errc::nomem;
            } else if (buf[i] == '}' && !opens.empty()) {
                open = opens.back();
                close = i;
                found = true;
                break;
            }
        }
        if (!found) break;
        if (substitutions >= limits.max_substitutions)
            return Error(Errc::range, "settings expansion does not terminate");
        opens.pop();

        // Undefined, unknown type, unknown scope: all expand to nothing.
        value.clear();
        Status st = store.fetch_text(Str(buf.data() + open + 2, close - open - 2), &value);
        if (!st && st.error().code == Errc::nomem) return st;
        if (!splice(&buf, open, close + 1, value.view())) return Errc::nomem;
        if (buf.size() > limits.max_output) return Error(Errc::range, "settings expansion too long");
        pos = open > 0 ? open - 1 : 0;
    }
    return out->append(Str(buf.data(), buf.size())) ? Status() : Status(Errc::nomem);
}

}  // namespace carte
