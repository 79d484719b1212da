// Percent-encoding for URI fields, as iPXE does it: each field escapes only what would change
// how the URI parses back (so iSCSI's ':' stays literal in an opaque part and '/' in a path),
// plus whitespace, non-printing bytes and '%' everywhere. Upper-case hex on output.
#pragma once
#include "runtime/rt/string.h"

namespace carte {

// The fields of a URI, in the order they appear in its text. Fields from `epath` on are kept
// in their original encoding and are never re-escaped.
enum class UriField : uint8_t {
    scheme,
    opaque,
    user,
    password,
    host,
    port,
    path,
    epath,
    equery,
    efragment,
    count
};

// True if `c` must appear as %XX in `field`.
bool uri_char_escaped(uint8_t c, UriField field);
// Appends `text`, escaped for `field`. The `uristring` setting type uses UriField::scheme, which
// escapes every reserved character ("/#:@?=&").
[[nodiscard]] bool uri_encode(Str text, UriField field, String* out);
// Appends `text` with every %XX (either case) decoded; a '%' without two hex digits stays as is.
[[nodiscard]] bool uri_decode(Str text, String* out);
[[nodiscard]] bool uri_decode(Str text, Vec<uint8_t>* out);

}  // namespace carte
