// Span<T>: a non-owning view of a contiguous array.
#pragma once
#include "runtime/rt/types.h"

namespace carte {

template <class T>
class Span {
  public:
    constexpr Span() = default;
    constexpr Span(T* p, size_t n) : p_(p), n_(n) {}
    template <size_t N>
    constexpr Span(T (&a)[N]) : p_(a), n_(N) {}  // NOLINT: arrays convert implicitly

    constexpr T* data() const { return p_; }
    constexpr size_t size() const { return n_; }
    constexpr bool empty() const { return n_ == 0; }
    constexpr T& operator[](size_t i) const { return p_[i]; }
    constexpr T* begin() const { return p_; }
    constexpr T* end() const { return p_ + n_; }
    constexpr Span subspan(size_t pos, size_t len = static_cast<size_t>(-1)) const {
        if (pos > n_) pos = n_;
        if (len > n_ - pos) len = n_ - pos;
        return Span(p_ + pos, len);
    }
    constexpr operator Span<const T>() const { return Span<const T>(p_, n_); }  // NOLINT

  private:
    T* p_ = nullptr;
    size_t n_ = 0;
};

using Bytes = Span<const uint8_t>;

}  // namespace carte
