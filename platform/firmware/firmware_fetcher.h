// The firmware's Fetcher: http:// and https:// through the shared HttpFetcher (runtime/net's HttpClient:
// keep-alive, redirects, Range resume) and tftp:// through runtime/net's TFTP client
// (blksize/tsize options), both over lwIP. Ctrl-C aborts a download (ImageSink).
#pragma once
#include "runtime/platform/platform.h"
#include "runtime/vm/http_fetcher.h"
#include "runtime/vm/network_startup.h"

namespace carte::fw {

class FirmwareFetcher final : public Fetcher, private Clock {
  public:
    FirmwareFetcher(Platform& platform, Network& network)
        : platform_(platform), network_(network), http_(platform, network, DownloadDisplay{true, true}) {}

    Status fetch(Str uri, const FetchOptions& options, Vec<uint8_t>* out) override;
    // A network start still running behind the menu is settled (and reported) here, before the
    // progress line; `startup` may be null.
    void prepare(Str uri) override;
    void use_startup(NetworkStartup* startup) { startup_ = startup; }
    TlsContext& tls() { return http_.tls(); }

  private:
    uint64_t now_ms() override { return platform_.now_ms(); }
    Platform& platform_;
    Network& network_;
    HttpFetcher http_;
    NetworkStartup* startup_ = nullptr;
    bool prepare_canceled_ = false;
};

}  // namespace carte::fw
