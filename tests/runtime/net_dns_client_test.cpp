// dns_resolve() against an in-test DNS server on 127.0.0.1, and dns_parse_reply() against
// hand-made hostile replies.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include "tests/support/loopback_socket.h"

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "platform/host/host_network.h"
#include "runtime/net/dns_client.h"

namespace carte {
namespace {

using Packet = std::vector<uint8_t>;

void put16(Packet* p, unsigned v) {
    p->push_back(static_cast<uint8_t>(v >> 8));
    p->push_back(static_cast<uint8_t>(v));
}
void put_name(Packet* p, const std::string& name) {
    size_t start = 0;
    while (start < name.size()) {
        size_t dot = name.find('.', start);
        if (dot == std::string::npos) dot = name.size();
        p->push_back(static_cast<uint8_t>(dot - start));
        p->insert(p->end(), name.begin() + start, name.begin() + dot);
        start = dot + 1;
    }
    p->push_back(0);
}

// Records: name -> ("A", "1.2.3.4") or ("CNAME", "other.name").
struct Rec {
    std::string type, value;
};

class FakeDnsServer {
  public:
    std::map<std::string, std::vector<std::pair<std::string, Rec>>>
        zone;  // query name -> answers (owner, rec)
    bool nxdomain = false;
    bool servfail = false;
    bool wrong_id = false;
    std::atomic<int> queries{0};

    FakeDnsServer() {
        fd_ = ::socket(AF_INET, SOCK_DGRAM, 0);
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
        socklen_t len = sizeof sa;
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len);
        port_ = ntohs(sa.sin_port);
        thread_ = std::thread([this] { loop(); });
    }
    ~FakeDnsServer() {
        stop_ = true;
        thread_.join();
        ::close(fd_);
    }
    uint16_t port() const { return port_; }

  private:
    void loop() {
        uint8_t buf[1500];
        while (!stop_) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) continue;
            sockaddr_in from{};
            socklen_t len = sizeof from;
            ssize_t n = ::recvfrom(fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
            if (n < 17) continue;
            ++queries;
            // Question name (uncompressed in queries).
            std::string qname;
            size_t pos = 12;
            while (pos < static_cast<size_t>(n) && buf[pos]) {
                if (!qname.empty()) qname += '.';
                qname.append(reinterpret_cast<char*>(buf + pos + 1), buf[pos]);
                pos += 1 + buf[pos];
            }
            size_t qend = pos + 5;
            Packet r(buf, buf + 2);
            if (wrong_id) r[1] ^= 0xff;
            auto it = zone.find(qname);
            unsigned rcode = servfail ? 2 : (nxdomain || it == zone.end()) ? 3 : 0;
            r.push_back(0x81);
            r.push_back(static_cast<uint8_t>(0x80 | rcode));
            put16(&r, 1);
            put16(&r, rcode ? 0 : static_cast<unsigned>(it->second.size()));
            put16(&r, 0), put16(&r, 0);
            r.insert(r.end(), buf + 12, buf + qend);
            if (!rcode) {
                for (const auto& [owner, rec] : it->second) {
                    if (owner == qname) {
                        r.push_back(0xc0), r.push_back(12);  // compressed: points at the question
                    } else {
                        put_name(&r, owner);
                    }
                    put16(&r, rec.type == "A" ? 1 : 5), put16(&r, 1), put16(&r, 0), put16(&r, 60);
                    if (rec.type == "A") {
                        put16(&r, 4);
                        in_addr a{};
                        inet_pton(AF_INET, rec.value.c_str(), &a);
                        auto* b = reinterpret_cast<uint8_t*>(&a);
                        r.insert(r.end(), b, b + 4);
                    } else {
                        Packet target;
                        put_name(&target, rec.value);
                        put16(&r, static_cast<unsigned>(target.size()));
                        r.insert(r.end(), target.begin(), target.end());
                    }
                }
            }
            ::sendto(fd_, r.data(), r.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
        }
    }
    int fd_;
    uint16_t port_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

constexpr Ipv4 kLoopback{{127, 0, 0, 1}};

class DnsClientTest : public ::testing::Test {
  protected:
    FakeDnsServer server;
    host::HostNetwork net;
    DnsOptions opts() {
        DnsOptions o;
        o.port = server.port();
        o.timeout_ms = 200;
        o.retries = 1;
        return o;
    }
    static Ipv4 ip(uint8_t a, uint8_t b, uint8_t c, uint8_t d) { return Ipv4{{a, b, c, d}}; }
};

TEST_F(DnsClientTest, ResolvesARecord) {
    server.zone["boot.example.org"] = {{"boot.example.org", {"A", "10.1.2.3"}}};
    auto r = dns_resolve(net, kLoopback, "boot.example.org", opts());
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_TRUE(*r == ip(10, 1, 2, 3));
}

TEST_F(DnsClientTest, NamesCompareCaseInsensitively) {
    server.zone["Boot.Example.ORG"] = {{"boot.example.org", {"A", "10.1.2.4"}}};
    auto r = dns_resolve(net, kLoopback, "Boot.Example.ORG", opts());
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_TRUE(*r == ip(10, 1, 2, 4));
}

TEST_F(DnsClientTest, FollowsCnameChainInOneReply) {
    server.zone["www.example.org"] = {{"www.example.org", {"CNAME", "cdn.example.net"}},
                                      {"edge.example.net", {"A", "9.9.9.9"}},  // unrelated
                                      {"cdn.example.net", {"CNAME", "edge1.example.net"}},
                                      {"edge1.example.net", {"A", "192.0.2.7"}}};
    auto r = dns_resolve(net, kLoopback, "www.example.org", opts());
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_TRUE(*r == ip(192, 0, 2, 7));
    EXPECT_EQ(server.queries.load(), 1);
}

TEST_F(DnsClientTest, AsksAgainForAnAliasWithoutAddress) {
    server.zone["a.example"] = {{"a.example", {"CNAME", "b.example"}}};
    server.zone["b.example"] = {{"b.example", {"A", "198.51.100.1"}}};
    auto r = dns_resolve(net, kLoopback, "a.example", opts());
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_TRUE(*r == ip(198, 51, 100, 1));
    EXPECT_EQ(server.queries.load(), 2);
}

TEST_F(DnsClientTest, CnameLoopIsBounded) {
    server.zone["x.example"] = {{"x.example", {"CNAME", "y.example"}}};
    server.zone["y.example"] = {{"y.example", {"CNAME", "x.example"}}};
    auto r = dns_resolve(net, kLoopback, "x.example", opts());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::noent);
    EXPECT_LE(server.queries.load(), 34);
}

TEST_F(DnsClientTest, NxdomainIsNoent) {
    auto r = dns_resolve(net, kLoopback, "missing.example", opts());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::noent);
    EXPECT_STREQ(r.error().detail, "DNS: name not found");
}

