// URIs as iPXE parses and prints them (RFC 3986 with iPXE's tolerances):
//   scheme:opaque                      (mailto:, iscsi:, file:relative)
//   scheme://user:password@host:port/path?query#fragment
// A field may be absent (different from empty). scheme, opaque, user, password, host, port and
// path are stored decoded; `epath`, `equery` and `efragment` keep the original encoding, and
// formatting uses them verbatim so a URI prints back exactly as it was written. IPv6 literals
// keep their brackets in `host`; a `%25` zone id is decoded to '%'. A trailing `##params` or
// `##params=<name>` is cut off first and remembered (request-parameter lists).
//
// All fields live in one buffer; views returned by get() are valid until the next set().
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/string.h"
#include "runtime/uri/uri_escape.h"

namespace carte {

class Uri {
  public:
    Uri() = default;
    Uri(Uri&&) = default;
    Uri& operator=(Uri&&) = default;

    static Result<Uri> parse(Str text);
    Result<Uri> clone() const;

    bool has(UriField f) const { return present_ & (1u << static_cast<unsigned>(f)); }
    Str get(UriField f) const;  // empty if absent
    Status set(UriField f, Str value);
    void clear(UriField f) { present_ &= static_cast<uint16_t>(~(1u << static_cast<unsigned>(f))); }

    Str scheme() const { return get(UriField::scheme); }
    Str opaque() const { return get(UriField::opaque); }
    Str user() const { return get(UriField::user); }
    Str password() const { return get(UriField::password); }
    Str host() const { return get(UriField::host); }
    Str port() const { return get(UriField::port); }
    Str path() const { return get(UriField::path); }           // decoded
    Str epath() const { return get(UriField::epath); }         // as written
    Str query() const { return get(UriField::equery); }        // encoded, without '?'
    Str fragment() const { return get(UriField::efragment); }  // encoded, without '#'
    bool is_absolute() const { return has(UriField::scheme); }
    bool is_empty() const { return present_ == 0; }

    // The port as a number, or `default_port` if none is given (or it is not a number).
    uint32_t port_number(uint32_t default_port) const;
    // Sets the decoded path and its encoded form together.
    Status set_path(Str decoded, Str encoded);

    bool has_params() const { return has_params_; }
    Str params_name() const;  // empty for the unnamed list

    // Appends the URI's text. Fields before `epath` are escaped as needed; the e-fields verbatim.
    Status format(String* out) const;

  private:
    struct Slice {
        uint32_t off = 0, len = 0;
    };
    static constexpr unsigned kParamsSlot = static_cast<unsigned>(UriField::count);
    Status set_slot(unsigned slot, Str value);
    Status set_decoded(UriField f, Str encoded);

    Vec<char> buf_;
    Slice slices_[kParamsSlot + 1];
    uint16_t present_ = 0;
    bool has_params_ = false;
};

// Well-known default ports: http 80, https 443, tftp 69, ftp 21; 0 if unknown.
uint16_t uri_default_port(Str scheme);
// Whether `uri` starts with `scheme://`; `scheme` is given in lower case and matched
// case-insensitively (RFC 3986 §3.1), so HTTP://host/ is an http URI.
bool uri_has_scheme(Str uri, Str scheme);

}  // namespace carte
