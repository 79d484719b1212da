#include "runtime/net/http_connection.h"

namespace carte {

void HttpConnection::close() {
    if (stream_) stream_->close();
    stream_ = nullptr;
}

Status HttpConnection::send(Bytes data) {
    if (!stream_) return Error(Errc::connreset, "HTTP: connection is closed");
    return stream_->send(data);
}

Result<size_t> HttpConnection::fill(uint32_t timeout_ms) {
    if (!stream_) return Error(Errc::connreset, "HTTP: connection is closed");
    if (start_ > 0 && start_ == end_) start_ = end_ = 0;
    if (end_ == kBufferSize && start_ > 0) {
        // Slide the unread bytes down to make room.
        size_t n = end_ - start_;
        for (size_t i = 0; i < n; ++i) buf_[i] = buf_[start_ + i];
        start_ = 0, end_ = n;
    }
    auto n = stream_->recv(Span<uint8_t>(buf_ + end_, kBufferSize - end_), timeout_ms);
    if (!n) return n.error();
    end_ += *n;
    received_ += *n;
    return *n;
}

Result<Str> HttpConnection::read_line(uint32_t timeout_ms, bool* clean_eof) {
    if (clean_eof) *clean_eof = false;
    size_t scanned = start_;
    for (;;) {
        for (size_t i = scanned; i < end_; ++i) {
            if (buf_[i] != '\n') continue;
            size_t len = i - start_;
            if (len > 0 && buf_[i - 1] == '\r') --len;
            Str line(reinterpret_cast<const char*>(buf_ + start_), len);
            start_ = i + 1;
            return line;
        }
        if (start_ == 0 && end_ == kBufferSize) return Error(Errc::badmsg, "HTTP: header line too long");
        size_t before = start_;
        bool empty = buffered() == 0;
        auto n = fill(timeout_ms);
        if (!n) return n.error();
        if (*n == 0) {
            if (clean_eof) *clean_eof = empty;
            return Error(Errc::connreset, "HTTP: connection closed by the server");
        }
        scanned = end_ - *n;                     // only the new bytes need scanning
        if (start_ != before) scanned = start_;  // the buffer slid; rescan from the start
    }
}

Result<Bytes> HttpConnection::read_some(size_t max, uint32_t timeout_ms) {
    if (buffered() == 0) {
        start_ = end_ = 0;
        auto n = fill(timeout_ms);
        if (!n) return n.error();
        if (*n == 0) return Bytes();
    }
    size_t n = buffered() < max ? buffered() : max;
    Bytes out(buf_ + start_, n);
    start_ += n;
    return out;
}

Result<size_t> HttpConnection::read_into(Span<uint8_t> out, uint32_t timeout_ms) {
    if (buffered() > 0) {
        size_t n = buffered() < out.size() ? buffered() : out.size();
        __builtin_memcpy(out.data(), buf_ + start_, n);
        start_ += n;
        return n;
    }
    if (!stream_) return Error(Errc::connreset, "HTTP: connection is closed");
    start_ = end_ = 0;
    auto n = stream_->recv(out, timeout_ms);
    if (!n) return n.error();
    received_ += *n;
    return *n;
}

}  // namespace carte
