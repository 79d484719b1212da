// Where a download's bytes go. HTTP and TFTP deliver a body through this interface, so the
// runtime can stream into an image buffer and draw progress ("42%" or "1.2 MB, 3.4 MB/s").
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/span.h"

namespace carte {

constexpr uint64_t kUnknownSize = ~static_cast<uint64_t>(0);

class DownloadSink {
  public:
    // Once per download, before the first byte: the body size, or kUnknownSize.
    virtual Status on_headers(uint64_t total) = 0;
    // The next bytes of the body, in order. An error aborts the download with that error.
    virtual Status on_data(Bytes data) = 0;
    // A resume was answered with the whole body (200 instead of 206): forget everything delivered so
    // far; on_data() starts again from offset 0. Sinks that cannot take bytes back keep the default,
    // which fails the download rather than corrupting it.
    virtual Status on_rewind() {
        return Error(Errc::io, "server restarted the download and it cannot be rewound");
    }
    // In-place delivery, for sinks that keep the body contiguous: a writable span of up to `max`
    // bytes right after what was delivered so far, so the network copies straight into it instead
    // of through the client's buffer. The client writes k bytes there and calls on_written(k),
    // which counts as on_data() of those bytes. An empty span (the default) means "use on_data".
    virtual Span<uint8_t> receive_buffer(size_t max) {
        (void)max;
        return Span<uint8_t>();
    }
    virtual Status on_written(size_t n) {
        (void)n;
        return Error(Errc::inval, "sink offers no receive buffer");
    }
    // After each delivery: bytes so far, total (or kUnknownSize) and milliseconds since the start.
    // Returning an error (Errc::canceled for Ctrl-C) aborts the download.
    virtual Status on_progress(uint64_t done, uint64_t total, uint64_t elapsed_ms) {
        (void)done, (void)total, (void)elapsed_ms;
        return {};
    }

  protected:
    ~DownloadSink() = default;
};

// A monotonic millisecond clock (Platform::now_ms()), for progress rates and pool expiry.
class Clock {
  public:
    virtual uint64_t now_ms() = 0;

  protected:
    ~Clock() = default;
};

}  // namespace carte
