// Str: a non-owning view of bytes (UTF-8 text or binary), the runtime's string_view.
#pragma once
#include "runtime/rt/types.h"

namespace carte {

class Str {
  public:
    constexpr Str() = default;
    constexpr Str(const char* p, size_t n) : p_(p), n_(n) {}
    template <size_t N>
    constexpr Str(const char (&lit)[N]) : p_(lit), n_(N - 1) {}  // NOLINT: literals convert implicitly
    static Str from_cstr(const char* s) {
        size_t n = 0;
        while (s && s[n]) ++n;
        return Str(s, n);
    }

    constexpr const char* data() const { return p_; }
    constexpr size_t size() const { return n_; }
    constexpr bool empty() const { return n_ == 0; }
    constexpr char operator[](size_t i) const { return p_[i]; }
    constexpr const char* begin() const { return p_; }
    constexpr const char* end() const { return p_ + n_; }
    constexpr char front() const { return p_[0]; }
    constexpr char back() const { return p_[n_ - 1]; }

    static constexpr size_t npos = static_cast<size_t>(-1);

    constexpr Str substr(size_t pos, size_t len = npos) const {
        if (pos > n_) pos = n_;
        if (len > n_ - pos) len = n_ - pos;
        return Str(p_ + pos, len);
    }
    constexpr Str drop(size_t k) const { return substr(k); }
    constexpr bool starts_with(Str s) const { return s.n_ <= n_ && substr(0, s.n_) == s; }
    constexpr bool ends_with(Str s) const { return s.n_ <= n_ && substr(n_ - s.n_) == s; }
    constexpr size_t find(char c, size_t from = 0) const {
        for (size_t i = from; i < n_; ++i)
            if (p_[i] == c) return i;
        return npos;
    }
    constexpr size_t find(Str s, size_t from = 0) const {
        if (s.n_ > n_) return npos;
        for (size_t i = from; i + s.n_ <= n_; ++i)
            if (substr(i, s.n_) == s) return i;
        return npos;
    }
    constexpr size_t rfind(char c) const {
        for (size_t i = n_; i-- > 0;)
            if (p_[i] == c) return i;
        return npos;
    }
    constexpr int compare(Str o) const {
        size_t k = n_ < o.n_ ? n_ : o.n_;
        for (size_t i = 0; i < k; ++i) {
            auto a = static_cast<unsigned char>(p_[i]), b = static_cast<unsigned char>(o.p_[i]);
            if (a != b) return a < b ? -1 : 1;
        }
        return n_ == o.n_ ? 0 : (n_ < o.n_ ? -1 : 1);
    }
    friend constexpr bool operator==(Str a, Str b) {
        if (a.n_ != b.n_) return false;
        for (size_t i = 0; i < a.n_; ++i)
            if (a.p_[i] != b.p_[i]) return false;
        return true;
    }
    friend constexpr bool operator!=(Str a, Str b) { return !(a == b); }
    friend constexpr bool operator<(Str a, Str b) { return a.compare(b) < 0; }

  private:
    const char* p_ = nullptr;
    size_t n_ = 0;
};

}  // namespace carte
