// tftp_get() against an in-test TFTP server on 127.0.0.1 that can ignore options, lose or
// repeat packets and answer from a stranger's port.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "platform/host/host_network.h"
#include "runtime/net/http_client.h"  // BufferSink
#include "runtime/net/tftp_client.h"

namespace carte {
namespace {

int udp_socket() {
    int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    return fd;
}
uint16_t local_port(int fd) {
    sockaddr_in sa{};
    socklen_t len = sizeof sa;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
    return ntohs(sa.sin_port);
}

class FakeTftpServer {
  public:
    std::map<std::string, std::string> files;
    bool honour_options = true;
    bool extra_option = false;    // acknowledge an option nobody asked for
    int drop_block_once = -1;     // first transmission of this block is lost
    int duplicate_block = -1;     // this block is sent twice
    int stray_before_block = -1;  // a packet from another port arrives before this block

    std::mutex mu;
    std::string last_filename;
    std::map<std::string, std::string> last_options;
    std::atomic<int> stray_errors{0};

    FakeTftpServer() : fd_(udp_socket()), port_(local_port(fd_)) {
        thread_ = std::thread([this] { loop(); });
    }
    ~FakeTftpServer() {
        stop_ = true;
        thread_.join();
        ::close(fd_);
    }
    uint16_t port() const { return port_; }

  private:
    static void put16(std::string* s, unsigned v) {
        s->push_back(static_cast<char>(v >> 8));
        s->push_back(static_cast<char>(v));
    }
    bool wait(int fd, int ms) {
        pollfd p{fd, POLLIN, 0};
        return ::poll(&p, 1, ms) > 0;
    }
    void loop() {
        char buf[2048];
        while (!stop_) {
            if (!wait(fd_, 20)) continue;
            sockaddr_in client{};
            socklen_t len = sizeof client;
            ssize_t n = ::recvfrom(fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&client), &len);
            if (n < 4 || buf[1] != 1) continue;
            std::vector<std::string> fields;
            std::string cur;
            for (ssize_t i = 2; i < n; ++i) {
                if (buf[i] == 0) {
                    fields.push_back(cur);
                    cur.clear();
                } else {
                    cur.push_back(buf[i]);
                }
            }
            std::map<std::string, std::string> opts;
            for (size_t i = 2; i + 1 < fields.size(); i += 2) opts[fields[i]] = fields[i + 1];
            {
                std::lock_guard<std::mutex> lock(mu);
                last_filename = fields.empty() ? "" : fields[0];
                last_options = opts;
            }
            transfer(client, fields.empty() ? "" : fields[0], opts);
        }
    }
    void transfer(sockaddr_in client, const std::string& name, std::map<std::string, std::string> opts) {
        int fd = udp_socket();
        auto send = [&](const std::string& pkt) {
            ::sendto(fd, pkt.data(), pkt.size(), 0, reinterpret_cast<sockaddr*>(&client), sizeof client);
        };
        auto it = files.find(name);
        if (it == files.end()) {
            std::string err;
            put16(&err, 5), put16(&err, 1), err += "File not found", err.push_back(0);
            send(err);
            ::close(fd);
            return;
        }
        const std::string& body = it->second;
        size_t blksize = 512;
        // Returns true once an ACK for `block` arrives; resends `pkt` on silence.
        auto await_ack = [&](unsigned block, const std::string& pkt) {
            for (int tries = 0; tries < 20 && !stop_; ++tries) {
                while (wait(fd, 100)) {
                    char a[64];
                    ssize_t n = ::recv(fd, a, sizeof a, 0);
                    if (n < 4 || a[1] != 4) continue;
                    unsigned acked = static_cast<uint8_t>(a[2]) << 8 | static_cast<uint8_t>(a[3]);
                    if (acked == (block & 0xffff)) return true;
                    if (acked == ((block - 1) & 0xffff)) send(pkt);  // the client is still waiting
                }
                send(pkt);
            }
            return false;
        };
        if (honour_options && !opts.empty()) {
            std::string oack;
            put16(&oack, 6);
            if (opts.count("blksize")) {
                blksize = std::stoul(opts["blksize"]);
                oack += "blksize", oack.push_back(0), oack += std::to_string(blksize), oack.push_back(0);
            }
            if (opts.count("tsize"))
                oack += "tsize", oack.push_back(0), oack += std::to_string(body.size()), oack.push_back(0);
            if (extra_option) oack += "windowsize", oack.push_back(0), oack += "4", oack.push_back(0);
            send(oack);
            if (!await_ack(0, oack)) return (void)::close(fd);
        }
        bool dropped = false;
        for (unsigned block = 1;; ++block) {
            size_t off = static_cast<size_t>(block - 1) * blksize;
            size_t len = off < body.size() ? std::min(blksize, body.size() - off) : 0;
            std::string pkt;
            put16(&pkt, 3), put16(&pkt, block & 0xffff), pkt += body.substr(off < body.size() ? off : 0, len);
            if (static_cast<int>(block) == stray_before_block) {
                int other = udp_socket();
                std::string bogus;
                put16(&bogus, 3), put16(&bogus, block & 0xffff), bogus += "bogus";
                ::sendto(other, bogus.data(), bogus.size(), 0, reinterpret_cast<sockaddr*>(&client),
                         sizeof client);
                char e[64];
                if (wait(other, 1000) && ::recv(other, e, sizeof e, 0) >= 4 && e[1] == 5 && e[3] == 5)
                    ++stray_errors;
                ::close(other);
            }
            if (static_cast<int>(block) == drop_block_once && !dropped)
                dropped = true;  // lost on the wire
            else
                send(pkt);
            if (static_cast<int>(block) == duplicate_block) send(pkt);
            if (!await_ack(block, pkt)) break;
            if (len < blksize) break;
        }
        ::close(fd);
    }

