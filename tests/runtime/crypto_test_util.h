// Helpers shared by the crypto tests: hex conversion and the RFC 6979 §A.2.5 P-256 test key.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "runtime/rt/span.h"

namespace carte::test {

inline std::vector<uint8_t> unhex(const std::string& h) {
    std::vector<uint8_t> out;
    for (size_t i = 0; i + 1 < h.size(); i += 2)
        out.push_back(static_cast<uint8_t>(std::stoul(h.substr(i, 2), nullptr, 16)));
    return out;
}

inline std::string hex(const uint8_t* p, size_t n) {
    static const char d[] = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < n; ++i) s += d[p[i] >> 4], s += d[p[i] & 15];
    return s;
}

inline Bytes bytes_of(const std::vector<uint8_t>& v) {
    return Bytes(v.data(), v.size());
}
inline Bytes bytes_of(const std::string& s) {
    return Bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// RFC 6979 A.2.5: the P-256 public key U = xG.
inline const std::string kRfc6979Point =
    "04"
    "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6"
    "7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
// SHA-256 of its SubjectPublicKeyInfo DER, as `openssl pkey -pubin -outform DER | sha256sum` prints it.
inline const std::string kRfc6979KeyIdHex = "5a7a78cca4a0f420";
// Signatures (r||s) with SHA-256 over "sample" and "test".
inline const std::string kRfc6979SigSample =
    "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716"
    "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";
inline const std::string kRfc6979SigTest =
    "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367"
    "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083";

}  // namespace carte::test
