// The verification policy (runtime/crypto/signature.h) on the paths that need no signer: the
// RFC 6979 signature over "sample" as a signed blob, and modules whose signatures are absent,
// garbage or by unknown keys. Signing round trips with real keys are in tests/compiler/sign_*.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/bytecode/module_builder.h"
#include "runtime/crypto/rollback_guard.h"
#include "runtime/crypto/signature.h"
#include "runtime/crypto/trust_store.h"
#include "tests/runtime/crypto_test_util.h"

namespace carte::crypto {
namespace {

using test::bytes_of;
using test::unhex;

// The P-256 base point G: a valid key nobody here signs with.
const std::string kOtherPoint =
    "04"
    "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"
    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";

TrustAnchor anchor(const std::string& point_hex, uint64_t not_after = 0, Str name = "test-key") {
    auto p = unhex(point_hex);
    auto a = make_p256_anchor(bytes_of(p), not_after, name);
    EXPECT_TRUE(a.ok());
    return a.take();
}

std::vector<uint8_t> trailer_for(const bc::KeyId& id, const std::vector<uint8_t>& sig) {
    bc::SignatureRecord r;
    r.key_id = id;
    r.algorithm = static_cast<uint8_t>(bc::SignatureAlgorithm::EcdsaP256Sha256);
    r.signature = bytes_of(sig);
    auto t = bc::encode_signature_trailer(Span<const bc::SignatureRecord>(&r, 1));
    EXPECT_TRUE(t.ok());
    return std::vector<uint8_t>(t->begin(), t->end());
}

std::vector<uint8_t> tiny_module() {
    bc::ModuleBuilder b;
    bc::Label entry = b.new_label();
    b.set_entry(entry);
    b.bind(entry);
    b.push("echo");
    b.push("hi");
    b.exec(2);
    b.emit(bc::Op::Ret);
    b.set_serial(3);
    auto m = b.finish();
    EXPECT_TRUE(m.ok());
    return std::vector<uint8_t>(m->begin(), m->end());
}

struct Check {
    Status status;
    SignatureVerdict verdict;
};

Check blob(const std::string& content, const std::vector<uint8_t>& sig,
           const std::vector<TrustAnchor>& anchors, uint64_t now = 0) {
    Check c;
    c.status =
        verify_blob_signature(bytes_of(content), bytes_of(sig),
                              Span<const TrustAnchor>(anchors.data(), anchors.size()), now, &c.verdict);
    return c;
}

TEST(CryptoSignature, SignedBlobVerifies) {
    TrustAnchor rfc = anchor(test::kRfc6979Point, 0, "rfc6979");
    auto sig = trailer_for(rfc.id, unhex(test::kRfc6979SigSample));
    // The verdict points at the anchor that matched: keep the anchors alive while reading it.
    std::vector<TrustAnchor> anchors{rfc};
    Check c = blob("sample", sig, anchors);
    ASSERT_TRUE(c.status.ok()) << c.verdict.message.c_str();
    EXPECT_EQ(c.verdict.check, SignatureCheck::ok);
    EXPECT_EQ(c.verdict.anchor->name, Str("rfc6979"));
    EXPECT_EQ(c.verdict.message, Str("signed by key 5a7a78cca4a0f420 (rfc6979)"));
}

TEST(CryptoSignature, EachRefusalHasItsOwnMessage) {
    TrustAnchor rfc = anchor(test::kRfc6979Point, 0, "rfc6979");
    TrustAnchor other = anchor(kOtherPoint, 0, "other");
    auto sig = trailer_for(rfc.id, unhex(test::kRfc6979SigSample));

    Check bad = blob("Sample", sig, {rfc});
    EXPECT_EQ(bad.verdict.check, SignatureCheck::bad_signature);
    EXPECT_STREQ(bad.status.error().detail, "bad signature");
    EXPECT_EQ(bad.verdict.message,
              Str("bad signature by key 5a7a78cca4a0f420 (rfc6979): the file was changed after "
                  "signing, or the signature is corrupt"));

    Check unknown = blob("sample", sig, {other});
    EXPECT_EQ(unknown.verdict.check, SignatureCheck::unknown_key);
    EXPECT_STREQ(unknown.status.error().detail, "signed by an unknown key");
    EXPECT_EQ(unknown.verdict.message, Str("signed by unknown key 5a7a78cca4a0f420; trusted: key "
                                           "5cd252fb0ce89324 (other)"));

    Check none = blob("sample", {}, {rfc});
    EXPECT_EQ(none.verdict.check, SignatureCheck::not_signed);
    EXPECT_STREQ(none.status.error().detail, "not signed");

    auto truncated = sig;
    truncated.resize(40);
    Check trunc = blob("sample", truncated, {rfc});
    EXPECT_EQ(trunc.verdict.check, SignatureCheck::malformed);
    EXPECT_EQ(trunc.status.error().code, Errc::badmsg);
    EXPECT_EQ(trunc.verdict.message, Str("malformed signature: trailer+0x14: signature bytes are truncated"));

    Check garbage = blob("sample", std::vector<uint8_t>(76, 0x5a), {rfc});
    EXPECT_EQ(garbage.verdict.check, SignatureCheck::malformed);
    EXPECT_EQ(garbage.verdict.message,
              Str("malformed signature: trailer+0x0: bad magic (expected \"CSIG\")"));

    Check no_anchor = blob("sample", sig, {});
    EXPECT_EQ(no_anchor.verdict.check, SignatureCheck::no_trust_anchors);

    auto alg = sig;
    alg[8 + 8] = 7;
    Check unsupported = blob("sample", alg, {rfc});
    EXPECT_EQ(unsupported.verdict.check, SignatureCheck::unsupported_algorithm);
    EXPECT_EQ(unsupported.verdict.message,
              Str("signature by key 5a7a78cca4a0f420 (rfc6979) uses unknown algorithm 7"));
}

TEST(CryptoSignature, ExpiredRotationKey) {
    TrustAnchor old_key = anchor(test::kRfc6979Point, 1767225599, "old-2025");  // until 2025-12-31 23:59:59
    auto sig = trailer_for(old_key.id, unhex(test::kRfc6979SigSample));
    Check expired = blob("sample", sig, {old_key}, 1767225600);
    EXPECT_EQ(expired.verdict.check, SignatureCheck::expired_key);
    EXPECT_STREQ(expired.status.error().detail, "signing key expired (rotation)");
    EXPECT_EQ(
        expired.verdict.message,
        Str("signed by key 5a7a78cca4a0f420 (old-2025), an expired rotation key: trusted until 2025-12-31 "
            "23:59:59 UTC, now 2026-01-01 00:00:00 UTC"));
    EXPECT_TRUE(blob("sample", sig, {old_key}, 1767225599).status.ok());  // the last second still counts
    EXPECT_TRUE(blob("sample", sig, {old_key}, 0).status.ok());           // no clock: not enforced
}

TEST(CryptoSignature, ModuleRefusalsWithoutASigner) {
    TrustAnchor rfc = anchor(test::kRfc6979Point, 0, "rfc6979");
    std::vector<TrustAnchor> anchors{rfc};
    Span<const TrustAnchor> trust(anchors.data(), anchors.size());
    auto m = tiny_module();
    SignatureVerdict v;
    Status s = verify_module_signature(bytes_of(m), trust, {}, &v);
    EXPECT_EQ(v.check, SignatureCheck::not_signed);
    EXPECT_EQ(v.message, Str("not signed: no signature trailer and no detached signature"));
    EXPECT_EQ(v.serial, 3u);

    // A signature by the trusted key that is not over this module: the RFC's "sample" signature.
    auto sig = trailer_for(rfc.id, unhex(test::kRfc6979SigSample));
    VerifyOptions detached;
    detached.detached = bytes_of(sig);
    s = verify_module_signature(bytes_of(m), trust, detached, &v);
    EXPECT_EQ(v.check, SignatureCheck::bad_signature);

    // Attached the same way: TRAILER flag + trailer.
    auto attached = m;
    attached[8] |= 4;
    attached.insert(attached.end(), sig.begin(), sig.end());
    s = verify_module_signature(bytes_of(attached), trust, {}, &v);
    EXPECT_EQ(v.check, SignatureCheck::bad_signature);
    // TRAILER flag cleared but the trailer still there: not even a well-formed module.
    attached[8] &= ~4;
    s = verify_module_signature(bytes_of(attached), trust, {}, &v);
    EXPECT_EQ(v.check, SignatureCheck::malformed);
    EXPECT_EQ(v.message, Str("not a valid Carte bytecode file: header: trailing bytes after the body without "
                             "the TRAILER flag"));
    // The flag set with nothing after the body.
    auto empty_trailer = m;
    empty_trailer[8] |= 4;
    s = verify_module_signature(bytes_of(empty_trailer), trust, {}, &v);
    EXPECT_EQ(v.check, SignatureCheck::malformed);
    EXPECT_EQ(v.message, Str("malformed signature: trailer+0x0: empty (no signature records)"));
}

TEST(CryptoSignature, SigningDigestForcesTheTrailerFlag) {
    auto m = tiny_module();
    auto flagged = m;
    flagged[8] |= 4;
    auto a = module_signing_digest(bytes_of(m));
    auto b = module_signing_digest(bytes_of(flagged));
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_TRUE(a.value() == b.value());
    EXPECT_TRUE(a.value() == sha256(bytes_of(flagged)));
    auto other_serial = m;
    other_serial[16] ^= 1;
    EXPECT_FALSE(module_signing_digest(bytes_of(other_serial)).value() == a.value());
}

TEST(CryptoRollbackGuard, RefusesOlderSerialsOnly) {
    RollbackGuard g;
    EXPECT_TRUE(g.check(0).ok());
    g.accept(7);
    EXPECT_TRUE(g.check(7).ok());
    EXPECT_TRUE(g.check(8).ok());
    Status s = g.check(6);
    EXPECT_EQ(s.error().code, Errc::access);
    EXPECT_STREQ(s.error().detail, "menu rollback");
    g.accept(9);
    g.accept(8);  // running an older-but-accepted menu never lowers the bar
    EXPECT_EQ(g.highest(), 9u);
    EXPECT_FALSE(g.check(8).ok());
}

TEST(CryptoTrustStore, RoundTripAndRefusals) {
    std::vector<TrustAnchor> anchors{anchor(test::kRfc6979Point, 0, "current"),
                                     anchor(kOtherPoint, 99, "old")};
    auto blob =
        encode_trust_store(Span<const TrustAnchor>(anchors.data(), anchors.size()), kRequireSignedMenus);
    ASSERT_TRUE(blob.ok());
    std::vector<uint8_t> b(blob->begin(), blob->end());
    auto store = parse_trust_store(bytes_of(b));
    ASSERT_TRUE(store.ok());
    ASSERT_EQ(store->anchors.size(), 2u);
    EXPECT_TRUE(store->require_signed_menus());
    EXPECT_FALSE(store->require_signed_scripts());
    EXPECT_TRUE(store->anchors[0].id == anchors[0].id);
    EXPECT_EQ(store->anchors[1].name, Str("old"));
    EXPECT_EQ(store->anchors[1].not_after, 99u);

    auto refuse = [](std::vector<uint8_t> bad) {
        String why;
        auto r = parse_trust_store(bytes_of(bad), &why);
        EXPECT_FALSE(r.ok());
        return std::string(why.c_str());
    };
    auto t = b;
    t[3] = 'X';
    EXPECT_EQ(refuse(t), "trust store+0x0: bad magic (expected \"CTRS\")");
    t = b, t[6] = 0x80;
    EXPECT_EQ(refuse(t), "trust store+0x6: unknown policy flags");
    t = b, t[8 + 12 + 40] ^= 1;  // a coordinate of the first key: off the curve
    EXPECT_EQ(refuse(t), "trust store+0x14: public key is not a point on P-256");
    t = b, t.pop_back();
    EXPECT_EQ(refuse(t), "trust store+0xa9: truncated anchor name");
    t = b, t.push_back(0);
    EXPECT_EQ(refuse(t), "trust store+0xac: unexpected bytes after the last anchor");
}

TEST(CryptoSignature, UtcTimes) {
    auto text = [](uint64_t t) {
        String s;
        EXPECT_TRUE(append_utc_time(&s, t));
        return std::string(s.c_str());
    };
    EXPECT_EQ(text(0), "1970-01-01 00:00:00 UTC");
    EXPECT_EQ(text(951782400), "2000-02-29 00:00:00 UTC");
    EXPECT_EQ(text(4102444800), "2100-01-01 00:00:00 UTC");
}

}  // namespace
}  // namespace carte::crypto

