// Fixed-width types and the few language helpers the freestanding runtime needs.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace carte {

template <class T>
struct RemoveRef {
    using type = T;
};
template <class T>
struct RemoveRef<T&> {
    using type = T;
};
template <class T>
struct RemoveRef<T&&> {
    using type = T;
};

// std::move / std::forward without <utility>, so the core never depends on hosted headers.
template <class T>
constexpr typename RemoveRef<T>::type&& move(T&& v) noexcept {
    return static_cast<typename RemoveRef<T>::type&&>(v);
}
template <class T>
constexpr T&& forward(typename RemoveRef<T>::type& v) noexcept {
    return static_cast<T&&>(v);
}

template <class T>
constexpr const T& min(const T& a, const T& b) {
    return b < a ? b : a;
}
template <class T>
constexpr const T& max(const T& a, const T& b) {
    return a < b ? b : a;
}

}  // namespace carte
