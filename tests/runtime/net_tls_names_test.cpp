// Host-name checking through the real handshake: a local `openssl s_server` with a certificate for
// "*.carte.test" and "exact.carte.test", issued by a CA made here; TlsContext::connect to it under
// different names. Wildcards match exactly one leftmost label (BearSSL's x509_minimal); an IP
// address needs an iPAddress SAN or the dotted text (iPXE's x509_check_name, x509_names.cpp).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "platform/host/host_network.h"
#include "platform/host/host_platform.h"
#include "runtime/net/tls_context.h"
#include "tests/support/loopback_socket.h"

namespace carte {
namespace {

constexpr Ipv4 kLoopback{{127, 0, 0, 1}};

uint16_t free_port() {
    uint16_t port = 0;
    ::close(test::bind_loopback(SOCK_STREAM, &port));
    return port;
}

class TlsNames : public ::testing::Test {
  protected:
    void SetUp() override {
        char tmpl[] = "/tmp/carte-tlsnames-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        dir_ = tmpl;
        std::string d = dir_;
        std::string cmd =
            "cd " + d +
            " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2"
            " -subj /CN=NamesCA -keyout ca.key -out ca.pem"
            " && openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=leaf"
            " -keyout leaf.key -out leaf.csr"
            " && printf 'subjectAltName=DNS:*.carte.test,DNS:exact.carte.test,IP:127.0.0.1\\n' > ext"
            " && openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2"
            " -extfile ext -out leaf.pem && openssl x509 -in ca.pem -outform DER -out ca.der";
        if (std::system(("(" + cmd + ") >/dev/null 2>&1").c_str()) != 0) GTEST_SKIP() << "openssl failed";
        port_ = free_port();
        pid_ = fork();
        if (pid_ == 0) {
            std::string accept = "127.0.0.1:" + std::to_string(port_);
            execlp("openssl", "openssl", "s_server", "-quiet", "-accept", accept.c_str(), "-cert",
                   (d + "/leaf.pem").c_str(), "-key", (d + "/leaf.key").c_str(), "-www", (char*)nullptr);
            _exit(127);
        }
        std::ifstream in(d + "/ca.der", std::ios::binary);
        ca_.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        // Wait for the server to listen.
        for (int i = 0; i < 100; ++i) {
            auto s = net_.connect(kLoopback, port_, 200);
            if (s) {
                (*s)->close();
                return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        FAIL() << "openssl s_server did not start";
    }
    void TearDown() override {
        if (pid_ > 0) {
            kill(pid_, SIGTERM);
            waitpid(pid_, nullptr, 0);
        }
        if (!dir_.empty()) (void)std::system(("rm -rf " + dir_).c_str());
    }

    Status connect_as(const char* name) {
        host::HostOptions options;
        host::HostPlatform platform(options);
        TlsContext tls(platform);
        Status added = tls.trust().add_certificate(Bytes(ca_.data(), ca_.size()), TlsRootOrigin::embedded);
        if (!added) return added;
        auto tcp = net_.connect(kLoopback, port_, 2000);
        if (!tcp) return tcp.error();
        auto stream = tls.connect(*tcp, Str::from_cstr(name), 5000);
        if (!stream) return stream.error();
        (*stream)->close();
        return {};
    }

    std::string dir_;
    std::vector<uint8_t> ca_;
    uint16_t port_ = 0;
    pid_t pid_ = -1;
    host::HostNetwork net_;
};

TEST_F(TlsNames, WildcardsMatchOneLabelAndAddressesTheirSan) {
    EXPECT_TRUE(connect_as("exact.carte.test").ok());
    EXPECT_TRUE(connect_as("boot.carte.test").ok());
    EXPECT_TRUE(connect_as("BOOT.Carte.TEST").ok());  // names compare without case
    EXPECT_TRUE(connect_as("127.0.0.1").ok());
    for (const char* wrong :
         {"carte.test", "a.b.carte.test", "boot.carte.test.evil", "other.test", "127.0.0.2"}) {
        Status s = connect_as(wrong);
        ASSERT_FALSE(s.ok()) << wrong;
        EXPECT_EQ(s.error().code, Errc::access) << wrong;
        EXPECT_NE(Str::from_cstr(s.error().detail).find("wrong name"), Str::npos)
            << wrong << ": " << s.error().detail;
    }
}

}  // namespace
}  // namespace carte
