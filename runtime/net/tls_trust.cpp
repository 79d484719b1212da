#include "runtime/net/tls_trust.h"

#include "runtime/crypto/tls_glue.h"
#include "runtime/crypto/x509.h"

namespace carte {
namespace {

// The DN of one record (docs/tls.md: u16 length, then the DER Name).
Bytes record_dn(Bytes record) {
    size_t n = size_t(record[0]) << 8 | record[1];
    return record.subspan(2, n);
}

// The size of the record at the start of `rest` (docs/tls.md, "Anchor records"); 0 if malformed.
size_t record_size(Bytes rest) {
    auto u16 = [&](size_t at) { return at + 2 <= rest.size() ? size_t(rest[at]) << 8 | rest[at + 1] : 0; };
    size_t at = 2 + u16(0) + 2;  // DN, flags, key type
    if (at > rest.size()) return 0;
    if (rest[at - 1] == 1) {  // RSA: u16 n_len, n, u8 e_len, e
        at += 2 + u16(at);
        if (at >= rest.size()) return 0;
        at += 1 + rest[at];
    } else if (rest[at - 1] == 2) {  // EC: u8 curve, u8 q_len, q
        if (at + 2 > rest.size()) return 0;
        at += 2 + rest[at + 1];
    } else {
        return 0;
    }
    return at <= rest.size() ? at : 0;
}

}  // namespace

Status TlsTrust::append(Bytes record, TlsRootOrigin origin) {
    TlsRoot root;
    root.offset = records_.size();
    root.size = record.size();
    root.origin = origin;
    root.name = String::copy(crypto::name_common_name(record_dn(record)));
    if (!records_.append(record) || !roots_.push(carte::move(root))) return Errc::nomem;
    dirty_ = true;
    return {};
}

Status TlsTrust::add_certificate(Bytes der, TlsRootOrigin origin) {
    uint8_t record[2048];
    size_t written = 0;
    int err = carte_tls_anchor_record(der.data(), der.size(), record, sizeof record, &written);
    if (err == CARTE_TLS_ERR_UNAVAILABLE) return Error(Errc::notsup, "HTTPS is not available in this build");
    if (err) return Error(Errc::inval, "not a certificate BearSSL can use as a root", err);
    return append(Bytes(record, written), origin);
}

Status TlsTrust::add_records(Bytes records, TlsRootOrigin origin) {
    if (carte_tls_load_anchors(records.data(), records.size(), nullptr, 0) < 0)
        return Error(Errc::badmsg, "malformed trust anchor records");
    while (!records.empty()) {
        size_t n = record_size(records);
        if (n == 0) return Error(Errc::badmsg, "malformed trust anchor records");
        CARTE_TRY(append(records.subspan(0, n), origin));
        records = records.subspan(n);
    }
    return {};
}

size_t TlsTrust::remove_added(Str name) {
    Vec<uint8_t> kept;
    Vec<TlsRoot> kept_roots;
    size_t removed = 0;
    for (TlsRoot& r : roots_) {
        if (r.origin == TlsRootOrigin::added && (name.empty() || r.name.view() == name)) {
            ++removed;
            continue;
        }
        TlsRoot moved = carte::move(r);
        size_t at = kept.size();
        if (!kept.append(records_.span().subspan(moved.offset, moved.size))) return 0;
        moved.offset = at;
        if (!kept_roots.push(carte::move(moved))) return 0;
    }
    records_ = carte::move(kept);
    roots_ = carte::move(kept_roots);
    dirty_ = true;
    if (removed) ++generation_;
    return removed;
}

void TlsTrust::remove_last() {
    if (roots_.empty()) return;
    records_.truncate(roots_[roots_.size() - 1].offset);
    roots_.pop();
    dirty_ = true;
    ++generation_;
}

Result<const void*> TlsTrust::anchors(size_t* count) {
    *count = 0;
    if (roots_.empty()) return static_cast<const void*>(nullptr);
    if (dirty_) {
        size_t words = (roots_.size() * carte_tls_anchor_slot_size() + 7) / 8;
        slots_.clear();
        if (!slots_.reserve(words)) return Errc::nomem;
        for (size_t i = 0; i < words; ++i) (void)slots_.push(0);
        long n = carte_tls_load_anchors(records_.data(), records_.size(), slots_.data(), roots_.size());
        if (n != long(roots_.size())) return Error(Errc::badmsg, "malformed trust anchor records");
        dirty_ = false;
    }
    *count = roots_.size();
    return static_cast<const void*>(slots_.data());
}

}  // namespace carte
