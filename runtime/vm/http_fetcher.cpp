#include "runtime/vm/http_fetcher.h"

#include "runtime/uri/uri.h"
#include "runtime/vm/image_sink.h"

namespace carte {

Status http_request_for(Str uri, const FetchOptions& options, HttpRequestFields* fields, HttpRequest* out) {
    out->url = uri;
    if (!options.params) return {};
    out->method = HttpMethod::post;
    for (const Param& p : options.params->params)
        if (!(p.header ? fields->headers : fields->form).push(HttpField{p.key.view(), p.value.view()}))
            return Errc::nomem;
    out->form = fields->form.span();
    out->headers = fields->headers.span();
    return {};
}

Status HttpFetcher::fetch(Str uri, const FetchOptions& options, Vec<uint8_t>* out) {
    if (!uri_has_scheme(uri, "http") && !uri_has_scheme(uri, "https"))
        return Error(Errc::notsup, "only http:// and https:// downloads are supported");
    ImageSink sink(platform_, out, {display_.progress && !options.quiet, display_.ctrl_c_interrupts});
    HttpOptions http;
    if (options.timeout_ms) http.timeout_ms = options.timeout_ms;
    HttpRequestFields fields;
    HttpRequest request;
    CARTE_TRY(http_request_for(uri, options, &fields, &request));
    auto outcome = client_.fetch(request, sink, http);
    sink.erase_progress();
    if (!outcome) return outcome.error();
    return {};
}

}  // namespace carte
