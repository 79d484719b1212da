// HttpClient against the loopback test server: framing, keep-alive, redirects, status mapping,
// authentication, resume after a dropped connection, malformed responses and timeouts.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "platform/host/host_network.h"
#include "runtime/crypto/sha256.h"
#include "runtime/net/http_client.h"
#include "tests/support/http_test_server.h"

namespace carte {
namespace {

using test::HttpTestServer;

class SteadyClock final : public Clock {
  public:
    uint64_t now_ms() override {
        return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::steady_clock::now().time_since_epoch())
                                         .count());
    }
};

// Deterministic pseudo-random bytes, so a misplaced byte range is always visible.
std::string make_body(size_t n, uint32_t seed = 1) {
    std::string s(n, '\0');
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; ++i) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        s[i] = static_cast<char>(x);
    }
    return s;
}

std::string as_string(const BufferSink& sink) {
    return std::string(reinterpret_cast<const char*>(sink.data.data()), sink.data.size());
}

crypto::Sha256Digest sha(const void* p, size_t n) {
    crypto::Sha256 h;
    h.update(p, n);
    return h.finish();
}

class HttpClientTest : public ::testing::Test {
  protected:
    void SetUp() override { ASSERT_TRUE(server.start()); }
    Result<HttpOutcome> get(const std::string& path, BufferSink& sink, HttpOptions opt = {}) {
        url_ = server.url(path);
        return client.get(Str(url_.data(), url_.size()), sink, opt);
    }
    HttpTestServer server;
    host::HostNetwork net;
    SteadyClock clock;
    HttpClient client{net, &clock};
    std::string url_;
};

TEST_F(HttpClientTest, PlainGetWithContentLength) {
    std::string body = make_body(200000);
    server.add_file("/file.bin", body);
    BufferSink sink;
    auto r = get("/file.bin", sink);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(r->status, 200u);
    EXPECT_EQ(r->size, body.size());
    EXPECT_EQ(sink.total, body.size());
    EXPECT_EQ(sink.headers_calls, 1u);
    EXPECT_GT(sink.progress_calls, 0u);
    EXPECT_EQ(as_string(sink), body);
    auto reqs = server.requests();
    ASSERT_EQ(reqs.size(), 1u);
    EXPECT_EQ(reqs[0].method, "GET");
    EXPECT_EQ(reqs[0].headers["user-agent"], "Carte/0.1");
    EXPECT_EQ(reqs[0].headers["connection"], "keep-alive");
    EXPECT_EQ(reqs[0].headers["host"], "127.0.0.1:" + std::to_string(server.port()));
    EXPECT_EQ(reqs[0].headers.count("range"), 0u);
}

TEST_F(HttpClientTest, QueryIsSentVerbatim) {
    server.add_file("/boot.php", "ok");
    BufferSink sink;
    ASSERT_TRUE(get("/boot.php?mac=52:54:00&x=%20", sink).ok());
    EXPECT_EQ(server.requests().at(0).target, "/boot.php?mac=52:54:00&x=%20");
}

TEST_F(HttpClientTest, ChunkedBody) {
    std::string body = make_body(100000, 2);
    server.add_file("/c.bin", body);
    server.set_chunked(true);
    server.set_pacing(3000, 0);  // many chunks
    BufferSink sink;
    auto r = get("/c.bin", sink);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(sink.total, kUnknownSize);
    EXPECT_EQ(as_string(sink), body);
}

TEST_F(HttpClientTest, BodyUntilCloseWithoutLength) {
    std::string body = make_body(50000, 3);
    server.add_file("/eof.bin", body);
    server.set_send_length(false);
    BufferSink sink;
    auto r = get("/eof.bin", sink);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(as_string(sink), body);
    EXPECT_EQ(client.idle_connections(), 0u);  // such a connection cannot be reused
}

TEST_F(HttpClientTest, KeepAliveReusesOneConnection) {
    server.add_file("/a", "alpha");
    server.add_file("/b", make_body(30000));
    for (int i = 0; i < 3; ++i) {
        BufferSink a, b;
        ASSERT_TRUE(get("/a", a).ok());
        ASSERT_TRUE(get("/b", b).ok());
        EXPECT_EQ(as_string(a), "alpha");
    }
    EXPECT_EQ(server.request_count(), 6u);
    EXPECT_EQ(server.connection_count(), 1u);
    EXPECT_EQ(client.idle_connections(), 1u);
}

