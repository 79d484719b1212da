// The Fetcher for http:// URIs over the platform's Network, through runtime/net's HTTP client
// (keep-alive pool, redirects, Range resume). Shared by the host and the ROM. Progress, when
// enabled, is drawn on the console as a percentage (or a byte count) and the transfer rate.
#pragma once
#include "runtime/net/http_client.h"
#include "runtime/platform/platform.h"
#include "runtime/vm/fetcher.h"

namespace carte {

// The HTTP request a fetch makes: a GET of `uri`, or with `URI##params` a POST of the list's form
// fields, its header entries as request headers. `fields` keeps the converted entries alive.
struct HttpRequestFields {
    Vec<HttpField> form, headers;
};
Status http_request_for(Str uri, const FetchOptions& options, HttpRequestFields* fields, HttpRequest* out);

class HttpFetcher final : public Fetcher, private Clock {
  public:
    HttpFetcher(Platform& platform, Network& network, bool show_progress)
        : platform_(platform), client_(network, this), show_progress_(show_progress) {}

    // Only http:// URIs; anything else is Errc::notsup.
    Status fetch(Str uri, const FetchOptions& options, Vec<uint8_t>* out) override;
    HttpClient& client() { return client_; }

  private:
    uint64_t now_ms() override { return platform_.now_ms(); }
    Platform& platform_;
    HttpClient client_;
    bool show_progress_;
};

}  // namespace carte
