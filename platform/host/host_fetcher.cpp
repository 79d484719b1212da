#include "platform/host/host_fetcher.h"

#include <cerrno>
#include <cstdio>
#include <string>

#include "runtime/uri/uri.h"

namespace carte::host {

Status read_file(const char* path, Vec<uint8_t>* out) {
    FILE* f = std::fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT || errno == ENOTDIR) return Error(Errc::noent);
        if (errno == EACCES) return Error(Errc::perm);
        return Error(Errc::io);
    }
    uint8_t buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        if (!out->reserve(out->size() + n)) {
            std::fclose(f);
            return Errc::nomem;
        }
        for (size_t i = 0; i < n; ++i) (void)out->push(buf[i]);
    }
    bool failed = std::ferror(f);
    std::fclose(f);
    return failed ? Status(Errc::io) : Status();
}

Status HostFetcher::fetch(Str uri, const FetchOptions& options, Vec<uint8_t>* out) {
    if (uri_has_scheme(uri, "http") || uri_has_scheme(uri, "https")) return http_.fetch(uri, options, out);
    if (uri.starts_with("file:")) {
        auto parsed = Uri::parse(uri);
        if (!parsed) return parsed.error();
        Str path = parsed->path().empty() ? parsed->opaque() : parsed->path();
        return read_file(std::string(path.data(), path.size()).c_str(), out);
    }
    if (uri.find(':') != Str::npos && uri.find(':') < uri.find('/'))
        return Error(Errc::notsup, "unsupported URI scheme");
    return read_file(std::string(uri.data(), uri.size()).c_str(), out);
}

}  // namespace carte::host
