#include "tests/support/http_test_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>

namespace carte::test {
namespace {

constexpr size_t kMaxRequestHead = 64 * 1024;

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t");
    size_t e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

const char* reason(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 206:
            return "Partial Content";
        case 301:
            return "Moved Permanently";
        case 302:
            return "Found";
        case 303:
            return "See Other";
        case 307:
            return "Temporary Redirect";
        case 308:
            return "Permanent Redirect";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 416:
            return "Range Not Satisfiable";
        case 500:
            return "Internal Server Error";
        case 503:
            return "Service Unavailable";
        default:
            return "Status";
    }
}

std::string base64(const std::string& in) {
    static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        uint32_t v = uint8_t(in[i]) << 16 | uint8_t(in[i + 1]) << 8 | uint8_t(in[i + 2]);
        out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], k[v & 63]};
    }
    if (i + 1 == in.size()) {
        uint32_t v = uint8_t(in[i]) << 16;
        out += {k[v >> 18], k[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == in.size()) {
        uint32_t v = uint8_t(in[i]) << 16 | uint8_t(in[i + 1]) << 8;
        out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], '='};
    }
    return out;
}

// Parses "bytes=N-" or "bytes=N-M" against a body of `size`; false if unusable.
bool parse_range(const std::string& value, size_t size, size_t* first, size_t* last) {
    if (value.rfind("bytes=", 0) != 0) return false;
    std::string spec = value.substr(6);
    size_t dash = spec.find('-');
    if (dash == std::string::npos || dash == 0) return false;
    for (size_t i = 0; i < spec.size(); ++i)
        if (i != dash && !std::isdigit(static_cast<unsigned char>(spec[i]))) return false;
    *first = std::stoull(spec.substr(0, dash));
    *last = dash + 1 < spec.size() ? std::stoull(spec.substr(dash + 1)) : (size ? size - 1 : 0);
    if (*last >= size) *last = size ? size - 1 : 0;
    return true;
}

}  // namespace

HttpTestServer::HttpTestServer() = default;
HttpTestServer::~HttpTestServer() {
    stop();
}

bool HttpTestServer::start(uint16_t port) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) return false;
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sa.sin_port = htons(port);
    socklen_t len = sizeof sa;
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 ||
        ::listen(listen_fd_, 64) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&sa), &len) != 0) {
        ::close(listen_fd_);
        listen_fd_ = -1;
        return false;
    }
    port_ = ntohs(sa.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
    return true;
}

void HttpTestServer::stop() {
    if (listen_fd_ < 0) return;
    stopping_ = true;
    if (acceptor_.joinable()) acceptor_.join();
    std::vector<std::thread> workers;
    {
        std::lock_guard<std::mutex> lock(mu_);
        for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
        workers.swap(workers_);
    }
    for (auto& t : workers) t.join();
    ::close(listen_fd_);
    listen_fd_ = -1;
}

std::string HttpTestServer::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void HttpTestServer::add_file(const std::string& path, std::string body) {
    std::lock_guard<std::mutex> lock(mu_);
    files_[path] = std::move(body);
}
void HttpTestServer::set_root(const std::string& dir) {
    std::lock_guard<std::mutex> lock(mu_);
    root_ = dir;
}
void HttpTestServer::add_redirect(const std::string& path, int status, const std::string& location) {
    std::lock_guard<std::mutex> lock(mu_);
    redirects_[path] = Redirect{status, location};
}
void HttpTestServer::add_status(const std::string& path, int status) {
    std::lock_guard<std::mutex> lock(mu_);
    statuses_[path] = status;
}
void HttpTestServer::add_raw(const std::string& path, std::string raw) {
    std::lock_guard<std::mutex> lock(mu_);
    raws_[path].push_back(std::move(raw));
}
void HttpTestServer::require_basic_auth(const std::string& path, const std::string& user,
                                        const std::string& password) {
    std::lock_guard<std::mutex> lock(mu_);
    auths_[path] = Auth{user, password};
}
void HttpTestServer::drop_once(const std::string& path, size_t bytes) {
    std::lock_guard<std::mutex> lock(mu_);
    drops_[path] = bytes;
}
void HttpTestServer::stall(const std::string& path, size_t bytes, int ms) {
    std::lock_guard<std::mutex> lock(mu_);
    stalls_[path] = Fault{bytes, ms};
}
void HttpTestServer::set_pacing(size_t slice, int delay_ms) {
    std::lock_guard<std::mutex> lock(mu_);
    pace_slice_ = slice;
    pace_delay_ms_ = delay_ms;
}

