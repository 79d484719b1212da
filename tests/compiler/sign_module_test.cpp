// Signing with OpenSSL keys (compiler/sign) and verifying with the portable verifier the ROM runs
// (runtime/crypto/signature.h): the round trip, and every refusal with its own message.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/sign/ec_key.h"
#include "compiler/sign/module_signer.h"
#include "compiler/sign/sign_error.h"
#include "runtime/bytecode/module.h"
#include "runtime/bytecode/module_builder.h"
#include "runtime/crypto/signature.h"

namespace carte::sign {
namespace {

Bytes as_bytes(const std::string& s) {
    return Bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

std::string small_module(uint64_t serial) {
    bc::ModuleBuilder b;
    bc::Label entry = b.new_label(), item = b.new_label();
    b.set_entry(entry);
    bc::ItemSpec items[1] = {{bc::ItemKind::Item, "go", "Go", 'g', item}};
    uint32_t m = b.add_menu(bc::MenuSpec{"main", "Signed", 0, 0, Span<const bc::ItemSpec>(items, 1)});
    b.bind(entry);
    b.emit(bc::Op::Menu, m);
    b.emit(bc::Op::Ret);
    b.bind(item);
    b.push("echo");
    b.push("ok");
    b.exec(2);
    b.jump(bc::Op::Jmp, entry);
    b.set_serial(serial);
    auto out = b.finish();
    EXPECT_TRUE(out.ok());
    return std::string(reinterpret_cast<const char*>(out->data()), out->size());
}

crypto::TrustAnchor anchor_of(const EcKey& k, uint64_t not_after = 0, Str name = "") {
    auto a = crypto::make_p256_anchor(Bytes(k.point().data(), k.point().size()), not_after, name);
    EXPECT_TRUE(a.ok());
    return a.take();
}

Signature sign_with(const EcKey& k, const std::string& file) {
    Signature s;
    s.key_id = k.key_id();
    s.value = k.sign_digest(signing_digest(file));
    return s;
}

struct Outcome {
    Status status;
    crypto::SignatureVerdict verdict;
    std::string message() const { return verdict.message.c_str(); }
};

Outcome verify(const std::string& module, const std::vector<crypto::TrustAnchor>& anchors, uint64_t now = 0,
               crypto::RollbackGuard* guard = nullptr, const std::string& detached = "") {
    Outcome o;
    crypto::VerifyOptions opts;
    opts.now = now;
    opts.rollback = guard;
    opts.detached = as_bytes(detached);
    o.status = crypto::verify_module_signature(
        as_bytes(module), Span<const crypto::TrustAnchor>(anchors.data(), anchors.size()), opts, &o.verdict);
    return o;
}

class SignModule : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        key_a = new EcKey(EcKey::generate());
        key_b = new EcKey(EcKey::generate());
    }
    static void TearDownTestSuite() {
        delete key_a;
        delete key_b;
    }
    static EcKey* key_a;
    static EcKey* key_b;
};
EcKey* SignModule::key_a = nullptr;
EcKey* SignModule::key_b = nullptr;

TEST_F(SignModule, SignThenVerify) {
    std::string m = small_module(5);
    std::string signed_m = with_signatures(m, {sign_with(*key_a, m)});
    Outcome o = verify(signed_m, {anchor_of(*key_a, 0, "a.pem")});
    ASSERT_TRUE(o.status.ok()) << o.message();
    EXPECT_EQ(o.message(), "signed by key " + key_a->key_id_hex() + " (a.pem), serial 5");
    EXPECT_EQ(o.verdict.serial, 5u);
    // The loader still accepts it: the trailer is never executed, only skipped.
    String why;
    auto loaded = bc::load_module(as_bytes(signed_m), &why);
    ASSERT_TRUE(loaded.ok()) << why.c_str();
    EXPECT_EQ(loaded->trailer().size(), 8u + 12 + 64);
}

TEST_F(SignModule, EveryFlippedByteIsRefused) {
    std::string m = small_module(1);
    std::string signed_m = with_signatures(m, {sign_with(*key_a, m)});
    std::vector<crypto::TrustAnchor> trust{anchor_of(*key_a)};
    ASSERT_TRUE(verify(signed_m, trust).status.ok());
    size_t by_check[10] = {};
    for (uint8_t mask : {0x01, 0x80, 0xff}) {
        for (size_t i = 0; i < signed_m.size(); ++i) {
            std::string t = signed_m;
            t[i] = static_cast<char>(t[i] ^ mask);
            Outcome o = verify(t, trust);
            EXPECT_FALSE(o.status.ok()) << "byte " << i << " ^ " << int(mask) << " accepted";
            EXPECT_FALSE(o.message().empty());
            ++by_check[static_cast<int>(o.verdict.check)];
        }
    }
    // The body (header, directory, sections) fails the signature; the trailer's framing, key id
    // and signature bytes fail each in their own way.
    EXPECT_GT(by_check[static_cast<int>(crypto::SignatureCheck::bad_signature)], 0u);
    EXPECT_GT(by_check[static_cast<int>(crypto::SignatureCheck::malformed)], 0u);
    EXPECT_GT(by_check[static_cast<int>(crypto::SignatureCheck::unknown_key)], 0u);
    EXPECT_GT(by_check[static_cast<int>(crypto::SignatureCheck::unsupported_algorithm)], 0u);
    EXPECT_EQ(by_check[static_cast<int>(crypto::SignatureCheck::ok)], 0u);
}

TEST_F(SignModule, WrongKey) {
    std::string m = small_module(1);
    std::string signed_m = with_signatures(m, {sign_with(*key_a, m)});
    Outcome unknown = verify(signed_m, {anchor_of(*key_b, 0, "b.pem")});
    EXPECT_EQ(unknown.verdict.check, crypto::SignatureCheck::unknown_key);
    EXPECT_STREQ(unknown.status.error().detail, "signed by an unknown key");
    EXPECT_EQ(unknown.message(), "signed by unknown key " + key_a->key_id_hex() + "; trusted: key " +
                                     key_b->key_id_hex() + " (b.pem)");
    // Key A's signature presented under key B's id: B's key does not verify it.
    Signature forged = sign_with(*key_a, m);
    forged.key_id = key_b->key_id();
    Outcome bad = verify(with_signatures(m, {forged}), {anchor_of(*key_b, 0, "b.pem")});
    EXPECT_EQ(bad.verdict.check, crypto::SignatureCheck::bad_signature);
    EXPECT_EQ(bad.message(), "bad signature by key " + key_b->key_id_hex() +
                                 " (b.pem): the file was changed after signing, or the signature is corrupt");
}

TEST_F(SignModule, TruncatedOrGarbageTrailer) {
    std::string m = small_module(1);
    std::string signed_m = with_signatures(m, {sign_with(*key_a, m)});
    std::vector<crypto::TrustAnchor> trust{anchor_of(*key_a)};
    for (size_t cut = m.size(); cut < signed_m.size(); ++cut) {
        Outcome o = verify(signed_m.substr(0, cut), trust);
        EXPECT_EQ(o.verdict.check, crypto::SignatureCheck::malformed) << "cut at " << cut;
        EXPECT_EQ(o.status.error().code, Errc::badmsg);
    }
    EXPECT_EQ(verify(signed_m.substr(0, m.size()), trust).message(),
              "malformed signature: trailer+0x0: empty (no signature records)");
    EXPECT_EQ(verify(signed_m.substr(0, signed_m.size() - 1), trust).message(),
              "malformed signature: trailer+0x14: signature bytes are truncated");
    std::string garbage = signed_m.substr(0, m.size()) + std::string(84, 'x');
    garbage[8] = static_cast<char>(garbage[8] | 4);
    EXPECT_EQ(verify(garbage, trust).message(),
              "malformed signature: trailer+0x0: bad magic (expected \"CSIG\")");
    // Truncating the body itself: the header no longer matches the file.
    Outcome body_cut = verify(signed_m.substr(0, 40), trust);
    EXPECT_EQ(body_cut.verdict.check, crypto::SignatureCheck::malformed);
    EXPECT_EQ(body_cut.message(), "not a valid Carte bytecode file: header: body_size out of range");
    // Not signed at all.
    Outcome unsigned_m = verify(m, trust);
    EXPECT_EQ(unsigned_m.verdict.check, crypto::SignatureCheck::not_signed);
    EXPECT_STREQ(unsigned_m.status.error().detail, "not signed");
}

TEST_F(SignModule, RotationAndExpiredKeys) {
    const uint64_t rotation_end = 1780000000, before = rotation_end - 100, after = rotation_end + 100;
    std::string m = small_module(2);
    // During a rotation a menu carries both signatures.
    std::string both = with_signatures(m, {sign_with(*key_a, m), sign_with(*key_b, m)});
    crypto::TrustAnchor old_key = anchor_of(*key_a, rotation_end, "old.pem"),
                        new_key = anchor_of(*key_b, 0, "new.pem");
    EXPECT_TRUE(verify(both, {old_key}, before).status.ok());
    EXPECT_TRUE(verify(both, {new_key}, after).status.ok());
    // The verdict points at the anchor that matched: keep the anchors alive while reading it.
    std::vector<crypto::TrustAnchor> both_keys{old_key, new_key};
    Outcome o = verify(both, both_keys, after);
    ASSERT_TRUE(o.status.ok());
    EXPECT_EQ(o.verdict.anchor->name, Str("new.pem"));

    // A ROM that only knows the old key refuses after its end, with its own message.
    Outcome expired = verify(both, {old_key}, after);
    EXPECT_EQ(expired.verdict.check, crypto::SignatureCheck::expired_key);
    EXPECT_STREQ(expired.status.error().detail, "signing key expired (rotation)");
    EXPECT_EQ(expired.message(),
              "signed by key " + key_a->key_id_hex() +
                  " (old.pem), an expired rotation key: trusted until 2026-05-28 20:26:40 UTC, now "
                  "2026-05-28 20:28:20 UTC");
    // A menu signed only by the retired key is refused even by a ROM that knows both.
    std::string old_only = with_signatures(m, {sign_with(*key_a, m)});
    EXPECT_EQ(verify(old_only, {old_key, new_key}, after).verdict.check, crypto::SignatureCheck::expired_key);
}

TEST_F(SignModule, RollbackWithinOneBoot) {
    std::vector<crypto::TrustAnchor> trust{anchor_of(*key_a)};
    std::string v5 = small_module(5), v4 = small_module(4), v6 = small_module(6);
    v5 = with_signatures(v5, {sign_with(*key_a, v5)});
    v4 = with_signatures(v4, {sign_with(*key_a, v4)});
    v6 = with_signatures(v6, {sign_with(*key_a, v6)});
    crypto::RollbackGuard boot;
    EXPECT_TRUE(verify(v5, trust, 0, &boot).status.ok());
    EXPECT_TRUE(verify(v5, trust, 0, &boot).status.ok());  // the same menu again is fine
    Outcome o = verify(v4, trust, 0, &boot);
    EXPECT_EQ(o.verdict.check, crypto::SignatureCheck::rollback);
    EXPECT_STREQ(o.status.error().detail, "menu rollback");
    EXPECT_EQ(o.message(),
              "rollback refused: menu serial 4 is older than serial 5, already run in this boot");
    EXPECT_TRUE(verify(v6, trust, 0, &boot).status.ok());
    EXPECT_EQ(boot.highest(), 6u);
    // A forged serial is a changed body: refused as a bad signature before rollback is considered.
    std::string forged = v4;
    forged[16] = 9;
    EXPECT_EQ(verify(forged, trust, 0, &boot).verdict.check, crypto::SignatureCheck::bad_signature);
}

TEST_F(SignModule, DetachedSignatureIsTheTrailer) {
    std::string m = small_module(3);
    Signature s = sign_with(*key_a, m);
    std::string sig_file = encode_sig_file({s});
    std::string attached = with_signatures(m, {s});
    EXPECT_EQ(attached.substr(m.size()), sig_file);  // byte for byte
    std::vector<crypto::TrustAnchor> trust{anchor_of(*key_a)};
    EXPECT_TRUE(verify(m, trust, 0, nullptr, sig_file).status.ok());
    // Detaching from the signed file gives back a valid pair.
    EXPECT_EQ(strip_signatures(attached), m);
    EXPECT_TRUE(
        verify(strip_signatures(attached), trust, 0, nullptr, encode_sig_file(module_signatures(attached)))
            .status.ok());
    std::string tampered = m;
    tampered[tampered.size() - 3] ^= 0x20;
    EXPECT_EQ(verify(tampered, trust, 0, nullptr, sig_file).verdict.check,
              crypto::SignatureCheck::bad_signature);
}

TEST_F(SignModule, SerialChangeDropsSignatures) {
    std::string m = small_module(1);
    std::string signed_m = with_signatures(m, {sign_with(*key_a, m)});
    std::string bumped = with_serial(signed_m, 42);
    EXPECT_EQ(module_serial(bumped), 42u);
    EXPECT_TRUE(module_signatures(bumped).empty());
    std::vector<crypto::TrustAnchor> trust{anchor_of(*key_a)};
    EXPECT_EQ(verify(bumped, trust).verdict.check, crypto::SignatureCheck::not_signed);
    EXPECT_TRUE(verify(with_signatures(bumped, {sign_with(*key_a, bumped)}), trust).status.ok());
}

TEST_F(SignModule, MergeReplacesTheSameKey) {
    std::string m = small_module(1);
    std::vector<Signature> set;
    merge_signature(&set, sign_with(*key_a, m));
    merge_signature(&set, sign_with(*key_b, m));
    merge_signature(&set, sign_with(*key_a, m));
    EXPECT_EQ(set.size(), 2u);
    std::string sig = encode_sig_file(set);
    EXPECT_EQ(parse_sig_file(sig).size(), 2u);
    EXPECT_THROW(parse_sig_file(sig.substr(0, 20)), SignError);
}

TEST_F(SignModule, ScriptsAreSignedAsBlobs) {
    std::string script = "#!ipxe\nkernel http://example.org/vmlinuz\nboot\n";
    std::string sig = encode_sig_file({sign_with(*key_a, script)});
    std::vector<crypto::TrustAnchor> trust{anchor_of(*key_a)};
    crypto::SignatureVerdict v;
    EXPECT_TRUE(crypto::verify_blob_signature(as_bytes(script), as_bytes(sig),
                                              Span<const crypto::TrustAnchor>(trust.data(), 1), 0, &v)
                    .ok());
    std::string tampered = script;
    tampered[10] = 'X';
    EXPECT_FALSE(crypto::verify_blob_signature(as_bytes(tampered), as_bytes(sig),
                                               Span<const crypto::TrustAnchor>(trust.data(), 1), 0, &v)
                     .ok());
    EXPECT_EQ(v.check, crypto::SignatureCheck::bad_signature);
}

TEST_F(SignModule, SignatureEncodingsRoundTrip) {
    crypto::Sha256Digest d = crypto::sha256(as_bytes(std::string("x")));
    RawSignature raw = key_a->sign_digest(d);
    EXPECT_EQ(der_to_raw_signature(raw_to_der_signature(raw)), raw);
    EXPECT_THROW(der_to_raw_signature("not der"), SignError);
    EXPECT_THROW(der_to_raw_signature(raw_to_der_signature(raw) + "x"), SignError);
}

TEST_F(SignModule, PemRoundTrip) {
    EcKey pub = EcKey::from_public_pem(key_a->public_pem());
    EXPECT_FALSE(pub.has_private());
    EXPECT_EQ(pub.point(), key_a->point());
    EXPECT_EQ(pub.key_id_hex(), key_a->key_id_hex());
    // A private key PEM also gives its public half.
    EXPECT_EQ(EcKey::from_public_pem(key_a->private_pem()).point(), key_a->point());
    EXPECT_THROW(EcKey::from_public_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"),
                 SignError);
}

}  // namespace
}  // namespace carte::sign
