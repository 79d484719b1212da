#include "platform/firmware/firmware_fetcher.h"

#include "runtime/net/tftp_client.h"
#include "runtime/uri/uri.h"

namespace carte::fw {

void FirmwareFetcher::prepare(Str uri) {
    if (startup_ &&
        (uri_has_scheme(uri, "http") || uri_has_scheme(uri, "https") || uri_has_scheme(uri, "tftp")))
        prepare_canceled_ = startup_->settle().error().code == Errc::canceled;
}

Status FirmwareFetcher::fetch(Str uri, const FetchOptions& options, Vec<uint8_t>* out) {
    if (prepare_canceled_) {  // Ctrl-C while prepare() waited for the lease
        prepare_canceled_ = false;
        return Error(Errc::canceled, "waiting for DHCP canceled");
    }
    if (uri_has_scheme(uri, "tftp")) {
        ImageSink sink(platform_, out, {!options.quiet, true});
        // --timeout bounds the whole exchange of one packet: spread it over its retransmissions.
        TftpOptions tftp;
        if (options.timeout_ms) tftp.timeout_ms = max(options.timeout_ms / (tftp.retries + 1), uint32_t(1));
        auto got = tftp_get_url(network_, uri, sink, tftp, this);
        sink.erase_progress();
        if (!got) return got.error();
        return {};
    }
    if (!uri_has_scheme(uri, "http") && !uri_has_scheme(uri, "https"))
        return Error(Errc::notsup, "only http://, https:// and tftp:// downloads are supported");
    return http_.fetch(uri, options, out);
}

}  // namespace carte::fw
