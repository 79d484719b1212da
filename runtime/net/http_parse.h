// Strict parsing of HTTP/1.1 response syntax: the status line, header lines and the values the
// client acts on (Content-Length, Transfer-Encoding, Connection, Content-Range, chunk sizes).
// Every function takes a bounded line and returns a clear Errc::badmsg on anything malformed,
// so a hostile or broken server can cause an error but never a crash or an unbounded read.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/str.h"

namespace carte {

constexpr uint64_t kHttpMaxContentLength = static_cast<uint64_t>(1) << 48;  // 256 TiB: beyond any image

struct HttpStatusLine {
    unsigned minor_version = 1;  // HTTP/1.<minor>
    unsigned status = 0;         // 100..599
    Str reason;
};

struct HttpHeaderLine {
    Str name;
    Str value;  // without surrounding whitespace
};

struct HttpContentRange {
    uint64_t first = 0, last = 0;
    uint64_t total = 0;
    bool total_known = false;  // "bytes a-b/*" leaves it unknown
    bool unsatisfied = false;  // "bytes */N" (a 416 answer): no range, only the full length
};

// What the client needs from a response head, accumulated header by header.
struct HttpResponseHead {
    HttpStatusLine status_line;
    bool has_length = false;
    uint64_t content_length = 0;
    bool chunked = false;
    bool connection_close = false;
    bool connection_keep_alive = false;
    bool has_range = false;
    HttpContentRange range;
    Str location;  // view into the caller's header storage, valid while it lives
};

Result<HttpStatusLine> parse_http_status_line(Str line);
Result<HttpHeaderLine> parse_http_header_line(Str line);
// Case-insensitive ASCII comparison, for header names and tokens.
bool http_equal_nocase(Str a, Str b);
// True if the comma-separated token list `value` contains `token` (case-insensitive).
bool http_list_contains(Str value, Str token);
Result<uint64_t> parse_http_content_length(Str value);
// A chunk-size line: hex digits, optionally followed by ";extensions".
Result<uint64_t> parse_http_chunk_size(Str line);
// "bytes first-last/total" or "bytes first-last/*".
Result<HttpContentRange> parse_http_content_range(Str value);
// Folds one header into `head` (Content-Length, Transfer-Encoding, Connection, Content-Range).
// Conflicting lengths or unsupported transfer codings are errors. Location is not handled here
// because its storage must outlive the line buffer.
Status apply_http_header(HttpResponseHead* head, const HttpHeaderLine& header);
// Whether the connection may carry another request after this response (HTTP/1.1 default on,
// HTTP/1.0 only with "Connection: keep-alive").
bool http_keeps_alive(const HttpResponseHead& head);

}  // namespace carte
