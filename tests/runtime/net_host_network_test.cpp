// platform/host's Network over POSIX sockets: TCP connect and timeouts, UDP, the fake lease.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "platform/host/host_network.h"
#include "tests/support/loopback_socket.h"

namespace carte {
namespace {

constexpr Ipv4 kLoopback{{127, 0, 0, 1}};

int bound_socket(int type, uint16_t* port) {
    return test::bind_loopback(type, port);
}

TEST(HostNetwork, TcpRoundTripAndRecvTimeout) {
    uint16_t port;
    int lfd = bound_socket(SOCK_STREAM, &port);
    ASSERT_EQ(::listen(lfd, 1), 0);
    host::HostNetwork net;
    auto s = net.connect(kLoopback, port, 1000);
    ASSERT_TRUE(s.ok()) << s.error().detail;
    int peer = ::accept(lfd, nullptr, nullptr);
    ASSERT_GE(peer, 0);
    const uint8_t hello[] = {'h', 'i'};
    ASSERT_TRUE((*s)->send(Bytes(hello, 2)).ok());
    char got[2];
    ASSERT_EQ(::recv(peer, got, 2, MSG_WAITALL), 2);
    uint8_t buf[8];
    auto start = std::chrono::steady_clock::now();
    auto r = (*s)->recv(Span<uint8_t>(buf, 8), 100);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
                  .count();
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::timedout);
    EXPECT_GE(ms, 90);
    ::send(peer, "ok", 2, 0);
    auto r2 = (*s)->recv(Span<uint8_t>(buf, 8), 1000);
    ASSERT_TRUE(r2.ok());
    EXPECT_EQ(*r2, 2u);
    ::close(peer);
    auto eof = (*s)->recv(Span<uint8_t>(buf, 8), 1000);
    ASSERT_TRUE(eof.ok());
    EXPECT_EQ(*eof, 0u);  // peer closed
    (*s)->close();
    ::close(lfd);
}

TEST(HostNetwork, ConnectRefused) {
    uint16_t port;
    int fd = bound_socket(SOCK_STREAM, &port);  // bound but not listening
    host::HostNetwork net;
    auto s = net.connect(kLoopback, port, 1000);
    ::close(fd);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, Errc::connrefused);
}

TEST(HostNetwork, UdpExchange) {
    uint16_t port;
    int fd = bound_socket(SOCK_DGRAM, &port);
    std::thread echo([fd] {
        char buf[64];
        sockaddr_in from{};
        socklen_t len = sizeof from;
        ssize_t n = ::recvfrom(fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
        if (n > 0) ::sendto(fd, buf, static_cast<size_t>(n), 0, reinterpret_cast<sockaddr*>(&from), len);
    });
    host::HostNetwork net;
    const uint8_t ping[] = {1, 2, 3};
    uint8_t reply[16];
    uint16_t reply_port = 0;
    auto n = net.udp_exchange(kLoopback, port, Bytes(ping, 3), Span<uint8_t>(reply, 16), &reply_port, 1000);
    echo.join();
    ::close(fd);
    ASSERT_TRUE(n.ok()) << n.error().detail;
    EXPECT_EQ(*n, 3u);
    EXPECT_EQ(reply_port, port);
    EXPECT_EQ(reply[2], 3);
}

TEST(HostNetwork, ResolveNumericAndLease) {
    host::HostNetwork net;
    auto ip = net.resolve("127.0.0.1", 1000);
    ASSERT_TRUE(ip.ok());
    EXPECT_TRUE(*ip == kLoopback);
    EXPECT_EQ(net.interface_count(), 1u);
    EXPECT_TRUE(net.interface_info(0).chip == Str("host"));

    Lease lease;
    lease.ip = Ipv4{{10, 0, 2, 15}};
    lease.next_server = Ipv4{{10, 0, 2, 2}};
    std::string name = "pxelinux.0";
    lease.filename = Str(name.data(), name.size());
    const uint8_t user_class[] = {'i', 'P', 'X', 'E'};
    net.set_lease(lease, {DhcpOption{77, Bytes(user_class, 4)}});
    name = "changed";  // the network keeps its own copy
    auto got = net.dhcp(0, 1000);
    ASSERT_TRUE(got.ok());
    EXPECT_TRUE(got->ip == (Ipv4{{10, 0, 2, 15}}));
    EXPECT_TRUE(got->filename == Str("pxelinux.0"));
    ASSERT_EQ(got->options.size(), 1u);
    EXPECT_EQ(got->options[0].tag, 77);
    EXPECT_EQ(got->options[0].data[1], 'P');
    EXPECT_FALSE(net.dhcp(1, 1000).ok());
}

}  // namespace
}  // namespace carte
