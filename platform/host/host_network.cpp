#include "platform/host/host_network.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>

namespace carte::host {
namespace {

sockaddr_in to_sockaddr(Ipv4 addr, uint16_t port) {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    std::memcpy(&sa.sin_addr.s_addr, addr.b, 4);
    sa.sin_port = htons(port);
    return sa;
}

Ipv4 from_sockaddr(const sockaddr_in& sa) {
    Ipv4 ip;
    std::memcpy(ip.b, &sa.sin_addr.s_addr, 4);
    return ip;
}

Error errno_error(int err, const char* what) {
    switch (err) {
        case ECONNREFUSED:
            return Error(Errc::connrefused, what);
        case ECONNRESET:
        case EPIPE:
            return Error(Errc::connreset, what);
        case ETIMEDOUT:
            return Error(Errc::timedout, what);
        case ENOMEM:
        case ENOBUFS:
            return Error(Errc::nomem, what);
        default:
            return Error(Errc::io, what);
    }
}

// Waits for `events` on fd; 1 ready, 0 timeout, -1 error (errno set).
int wait_fd(int fd, short events, uint32_t timeout_ms) {
    pollfd p{fd, events, 0};
    for (;;) {
        int r = ::poll(&p, 1, static_cast<int>(timeout_ms > 0x7fffffff ? 0x7fffffff : timeout_ms));
        if (r < 0 && errno == EINTR) continue;
        return r;
    }
}

class HostTcpStream final : public TcpStream {
  public:
    explicit HostTcpStream(int fd) : fd_(fd) {}
    Status send(Bytes data) override {
        size_t done = 0;
        while (done < data.size()) {
            ssize_t n = ::send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EINTR) continue;
                if (errno == EAGAIN || errno == EWOULDBLOCK) {
                    if (wait_fd(fd_, POLLOUT, 30000) <= 0) return Error(Errc::timedout, "TCP send timed out");
                    continue;
                }
                return errno_error(errno, "TCP send failed");
            }
            done += static_cast<size_t>(n);
        }
        return {};
    }
    Result<size_t> recv(Span<uint8_t> out, uint32_t timeout_ms) override {
        for (;;) {
            int r = wait_fd(fd_, POLLIN, timeout_ms);
            if (r == 0) return Error(Errc::timedout, "no data from the server");
            if (r < 0) return errno_error(errno, "TCP receive failed");
            ssize_t n = ::recv(fd_, out.data(), out.size(), 0);
            if (n >= 0) return static_cast<size_t>(n);
            if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
            return errno_error(errno, "TCP receive failed");
        }
    }
    void close() override {
        ::close(fd_);
        delete this;
    }

  private:
    ~HostTcpStream() = default;
    int fd_;
};

class HostUdpSocket final : public UdpSocket {
  public:
    explicit HostUdpSocket(int fd) : fd_(fd) {}
    Status send_to(Ipv4 addr, uint16_t port, Bytes data) override {
        sockaddr_in sa = to_sockaddr(addr, port);
        ssize_t n = ::sendto(fd_, data.data(), data.size(), 0, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
        if (n != static_cast<ssize_t>(data.size())) return errno_error(errno, "UDP send failed");
        return {};
    }
    Result<size_t> recv_from(Span<uint8_t> out, Ipv4* from, uint16_t* from_port,
                             uint32_t timeout_ms) override {
        for (;;) {
            int r = wait_fd(fd_, POLLIN, timeout_ms);
            if (r == 0) return Error(Errc::timedout, "no UDP reply");
            if (r < 0) return errno_error(errno, "UDP receive failed");
            sockaddr_in sa{};
            socklen_t len = sizeof sa;
            ssize_t n =
                ::recvfrom(fd_, out.data(), out.size(), MSG_TRUNC, reinterpret_cast<sockaddr*>(&sa), &len);
            if (n < 0) {
                if (errno == EINTR || errno == EAGAIN) continue;
                // A previous send's ICMP "port unreachable" surfaces here; keep waiting for a reply.
                if (errno == ECONNREFUSED) continue;
                return errno_error(errno, "UDP receive failed");
            }
            if (from) *from = from_sockaddr(sa);
            if (from_port) *from_port = ntohs(sa.sin_port);
            return static_cast<size_t>(n) < out.size() ? static_cast<size_t>(n) : out.size();
        }
    }
    void close() override {
        ::close(fd_);
        delete this;
    }

  private:
    ~HostUdpSocket() = default;
    int fd_;
};

}  // namespace

