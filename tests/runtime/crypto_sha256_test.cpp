// SHA-256 against the FIPS 180-4 / NIST example vectors, and streaming in uneven pieces.
#include <gtest/gtest.h>

#include <string>

#include "runtime/crypto/sha256.h"
#include "tests/runtime/crypto_test_util.h"

namespace carte::crypto {
namespace {

using test::bytes_of;
using test::hex;

std::string digest_hex(const std::string& msg) {
    Sha256Digest d = sha256(bytes_of(msg));
    return hex(d.bytes, kSha256Size);
}

TEST(CryptoSha256, NistShortVectors) {
    EXPECT_EQ(digest_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(digest_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(digest_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(
        digest_hex(
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnop"
            "qrsmnopqrstnopqrstu"),
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST(CryptoSha256, OneMillionA) {
    std::string chunk(1000, 'a');
    Sha256 h;
    for (int i = 0; i < 1000; ++i) h.update(bytes_of(chunk));
    Sha256Digest d = h.finish();
    EXPECT_EQ(hex(d.bytes, kSha256Size), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(CryptoSha256, PaddingBoundaries) {
    // 55, 56, 63, 64 and 65 bytes straddle the one- versus two-block padding cases.
    EXPECT_EQ(digest_hex(std::string(55, 'a')),
              "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
    EXPECT_EQ(digest_hex(std::string(56, 'a')),
              "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
    EXPECT_EQ(digest_hex(std::string(64, 'a')),
              "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST(CryptoSha256, StreamingEqualsOneShot) {
    std::string msg;
    for (int i = 0; i < 1000; ++i) msg += static_cast<char>(i * 7 + 3);
    Sha256Digest one = sha256(bytes_of(msg));
    for (size_t step : {1u, 3u, 63u, 64u, 65u, 200u}) {
        Sha256 h;
        for (size_t at = 0; at < msg.size(); at += step) h.update(bytes_of(msg.substr(at, step)));
        EXPECT_TRUE(h.finish() == one) << "step " << step;
    }
    // finish() resets: the same object hashes the next message from scratch.
    Sha256 h;
    h.update(bytes_of(std::string("junk")));
    (void)h.finish();
    h.update(bytes_of(std::string("abc")));
    EXPECT_EQ(hex(h.finish().bytes, kSha256Size),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace carte::crypto
