// HttpClient's resume path over a scripted in-memory network: the first response is cut at every
// byte offset (a clean close, a reset or a timeout), in every receive slice size, received in
// place (the sink's receive_buffer) or through on_data, and the client
// must either finish with the exact body (a cut inside the body resumes with a Range request) or
// fail cleanly. Built with CARTE_SANITIZE this checks every lifetime on that path (the
// connection's line buffer, the response head and Location, streams closed mid-read) for
// use-after-free and leaks; see the ROM crash report in docs/firmware.md (HTTP resume).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "runtime/net/http_client.h"
#include "tests/support/stub_platform.h"

namespace carte {
namespace {

enum class Cut { close, reset, timeout };

const char* why(const Error& e) {
    return e.detail ? e.detail : errc_message(e.code);
}

std::string make_body(size_t n) {
    std::string s(n, '\0');
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < n; ++i) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        s[i] = static_cast<char>(x);
    }
    return s;
}

// The server side of every connection: answers the request it was sent, cutting the first
// response once at `cut_at` bytes.
struct Script {
    std::string body;
    bool chunked_first = false;
    size_t cut_at = 0;
    Cut cut = Cut::close;
    size_t slice = 1;
    bool in_place = true;  // the sink offers receive_buffer (false: everything through on_data)
    unsigned connections = 0, open_streams = 0;
    std::string last_range;

    std::string respond(const std::string& request) {
        size_t from = 0;
        size_t r = request.find("\r\nRange: bytes=");
        last_range.clear();
        if (r != std::string::npos) {
            size_t end = request.find("-\r\n", r);
            last_range = request.substr(r + 15, end - r - 15);
            from = std::stoul(last_range);
        }
        if (from >= body.size()) {  // nothing left: a Range past the end
            return "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */" +
                   std::to_string(body.size()) + "\r\nContent-Length: 0\r\n\r\n";
        }
        if (from > 0) {
            return "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + std::to_string(from) + "-" +
                   std::to_string(body.size() - 1) + "/" + std::to_string(body.size()) +
                   "\r\nContent-Length: " + std::to_string(body.size() - from) + "\r\n\r\n" +
                   body.substr(from);
        }
        if (chunked_first && connections == 1) {
            std::string out = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Pad: some header\r\n\r\n";
            for (size_t i = 0; i < body.size(); i += 700) {
                std::string piece = body.substr(i, 700);
                char size[16];
                snprintf(size, sizeof size, "%zx\r\n", piece.size());
                out += size + piece + "\r\n";
            }
            return out + "0\r\n\r\n";
        }
        return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) +
               "\r\nLocation: /elsewhere/that/is/not/followed\r\nConnection: keep-alive\r\n\r\n" + body;
    }
};

class ScriptedStream final : public TcpStream {
  public:
    ScriptedStream(Script& s, bool cut) : s_(s), cut_(cut) { ++s_.open_streams; }

    Status send(Bytes data) override {
        request_.append(reinterpret_cast<const char*>(data.data()), data.size());
        response_ = s_.respond(request_);
        pos_ = 0;
        return {};
    }
    Result<size_t> recv(Span<uint8_t> out, uint32_t) override {
        if (cut_ && pos_ >= s_.cut_at) {
            if (s_.cut == Cut::reset) return Error(Errc::connreset, "reset by the script");
            if (s_.cut == Cut::timeout) return Error(Errc::timedout, "timed out by the script");
            return size_t(0);
        }
        size_t end = cut_ && s_.cut_at < response_.size() ? s_.cut_at : response_.size();
        size_t n = out.size() < s_.slice ? out.size() : s_.slice;
        if (n > end - pos_) n = end - pos_;
        for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(response_[pos_ + i]);
        pos_ += n;
        return n;  // 0 at the end of an uncut response: the server closed after it
    }
    void close() override {
        --s_.open_streams;
        delete this;
    }

  private:
    ~ScriptedStream() = default;
    Script& s_;
    bool cut_;
    std::string request_, response_;
    size_t pos_ = 0;
};

class ScriptedNetwork final : public testing::StubNetwork {
  public:
    explicit ScriptedNetwork(Script& s) : s_(s) {}
    Result<TcpStream*> connect(Ipv4, uint16_t, uint32_t) override {
        ++s_.connections;
        return static_cast<TcpStream*>(new ScriptedStream(s_, s_.connections == 1));
    }

  private:
    Script& s_;
};

