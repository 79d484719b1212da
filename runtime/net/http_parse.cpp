#include "runtime/net/http_parse.h"

namespace carte {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_space(char c) {
    return c == ' ' || c == '\t';
}
char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// RFC 9110 tchar: the characters a header name (token) may contain.
bool is_token_char(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c)) return true;
    for (char t : Str("!#$%&'*+-.^_`|~"))
        if (c == t) return true;
    return false;
}

Str trim(Str s) {
    size_t b = 0, e = s.size();
    while (b < e && is_space(s[b])) ++b;
    while (e > b && is_space(s[e - 1])) --e;
    return s.substr(b, e - b);
}

// Parses a decimal run at s[*pos]; false on no digits or a value above `max`.
bool parse_decimal(Str s, size_t* pos, uint64_t max, uint64_t* out) {
    uint64_t v = 0;
    size_t start = *pos;
    while (*pos < s.size() && is_digit(s[*pos])) {
        unsigned d = static_cast<unsigned>(s[*pos] - '0');
        if (v > (max - d) / 10) return false;
        v = v * 10 + d;
        ++*pos;
    }
    if (*pos == start) return false;
    *out = v;
    return true;
}

}  // namespace

bool http_equal_nocase(Str a, Str b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

bool http_list_contains(Str value, Str token) {
    size_t start = 0;
    while (start <= value.size()) {
        size_t comma = value.find(',', start);
        if (comma == Str::npos) comma = value.size();
        if (http_equal_nocase(trim(value.substr(start, comma - start)), token)) return true;
        start = comma + 1;
    }
    return false;
}

Result<HttpStatusLine> parse_http_status_line(Str line) {
    // "HTTP/1.1 200 OK" — the reason phrase may be empty, and so may the space before it.
    if (line.size() < 12 || !line.starts_with("HTTP/1.") || !is_digit(line[7]) || line[8] != ' ')
        return Error(Errc::badmsg, "HTTP: malformed status line");
    HttpStatusLine st;
    st.minor_version = static_cast<unsigned>(line[7] - '0');
    if (st.minor_version > 1) return Error(Errc::badmsg, "HTTP: unsupported protocol version");
    if (!is_digit(line[9]) || !is_digit(line[10]) || !is_digit(line[11]) ||
        (line.size() > 12 && line[12] != ' '))
        return Error(Errc::badmsg, "HTTP: malformed status code");
    st.status = static_cast<unsigned>((line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0'));
    if (st.status < 100 || st.status > 599) return Error(Errc::badmsg, "HTTP: status code out of range");
    st.reason = line.substr(13);
    for (char c : st.reason)
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f)
            return Error(Errc::badmsg, "HTTP: control character in status line");
    return st;
}

Result<HttpHeaderLine> parse_http_header_line(Str line) {
    size_t colon = line.find(':');
    if (colon == Str::npos || colon == 0) return Error(Errc::badmsg, "HTTP: malformed header line");
    HttpHeaderLine h;
    h.name = line.substr(0, colon);
    for (char c : h.name)
        if (!is_token_char(c)) return Error(Errc::badmsg, "HTTP: invalid character in header name");
    h.value = trim(line.substr(colon + 1));
    for (char c : h.value)
        if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f)
            return Error(Errc::badmsg, "HTTP: control character in header value");
    return h;
}

Result<uint64_t> parse_http_content_length(Str value) {
    if (value.empty()) return Error(Errc::badmsg, "HTTP: empty Content-Length");
    if (value[0] == '-') return Error(Errc::badmsg, "HTTP: negative Content-Length");
    size_t pos = 0;
    uint64_t v = 0;
    if (!is_digit(value[0])) return Error(Errc::badmsg, "HTTP: Content-Length is not a number");
    if (!parse_decimal(value, &pos, kHttpMaxContentLength, &v))
        return Error(Errc::badmsg, "HTTP: Content-Length too large");
    if (pos != value.size()) return Error(Errc::badmsg, "HTTP: Content-Length is not a number");
    return v;
}

Result<uint64_t> parse_http_chunk_size(Str line) {
    uint64_t v = 0;
    size_t pos = 0;
    for (; pos < line.size(); ++pos) {
        char c = lower(line[pos]);
        unsigned d;
        if (is_digit(c))
            d = static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = static_cast<unsigned>(c - 'a' + 10);
        else
            break;
        if (pos >= 12) return Error(Errc::badmsg, "HTTP: chunk size too large");  // 48 bits, as lengths
        v = v << 4 | d;
    }
    if (pos == 0) return Error(Errc::badmsg, "HTTP: malformed chunk size");
    Str rest = trim(line.substr(pos));
    if (!rest.empty() && rest[0] != ';') return Error(Errc::badmsg, "HTTP: malformed chunk size");
    return v;
}

Result<HttpContentRange> parse_http_content_range(Str value) {
    if (!value.starts_with("bytes ")) return Error(Errc::badmsg, "HTTP: malformed Content-Range");
    Str s = trim(value.drop(6));
    HttpContentRange r;
    size_t pos = 0;
    if (s.starts_with("*/")) {  // unsatisfied-range form, sent with 416
        pos = 2;
        if (!parse_decimal(s, &pos, kHttpMaxContentLength, &r.total) || pos != s.size())
            return Error(Errc::badmsg, "HTTP: malformed Content-Range");
        r.total_known = true;
        r.unsatisfied = true;
        return r;
    }
    if (!parse_decimal(s, &pos, kHttpMaxContentLength, &r.first) || pos >= s.size() || s[pos++] != '-' ||
        !parse_decimal(s, &pos, kHttpMaxContentLength, &r.last) || pos >= s.size() || s[pos++] != '/' ||
        r.last < r.first)
        return Error(Errc::badmsg, "HTTP: malformed Content-Range");
    if (s.substr(pos) == Str("*")) return r;
    if (!parse_decimal(s, &pos, kHttpMaxContentLength, &r.total) || pos != s.size() || r.last >= r.total)
        return Error(Errc::badmsg, "HTTP: malformed Content-Range");
    r.total_known = true;
    return r;
}

Status apply_http_header(HttpResponseHead* head, const HttpHeaderLine& h) {
    if (http_equal_nocase(h.name, "Content-Length")) {
        auto n = parse_http_content_length(h.value);
        if (!n) return n.error();
        if (head->has_length && head->content_length != *n)
            return Error(Errc::badmsg, "HTTP: conflicting Content-Length headers");
        head->has_length = true;
        head->content_length = *n;
    } else if (http_equal_nocase(h.name, "Transfer-Encoding")) {
        // Only "chunked" (optionally after "identity") is understood; compressed codings are refused.
        size_t start = 0;
        while (start <= h.value.size()) {
            size_t comma = h.value.find(',', start);
            if (comma == Str::npos) comma = h.value.size();
            Str coding = trim(h.value.substr(start, comma - start));
            if (http_equal_nocase(coding, "chunked"))
                head->chunked = true;
            else if (!coding.empty() && !http_equal_nocase(coding, "identity"))
                return Error(Errc::notsup, "HTTP: unsupported Transfer-Encoding");
            start = comma + 1;
        }
    } else if (http_equal_nocase(h.name, "Connection")) {
        if (http_list_contains(h.value, "close")) head->connection_close = true;
        if (http_list_contains(h.value, "keep-alive")) head->connection_keep_alive = true;
    } else if (http_equal_nocase(h.name, "Content-Range")) {
        auto r = parse_http_content_range(h.value);
        if (!r) return r.error();
        head->has_range = true;
        head->range = *r;
    }
    return {};
}

bool http_keeps_alive(const HttpResponseHead& head) {
    if (head.connection_close) return false;
    return head.status_line.minor_version >= 1 || head.connection_keep_alive;
}

}  // namespace carte
