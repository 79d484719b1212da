// Result<T>: a value or an Error, never an exception. Status is Result<void>.
#pragma once
#include <new>  // placement new (freestanding header)

#include "runtime/rt/error.h"

namespace carte {

template <class T>
class [[nodiscard]] Result {
  public:
    Result(T v) : ok_(true) { new (&storage_) T(carte::move(v)); }  // NOLINT: implicit on purpose
    Result(Error e) : ok_(false), err_(e) {}                        // NOLINT
    Result(Errc c, const char* detail = nullptr) : ok_(false), err_(c, detail) {}
    Result(Result&& o) : ok_(o.ok_), err_(o.err_) {
        if (ok_) new (&storage_) T(carte::move(o.value()));
    }
    Result& operator=(Result&& o) {
        if (this != &o) {
            destroy();
            ok_ = o.ok_;
            err_ = o.err_;
            if (ok_) new (&storage_) T(carte::move(o.value()));
        }
        return *this;
    }
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;
    ~Result() { destroy(); }

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    T& value() { return *reinterpret_cast<T*>(&storage_); }
    const T& value() const { return *reinterpret_cast<const T*>(&storage_); }
    T& operator*() { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    const Error& error() const { return err_; }
    T take() { return carte::move(value()); }

  private:
    void destroy() {
        if (ok_) value().~T();
        ok_ = false;
    }
    bool ok_;
    Error err_;
    alignas(T) unsigned char storage_[sizeof(T)];
};

template <>
class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error e) : err_(e) {}  // NOLINT
    Result(Errc c, const char* detail = nullptr) : err_(c, detail) {}
    bool ok() const { return err_.code == Errc::ok; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return err_; }

  private:
    Error err_;
};

using Status = Result<void>;

// Propagate an error from an expression that yields a Result.
#define CARTE_TRY(expr)                                      \
    do {                                                     \
        auto carte_try_r_ = (expr);                          \
        if (!carte_try_r_.ok()) return carte_try_r_.error(); \
    } while (0)

}  // namespace carte