HostNetwork::HostNetwork() {
    info_.chip = "host";
    info_.bus_type = "host";
    info_.link_up = true;
    const uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    set_mac(mac);
}

void HostNetwork::set_mac(const uint8_t mac[6]) {
    std::memcpy(info_.mac, mac, 6);
}

void HostNetwork::set_lease(const Lease& lease, const std::vector<DhcpOption>& options) {
    lease_ = lease;
    filename_.assign(lease.filename.data(), lease.filename.size());
    option_data_.clear();
    options_.clear();
    for (const auto& o : options) option_data_.emplace_back(o.data.begin(), o.data.end());
    for (size_t i = 0; i < options.size(); ++i)
        options_.push_back(DhcpOption{options[i].tag, Bytes(option_data_[i].data(), option_data_[i].size())});
    lease_.filename = Str(filename_.data(), filename_.size());
    lease_.options = Span<const DhcpOption>(options_.data(), options_.size());
}

InterfaceInfo HostNetwork::interface_info(size_t index) const {
    return index == 0 ? info_ : InterfaceInfo{};
}

Status HostNetwork::open(size_t index) {
    if (index != 0) return Error(Errc::noent, "no such network interface");
    open_ = true;
    return {};
}

void HostNetwork::close(size_t index) {
    if (index == 0) open_ = false;
}

Result<Lease> HostNetwork::dhcp(size_t index, uint32_t) {
    if (index != 0) return Error(Errc::noent, "no such network interface");
    open_ = true;
    Lease copy = lease_;
    return copy;
}

Result<TcpStream*> HostNetwork::connect(Ipv4 addr, uint16_t port, uint32_t timeout_ms) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return errno_error(errno, "cannot create a TCP socket");
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in sa = to_sockaddr(addr, port);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
        if (errno != EINPROGRESS) {
            Error e = errno_error(errno, "TCP connect failed");
            ::close(fd);
            return e;
        }
        int r = wait_fd(fd, POLLOUT, timeout_ms);
        if (r <= 0) {
            ::close(fd);
            return Error(Errc::timedout, "TCP connect timed out");
        }
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err) {
            ::close(fd);
            return errno_error(err, "TCP connect failed");
        }
    }
    auto* s = new (std::nothrow) HostTcpStream(fd);
    if (!s) {
        ::close(fd);
        return Error(Errc::nomem);
    }
    return static_cast<TcpStream*>(s);
}

Result<size_t> HostNetwork::udp_exchange(Ipv4 addr, uint16_t port, Bytes request, Span<uint8_t> reply,
                                         uint16_t* reply_port, uint32_t timeout_ms) {
    auto sock = udp_open();
    if (!sock) return sock.error();
    UdpSocket* s = *sock;
    Status sent = s->send_to(addr, port, request);
    if (!sent) {
        s->close();
        return sent.error();
    }
    Ipv4 from;
    uint16_t from_port = 0;
    auto n = s->recv_from(reply, &from, &from_port, timeout_ms);
    s->close();
    if (n && reply_port) *reply_port = from_port;
    return n;
}

Result<Ipv4> HostNetwork::resolve(Str host, uint32_t) {
    std::string name(host.data(), host.size());
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    int rc = ::getaddrinfo(name.c_str(), nullptr, &hints, &res);
    if (rc != 0 || !res) return Error(Errc::noent, "host name not found");
    Ipv4 ip = from_sockaddr(*reinterpret_cast<sockaddr_in*>(res->ai_addr));
    ::freeaddrinfo(res);
    return ip;
}

Result<UdpSocket*> HostNetwork::udp_open() {
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return errno_error(errno, "cannot create a UDP socket");
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
        Error e = errno_error(errno, "cannot bind a UDP socket");
        ::close(fd);
        return e;
    }
    auto* s = new (std::nothrow) HostUdpSocket(fd);
    if (!s) {
        ::close(fd);
        return Error(Errc::nomem);
    }
    return static_cast<UdpSocket*>(s);
}

}  // namespace carte::host
