#include "runtime/vm/http_fetcher.h"

#include "runtime/rt/string.h"

namespace carte {

namespace {

// Collects the body into the image buffer and draws progress in place (erased with backspaces).
class ImageSink final : public DownloadSink {
  public:
    ImageSink(Vec<uint8_t>* out, Console* progress) : out_(out), start_(out->size()), console_(progress) {}

    Status on_headers(uint64_t total) override {
        if (total != kUnknownSize && !out_->reserve(start_ + static_cast<size_t>(total))) return Errc::nomem;
        return {};
    }
    Status on_data(Bytes data) override {
        if (!out_->reserve(out_->size() + data.size())) return Errc::nomem;
        for (uint8_t b : data) (void)out_->push(b);
        return {};
    }
    Status on_rewind() override {
        out_->truncate(start_);
        return {};
    }
    Status on_progress(uint64_t done, uint64_t total, uint64_t elapsed_ms) override {
        if (!console_) return {};
        String text;
        if (total != kUnknownSize && total) {
            (void)text.append(' ');
            (void)text.append_u64(done * 100 / total);
            (void)text.append('%');
        } else {
            (void)text.append(' ');
            (void)text.append_u64(done / 1024);
            (void)text.append(" KiB");
        }
        if (elapsed_ms) {
            (void)text.append(' ');
            (void)text.append_u64(done * 1000 / elapsed_ms / 1024);
            (void)text.append(" KiB/s");
        }
        if (text == shown_.view()) return {};
        String erase;
        for (size_t i = 0; i < shown_.size(); ++i) (void)erase.append('\b');
        for (size_t i = 0; i < shown_.size(); ++i) (void)erase.append(' ');
        for (size_t i = 0; i < shown_.size(); ++i) (void)erase.append('\b');
        console_->write(erase);
        console_->write(text);
        shown_ = carte::move(text);
        return {};
    }
    void clear_progress() {
        if (!console_ || shown_.empty()) return;
        String erase;
        for (size_t i = 0; i < shown_.size(); ++i) (void)erase.append("\b \b");
        console_->write(erase);
    }

  private:
    Vec<uint8_t>* out_;
    size_t start_;
    Console* console_;
    String shown_;
};

}  // namespace

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
    if (!uri.starts_with("http://")) return Error(Errc::notsup, "only http:// downloads are supported");
    ImageSink sink(out, show_progress_ && !options.quiet ? &platform_.console() : nullptr);
    HttpOptions http;
    if (options.timeout_ms) http.timeout_ms = options.timeout_ms;
    HttpRequestFields fields;
    HttpRequest request;
    CARTE_TRY(http_request_for(uri, options, &fields, &request));
    auto outcome = client_.fetch(request, sink, http);
    sink.clear_progress();
    if (!outcome) return outcome.error();
    return {};
}

}  // namespace carte