// Runs one download with the first response cut at s.cut_at and checks the outcome.
void run_cut(Script& s) {
    std::string uncut;
    {
        Script probe = s;
        probe.connections = 1;
        uncut = probe.respond("GET / HTTP/1.1\r\n\r\n");
    }
    size_t head = uncut.find("\r\n\r\n") + 4;
    // A chunked body cut after its last data byte resumes past the end: the server's 416 (or the
    // client's refusal of it) is a clean failure; only a crash or a wrong body is not.
    size_t data_end = s.chunked_first ? uncut.rfind("\r\n0\r\n\r\n") : uncut.size();
    SCOPED_TRACE("cut at " + std::to_string(s.cut_at) + " of " + std::to_string(uncut.size()) + ", slice " +
                 std::to_string(s.slice) + ", kind " + std::to_string(int(s.cut)));
    s.connections = 0;
    ScriptedNetwork net(s);
    {
        HttpClient client(net);
        BufferSink sink;
        sink.in_place = s.in_place;
        auto r = client.get("http://10.0.2.100/big.bin", sink);
        bool resumable = s.cut != Cut::timeout && s.cut_at >= head;
        if (s.cut_at >= data_end && s.cut_at < uncut.size()) {
            if (!r.ok()) {
                EXPECT_NE(r.error().code, Errc::ok);
            }
        } else if (s.cut_at >= uncut.size()) {
            ASSERT_TRUE(r.ok()) << why(r.error());
            EXPECT_EQ(r->resumes, 0u);
        } else if (resumable) {
            ASSERT_TRUE(r.ok()) << why(r.error());
            EXPECT_EQ(r->resumes, 1u);
            EXPECT_EQ(s.connections, 2u);
        } else {
            ASSERT_FALSE(r.ok());
            EXPECT_TRUE(r.error().code == Errc::connreset || r.error().code == Errc::timedout)
                << why(r.error());
        }
        if (r.ok()) {
            ASSERT_EQ(sink.data.size(), s.body.size());
            EXPECT_EQ(std::string(reinterpret_cast<const char*>(sink.data.data()), sink.data.size()), s.body);
            if (s.in_place)
                EXPECT_GT(sink.written_calls, 0u);
            else
                EXPECT_EQ(sink.written_calls, 0u);
        }
    }
    EXPECT_EQ(s.open_streams, 0u);  // every stream closed exactly once, pooled ones by ~HttpClient
}

TEST(HttpResumeCut, EveryCutPointAndSliceSize) {
    Script s;
    s.body = make_body(3000);
    struct Mode {
        Cut cut;
        size_t slice;
    };
    for (Mode m : {Mode{Cut::close, 1}, Mode{Cut::close, 1460}, Mode{Cut::reset, 7},
                   Mode{Cut::reset, HttpConnection::kBufferSize}, Mode{Cut::timeout, 1460}}) {
        for (size_t at = 0; at <= 3120; ++at) {
            s.cut = m.cut, s.slice = m.slice, s.cut_at = at;
            run_cut(s);
            if (::testing::Test::HasFatalFailure()) return;
        }
    }
}

// The same cuts with a sink that takes every byte through on_data (no receive buffer offered).
TEST(HttpResumeCut, EveryCutPointThroughOnData) {
    Script s;
    s.body = make_body(3000);
    s.in_place = false;
    for (size_t slice : {size_t(1), size_t(1460)}) {
        for (size_t at = 0; at <= 3120; ++at) {
            s.cut = Cut::close, s.slice = slice, s.cut_at = at;
            run_cut(s);
            if (::testing::Test::HasFatalFailure()) return;
        }
    }
}

TEST(HttpResumeCut, ChunkedFirstResponse) {
    Script s;
    s.body = make_body(3000);
    s.chunked_first = true;
    for (size_t slice : {size_t(3), size_t(HttpConnection::kBufferSize)}) {
        for (size_t at = 0; at <= 3100; ++at) {
            s.cut = Cut::close, s.slice = slice, s.cut_at = at;
            run_cut(s);
            if (::testing::Test::HasFatalFailure()) return;
        }
    }
}

TEST(HttpResumeCut, BodyLargerThanTheLineBuffer) {
    Script s;
    s.body = make_body(3 * HttpConnection::kBufferSize + 123);
    for (size_t slice : {size_t(1460), size_t(HttpConnection::kBufferSize)}) {
        for (size_t at = 0; at <= s.body.size() + 120; at += 37) {
            s.cut = Cut::close, s.slice = slice, s.cut_at = at;
            run_cut(s);
            if (::testing::Test::HasFatalFailure()) return;
        }
    }
}

TEST(HttpResumeCut, ResumeAsksForTheRightOffset) {
    Script s;
    s.body = make_body(5000);
    s.slice = 1000;
    s.cut_at = 2500;
    run_cut(s);
    std::string range = s.last_range;
    size_t head = s.respond("GET / HTTP/1.1\r\n\r\n").find("\r\n\r\n") + 4;
    EXPECT_EQ(range, std::to_string(2500 - head));
}

}  // namespace
}  // namespace carte
