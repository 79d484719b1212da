// Reading and writing the embedded trust store; see trust_store.h for the layout.
#include "runtime/crypto/trust_store.h"

#include "runtime/rt/varint.h"

namespace carte::crypto {
namespace {

constexpr size_t kStoreHeaderSize = 8;
constexpr size_t kAnchorFixedSize = 1 + 1 + 2 + 8 + kP256PointSize;

Error malformed(String* why, size_t at, Str what) {
    if (why && why->empty()) {
        (void)(why->append("trust store+0x") && why->append_u64(at, 16) && why->append(": ") &&
               why->append(what));
    }
    return Error(Errc::badmsg, "malformed trust store");
}

}  // namespace

Result<TrustStore> parse_trust_store(Bytes b, String* why) {
    if (b.size() < kStoreHeaderSize) return malformed(why, 0, "truncated header");
    for (size_t i = 0; i < 4; ++i)
        if (b[i] != kTrustStoreMagic[i]) return malformed(why, 0, "bad magic (expected \"CTRS\")");
    if (b[4] != kTrustStoreVersion) return malformed(why, 4, "unsupported version");
    size_t count = b[5];
    if (count == 0 || count > kMaxTrustAnchors) return malformed(why, 5, "anchor count must be 1..16");
    if (b[6] & ~(kRequireSignedMenus | kRequireSignedScripts))
        return malformed(why, 6, "unknown policy flags");
    if (b[7] != 0) return malformed(why, 7, "reserved byte is not zero");
    TrustStore store;
    store.policy = b[6];
    if (!store.anchors.reserve(count)) return Error(Errc::nomem);
    size_t pos = kStoreHeaderSize;
    for (size_t i = 0; i < count; ++i) {
        if (b.size() - pos < kAnchorFixedSize) return malformed(why, pos, "truncated anchor");
        if (b[pos] != 1) return malformed(why, pos, "unknown key algorithm");
        size_t name_size = b[pos + 1];
        if (name_size > kMaxAnchorNameSize) return malformed(why, pos + 1, "name longer than 64 bytes");
        if (b[pos + 2] || b[pos + 3]) return malformed(why, pos + 2, "reserved bytes are not zero");
        uint64_t not_after = load_le64(b.data() + pos + 4);
        Bytes point = b.subspan(pos + 12, kP256PointSize);
        pos += kAnchorFixedSize;
        if (b.size() - pos < name_size) return malformed(why, pos, "truncated anchor name");
        Str name(reinterpret_cast<const char*>(b.data() + pos), name_size);
        pos += name_size;
        auto anchor = make_p256_anchor(point, not_after, name);
        if (!anchor)
            return malformed(why, pos - name_size - kP256PointSize, Str::from_cstr(anchor.error().detail));
        if (!store.anchors.push(anchor.take())) return Error(Errc::nomem);
    }
    if (pos != b.size()) return malformed(why, pos, "unexpected bytes after the last anchor");
    return store;
}

Result<Vec<uint8_t>> encode_trust_store(Span<const TrustAnchor> anchors, uint8_t policy) {
    if (anchors.empty() || anchors.size() > kMaxTrustAnchors)
        return Error(Errc::inval, "1 to 16 trusted keys");
    Vec<uint8_t> out;
    bool ok = true;
    auto put = [&](uint8_t v) { ok = ok && out.push(v); };
    for (uint8_t m : kTrustStoreMagic) put(m);
    put(kTrustStoreVersion);
    put(static_cast<uint8_t>(anchors.size()));
    put(policy);
    put(0);
    for (const TrustAnchor& a : anchors) {
        size_t name_size = min(a.name.size(), kMaxAnchorNameSize);
        put(1);
        put(static_cast<uint8_t>(name_size));
        put(0);
        put(0);
        for (int i = 0; i < 8; ++i) put(static_cast<uint8_t>(a.not_after >> (8 * i)));
        for (uint8_t p : a.point) put(p);
        for (size_t i = 0; i < name_size; ++i) put(static_cast<uint8_t>(a.name[i]));
    }
    if (!ok) return Error(Errc::nomem);
    return out;
}

}  // namespace carte::crypto