    int fd_;
    uint16_t port_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

std::string make_body(size_t n) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = static_cast<char>((i * 131 + i / 7) & 0xff);
    return s;
}

std::string as_string(const BufferSink& s) {
    return std::string(s.data.begin(), s.data.end());
}

constexpr Ipv4 kLoopback{{127, 0, 0, 1}};

class TftpClientTest : public ::testing::Test {
  protected:
    FakeTftpServer server;
    host::HostNetwork net;
    TftpOptions fast() {
        TftpOptions o;
        o.timeout_ms = 150;
        return o;
    }
};

TEST_F(TftpClientTest, DownloadsWithBlksizeAndTsize) {
    std::string body = make_body(100000);
    server.files["boot/vmlinuz"] = body;
    BufferSink sink;
    auto r = tftp_get(net, kLoopback, server.port(), "boot/vmlinuz", sink, fast());
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(as_string(sink), body);
    EXPECT_EQ(r->blksize, 1432u);
    EXPECT_EQ(r->total, body.size());
    EXPECT_EQ(sink.total, body.size());
    EXPECT_EQ(server.last_options["blksize"], "1432");
    EXPECT_EQ(server.last_options["tsize"], "0");
}

TEST_F(TftpClientTest, ServerIgnoringOptionsGetsClassic512Blocks) {
    std::string body = make_body(5000);
    server.files["f"] = body;
    server.honour_options = false;
    BufferSink sink;
    auto r = tftp_get(net, kLoopback, server.port(), "f", sink, fast());
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(as_string(sink), body);
    EXPECT_EQ(r->blksize, 512u);
    EXPECT_EQ(sink.total, kUnknownSize);
}

TEST_F(TftpClientTest, SizeThatIsAMultipleOfTheBlockEndsWithAnEmptyBlock) {
    std::string body = make_body(1432 * 3);
    server.files["f"] = body;
    BufferSink sink;
    auto r = tftp_get(net, kLoopback, server.port(), "f", sink, fast());
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(as_string(sink), body);
}

TEST_F(TftpClientTest, LostBlockIsRecoveredByRetransmission) {
    std::string body = make_body(20000);
    server.files["f"] = body;
    server.drop_block_once = 5;
    TftpOptions o;
    o.timeout_ms = 40;  // shorter than the server's own 100 ms retransmission timer
    BufferSink sink;
    auto r = tftp_get(net, kLoopback, server.port(), "f", sink, o);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(as_string(sink), body);
    EXPECT_GE(r->retransmits, 1u);
}

TEST_F(TftpClientTest, DuplicateBlockIsNotDeliveredTwice) {
    std::string body = make_body(20000);
    server.files["f"] = body;
    server.duplicate_block = 3;
    BufferSink sink;
    auto r = tftp_get(net, kLoopback, server.port(), "f", sink, fast());
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(as_string(sink), body);
}

TEST_F(TftpClientTest, PacketFromUnknownPortIsRefused) {
    std::string body = make_body(20000);
    server.files["f"] = body;
    server.stray_before_block = 4;
    BufferSink sink;
    auto r = tftp_get(net, kLoopback, server.port(), "f", sink, fast());
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(as_string(sink), body);
    EXPECT_EQ(server.stray_errors.load(), 1);
}

TEST_F(TftpClientTest, BlockNumbersWrapAround) {
    // 8-byte blocks: 65546 blocks, just past block 65535.
    std::string body = make_body(65545 * 8 + 3);
    server.files["big"] = body;
    TftpOptions o = fast();
    o.blksize = 8;
    BufferSink sink;
    auto r = tftp_get(net, kLoopback, server.port(), "big", sink, o);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(sink.data.size(), body.size());
    EXPECT_EQ(as_string(sink), body);
}

TEST_F(TftpClientTest, MissingFileIsNoent) {
    BufferSink sink;
    auto r = tftp_get(net, kLoopback, server.port(), "nope", sink, fast());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::noent);
}

TEST_F(TftpClientTest, UnrequestedOptionIsRejected) {
    server.files["f"] = "x";
    server.extra_option = true;
    BufferSink sink;
    auto r = tftp_get(net, kLoopback, server.port(), "f", sink, fast());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::badmsg);
}

TEST_F(TftpClientTest, SilentServerTimesOut) {
    int fd = udp_socket();  // bound, never answers
    TftpOptions o;
    o.timeout_ms = 50;
    o.retries = 2;
    BufferSink sink;
    auto start = std::chrono::steady_clock::now();
    auto r = tftp_get(net, kLoopback, local_port(fd), "f", sink, o);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
                  .count();
    ::close(fd);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::timedout);
    EXPECT_GE(ms, 140);
    EXPECT_LT(ms, 1000);
}

TEST_F(TftpClientTest, UrlPathDropsTheLeadingSlash) {
    std::string body = make_body(3000);
    server.files["pxe/boot.ipxe"] = body;
    std::string url = "tftp://127.0.0.1:" + std::to_string(server.port()) + "/pxe/boot.ipxe";
    BufferSink sink;
    auto r = tftp_get_url(net, Str(url.data(), url.size()), sink, fast());
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(as_string(sink), body);
    EXPECT_EQ(server.last_filename, "pxe/boot.ipxe");
}

}  // namespace
}  // namespace carte
