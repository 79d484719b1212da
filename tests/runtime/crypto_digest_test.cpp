// MD5 (RFC 1321 test suite) and SHA-1 (FIPS 180 examples) for md5sum/sha1sum.
#include <gtest/gtest.h>

#include "tests/runtime/crypto_test_util.h"

#include <string>

#include "runtime/crypto/md5.h"
#include "runtime/crypto/sha1.h"

namespace carte::crypto {
namespace {

using test::hex;

Bytes bytes(const std::string& s) {
    return Bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

std::string md5(const std::string& s) {
    Md5 h;
    h.update(bytes(s));
    uint8_t out[kMd5Size];
    h.finish(out);
    return hex(out, kMd5Size);
}

std::string sha1(const std::string& s) {
    Sha1 h;
    h.update(bytes(s));
    uint8_t out[kSha1Size];
    h.finish(out);
    return hex(out, kSha1Size);
}

TEST(CryptoMd5, Rfc1321Vectors) {
    EXPECT_EQ(md5(""), "d41d8cd98f00b204e9800998ecf8427e");
    EXPECT_EQ(md5("a"), "0cc175b9c0f1b6a831c399e269772661");
    EXPECT_EQ(md5("abc"), "900150983cd24fb0d6963f7d28e17f72");
    EXPECT_EQ(md5("message digest"), "f96b697d7cb7938d525a2f31aaf161d0");
    EXPECT_EQ(md5("abcdefghijklmnopqrstuvwxyz"), "c3fcd3d76192e4007dfb496cca67e13b");
    EXPECT_EQ(md5("12345678901234567890123456789012345678901234567890123456789012345678901234567890"),
              "57edf4a22be3c955ac49da2e2107b67a");
}

TEST(CryptoSha1, Fips180Vectors) {
    EXPECT_EQ(sha1(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    EXPECT_EQ(sha1("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    EXPECT_EQ(sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    EXPECT_EQ(sha1(std::string(1000000, 'a')), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

TEST(CryptoSha1, StreamingEqualsOneShot) {
    Sha1 h;
    std::string text = "The quick brown fox jumps over the lazy dog";
    for (char c : text) h.update(Bytes(reinterpret_cast<const uint8_t*>(&c), 1));
    uint8_t out[kSha1Size];
    h.finish(out);
    EXPECT_EQ(hex(out, kSha1Size), "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12");
}

}  // namespace
}  // namespace carte::crypto