TEST_F(HttpClientTest, ConnectionCloseIsHonoured) {
    server.add_file("/a", "alpha");
    server.set_keep_alive(false);
    for (int i = 0; i < 3; ++i) {
        BufferSink a;
        ASSERT_TRUE(get("/a", a).ok());
    }
    EXPECT_EQ(server.connection_count(), 3u);
    EXPECT_EQ(client.idle_connections(), 0u);
}

class ManualClock final : public Clock {
  public:
    uint64_t now_ms() override { return now; }
    uint64_t now = 1000;
};

TEST_F(HttpClientTest, IdleConnectionsExpireAfterTenSeconds) {
    server.add_file("/a", "alpha");
    ManualClock manual;
    HttpClient pooled(net, &manual);
    std::string url = server.url("/a");
    BufferSink s1, s2, s3;
    ASSERT_TRUE(pooled.get(Str(url.data(), url.size()), s1).ok());
    manual.now += 9000;
    ASSERT_TRUE(pooled.get(Str(url.data(), url.size()), s2).ok());
    EXPECT_EQ(server.connection_count(), 1u);
    manual.now += HttpClient::kIdleExpiryMs + 1;
    ASSERT_TRUE(pooled.get(Str(url.data(), url.size()), s3).ok());
    EXPECT_EQ(server.connection_count(), 2u);
}

TEST_F(HttpClientTest, StalePooledConnectionIsReplaced) {
    server.add_file("/a", "alpha");
    BufferSink first;
    ASSERT_TRUE(get("/a", first).ok());
    ASSERT_EQ(client.idle_connections(), 1u);
    // The server goes away and comes back on the same port: the pooled connection is dead.
    uint16_t port = server.port();
    server.stop();
    HttpTestServer again;
    ASSERT_TRUE(again.start(port));
    again.add_file("/a", "beta");
    BufferSink second;
    auto r = get("/a", second);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(as_string(second), "beta");
    EXPECT_EQ(again.connection_count(), 1u);
}

TEST_F(HttpClientTest, HeadReportsSizeWithoutBody) {
    server.add_file("/big", make_body(12345));
    std::string url = server.url("/big");
    HttpRequest req;
    req.method = HttpMethod::head;
    req.url = Str(url.data(), url.size());
    BufferSink sink;
    auto r = client.fetch(req, sink);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(sink.total, 12345u);
    EXPECT_TRUE(sink.data.empty());
    EXPECT_EQ(server.requests().at(0).method, "HEAD");
    // The connection stays usable after a bodiless response.
    BufferSink again;
    ASSERT_TRUE(get("/big", again).ok());
    EXPECT_EQ(again.data.size(), 12345u);
    EXPECT_EQ(server.connection_count(), 1u);
}

TEST_F(HttpClientTest, PostSendsUrlEncodedForm) {
    server.add_file("/form", "thanks");
    std::string url = server.url("/form");
    HttpField form[] = {{"mac", "52:54:00:12:34:56"}, {"name", "a b&c"}};
    HttpField headers[] = {{"X-Carte", "yes"}};
    HttpRequest req;
    req.method = HttpMethod::post;
    req.url = Str(url.data(), url.size());
    req.form = form;
    req.headers = headers;
    BufferSink sink;
    auto r = client.fetch(req, sink);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(as_string(sink), "thanks");
    auto q = server.requests().at(0);
    EXPECT_EQ(q.method, "POST");
    EXPECT_EQ(q.headers["content-type"], "application/x-www-form-urlencoded");
    EXPECT_EQ(q.headers["x-carte"], "yes");
    EXPECT_EQ(q.body, "mac=52%3A54%3A00%3A12%3A34%3A56&name=a%20b%26c");
}

TEST_F(HttpClientTest, HeaderInjectionIsRefused) {
    std::string url = server.url("/x");
    HttpField headers[] = {{"X-Evil", "a\r\nHost: other"}};
    HttpRequest req;
    req.url = Str(url.data(), url.size());
    req.headers = headers;
    BufferSink sink;
    auto r = client.fetch(req, sink);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::inval);
    EXPECT_EQ(server.request_count(), 0u);
}

TEST_F(HttpClientTest, RelativeAndAbsoluteRedirects) {
    server.add_file("/dir/final.txt", "landed");
    server.add_redirect("/start", 302, "/hop");                 // absolute path
    server.add_redirect("/hop", 301, server.url("/dir/next"));  // absolute URL
    server.add_redirect("/dir/next", 307, "final.txt");         // relative to /dir/
    BufferSink sink;
    auto r = get("/start", sink);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(as_string(sink), "landed");
    EXPECT_EQ(r->redirects, 3u);
    EXPECT_EQ(std::string(r->final_url.c_str()), server.url("/dir/final.txt"));
    EXPECT_EQ(server.connection_count(), 1u);  // redirect bodies are drained, the connection kept
}

