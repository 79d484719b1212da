// A socket bound to 127.0.0.1 on a port the kernel picks (tests talk to nothing else).
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>

namespace carte::test {

// Returns the socket (SOCK_STREAM or SOCK_DGRAM) and its port in *port.
inline int bind_loopback(int type, uint16_t* port) {
    int fd = ::socket(AF_INET, type, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    socklen_t len = sizeof sa;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
    *port = ntohs(sa.sin_port);
    return fd;
}

}  // namespace carte::test