size_t HttpTestServer::request_count() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_.size();
}
std::vector<RecordedRequest> HttpTestServer::requests() const {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
}

void HttpTestServer::accept_loop() {
    while (!stopping_) {
        pollfd p{listen_fd_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        size_t index = ++connections_;
        std::lock_guard<std::mutex> lock(mu_);
        open_fds_.push_back(fd);
        workers_.emplace_back([this, fd, index] { serve(fd, index); });
    }
}

bool HttpTestServer::sleep_ms(int ms) {
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < until) {
        if (stopping_) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return !stopping_;
}

bool HttpTestServer::send_all(int fd, const void* data, size_t size) {
    auto p = static_cast<const char*>(data);
    while (size) {
        ssize_t n = ::send(fd, p, size, MSG_NOSIGNAL);
        if (n <= 0) return false;
        p += n;
        size -= static_cast<size_t>(n);
    }
    return true;
}

void HttpTestServer::serve(int fd, size_t index) {
    std::string buf;
    char chunk[4096];
    bool open = true;
    while (open && !stopping_) {
        // Read one request head, then its body (Content-Length only).
        size_t head_end;
        while ((head_end = buf.find("\r\n\r\n")) == std::string::npos) {
            if (buf.size() > kMaxRequestHead || stopping_) {
                open = false;
                break;
            }
            pollfd p{fd, POLLIN, 0};
            int r = ::poll(&p, 1, 50);
            if (r == 0) continue;
            ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n <= 0) {
                open = false;
                break;
            }
            buf.append(chunk, static_cast<size_t>(n));
        }
        if (!open) break;
        RecordedRequest req;
        req.connection = index;
        std::istringstream head(buf.substr(0, head_end + 2));
        std::string line;
        std::getline(head, line);
        std::istringstream rl(trim(line));
        std::string version;
        rl >> req.method >> req.target >> version;
        req.path = req.target.substr(0, req.target.find('?'));
        while (std::getline(head, line)) {
            line = trim(line);
            if (line.empty()) continue;
            size_t colon = line.find(':');
            if (colon == std::string::npos) continue;
            req.headers[lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
        }
        buf.erase(0, head_end + 4);
        size_t body_len = 0;
        if (auto it = req.headers.find("content-length"); it != req.headers.end())
            body_len = std::stoull(it->second);
        while (buf.size() < body_len && !stopping_) {
            ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n <= 0) break;
            buf.append(chunk, static_cast<size_t>(n));
        }
        req.body = buf.substr(0, std::min(body_len, buf.size()));
        buf.erase(0, req.body.size());
        {
            std::lock_guard<std::mutex> lock(mu_);
            requests_.push_back(req);
        }
        open = handle(fd, index, req);
        if (req.headers.count("connection") && lower(req.headers["connection"]) == "close") open = false;
    }
    {
        std::lock_guard<std::mutex> lock(mu_);
        open_fds_.erase(std::remove(open_fds_.begin(), open_fds_.end(), fd), open_fds_.end());
    }
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
}

bool HttpTestServer::lookup_body(const std::string& path, std::string* body) {
    std::string root;
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (auto it = files_.find(path); it != files_.end()) {
            *body = it->second;
            return true;
        }
        root = root_;
    }
    if (root.empty() || path.find("..") != std::string::npos) return false;
    std::ifstream in(root + path, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    *body = ss.str();
    return true;
}

