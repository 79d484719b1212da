// The host's Fetcher: `file:` URIs and plain paths are read from disk, `http://` goes through the
// runtime's HTTP client (runtime/vm/http_fetcher.h) over the host's sockets.
#pragma once
#include "runtime/vm/http_fetcher.h"

namespace carte::host {

class HostFetcher final : public Fetcher {
  public:
    HostFetcher(Platform& platform, Network& network, bool show_progress)
        : http_(platform, network, DownloadDisplay{show_progress, false}) {}
    Status fetch(Str uri, const FetchOptions& options, Vec<uint8_t>* out) override;
    TlsContext& tls() { return http_.tls(); }

  private:
    HttpFetcher http_;
};

// Reads a whole file; ENOENT/EPERM/EIO as the OS says.
Status read_file(const char* path, Vec<uint8_t>* out);

}  // namespace carte::host
