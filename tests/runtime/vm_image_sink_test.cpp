// ImageSink (runtime/vm/image_sink.h), where every download lands: the body appended after what
// the buffer held, rewinds back to there, progress drawn at most every 250 ms and erased, and
// Ctrl-C polled (only when asked) through Platform::interrupt_pending.
#include <gtest/gtest.h>

#include <deque>
#include <string>

#include "runtime/vm/image_sink.h"
#include "tests/support/stub_platform.h"

namespace carte {
namespace {

class StreamConsole final : public testing::NullConsole {
  public:
    void write(Str t) override { text.append(t.data(), t.size()); }
    std::string text;
};

// A clock the test sets and keys it scripts; the default interrupt_pending (one key read).
class ClockPlatform final : public testing::StubPlatform {
  public:
    Console& console() override { return console_; }
    int read_key(uint32_t) override {
        ++key_reads;
        if (keys.empty()) return key::none;
        int k = keys.front();
        keys.pop_front();
        return k;
    }
    uint64_t now_ms() override { return now; }

    StreamConsole console_;
    std::deque<int> keys;
    uint64_t now = 1000;
    int key_reads = 0;
};

std::string text_of(const Vec<uint8_t>& v) {
    return std::string(reinterpret_cast<const char*>(v.data()), v.size());
}

TEST(ImageSink, AppendsAfterWhatWasThereAndRewindsToIt) {
    ClockPlatform p;
    Vec<uint8_t> out;
    ASSERT_TRUE(out.append(Bytes(reinterpret_cast<const uint8_t*>("old|"), 4)));
    ImageSink sink(p, &out, {false, false});
    ASSERT_TRUE(sink.on_headers(6).ok());
    ASSERT_TRUE(sink.on_data(Bytes(reinterpret_cast<const uint8_t*>("abc"), 3)).ok());
    ASSERT_TRUE(sink.on_rewind().ok());  // a server that cannot resume: start the body again
    ASSERT_TRUE(sink.on_data(Bytes(reinterpret_cast<const uint8_t*>("abcdef"), 6)).ok());
    EXPECT_EQ(text_of(out), "old|abcdef");
    EXPECT_TRUE(p.console_.text.empty());  // no progress asked for
}

TEST(ImageSink, ProgressIsThrottledAndErased) {
    ClockPlatform p;
    Vec<uint8_t> out;
    ImageSink sink(p, &out, {true, false});
    ASSERT_TRUE(sink.on_progress(512 * 1024, 1024 * 1024, 1000).ok());
    EXPECT_EQ(p.console_.text, "50% 512 KiB/s");
    ASSERT_TRUE(sink.on_progress(1024 * 1024, 1024 * 1024, 1100).ok());  // within 250 ms: skipped
    EXPECT_EQ(p.console_.text, "50% 512 KiB/s");
    p.now += ImageSink::kRedrawMs;
    ASSERT_TRUE(sink.on_progress(1024 * 1024, kUnknownSize, 2000).ok());  // size unknown: KiB
    std::string erase13;
    for (int i = 0; i < 13; ++i) erase13 += "\b \b";
    EXPECT_EQ(p.console_.text, "50% 512 KiB/s" + erase13 + "1024 KiB 512 KiB/s");
    sink.erase_progress();
    std::string erase18;
    for (int i = 0; i < 18; ++i) erase18 += "\b \b";
    EXPECT_EQ(p.console_.text, "50% 512 KiB/s" + erase13 + "1024 KiB 512 KiB/s" + erase18);
    sink.erase_progress();  // nothing shown: nothing written
    EXPECT_EQ(p.console_.text, "50% 512 KiB/s" + erase13 + "1024 KiB 512 KiB/s" + erase18);
    EXPECT_EQ(p.key_reads, 0);  // Ctrl-C not asked for: keys left alone
}

TEST(ImageSink, CtrlCCancelsWhenAskedFor) {
    ClockPlatform p;
    p.keys = {'x', key::ctrl_c};
    Vec<uint8_t> out;
    ImageSink sink(p, &out, {false, true});
    EXPECT_TRUE(sink.on_progress(1, 10, 1).ok());  // 'x': not an interrupt
    EXPECT_TRUE(sink.on_progress(2, 10, 2).ok());  // within 250 ms: not even polled
    EXPECT_EQ(p.key_reads, 1);
    p.now += ImageSink::kRedrawMs;
    Status st = sink.on_progress(3, 10, 300);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, Errc::canceled);
    EXPECT_STREQ(st.error().detail, "download interrupted");
}

}  // namespace
}  // namespace carte
