#include "runtime/uri/uri_resolve.h"

namespace carte {
namespace {

// Drops the last directory of `dir` ("/a/b/" -> "/a/"); the root stays the root.
Str parent_directory(Str dir) {
    if (dir.size() <= 1) return dir;
    Str trimmed = dir.substr(0, dir.size() - 1);
    size_t slash = trimmed.rfind('/');
    return slash == Str::npos ? Str() : trimmed.substr(0, slash + 1);
}

}  // namespace

bool resolve_path(Str base_path, Str relative_path, String* out) {
    if (!relative_path.empty() && relative_path[0] == '/') return out->append(relative_path);
    size_t slash = base_path.rfind('/');
    Str dir = slash == Str::npos ? Str() : base_path.substr(0, slash + 1);
    Str rel = relative_path;
    while (true) {
        if (rel == ".") {
            rel = Str();
        } else if (rel.starts_with("./")) {
            rel = rel.drop(2);
        } else if (rel == "..") {
            rel = Str();
            dir = parent_directory(dir);
        } else if (rel.starts_with("../")) {
            rel = rel.drop(3);
            dir = parent_directory(dir);
        } else {
            break;
        }
    }
    return out->append(dir) && out->append(rel);
}

Result<Uri> resolve_uri(const Uri& base, const Uri& relative) {
    if (relative.is_absolute()) return relative.clone();
    auto resolved = base.clone();
    if (!resolved) return resolved;
    Uri& u = *resolved;

    bool new_path = relative.has(UriField::epath) && !relative.epath().empty();
    if (new_path) {
        // A base with an authority but no path resolves as if its path were "/".
        Str base_path =
            base.has(UriField::epath) ? base.epath() : (base.has(UriField::host) ? Str("/") : Str());
        String encoded, decoded;
        if (!resolve_path(base_path, relative.epath(), &encoded)) return Errc::nomem;
        if (!uri_decode(encoded.view(), &decoded)) return Errc::nomem;
        CARTE_TRY(u.set_path(decoded.view(), encoded.view()));
    }
    if (new_path || relative.has(UriField::equery)) {
        if (relative.has(UriField::equery))
            CARTE_TRY(u.set(UriField::equery, relative.query()));
        else
            u.clear(UriField::equery);
    }
    if (relative.has(UriField::efragment))
        CARTE_TRY(u.set(UriField::efragment, relative.fragment()));
    else
        u.clear(UriField::efragment);
    return resolved;
}

Result<Uri> resolve_uri(const Uri& base, Str relative) {
    auto rel = Uri::parse(relative);
    if (!rel) return rel;
    return resolve_uri(base, *rel);
}

Status change_working_uri(Uri* cwuri, Str relative) {
    auto rel = Uri::parse(relative);
    if (!rel) return rel.error();
    auto next = cwuri->is_empty() ? rel->clone() : resolve_uri(*cwuri, *rel);
    if (!next) return next.error();
    *cwuri = next.take();
    return {};
}

Result<Uri> pxe_uri(Str server, uint16_t port, Str filename) {
    if (filename.empty()) return Error(Errc::inval, "empty boot filename");
    auto parsed = Uri::parse(filename);
    if (parsed && parsed->is_absolute() && !parsed->has(UriField::opaque)) return parsed;

    Uri u;
    CARTE_TRY(u.set(UriField::scheme, "tftp"));
    if (server.find(':') != Str::npos && !server.starts_with("[")) {
        String bracketed;  // an IPv6 literal needs brackets in a URI
        if (!bracketed.append('[') || !bracketed.append(server) || !bracketed.append(']')) return Errc::nomem;
        CARTE_TRY(u.set(UriField::host, bracketed.view()));
    } else {
        CARTE_TRY(u.set(UriField::host, server));
    }
    if (port && port != 69) {
        String text;
        if (!text.append_u64(port)) return Errc::nomem;
        CARTE_TRY(u.set(UriField::port, text.view()));
    }
    String path;
    if (!path.append('/') || !path.append(filename)) return Errc::nomem;
    CARTE_TRY(u.set_path(path.view(), path.view()));
    return u;
}

}  // namespace carte
