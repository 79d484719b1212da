// The HTTP response grammar pieces, one by one, including the hostile corners.
#include <gtest/gtest.h>

#include "runtime/net/base64.h"
#include "runtime/net/http_parse.h"
#include "runtime/net/ipv4_text.h"

namespace carte {
namespace {

TEST(HttpParse, StatusLine) {
    auto ok = parse_http_status_line("HTTP/1.1 206 Partial Content");
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->status, 206u);
    EXPECT_EQ(ok->minor_version, 1u);
    EXPECT_TRUE(ok->reason == Str("Partial Content"));
    auto bare = parse_http_status_line("HTTP/1.0 404");
    ASSERT_TRUE(bare.ok());
    EXPECT_EQ(bare->status, 404u);
    EXPECT_EQ(bare->minor_version, 0u);
    for (Str bad : {Str("HTTP/1.1 20 OK"), Str("HTTP/2.0 200 OK"), Str("HTTP/1.2 200 OK"),
                    Str("http/1.1 200 OK"), Str("HTTP/1.1 099 Low"), Str("HTTP/1.1 600 High"),
                    Str("HTTP/1.1 2000 OK"), Str(""), Str("HTTP/1.1 200 O\x01K"), Str("HTTP/1.1  200 OK")}) {
        auto r = parse_http_status_line(bad);
        EXPECT_FALSE(r.ok()) << std::string(bad.data(), bad.size());
        if (!r.ok()) {
            EXPECT_EQ(r.error().code, Errc::badmsg);
        }
    }
}

TEST(HttpParse, HeaderLine) {
    auto h = parse_http_header_line("Content-Length:   42  ");
    ASSERT_TRUE(h.ok());
    EXPECT_TRUE(h->name == Str("Content-Length"));
    EXPECT_TRUE(h->value == Str("42"));
    EXPECT_TRUE(parse_http_header_line("X-Empty:").ok());
    EXPECT_FALSE(parse_http_header_line(": no name").ok());
    EXPECT_FALSE(parse_http_header_line("No Colon").ok());
    EXPECT_FALSE(parse_http_header_line(" folded: continuation").ok());
    EXPECT_FALSE(parse_http_header_line("Bad Name: x").ok());
    EXPECT_FALSE(parse_http_header_line("X: a\x01z").ok());
}

TEST(HttpParse, ContentLength) {
    EXPECT_EQ(*parse_http_content_length("0"), 0u);
    EXPECT_EQ(*parse_http_content_length("1234567890"), 1234567890u);
    EXPECT_EQ(*parse_http_content_length("281474976710656"), kHttpMaxContentLength);
    for (Str bad : {Str(""), Str("-1"), Str("+5"), Str("12a"), Str(" 5"), Str("281474976710657"),
                    Str("99999999999999999999999999")})
        EXPECT_EQ(parse_http_content_length(bad).error().code, Errc::badmsg)
            << std::string(bad.data(), bad.size());
}

TEST(HttpParse, ChunkSize) {
    EXPECT_EQ(*parse_http_chunk_size("1a"), 26u);
    EXPECT_EQ(*parse_http_chunk_size("FF;name=value"), 255u);
    EXPECT_EQ(*parse_http_chunk_size("0"), 0u);
    EXPECT_EQ(*parse_http_chunk_size("10 "), 16u);
    for (Str bad : {Str(""), Str("g"), Str(";ext"), Str("-1"), Str("1 2"), Str("ffffffffffffffff")})
        EXPECT_EQ(parse_http_chunk_size(bad).error().code, Errc::badmsg)
            << std::string(bad.data(), bad.size());
}

TEST(HttpParse, ContentRange) {
    auto r = parse_http_content_range("bytes 100-199/1000");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->first, 100u);
    EXPECT_EQ(r->last, 199u);
    EXPECT_EQ(r->total, 1000u);
    EXPECT_TRUE(r->total_known);
    auto star = parse_http_content_range("bytes 5-9/*");
    ASSERT_TRUE(star.ok());
    EXPECT_FALSE(star->total_known);
    // RFC 9110 14.4: a 416 answer names the full length as "bytes */N".
    auto unsatisfied = parse_http_content_range("bytes */10");
    ASSERT_TRUE(unsatisfied.ok());
    EXPECT_TRUE(unsatisfied->unsatisfied);
    EXPECT_TRUE(unsatisfied->total_known);
    EXPECT_EQ(unsatisfied->total, 10u);
    EXPECT_FALSE(r->unsatisfied);
    for (Str bad : {Str("bytes 9-5/10"), Str("bytes 5-10/10"), Str("items 0-1/2"), Str("bytes 0-/10"),
                    Str("bytes */*"), Str("bytes */"), Str("bytes */10x"), Str("bytes 0-1/2x")})
        EXPECT_FALSE(parse_http_content_range(bad).ok()) << std::string(bad.data(), bad.size());
}

TEST(HttpParse, HeadAccumulation) {
    HttpResponseHead head;
    head.status_line.minor_version = 1;
    ASSERT_TRUE(apply_http_header(&head, {"transfer-encoding", "identity, Chunked"}).ok());
    EXPECT_TRUE(head.chunked);
    ASSERT_TRUE(apply_http_header(&head, {"Content-Length", "10"}).ok());
    ASSERT_TRUE(apply_http_header(&head, {"content-length", "10"}).ok());  // repeated but equal
    EXPECT_EQ(apply_http_header(&head, {"Content-Length", "11"}).error().code, Errc::badmsg);
    EXPECT_EQ(apply_http_header(&head, {"Transfer-Encoding", "gzip"}).error().code, Errc::notsup);
    EXPECT_TRUE(http_keeps_alive(head));
    ASSERT_TRUE(apply_http_header(&head, {"Connection", "Upgrade, close"}).ok());
    EXPECT_FALSE(http_keeps_alive(head));

    HttpResponseHead old;
    old.status_line.minor_version = 0;
    EXPECT_FALSE(http_keeps_alive(old));
    ASSERT_TRUE(apply_http_header(&old, {"Connection", "Keep-Alive"}).ok());
    EXPECT_TRUE(http_keeps_alive(old));
}

TEST(NetText, Ipv4) {
    Ipv4 ip;
    ASSERT_TRUE(parse_ipv4("192.168.0.255", &ip));
    EXPECT_TRUE(ip == (Ipv4{{192, 168, 0, 255}}));
    for (Str bad : {Str("256.1.1.1"), Str("1.2.3"), Str("1.2.3.4.5"), Str("1..2.3"), Str("a.b.c.d"),
                    Str("1.2.3.4 "), Str("0001.2.3.4"), Str("")})
        EXPECT_FALSE(parse_ipv4(bad, &ip)) << std::string(bad.data(), bad.size());
    String s;
    ASSERT_TRUE(append_ipv4(Ipv4{{10, 0, 2, 15}}, &s));
    EXPECT_STREQ(s.c_str(), "10.0.2.15");
}

TEST(NetText, Base64) {
    // RFC 4648 §10 vectors.
    const char* in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
    const char* out[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
    for (int i = 0; i < 7; ++i) {
        String s;
        Str v = Str::from_cstr(in[i]);
        ASSERT_TRUE(base64_encode(Bytes(reinterpret_cast<const uint8_t*>(v.data()), v.size()), &s));
        EXPECT_STREQ(s.c_str(), out[i]);
    }
}

}  // namespace
}  // namespace carte
