// What a failed TLS connection tells the user: BearSSL's error codes and TLS alerts, by name,
// as Errors with static text. Certificate problems are Errc::access (as iPXE's EACCES for an
// untrusted certificate), a peer's protocol violation Errc::proto, a version or suite we do not
// speak Errc::notsup. docs/tls.md lists the messages.
#pragma once
#include "runtime/rt/error.h"

namespace carte {

// `code` as carte_tls_last_error returns it (BR_ERR_*, 256 + alert received, 512 + alert sent,
// CARTE_TLS_ERR_*).
Error tls_error(int code);

// The name of a TLS alert (RFC 5246 7.2 and later registrations), "unknown alert" otherwise.
const char* tls_alert_name(unsigned alert);

}  // namespace carte
