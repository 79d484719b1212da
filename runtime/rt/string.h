// String: an owned, growable byte string that is always NUL-terminated (for C APIs such as
// lwIP), plus formatting helpers for the few numbers the runtime prints.
#pragma once
#include "runtime/rt/str.h"
#include "runtime/rt/vec.h"

namespace carte {

class String {
  public:
    String() = default;
    String(String&&) = default;
    String& operator=(String&&) = default;

    // Copies are explicit: allocation must be visible at the call site.
    static String copy(Str s) {
        String r;
        (void)r.append(s);
        return r;
    }
    String clone() const { return copy(view()); }

    Str view() const { return b_.empty() ? Str() : Str(b_.data(), b_.size() - 1); }
    operator Str() const { return view(); }  // NOLINT: a String is usable wherever a view is
    const char* c_str() const { return b_.empty() ? "" : b_.data(); }
    size_t size() const { return b_.empty() ? 0 : b_.size() - 1; }
    bool empty() const { return size() == 0; }
    char operator[](size_t i) const { return b_[i]; }
    char* data() { return b_.data(); }

    [[nodiscard]] bool append(Str s);
    [[nodiscard]] bool append(char c) { return append(Str(&c, 1)); }
    [[nodiscard]] bool append_u64(uint64_t v, unsigned base = 10, unsigned min_digits = 1);
    [[nodiscard]] bool append_i64(int64_t v);
    [[nodiscard]] bool append_hex_byte(uint8_t b, bool upper = false);
    void clear() { b_.clear(); }
    void truncate(size_t n);

    friend bool operator==(const String& a, Str b) { return a.view() == b; }

  private:
    Vec<char> b_;  // bytes followed by a NUL, or empty
};

}  // namespace carte
