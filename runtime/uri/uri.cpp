#include "runtime/uri/uri.h"

#include "runtime/settings/text_codecs.h"

namespace carte {
namespace {

bool is_scheme_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
}

}  // namespace

Str Uri::get(UriField f) const {
    if (!has(f)) return Str();
    const Slice& s = slices_[static_cast<unsigned>(f)];
    return Str(buf_.data() + s.off, s.len);
}

Str Uri::params_name() const {
    const Slice& s = slices_[kParamsSlot];
    return s.len ? Str(buf_.data() + s.off, s.len) : Str();
}

Status Uri::set_slot(unsigned slot, Str value) {
    // `value` may point into our own buffer (copying one field into another): remember where,
    // since growing the buffer moves it.
    const char* base = buf_.data();
    bool inside = base && value.data() >= base && value.data() < base + buf_.size();
    size_t inside_off = inside ? static_cast<size_t>(value.data() - base) : 0;
    if (!buf_.reserve(buf_.size() + value.size())) return Errc::nomem;
    const char* src = inside ? buf_.data() + inside_off : value.data();
    auto off = static_cast<uint32_t>(buf_.size());
    for (size_t i = 0; i < value.size(); ++i) (void)buf_.push(src[i]);
    slices_[slot] = {off, static_cast<uint32_t>(value.size())};
    return {};
}

Status Uri::set(UriField f, Str value) {
    CARTE_TRY(set_slot(static_cast<unsigned>(f), value));
    present_ |= static_cast<uint16_t>(1u << static_cast<unsigned>(f));
    return {};
}

Status Uri::set_decoded(UriField f, Str encoded) {
    String decoded;
    if (!uri_decode(encoded, &decoded)) return Errc::nomem;
    return set(f, decoded.view());
}

Status Uri::set_path(Str decoded, Str encoded) {
    CARTE_TRY(set(UriField::path, decoded));
    return set(UriField::epath, encoded);
}

Result<Uri> Uri::clone() const {
    Uri u;
    if (!u.buf_.reserve(buf_.size())) return Errc::nomem;
    for (char c : buf_) (void)u.buf_.push(c);
    for (unsigned i = 0; i <= kParamsSlot; ++i) u.slices_[i] = slices_[i];
    u.present_ = present_;
    u.has_params_ = has_params_;
    return u;
}

Result<Uri> Uri::parse(Str text) {
    Uri u;
    // Optimistic: every field is a substring of the text, so one reservation usually suffices.
    if (!u.buf_.reserve(text.size() * 2 + 8)) return Errc::nomem;

    // Request parameters first: "##params" or "##params=name"; other trailing text is ignored.
    size_t params = text.find(Str("##params"));
    if (params != Str::npos) {
        u.has_params_ = true;
        Str rest = text.drop(params + 8);
        if (!rest.empty() && rest[0] == '=') CARTE_TRY(u.set_slot(kParamsSlot, rest.drop(1)));
        text = text.substr(0, params);
    }

    size_t hash = text.find('#');
    if (hash != Str::npos) {
        CARTE_TRY(u.set(UriField::efragment, text.drop(hash + 1)));
        text = text.substr(0, hash);
    }

    size_t colon = 0;
    while (colon < text.size() && is_scheme_char(text[colon])) ++colon;
    bool has_scheme = colon > 0 && colon < text.size() && text[colon] == ':';
    if (has_scheme) {
        CARTE_TRY(u.set_decoded(UriField::scheme, text.substr(0, colon)));
        text = text.drop(colon + 1);
        if (text.empty() || text[0] != '/') {
            CARTE_TRY(u.set_decoded(UriField::opaque, text));
            return u;
        }
    }

    size_t question = text.find('?');
    if (question != Str::npos) {
        CARTE_TRY(u.set(UriField::equery, text.drop(question + 1)));
        text = text.substr(0, question);
    }

    if (has_scheme && text.starts_with("//")) {
        text = text.drop(2);
        size_t slash = text.find('/');
        Str authority = text.substr(0, slash);
        text = slash == Str::npos ? Str() : text.drop(slash);
        size_t at = authority.find('@');
        if (at != Str::npos) {
            Str userinfo = authority.substr(0, at);
            authority = authority.drop(at + 1);
            size_t sep = userinfo.find(':');
            CARTE_TRY(u.set_decoded(UriField::user, userinfo.substr(0, sep)));
            if (sep != Str::npos) CARTE_TRY(u.set_decoded(UriField::password, userinfo.drop(sep + 1)));
        }
        // The port follows the last ':', unless the host is a bracketed IPv6 literal.
        size_t port = authority.empty() || authority.back() == ']' ? Str::npos : authority.rfind(':');
        if (port != Str::npos) {
            CARTE_TRY(u.set_decoded(UriField::port, authority.drop(port + 1)));
            authority = authority.substr(0, port);
        }
        CARTE_TRY(u.set_decoded(UriField::host, authority));
    }

    if (!text.empty()) {
        CARTE_TRY(u.set_decoded(UriField::path, text));
        CARTE_TRY(u.set(UriField::epath, text));
    }
    return u;
}

Status Uri::format(String* out) const {
    size_t mark = out->size();
    auto encoded = [&](UriField f) { return uri_encode(get(f), f, out); };
    bool ok = true;
    if (has(UriField::scheme)) ok = ok && encoded(UriField::scheme) && out->append(':');
    if (has(UriField::opaque)) ok = ok && encoded(UriField::opaque);
    if (has(UriField::host) || has(UriField::user)) {
        ok = ok && out->append("//");
        if (has(UriField::user)) {
            ok = ok && encoded(UriField::user);
            if (has(UriField::password)) ok = ok && out->append(':') && encoded(UriField::password);
            ok = ok && out->append('@');
        }
        ok = ok && encoded(UriField::host);
        if (has(UriField::port)) ok = ok && out->append(':') && encoded(UriField::port);
    }
    if (has(UriField::epath))
        ok = ok && out->append(epath());
    else if (has(UriField::path))
        ok = ok && encoded(UriField::path);
    if (has(UriField::equery)) ok = ok && out->append('?') && out->append(query());
    if (has(UriField::efragment)) ok = ok && out->append('#') && out->append(fragment());
    if (!ok) {
        out->truncate(mark);
        return Errc::nomem;
    }
    return {};
}

uint32_t Uri::port_number(uint32_t default_port) const {
    if (!has(UriField::port) || port().empty()) return default_port;
    auto v = parse_c_number(port());
    return v && *v <= 0xffff ? static_cast<uint32_t>(*v) : default_port;
}

bool uri_has_scheme(Str uri, Str scheme) {
    if (uri.size() < scheme.size() + 3) return false;
    for (size_t i = 0; i < scheme.size(); ++i) {
        char c = uri[i];
        if ((c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c) != scheme[i]) return false;
    }
    return uri.substr(scheme.size(), 3) == "://";
}

uint16_t uri_default_port(Str scheme) {
    struct Known {
        Str scheme;
        uint16_t port;
    };
    static const Known kKnown[] = {{"http", 80}, {"https", 443}, {"tftp", 69}, {"ftp", 21}};
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    for (const Known& k : kKnown) {
        if (k.scheme.size() != scheme.size()) continue;
        bool same = true;  // schemes are case-insensitive (RFC 3986 §3.1)
        for (size_t i = 0; i < scheme.size() && same; ++i) same = lower(scheme[i]) == k.scheme[i];
        if (same) return k.port;
    }
    return 0;
}

}  // namespace carte
