#include "platform/pc/pc_fetcher.h"

#include "runtime/net/tftp_client.h"
#include "runtime/rt/string.h"
#include "runtime/vm/http_fetcher.h"

namespace carte::pc {

namespace {

constexpr uint64_t kRedrawMs = 250;

class ImageSink final : public DownloadSink {
  public:
    ImageSink(Platform& platform, Vec<uint8_t>* out, bool show)
        : platform_(platform), out_(out), start_(out->size()), show_(show) {}

    Status on_headers(uint64_t total) override {
        if (total != kUnknownSize && !out_->reserve(start_ + size_t(total))) return Errc::nomem;
        return {};
    }
    Status on_data(Bytes data) override { return out_->append(data) ? Status() : Status(Errc::nomem); }
    Status on_rewind() override {
        out_->truncate(start_);
        return {};
    }
    Status on_progress(uint64_t done, uint64_t total, uint64_t elapsed_ms) override {
        uint64_t now = platform_.now_ms();
        if (now < next_check_) return {};
        next_check_ = now + kRedrawMs;
        if (platform_.read_key(0) == key::ctrl_c) return Error(Errc::canceled, "download interrupted");
        if (!show_) return {};
        String text;
        if (total != kUnknownSize && total) {
            (void)text.append_u64(done * 100 / total);
            (void)text.append('%');
        } else {
            (void)text.append_u64(done >> 10);
            (void)text.append(" KiB");
        }
        if (elapsed_ms) {
            (void)text.append(' ');
            (void)text.append_u64(done * 1000 / elapsed_ms >> 10);
            (void)text.append(" KiB/s");
        }
        erase();
        platform_.console().write(text);
        shown_ = text.size();
        return {};
    }
    void erase() {
        String back;
        for (size_t i = 0; i < shown_; ++i) (void)back.append("\b \b");
        if (shown_) platform_.console().write(back);
        shown_ = 0;
    }

  private:
    Platform& platform_;
    Vec<uint8_t>* out_;
    size_t start_;
    bool show_;
    uint64_t next_check_ = 0;
    size_t shown_ = 0;
};

// Scheme names are case-insensitive (RFC 3986).
bool has_scheme(Str uri, Str scheme) {
    if (uri.size() <= scheme.size() + 3) return false;
    for (size_t i = 0; i < scheme.size(); ++i)
        if ((uri[i] | 0x20) != scheme[i]) return false;
    return uri.substr(scheme.size(), 3) == "://";
}

}  // namespace

void PcFetcher::prepare(Str uri) {
    if (startup_ && (has_scheme(uri, "http") || has_scheme(uri, "https") || has_scheme(uri, "tftp")))
        prepare_canceled_ = startup_->settle().error().code == Errc::canceled;
}

Status PcFetcher::fetch(Str uri, const FetchOptions& options, Vec<uint8_t>* out) {
    if (prepare_canceled_) {  // Ctrl-C while prepare() waited for the lease
        prepare_canceled_ = false;
        return Error(Errc::canceled, "waiting for DHCP canceled");
    }
    ImageSink sink(platform_, out, !options.quiet);
    if (has_scheme(uri, "tftp")) {
        // --timeout bounds the whole exchange of one packet: spread it over its retransmissions.
        TftpOptions tftp;
        if (options.timeout_ms) tftp.timeout_ms = max(options.timeout_ms / (tftp.retries + 1), uint32_t(1));
        auto got = tftp_get_url(network_, uri, sink, tftp, this);
        sink.erase();
        if (!got) return got.error();
        return {};
    }
    if (!has_scheme(uri, "http"))
        return Error(Errc::notsup, "only http:// and tftp:// downloads are supported");
    HttpOptions http;
    if (options.timeout_ms) http.timeout_ms = options.timeout_ms;
    HttpRequestFields fields;
    HttpRequest request;
    CARTE_TRY(http_request_for(uri, options, &fields, &request));
    auto outcome = client_.fetch(request, sink, http);
    sink.erase();
    if (!outcome) return outcome.error();
    return {};
}

}  // namespace carte::pc
