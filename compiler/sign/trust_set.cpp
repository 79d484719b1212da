// See trust_set.h.
#include "compiler/sign/trust_set.h"

#include <cstdio>
#include <ctime>

#include "compiler/sign/ec_key.h"
#include "compiler/sign/sign_error.h"
#include "runtime/crypto/trust_store.h"

namespace carte::sign {

uint64_t parse_time(const std::string& text) {
    if (!text.empty() && text.find_first_not_of("0123456789") == std::string::npos && text.size() <= 19)
        return std::stoull(text);
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    char tail = 0;
    int n = std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail);
    bool date_only = n == 3 && text.size() == 10;
    bool full = n == 7 && tail == 'Z' && text.size() == 20;
    if (!(date_only || full) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 ||
        y < 1970)
        throw SignError("bad time '" + text + "': use YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ or unix seconds");
    std::tm tm{};
    tm.tm_year = y - 1900, tm.tm_mon = mo - 1, tm.tm_mday = d, tm.tm_hour = h, tm.tm_min = mi, tm.tm_sec = s;
    time_t t = timegm(&tm);
    if (t < 0) throw SignError("bad time '" + text + "'");
    return static_cast<uint64_t>(t);
}

void TrustSet::add_spec(const std::string& spec) {
    size_t comma = spec.find(",not-after=");
    if (comma == std::string::npos) return add(spec);
    add(spec.substr(0, comma), parse_time(spec.substr(comma + 11)));
}

void TrustSet::add(const std::string& pem_path, uint64_t not_after) {
    EcKey key = EcKey::load_public(pem_path);
    if (anchors_.size() >= crypto::kMaxTrustAnchors) throw SignError("at most 16 trusted keys");
    names_.push_back(pem_path.substr(pem_path.find_last_of('/') + 1));
    const std::string& name = names_.back();
    auto a = crypto::make_p256_anchor(Bytes(key.point().data(), key.point().size()), not_after,
                                      Str(name.data(), name.size()));
    if (!a) throw SignError(pem_path + ": " + (a.error().detail ? a.error().detail : "unusable key"));
    for (const crypto::TrustAnchor& other : anchors_)
        if (other.id == a->id) throw SignError(pem_path + ": the same key is trusted twice");
    anchors_.push_back(a.take());
}

std::string TrustSet::encode_store(bool require_signed_menus, bool require_signed_scripts) const {
    uint8_t policy = (require_signed_menus ? crypto::kRequireSignedMenus : 0) |
                     (require_signed_scripts ? crypto::kRequireSignedScripts : 0);
    auto blob = crypto::encode_trust_store(anchors(), policy);
    if (!blob) throw SignError(blob.error().detail ? blob.error().detail : "cannot encode the trust store");
    return std::string(reinterpret_cast<const char*>(blob->data()), blob->size());
}

}  // namespace carte::sign
