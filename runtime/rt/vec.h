// Vec<T>: a growable array over the runtime allocator. Move-only; growth failure is reported
// by push() returning false so callers can produce Errc::nomem instead of crashing.
#pragma once
#include <new>

#include "runtime/rt/allocator.h"
#include "runtime/rt/span.h"

namespace carte {

template <class T>
class Vec {
  public:
    Vec() = default;
    Vec(Vec&& o) : p_(o.p_), n_(o.n_), cap_(o.cap_) { o.p_ = nullptr, o.n_ = o.cap_ = 0; }
    Vec& operator=(Vec&& o) {
        if (this != &o) {
            release();
            p_ = o.p_, n_ = o.n_, cap_ = o.cap_;
            o.p_ = nullptr, o.n_ = o.cap_ = 0;
        }
        return *this;
    }
    Vec(const Vec&) = delete;
    Vec& operator=(const Vec&) = delete;
    ~Vec() { release(); }

    size_t size() const { return n_; }
    bool empty() const { return n_ == 0; }
    T* data() { return p_; }
    const T* data() const { return p_; }
    T& operator[](size_t i) { return p_[i]; }
    const T& operator[](size_t i) const { return p_[i]; }
    T* begin() { return p_; }
    T* end() { return p_ + n_; }
    const T* begin() const { return p_; }
    const T* end() const { return p_ + n_; }
    T& back() { return p_[n_ - 1]; }
    const T& back() const { return p_[n_ - 1]; }
    Span<T> span() { return Span<T>(p_, n_); }
    Span<const T> span() const { return Span<const T>(p_, n_); }

    [[nodiscard]] bool reserve(size_t want) {
        if (want <= cap_) return true;
        size_t cap = cap_ ? cap_ : 4;
        while (cap < want) cap *= 2;
        T* np = static_cast<T*>(allocator().allocate(cap * sizeof(T), alignof(T)));
        if (!np) return false;
        if constexpr (__is_trivially_copyable(T)) {
            if (n_) __builtin_memcpy(np, p_, n_ * sizeof(T));
        } else {
            for (size_t i = 0; i < n_; ++i) {
                new (&np[i]) T(carte::move(p_[i]));
                p_[i].~T();
            }
        }
        if (p_) allocator().deallocate(p_, cap_ * sizeof(T));
        p_ = np, cap_ = cap;
        return true;
    }
    [[nodiscard]] bool push(T v) {
        if (n_ == cap_ && !reserve(n_ + 1)) return false;
        new (&p_[n_++]) T(carte::move(v));
        return true;
    }
    template <class... A>
    [[nodiscard]] bool emplace(A&&... args) {
        if (n_ == cap_ && !reserve(n_ + 1)) return false;
        new (&p_[n_++]) T(carte::forward<A>(args)...);
        return true;
    }
    // Appends copies of `items` (one memcpy for trivially copyable T: downloads append MiBs).
    [[nodiscard]] bool append(Span<const T> items) {
        if (!reserve(n_ + items.size())) return false;
        if constexpr (__is_trivially_copyable(T)) {
            if (items.size()) __builtin_memcpy(p_ + n_, items.data(), items.size() * sizeof(T));
            n_ += items.size();
        } else {
            for (const T& v : items) new (&p_[n_++]) T(v);
        }
        return true;
    }
    // Room for `n` more elements past size(), to be written in place (a download received straight
    // into an image) and then kept with grow(k); empty if it cannot be had. Trivially copyable T.
    [[nodiscard]] Span<T> spare(size_t n) {
        static_assert(__is_trivially_copyable(T));
        if (!reserve(n_ + n)) return Span<T>();
        return Span<T>(p_ + n_, n);
    }
    // Keeps k elements written into spare() (k <= what spare() offered).
    void grow(size_t k) { n_ += k; }
    void pop() { p_[--n_].~T(); }
    void clear() {
        for (size_t i = 0; i < n_; ++i) p_[i].~T();
        n_ = 0;
    }
    // Shrinks to k elements (k <= size()).
    void truncate(size_t k) {
        while (n_ > k) pop();
    }
    void erase(size_t i) {
        for (size_t j = i; j + 1 < n_; ++j) p_[j] = carte::move(p_[j + 1]);
        pop();
    }

  private:
    void release() {
        clear();
        if (p_) allocator().deallocate(p_, cap_ * sizeof(T));
        p_ = nullptr, cap_ = 0;
    }
    T* p_ = nullptr;
    size_t n_ = 0;
    size_t cap_ = 0;
};

}  // namespace carte
