// Where a download goes: appended to an image buffer (received in place when the client can, else
// one copy per received piece), with the
// progress drawn in place on the console (a percentage, or KiB when the size is unknown, and the
// rate) at most four times a second: every byte written to a serial console costs time under
// emulation. In the ROM, Ctrl-C interrupts the download at the same cadence (Errc::canceled).
#pragma once
#include "runtime/net/download_sink.h"
#include "runtime/platform/platform.h"
#include "runtime/rt/vec.h"

namespace carte {

struct DownloadDisplay {
    bool progress = true;            // draw progress on the platform's console
    bool ctrl_c_interrupts = false;  // poll Platform::interrupt_pending (other keys are kept)
};

class ImageSink final : public DownloadSink {
  public:
    static constexpr uint64_t kRedrawMs = 250;

    ImageSink(Platform& platform, Vec<uint8_t>* out, DownloadDisplay display)
        : platform_(platform), out_(out), start_(out->size()), display_(display) {}

    Status on_headers(uint64_t total) override;
    Status on_data(Bytes data) override;
    Span<uint8_t> receive_buffer(size_t max) override;
    Status on_written(size_t n) override;
    Status on_rewind() override;
    Status on_progress(uint64_t done, uint64_t total, uint64_t elapsed_ms) override;
    // Takes the progress text off the console (before the caller prints "ok" or an error).
    void erase_progress();

  private:
    Platform& platform_;
    Vec<uint8_t>* out_;
    size_t start_;
    DownloadDisplay display_;
    uint64_t next_check_ = 0;
    size_t shown_ = 0;  // characters of progress text on the console
};

}  // namespace carte
