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

}  // namespace

Status TlsTrust::append(Bytes record, TlsRootOrigin origin, Str subject) {
    TlsRoot root;
    root.offset = records_.size();
    root.size = record.size();
    root.origin = origin;
    root.name = String::copy(crypto::name_common_name(record_dn(record)));
    if (!subject.empty() && root.name.view() != subject) return Error(Errc::noent, "another subject");
    if (!records_.append(record) || !roots_.push(carte::move(root))) return Errc::nomem;
    dirty_ = true;
    return {};
}

Status TlsTrust::add_certificate(Bytes der, TlsRootOrigin origin, Str subject) {
    uint8_t record[2048];
    size_t written = 0;
    int err = carte_tls_anchor_record(der.data(), der.size(), record, sizeof record, &written);
    if (err == CARTE_TLS_ERR_UNAVAILABLE) return Error(Errc::notsup, "HTTPS is not available in this build");
    if (err) return Error(Errc::inval, "not a certificate BearSSL can use as a root", err);
    return append(Bytes(record, written), origin, subject);
}

Status TlsTrust::add_records(Bytes records, TlsRootOrigin origin) {
    size_t checked = 0;  // every record is checked before any is added
    while (checked < records.size()) {
        long n = carte_tls_anchor_record_size(records.data() + checked, records.size() - checked);
        if (n <= 0) return Error(Errc::badmsg, "malformed trust anchor records");
        checked += size_t(n);
    }
    while (!records.empty()) {
        size_t n = size_t(carte_tls_anchor_record_size(records.data(), records.size()));
        CARTE_TRY(append(records.subspan(0, n), origin, Str()));
        records = records.subspan(n);
    }
    return {};
}

size_t TlsTrust::remove_added(Str name) {
    auto goes = [&](const TlsRoot& r) {
        return r.origin == TlsRootOrigin::added && (name.empty() || r.name.view() == name);
    };
    Vec<uint8_t> kept;  // built first, so running out of memory changes nothing
    size_t removed = 0;
    for (const TlsRoot& r : roots_) {
        if (goes(r))
            ++removed;
        else if (!kept.append(records_.span().subspan(r.offset, r.size)))
            return 0;
    }
    if (removed == 0) return 0;
    for (size_t i = roots_.size(); i-- > 0;)
        if (goes(roots_[i])) roots_.erase(i);
    size_t at = 0;
    for (TlsRoot& r : roots_) r.offset = at, at += r.size;
    records_ = carte::move(kept);
    dirty_ = true;
    ++generation_;
    return removed;
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