TEST_F(HttpClientTest, SeeOtherTurnsPostIntoGet) {
    server.add_redirect("/submit", 303, "/result");
    server.add_file("/result", "done");
    std::string url = server.url("/submit");
    HttpField form[] = {{"a", "1"}};
    HttpRequest req;
    req.method = HttpMethod::post;
    req.url = Str(url.data(), url.size());
    req.form = form;
    BufferSink sink;
    ASSERT_TRUE(client.fetch(req, sink).ok());
    auto reqs = server.requests();
    ASSERT_EQ(reqs.size(), 2u);
    EXPECT_EQ(reqs[0].method, "POST");
    EXPECT_EQ(reqs[1].method, "GET");
    EXPECT_EQ(as_string(sink), "done");
}

TEST_F(HttpClientTest, RedirectLoopIsBounded) {
    server.add_redirect("/a", 302, "/b");
    server.add_redirect("/b", 302, "/a");
    BufferSink sink;
    auto r = get("/a", sink);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::io);
    EXPECT_STREQ(r.error().detail, "HTTP: too many redirects");
    EXPECT_EQ(server.request_count(), 6u);  // the original request plus 5 redirects
}

TEST_F(HttpClientTest, StatusCodesMapLikeIpxe) {
    server.add_status("/forbidden", 403);
    server.add_status("/broken", 500);
    server.add_status("/teapot", 418);
    struct Case {
        const char* path;
        Errc code;
        int status;
    } cases[] = {{"/missing", Errc::noent, 404},
                 {"/forbidden", Errc::perm, 403},
                 {"/broken", Errc::io, 500},
                 {"/teapot", Errc::io, 418}};
    for (const auto& c : cases) {
        BufferSink sink;
        auto r = get(c.path, sink);
        ASSERT_FALSE(r.ok()) << c.path;
        EXPECT_EQ(r.error().code, c.code) << c.path;
        EXPECT_EQ(r.error().value, c.status) << c.path;
        EXPECT_EQ(sink.headers_calls, 0u) << "error bodies never reach the sink";
    }
    EXPECT_EQ(server.connection_count(), 1u);  // error bodies are drained too
}

TEST_F(HttpClientTest, BasicAuthFromUri) {
    server.add_file("/secret", "s3cr3t");
    server.require_basic_auth("/secret", "alice", "open sesame");
    BufferSink denied;
    auto r = get("/secret", denied);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().value, 401);
    std::string url = "http://alice:open%20sesame@127.0.0.1:" + std::to_string(server.port()) + "/secret";
    BufferSink sink;
    auto ok = client.get(Str(url.data(), url.size()), sink);
    ASSERT_TRUE(ok.ok()) << ok.error().detail;
    EXPECT_EQ(as_string(sink), "s3cr3t");
}

TEST_F(HttpClientTest, ResumesWithRangeAfterDrop) {
    std::string body = make_body(1 << 20, 7);
    server.add_file("/initrd.img", body);
    server.drop_once("/initrd.img", 300000);
    BufferSink sink;
    auto r = get("/initrd.img", sink);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(r->resumes, 1u);
    EXPECT_EQ(sink.rewinds, 0u);
    EXPECT_EQ(sink.headers_calls, 1u);
    ASSERT_EQ(sink.data.size(), body.size());
    EXPECT_TRUE(sha(sink.data.data(), sink.data.size()) == sha(body.data(), body.size()));
    auto reqs = server.requests();
    ASSERT_EQ(reqs.size(), 2u);
    EXPECT_EQ(reqs[1].headers["range"], "bytes=300000-");
    EXPECT_EQ(server.connection_count(), 2u);
}

TEST_F(HttpClientTest, ResumesChunkedBody) {
    std::string body = make_body(400000, 8);
    server.add_file("/c.img", body);
    server.set_chunked(true);
    server.drop_once("/c.img", 123457);
    BufferSink sink;
    auto r = get("/c.img", sink);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(r->resumes, 1u);
    EXPECT_EQ(as_string(sink), body);
    EXPECT_EQ(server.requests().at(1).headers["range"], "bytes=123457-");
}

TEST_F(HttpClientTest, ServerWithoutRangeRestartsWhenSinkCanRewind) {
    std::string body = make_body(500000, 9);
    server.add_file("/k", body);
    server.set_range_support(false);
    server.drop_once("/k", 200000);
    BufferSink sink;
    auto r = get("/k", sink);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(sink.rewinds, 1u);
    EXPECT_EQ(as_string(sink), body);
    EXPECT_EQ(r->size, body.size());
}