bool HttpTestServer::handle(int fd, size_t, const RecordedRequest& req) {
    bool keep = keep_alive_;
    std::string conn_header = keep ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    auto simple = [&](int status, const std::string& extra) {
        std::string body = std::to_string(status) + " " + reason(status) + "\n";
        std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) + "\r\n" + extra +
                           "Content-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
                           "\r\n" + conn_header + "\r\n";
        if (req.method != "HEAD") head += body;
        return send_all(fd, head.data(), head.size()) && keep;
    };

    std::string raw;
    bool have_raw = false;
    Redirect redirect{0, {}};
    int status = 0;
    const Auth* auth = nullptr;
    Auth auth_copy;
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (auto it = raws_.find(req.path); it != raws_.end() && !it->second.empty()) {
            have_raw = true;
            raw = it->second.front();
            if (it->second.size() > 1) it->second.erase(it->second.begin());
        }
        if (auto it = redirects_.find(req.path); it != redirects_.end()) redirect = it->second;
        if (auto it = statuses_.find(req.path); it != statuses_.end()) status = it->second;
        if (auto it = auths_.find(req.path); it != auths_.end()) auth_copy = it->second, auth = &auth_copy;
    }
    if (have_raw) {
        send_all(fd, raw.data(), raw.size());
        return false;
    }
    if (redirect.status) return simple(redirect.status, "Location: " + redirect.location + "\r\n");
    if (status) return simple(status, "");
    if (auth) {
        auto it = req.headers.find("authorization");
        if (it == req.headers.end() || it->second != "Basic " + base64(auth->user + ":" + auth->password))
            return simple(401, "WWW-Authenticate: Basic realm=\"test\"\r\n");
    }
    std::string body;
    if (!lookup_body(req.path, &body)) return simple(404, "");

    int code = 200;
    std::string extra;
    size_t first = 0, last = body.empty() ? 0 : body.size() - 1;
    if (auto it = req.headers.find("range"); ranges_ && it != req.headers.end()) {
        if (!parse_range(it->second, body.size(), &first, &last)) return simple(400, "");
        if (first >= body.size())
            return simple(416, "Content-Range: bytes */" + std::to_string(body.size()) + "\r\n");
        code = 206;
        extra = "Content-Range: bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" +
                std::to_string(body.size()) + "\r\n";
        body = body.substr(first, last - first + 1);
    }
    if (ranges_) extra += "Accept-Ranges: bytes\r\n";
    bool chunked = chunked_ && req.method != "HEAD";
    bool to_eof = !send_length_ && !chunked;
    std::string head = "HTTP/1.1 " + std::to_string(code) + " " + reason(code) + "\r\n" + extra +
                       "Content-Type: application/octet-stream\r\n";
    if (chunked)
        head += "Transfer-Encoding: chunked\r\n";
    else if (!to_eof)
        head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    head += to_eof ? "Connection: close\r\n" : conn_header;
    head += "\r\n";
    if (!send_all(fd, head.data(), head.size())) return false;
    if (req.method == "HEAD") return keep;
    if (!send_body(fd, req.path, body, chunked)) return false;
    return keep && !to_eof;
}

bool HttpTestServer::send_body(int fd, const std::string& path, const std::string& body, bool chunked) {
    size_t drop_at = SIZE_MAX, stall_at = SIZE_MAX, slice;
    int stall_ms = 0, delay;
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (auto it = drops_.find(path); it != drops_.end()) {
            drop_at = it->second;
            drops_.erase(it);
        }
        if (auto it = stalls_.find(path); it != stalls_.end())
            stall_at = it->second.bytes, stall_ms = it->second.ms;
        slice = pace_slice_ ? pace_slice_ : 16384;
        delay = pace_delay_ms_;
    }
    size_t sent = 0;
    if (drop_at == 0) return false;
    if (stall_at == 0 && !sleep_ms(stall_ms)) return false;
    while (sent < body.size()) {
        size_t n = std::min(slice, body.size() - sent);
        if (sent < drop_at && sent + n > drop_at) n = drop_at - sent;
        if (sent < stall_at && sent + n > stall_at) n = stall_at - sent;
        if (n) {
            if (chunked) {
                char size_line[32];
                int len = std::snprintf(size_line, sizeof size_line, "%zx\r\n", n);
                if (!send_all(fd, size_line, static_cast<size_t>(len))) return false;
            }
            if (!send_all(fd, body.data() + sent, n)) return false;
            if (chunked && !send_all(fd, "\r\n", 2)) return false;
            sent += n;
        }
        if (sent == drop_at) return false;  // the caller closes the connection mid-body
        if (sent == stall_at && !sleep_ms(stall_ms)) return false;
        if (delay && sent < body.size() && !sleep_ms(delay)) return false;
    }
    if (sent == drop_at && drop_at < SIZE_MAX) return false;
    if (chunked && !send_all(fd, "0\r\n\r\n", 5)) return false;
    return true;
}

}  // namespace carte::test