TEST_F(DnsClientTest, ServerFailureIsIo) {
    server.servfail = true;
    auto r = dns_resolve(net, kLoopback, "any.example", opts());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::io);
}

TEST_F(DnsClientTest, ReplyWithWrongIdIsRetriedThenReported) {
    server.zone["a.example"] = {{"a.example", {"A", "1.1.1.1"}}};
    server.wrong_id = true;
    auto r = dns_resolve(net, kLoopback, "a.example", opts());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::badmsg);
    EXPECT_EQ(server.queries.load(), 2);  // one retry
}

TEST_F(DnsClientTest, LiteralNeedsNoServer) {
    DnsOptions o;
    o.port = 1;  // nothing listens; must not be asked
    auto r = dns_resolve(net, kLoopback, "10.0.0.9", o);
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(*r == ip(10, 0, 0, 9));
}

TEST_F(DnsClientTest, SilentServerTimesOut) {
    DnsOptions o;
    int fd = test::bind_loopback(SOCK_DGRAM, &o.port);
    o.timeout_ms = 50;
    o.retries = 1;
    auto r = dns_resolve(net, kLoopback, "a.example", o);
    ::close(fd);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::timedout);
}

TEST(DnsWire, QueryEncoding) {
    Vec<uint8_t> q;
    ASSERT_TRUE(dns_build_query(0x1234, "ab.c.", &q).ok());
    const uint8_t want[] = {0x12, 0x34, 0x01, 0, 0, 1, 0, 0, 0, 0, 0, 0, 2, 'a', 'b', 1, 'c', 0, 0, 1, 0, 1};
    ASSERT_EQ(q.size(), sizeof want);
    for (size_t i = 0; i < sizeof want; ++i) EXPECT_EQ(q[i], want[i]) << i;
    Vec<uint8_t> bad;
    EXPECT_EQ(dns_build_query(1, "a..b", &bad).error().code, Errc::inval);
    std::string long_label(64, 'x');
    EXPECT_EQ(dns_build_query(1, Str(long_label.data(), long_label.size()), &bad).error().code, Errc::inval);
}

Packet reply_header(unsigned ancount) {
    Packet p = {0x12, 0x34, 0x81, 0x80, 0, 1, 0, 0, 0, 0, 0, 0};
    p[7] = static_cast<uint8_t>(ancount);
    put_name(&p, "a.b");
    put16(&p, 1), put16(&p, 1);
    return p;
}

TEST(DnsWire, CompressionLoopIsRejected) {
    Packet p = reply_header(1);
    size_t self = p.size();
    p.push_back(0xc0), p.push_back(static_cast<uint8_t>(self));  // points at itself
    put16(&p, 1), put16(&p, 1), put16(&p, 0), put16(&p, 60), put16(&p, 4);
    p.insert(p.end(), {1, 2, 3, 4});
    auto r = dns_parse_reply(Bytes(p.data(), p.size()), 0x1234, "a.b");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::badmsg);
}

TEST(DnsWire, TruncatedRepliesAreRejectedAtEveryLength) {
    Packet p = reply_header(1);
    p.push_back(0xc0), p.push_back(12);
    put16(&p, 1), put16(&p, 1), put16(&p, 0), put16(&p, 60), put16(&p, 4);
    p.insert(p.end(), {5, 6, 7, 8});
    auto full = dns_parse_reply(Bytes(p.data(), p.size()), 0x1234, "a.b");
    ASSERT_TRUE(full.ok());
    EXPECT_TRUE(full->address == (Ipv4{{5, 6, 7, 8}}));
    for (size_t n = 0; n < p.size(); ++n) {
        auto r = dns_parse_reply(Bytes(p.data(), n), 0x1234, "a.b");
        ASSERT_FALSE(r.ok() && r->has_address) << n;
    }
}

TEST(DnsWire, AddressRecordOfWrongLengthIsRejected) {
    Packet p = reply_header(1);
    p.push_back(0xc0), p.push_back(12);
    put16(&p, 1), put16(&p, 1), put16(&p, 0), put16(&p, 60), put16(&p, 3);
    p.insert(p.end(), {5, 6, 7});
    auto r = dns_parse_reply(Bytes(p.data(), p.size()), 0x1234, "a.b");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::badmsg);
}

}  // namespace
}  // namespace carte
