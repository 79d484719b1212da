// carte_test_http_server: the test HTTP server as a program, for shell and QEMU tests.
//   carte_test_http_server --root DIR [--port N] [--port-file F] [--drop-once PATH:BYTES]
//                          [--stall PATH:BYTES:MS] [--chunked] [--no-range] [--no-keep-alive]
// Serves until SIGINT/SIGTERM. With --port 0 (the default) it picks a free port and writes it to
// --port-file (and stdout) once it is listening.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "tests/support/http_test_server.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) {
    g_stop = 1;
}

int usage() {
    std::fprintf(
        stderr,
        "usage: carte_test_http_server --root DIR [--port N] [--port-file F] [--drop-once PATH:BYTES]\n"
        "                              [--stall PATH:BYTES:MS] [--chunked] [--no-range] [--no-keep-alive]\n");
    return 2;
}

// Splits "A:B[:C]" at the last `parts - 1` colons, so paths may contain ':'.
bool split(const std::string& s, int parts, std::string* path, long long* a, long long* b) {
    size_t c1 = s.rfind(':');
    if (c1 == std::string::npos || c1 == 0) return false;
    std::string last = s.substr(c1 + 1);
    if (parts == 3) {
        size_t c0 = s.rfind(':', c1 - 1);
        if (c0 == std::string::npos || c0 == 0) return false;
        *path = s.substr(0, c0);
        *a = std::atoll(s.substr(c0 + 1, c1 - c0 - 1).c_str());
        *b = std::atoll(last.c_str());
    } else {
        *path = s.substr(0, c1);
        *a = std::atoll(last.c_str());
    }
    return !path->empty() && *a >= 0;
}

}  // namespace

int main(int argc, char** argv) {
    carte::test::HttpTestServer server;
    long port = 0;
    std::string port_file;
    bool have_root = false;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* v = nullptr;
        if (arg == "--root" && (v = next())) {
            server.set_root(v);
            have_root = true;
        } else if (arg == "--port" && (v = next())) {
            port = std::strtol(v, nullptr, 10);
            if (port < 0 || port > 65535) return usage();
        } else if (arg == "--port-file" && (v = next())) {
            port_file = v;
        } else if (arg == "--drop-once" && (v = next())) {
            std::string path;
            long long bytes = 0, unused = 0;
            if (!split(v, 2, &path, &bytes, &unused)) return usage();
            server.drop_once(path, static_cast<size_t>(bytes));
        } else if (arg == "--stall" && (v = next())) {
            std::string path;
            long long bytes = 0, ms = 0;
            if (!split(v, 3, &path, &bytes, &ms)) return usage();
            server.stall(path, static_cast<size_t>(bytes), static_cast<int>(ms));
        } else if (arg == "--chunked") {
            server.set_chunked(true);
        } else if (arg == "--no-range") {
            server.set_range_support(false);
        } else if (arg == "--no-keep-alive") {
            server.set_keep_alive(false);
        } else {
            return usage();
        }
    }
    if (!have_root) return usage();
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    if (!server.start(static_cast<uint16_t>(port))) {
        std::perror("carte_test_http_server: cannot listen");
        return 1;
    }
    if (!port_file.empty()) {
        // Write then rename, so a waiting script never reads a half-written file.
        std::string tmp = port_file + ".tmp";
        std::ofstream(tmp) << server.port() << "\n";
        std::rename(tmp.c_str(), port_file.c_str());
    }
    std::printf("%u\n", server.port());
    std::fflush(stdout);
    while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    server.stop();
    return 0;
}
