// A small threaded HTTP/1.1 server on 127.0.0.1 for tests: serves in-memory files and/or a
// directory, with keep-alive, optional chunked bodies, Range requests, and fault injection
// (drop a connection once after N body bytes, stall, send raw garbage). It counts connections
// and records requests so tests can assert on what a client actually did.
//
// Host-only test code: uses the standard library and POSIX sockets.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace carte::test {

// One request as the server parsed it (header names lower-cased).
struct RecordedRequest {
    std::string method;
    std::string target;  // as sent, including any query
    std::string path;    // target without the query
    std::map<std::string, std::string> headers;
    std::string body;
    size_t connection = 0;  // 1-based index of the connection it arrived on
};

class HttpTestServer {
  public:
    HttpTestServer();
    ~HttpTestServer();
    HttpTestServer(const HttpTestServer&) = delete;
    HttpTestServer& operator=(const HttpTestServer&) = delete;

    // Binds 127.0.0.1:port (0 picks a free port) and starts accepting. False on failure.
    bool start(uint16_t port = 0);
    // Stops accepting, closes every connection and joins the threads. Called by the destructor.
    void stop();
    uint16_t port() const { return port_; }
    // "http://127.0.0.1:PORT" + path (path should start with '/').
    std::string url(const std::string& path) const;

    // Content: in-memory files win over the directory. Paths are URL paths ("/a/b.txt").
    void add_file(const std::string& path, std::string body);
    void set_root(const std::string& dir);
    // `path` answers `status` with a Location header (301/302/303/307/308).
    void add_redirect(const std::string& path, int status, const std::string& location);
    // `path` answers `status` with a short text body.
    void add_status(const std::string& path, int status);
    // `path` answers these exact bytes, then the connection is closed (malformed-response tests).
    // Calling it again for the same path queues another answer: requests take them in order and
    // the last one repeats.
    void add_raw(const std::string& path, std::string raw);
    // `path` requires "Authorization: Basic base64(user:password)"; otherwise 401.
    void require_basic_auth(const std::string& path, const std::string& user, const std::string& password);

    // Behaviour switches (apply to later requests).
    void set_chunked(bool on) { chunked_ = on; }          // bodies as chunked transfer encoding
    void set_range_support(bool on) { ranges_ = on; }     // honour Range (else always 200)
    void set_keep_alive(bool on) { keep_alive_ = on; }    // else "Connection: close"
    void set_send_length(bool on) { send_length_ = on; }  // else neither length nor chunked: body to EOF
    // The next response body for `path` is cut (connection closed) after `bytes` body bytes. Once.
    void drop_once(const std::string& path, size_t bytes);
    // Every response body for `path` stalls for `ms` milliseconds after `bytes` body bytes.
    void stall(const std::string& path, size_t bytes, int ms);
    // Body bytes are written in slices of this size with `delay_ms` between them (slow links).
    void set_pacing(size_t slice, int delay_ms);

    size_t connection_count() const { return connections_.load(); }
    size_t request_count() const;
    std::vector<RecordedRequest> requests() const;

  private:
    struct Redirect {
        int status;
        std::string location;
    };
    struct Fault {
        size_t bytes = 0;
        int ms = 0;
    };
    struct Auth {
        std::string user, password;
    };
    void accept_loop();
    void serve(int fd, size_t index);
    bool handle(int fd, size_t index, const RecordedRequest& req);  // false: close the connection
    bool lookup_body(const std::string& path, std::string* body);
    bool send_body(int fd, const std::string& path, const std::string& body, bool chunked);
    bool send_all(int fd, const void* data, size_t size);
    bool sleep_ms(int ms);  // false if stopping

    int listen_fd_ = -1;
    uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<size_t> connections_{0};
    std::atomic<bool> chunked_{false}, ranges_{true}, keep_alive_{true}, send_length_{true};
    std::thread acceptor_;

    mutable std::mutex mu_;  // guards everything below
    std::map<std::string, std::string> files_;
    std::string root_;
    std::map<std::string, Redirect> redirects_;
    std::map<std::string, int> statuses_;
    std::map<std::string, std::vector<std::string>> raws_;
    std::map<std::string, Auth> auths_;
    std::map<std::string, size_t> drops_;
    std::map<std::string, Fault> stalls_;
    size_t pace_slice_ = 0;
    int pace_delay_ms_ = 0;
    std::vector<RecordedRequest> requests_;
    std::vector<std::thread> workers_;
    std::vector<int> open_fds_;
};

}  // namespace carte::test