// A sink that streams somewhere it cannot take back (a screen, a hash already printed).
class ForwardOnlySink final : public DownloadSink {
  public:
    Status on_headers(uint64_t) override { return {}; }
    Status on_data(Bytes b) override {
        bytes += b.size();
        return {};
    }
    uint64_t bytes = 0;
};

TEST_F(HttpClientTest, ServerWithoutRangeFailsWhenSinkCannotRewind) {
    server.add_file("/k", make_body(500000, 9));
    server.set_range_support(false);
    server.drop_once("/k", 200000);
    ForwardOnlySink sink;
    url_ = server.url("/k");
    auto r = client.get(Str(url_.data(), url_.size()), sink);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::io);
    EXPECT_EQ(sink.bytes, 200000u);  // nothing was delivered twice
}

TEST_F(HttpClientTest, ResumeAttemptsAreBounded) {
    // Every response promises 100 bytes and delivers 3: the client retries, then gives up.
    server.add_raw("/short", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc");
    BufferSink sink;
    HttpOptions opt;
    opt.max_resumes = 2;
    auto r = get("/short", sink, opt);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::connreset);
    EXPECT_EQ(server.request_count(), 3u);
}

TEST_F(HttpClientTest, MismatchedContentRangeIsRejected) {
    // The first answer drops after 3 bytes; the resumed one claims to start elsewhere.
    server.add_raw("/bad", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    server.add_raw(
        "/bad",
        "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 5-9/10\r\nContent-Length: 5\r\n\r\nfghij");
    BufferSink sink;
    auto r = get("/bad", sink);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::proto);
    EXPECT_EQ(server.requests().at(1).headers["range"], "bytes=3-");
}

TEST_F(HttpClientTest, ResumeWithMatchingRawRangeSucceeds) {
    server.add_raw("/ok", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    server.add_raw(
        "/ok",
        "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 3-9/10\r\nContent-Length: 7\r\n\r\ndefghij");
    BufferSink sink;
    auto r = get("/ok", sink);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(as_string(sink), "abcdefghij");
}

TEST_F(HttpClientTest, RangeNotSatisfiableIsReportedAsHttp416) {
    server.add_raw(
        "/r", "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */10\r\nContent-Length: 0\r\n\r\n");
    BufferSink sink;
    auto r = get("/r", sink);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().value, 416) << r.error().detail;
}

TEST_F(HttpClientTest, UnsatisfiedRangeOnPartialContentIsRejected) {
    server.add_raw("/u", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    server.add_raw(
        "/u",
        "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes */10\r\nContent-Length: 7\r\n\r\ndefghij");
    BufferSink sink;
    auto r = get("/u", sink);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::proto);
}

TEST_F(HttpClientTest, UnrequestedPartialContentIsRejected) {
    server.add_raw(
        "/p", "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-9/10\r\nContent-Length: 10\r\n\r\n");
    BufferSink sink;
    auto r = get("/p", sink);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::proto);
}

struct Malformed {
    const char* name;
    const char* raw;
    Errc code;
};

class HttpMalformedTest : public HttpClientTest, public ::testing::WithParamInterface<Malformed> {};

TEST_P(HttpMalformedTest, GivesClearError) {
    server.add_raw("/m", GetParam().raw);
    BufferSink sink;
    HttpOptions opt;
    opt.timeout_ms = 2000;
    auto start = std::chrono::steady_clock::now();
    auto r = get("/m", sink, opt);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
                  .count();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, GetParam().code) << r.error().detail;
    ASSERT_NE(r.error().detail, nullptr);
    EXPECT_EQ(std::string(r.error().detail).rfind("HTTP", 0), 0u) << r.error().detail;
    EXPECT_LT(ms, 1500) << "must fail fast, not wait for a timeout";
}

INSTANTIATE_TEST_SUITE_P(
    Responses, HttpMalformedTest,
    ::testing::Values(
        Malformed{"BadStatusLine", "HTTX/1.1 200 OK\r\n\r\n", Errc::badmsg},
        Malformed{"GarbageStatus", "\x01\x02garbage\r\n\r\n", Errc::badmsg},
        Malformed{"StatusNotNumeric", "HTTP/1.1 2x0 OK\r\n\r\n", Errc::badmsg},
        Malformed{"HeaderWithoutColon", "HTTP/1.1 200 OK\r\nNoColonHere\r\n\r\n", Errc::badmsg},
        Malformed{"NegativeLength", "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n", Errc::badmsg},
        Malformed{"HugeLength", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
                  Errc::badmsg},
        Malformed{"ConflictingLengths",
                  "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", Errc::badmsg},
        Malformed{"BadChunkSize",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
                  Errc::badmsg},
        Malformed{"ChunkWithoutCrlf",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n",
                  Errc::badmsg},
        Malformed{"GzipCoding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", Errc::notsup}),
    [](const ::testing::TestParamInfo<Malformed>& info) { return std::string(info.param.name); });

