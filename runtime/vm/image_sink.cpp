#include "runtime/vm/image_sink.h"

#include "runtime/rt/string.h"

namespace carte {

Status ImageSink::on_headers(uint64_t total) {
    if (total != kUnknownSize && !out_->reserve(start_ + size_t(total))) return Errc::nomem;
    return {};
}

Status ImageSink::on_data(Bytes data) {
    return out_->append(data) ? Status() : Status(Errc::nomem);
}

Span<uint8_t> ImageSink::receive_buffer(size_t max) {
    return out_->spare(max);
}

Status ImageSink::on_written(size_t n) {
    out_->grow(n);
    return {};
}

Status ImageSink::on_rewind() {
    out_->truncate(start_);
    return {};
}

Status ImageSink::on_progress(uint64_t done, uint64_t total, uint64_t elapsed_ms) {
    uint64_t now = platform_.now_ms();
    if (now < next_check_) return {};
    next_check_ = now + kRedrawMs;
    if (display_.ctrl_c_interrupts && platform_.interrupt_pending())
        return Error(Errc::canceled, "download interrupted");
    if (!display_.progress) return {};
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
    erase_progress();
    platform_.console().write(text);
    shown_ = text.size();
    return {};
}

void ImageSink::erase_progress() {
    if (!shown_) return;
    String back;
    for (size_t i = 0; i < shown_; ++i) (void)back.append("\b \b");
    platform_.console().write(back);
    shown_ = 0;
}

}  // namespace carte