namespace carte::crypto {
namespace {

// Random headers and trailers never crash or pass: every outcome is a refusal with a message.
TEST(CryptoSignature, RandomGarbageIsRefused) {
    TrustAnchor rfc = anchor(test::kRfc6979Point, 0, "rfc6979");
    std::vector<TrustAnchor> anchors{rfc};
    Span<const TrustAnchor> trust(anchors.data(), anchors.size());
    uint32_t seed = 12345;
    auto next = [&] { return seed = seed * 1103515245u + 12345u, static_cast<uint8_t>(seed >> 16); };
    for (int round = 0; round < 3000; ++round) {
        std::vector<uint8_t> m(static_cast<size_t>(next()) + next() % 64);
        for (uint8_t& b : m) b = next();
        if (m.size() >= 32 && round % 2) {  // a plausible header pointing at a plausible trailer
            m[0] = 'C', m[1] = 'B', m[2] = 'M', m[3] = 0x1a, m[4] = 1, m[5] = 0, m[8] = 4;
            uint32_t body = 32 + next() % static_cast<uint32_t>(m.size() - 31);
            m[12] = static_cast<uint8_t>(body), m[13] = static_cast<uint8_t>(body >> 8), m[14] = m[15] = 0;
            if (body + 8 <= m.size() && round % 4 == 1) {
                m[body] = 'C', m[body + 1] = 'S', m[body + 2] = 'I', m[body + 3] = 'G', m[body + 4] = 1;
                for (size_t i = 0; i < 8 && body + 20 <= m.size(); ++i) m[body + 8 + i] = rfc.id.bytes[i];
            }
        }
        SignatureVerdict v;
        Status s = verify_module_signature(bytes_of(m), trust, {}, &v);
        ASSERT_FALSE(s.ok()) << "round " << round;
        EXPECT_FALSE(v.message.empty());
    }
}

}  // namespace
}  // namespace carte::crypto