TEST_F(HttpClientTest, EndlessHeadersAreCut) {
    std::string raw = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < 5000; ++i) raw += "X-Filler-" + std::to_string(i) + ": aaaaaaaaaaaaaaaa\r\n";
    server.add_raw("/m", raw + "\r\n");
    BufferSink sink;
    auto r = get("/m", sink);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::badmsg);
    EXPECT_STREQ(r.error().detail, "HTTP: response header block too large");
}

TEST_F(HttpClientTest, OverlongHeaderLineIsCut) {
    server.add_raw("/m", "HTTP/1.1 200 OK\r\nX-Long: " + std::string(100000, 'a') + "\r\n\r\n");
    BufferSink sink;
    auto r = get("/m", sink);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::badmsg);
    EXPECT_STREQ(r.error().detail, "HTTP: header line too long");
}

TEST_F(HttpClientTest, InactivityTimeout) {
    server.add_file("/slow", make_body(50000));
    server.stall("/slow", 10000, 3000);
    BufferSink sink;
    HttpOptions opt;
    opt.timeout_ms = 300;
    auto start = std::chrono::steady_clock::now();
    auto r = get("/slow", sink, opt);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
                  .count();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::timedout);
    EXPECT_EQ(sink.data.size(), 10000u);
    EXPECT_GE(ms, 280);
    EXPECT_LT(ms, 2000);
}

TEST_F(HttpClientTest, TimeoutResetsOnProgress) {
    // 10 slices 100 ms apart: a whole second in total, but never 300 ms without progress.
    std::string body = make_body(10000);
    server.add_file("/trickle", body);
    server.set_pacing(1000, 100);
    BufferSink sink;
    HttpOptions opt;
    opt.timeout_ms = 300;
    auto r = get("/trickle", sink, opt);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(as_string(sink), body);
}

TEST_F(HttpClientTest, ProgressCanCancel) {
    class CancelSink final : public DownloadSink {
      public:
        Status on_headers(uint64_t) override { return {}; }
        Status on_data(Bytes b) override {
            got += b.size();
            return {};
        }
        Status on_progress(uint64_t done, uint64_t, uint64_t) override {
            return done >= 20000 ? Status(Errc::canceled) : Status();
        }
        uint64_t got = 0;
    } sink;
    server.add_file("/big", make_body(1 << 20));
    url_ = server.url("/big");
    auto r = client.get(Str(url_.data(), url_.size()), sink);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::canceled);
    EXPECT_LT(sink.got, 1u << 20);
}

TEST_F(HttpClientTest, ConnectionRefused) {
    uint16_t port = server.port();
    server.stop();
    std::string url = "http://127.0.0.1:" + std::to_string(port) + "/x";
    BufferSink sink;
    auto r = client.get(Str(url.data(), url.size()), sink);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::connrefused);
}

TEST_F(HttpClientTest, UnsupportedAndInvalidUrls) {
    BufferSink sink;
    auto https = client.get("https://127.0.0.1/x", sink);
    ASSERT_FALSE(https.ok());
    EXPECT_EQ(https.error().code, Errc::notsup);
    auto ftp = client.get("ftp://127.0.0.1/x", sink);
    ASSERT_FALSE(ftp.ok());
    EXPECT_EQ(ftp.error().code, Errc::inval);
    auto nohost = client.get("http:///x", sink);
    ASSERT_FALSE(nohost.ok());
    EXPECT_EQ(nohost.error().code, Errc::inval);
}

TEST_F(HttpClientTest, LoopbackThroughput) {
    std::string body = make_body(32 << 20, 11);
    server.add_file("/big.img", body);
    BufferSink sink;
    auto start = std::chrono::steady_clock::now();
    auto r = get("/big.img", sink);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_TRUE(r.ok()) << r.error().detail;
    ASSERT_EQ(sink.data.size(), body.size());
    EXPECT_TRUE(sha(sink.data.data(), sink.data.size()) == sha(body.data(), body.size()));
    std::printf("[ measure  ] 32 MiB over loopback in %.3f s = %.1f MiB/s\n", s, 32 / s);
}

}  // namespace
}  // namespace carte
