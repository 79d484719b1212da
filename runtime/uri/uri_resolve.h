// Relative references, as iPXE resolves them: against a base URI (the current working URI,
// `cwuri`, which every download and `chain` resolves against), and the PXE special case where a
// DHCP next-server and filename become a tftp:// URI.
#pragma once
#include "runtime/uri/uri.h"

namespace carte {

// Path resolution: an absolute `relative` wins; otherwise it replaces the base's last segment,
// with leading "./" dropped and each leading "../" removing one more directory (never above "/").
// "/etc/passwd" + "group" -> "/etc/group"; "/test/a/b" + ".." -> "/test/".
[[nodiscard]] bool resolve_path(Str base_path, Str relative_path, String* out);

// RFC 3986 §5.2 in iPXE's form: a reference with a scheme is taken as is; otherwise the base's
// scheme and authority are kept, then its path (a non-empty reference path is resolved),
// query (kept only if the reference has neither path nor query) and fragment (the reference's).
Result<Uri> resolve_uri(const Uri& base, const Uri& relative);
Result<Uri> resolve_uri(const Uri& base, Str relative);

// The current working URI after moving to `relative` (the `churi` step that `chain` and
// `imgexec` perform): `relative` resolved against *cwuri, or taken as is if *cwuri is empty.
Status change_working_uri(Uri* cwuri, Str relative);

// PXE boot file: a hierarchical absolute URI in `filename` is used as is (opaque ones are not,
// since "C:\boot" is a DOS path); otherwise tftp://server[:port]/filename, the filename kept
// verbatim (an absolute filename gives "//"). `port` 0 or 69 is left out.
Result<Uri> pxe_uri(Str server, uint16_t port, Str filename);

}  // namespace carte
