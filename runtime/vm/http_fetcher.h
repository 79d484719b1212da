// The Fetcher for http:// and https:// URIs over the platform's Network, through runtime/net's HTTP client
// (keep-alive pool, redirects, Range resume). Shared by the host (`carte run`) and the ROM
// (PcFetcher adds tftp:// around it). Downloads land in an ImageSink (image_sink.h).
#pragma once
#include "runtime/net/http_client.h"
#include "runtime/net/tls_context.h"
#include "runtime/platform/platform.h"
#include "runtime/vm/fetcher.h"
#include "runtime/vm/image_sink.h"

namespace carte {

// The HTTP request a fetch makes: a GET of `uri`, or with `URI##params` a POST of the list's form
// fields, its header entries as request headers. `fields` keeps the converted entries alive.
struct HttpRequestFields {
    Vec<HttpField> form, headers;
};
Status http_request_for(Str uri, const FetchOptions& options, HttpRequestFields* fields, HttpRequest* out);

class HttpFetcher final : public Fetcher, private Clock {
  public:
    HttpFetcher(Platform& platform, Network& network, DownloadDisplay display)
        : platform_(platform), tls_(platform), client_(network, this), display_(display) {
        client_.use_tls(&tls_);
    }

    // Only http:// and https:// URIs (any case); anything else is Errc::notsup.
    Status fetch(Str uri, const FetchOptions& options, Vec<uint8_t>* out) override;
    // The trust, time and randomness of https:// downloads (filled by the platform's start-up).
    TlsContext& tls() { return tls_; }

  private:
    uint64_t now_ms() override { return platform_.now_ms(); }
    Platform& platform_;
    TlsContext tls_;
    HttpClient client_;
    DownloadDisplay display_;
};

}  // namespace carte
