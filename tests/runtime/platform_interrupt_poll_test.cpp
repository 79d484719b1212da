// InterruptPoll (runtime/platform/interrupt_poll.h): Ctrl-C polling bounded by time, not by how
// often it is asked. The download test is the end-to-end bound: a simulated 64 MiB HTTP transfer
// through HttpClient and ImageSink, delivered in small or smaller frames over the same simulated
// time, reads the console the same few times.
#include <gtest/gtest.h>

#include <string>

#include "runtime/net/http_client.h"
#include "runtime/platform/interrupt_poll.h"
#include "runtime/vm/image_sink.h"
#include "tests/support/stub_platform.h"

namespace carte {
namespace {

TEST(InterruptPoll, ReadsTheConsoleAtMostOncePerInterval) {
    InterruptPoll poll;
    int reads = 0;
    auto read = [&] {
        ++reads;
        return key::none;
    };
    for (int i = 0; i < 100000; ++i) EXPECT_FALSE(poll.pending(5000, read));
    EXPECT_EQ(reads, 1);  // the first call looks; the rest are within the interval
    // One call per millisecond for a second: one look per interval.
    for (uint64_t ms = 5001; ms <= 6000; ++ms) EXPECT_FALSE(poll.pending(ms, read));
    EXPECT_EQ(reads, 1 + int(1000 / InterruptPoll::kIntervalMs));
}

TEST(InterruptPoll, CtrlCIsSeenAtTheNextLookAndDropsWhatWasTypedBeforeIt) {
    InterruptPoll poll;
    int keys[] = {'a', 'b', key::ctrl_c, 'c'};
    int next = 0;
    auto read = [&] { return next < 4 ? keys[next++] : key::none; };
    uint64_t now = 100;
    EXPECT_FALSE(poll.pending(now, read));                                // a
    EXPECT_FALSE(poll.pending(now + 1, read));                            // not looked
    EXPECT_FALSE(poll.pending(now += InterruptPoll::kIntervalMs, read));  // b
    EXPECT_EQ(poll.typed().size(), 2u);
    EXPECT_TRUE(poll.pending(now += InterruptPoll::kIntervalMs, read));  // Ctrl-C: a and b go
    EXPECT_EQ(poll.typed().size(), 0u);
    EXPECT_FALSE(poll.pending(now += InterruptPoll::kIntervalMs, read));  // c is kept
    EXPECT_EQ(poll.typed().pop(), 'c');
}

// A platform whose clock is the simulated network's and whose interrupt_pending is what the
// ROM's does: InterruptPoll over a console read, which this one counts.
class CountingPlatform final : public testing::StubPlatform, public Clock {
  public:
    bool interrupt_pending() override {
        ++interrupt_calls;
        return poll_.pending(now_ms(), [&] {
            ++console_reads;
            return key::none;
        });
    }
    uint64_t now_ms() override { return now_us / 1000; }

    InterruptPoll poll_;
    uint64_t now_us = 1000000;
    int interrupt_calls = 0, console_reads = 0;
};

uint8_t body_byte(uint64_t i) {
    return static_cast<uint8_t>(i * 131 + (i >> 12) + 7);
}

// One HTTP response of `size` body bytes, handed out `frame` bytes per receive, each receive
// advancing the platform's clock by `us_per_frame` (the time a frame takes to arrive).
class FrameStream final : public TcpStream {
  public:
    FrameStream(CountingPlatform& p, uint64_t size, size_t frame, uint64_t us_per_frame, uint64_t& frames)
        : p_(p), size_(size), frame_(frame), us_(us_per_frame), frames_(frames) {
        head_ = "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(size) + "\r\n\r\n";
    }
    Status send(Bytes) override { return {}; }
    Result<size_t> recv(Span<uint8_t> out, uint32_t) override {
        uint64_t total = head_.size() + size_;
        if (pos_ >= total) return size_t(0);
        size_t n = out.size() < frame_ ? out.size() : frame_;
        if (n > total - pos_) n = static_cast<size_t>(total - pos_);
        for (size_t i = 0; i < n; ++i, ++pos_)
            out[i] = pos_ < head_.size() ? uint8_t(head_[pos_]) : body_byte(pos_ - head_.size());
        p_.now_us += us_;
        ++frames_;
        return n;
    }
    void close() override { delete this; }

  private:
    ~FrameStream() = default;
    CountingPlatform& p_;
    std::string head_;
    uint64_t size_, pos_ = 0;
    size_t frame_;
    uint64_t us_;
    uint64_t& frames_;  // receives that returned data, counted for the test
};

class FrameNetwork final : public testing::StubNetwork {
  public:
    FrameNetwork(CountingPlatform& p, uint64_t size, size_t frame, uint64_t us)
        : p_(p), size_(size), frame_(frame), us_(us) {}
    Result<TcpStream*> connect(Ipv4, uint16_t, uint32_t) override {
        return static_cast<TcpStream*>(new FrameStream(p_, size_, frame_, us_, frames));
    }

    uint64_t frames = 0;  // receives that returned data, over every connection

  private:
    CountingPlatform& p_;
    uint64_t size_;
    size_t frame_;
    uint64_t us_;
};

struct Download {
    uint64_t frames = 0, simulated_ms = 0;
    int interrupt_calls = 0, console_reads = 0;
};

// 64 MiB in `frame`-byte receives over `total_ms` of simulated time, as `imgfetch` takes it.
Download download_64mib(size_t frame, uint64_t total_ms) {
    constexpr uint64_t kSize = uint64_t(64) << 20;
    uint64_t expected_frames = (kSize + frame - 1) / frame;
    CountingPlatform p;
    FrameNetwork net(p, kSize, frame, total_ms * 1000 / expected_frames);
    Vec<uint8_t> image;
    uint64_t start_ms = p.now_ms();
    {
        HttpClient client(net, &p);
        ImageSink sink(p, &image, {false, true});  // no progress text; Ctrl-C interrupts
        auto r = client.get("http://10.0.2.100/blob", sink);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().detail);
    }
    EXPECT_EQ(image.size(), kSize);
    for (uint64_t i : {uint64_t(0), kSize / 3, kSize - 1}) EXPECT_EQ(image[i], body_byte(i)) << i;
    Download d;
    d.frames = net.frames;
    d.simulated_ms = p.now_ms() - start_ms;
    d.interrupt_calls = p.interrupt_calls;
    d.console_reads = p.console_reads;
    return d;
}

TEST(InterruptPoll, ConsoleReadsDuringADownloadAreBoundedByTimeNotFrames) {
    Download mtu = download_64mib(1460, 800);   // ~46,000 frames
    Download small = download_64mib(365, 800);  // 4x the frames in the same time
    ASSERT_GE(small.frames, 4 * mtu.frames - 4);
    for (const Download& d : {mtu, small}) {
        // ImageSink asks at most every ImageSink::kRedrawMs, InterruptPoll reads at most every
        // kIntervalMs of that: a handful for the whole transfer, one per frame would be 46,000+.
        EXPECT_LE(d.interrupt_calls, int(d.simulated_ms / ImageSink::kRedrawMs) + 2);
        EXPECT_LE(d.console_reads, d.interrupt_calls);
        EXPECT_GE(d.console_reads, 1);  // Ctrl-C is still looked for
    }
    EXPECT_LE(small.console_reads, mtu.console_reads + 1);  // 4x the frames, no more reads
}

}  // namespace
}  // namespace carte
