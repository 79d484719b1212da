// Error values. The codes follow POSIX/iPXE errno meanings, since iPXE scripts observe them
// (`${errno}`, `exit N` propagating through `chain`); `detail` is a static string for the user.
#pragma once
#include "runtime/rt/types.h"

namespace carte {

enum class Errc : int32_t {
    ok = 0,
    perm = 1,              // EPERM: not permitted (HTTP 403, untrusted image)
    noent = 2,             // ENOENT: no such file, label, setting or item
    io = 5,                // EIO: I/O error (HTTP 4xx/5xx other than 403/404)
    noexec = 8,            // ENOEXEC: command not found / not an executable image
    nomem = 12,            // ENOMEM
    access = 13,           // EACCES: signature or pin check failed
    exists = 17,           // EEXIST
    inval = 22,            // EINVAL: invalid argument or value
    nospc = 28,            // ENOSPC: a fixed-size table is full
    range = 34,            // ERANGE: usage error / comparison false (iPXE uses ERANGE for both)
    notsup = 95,           // ENOTSUP: not supported on this platform
    badmsg = 74,           // EBADMSG: malformed input (bytecode, script, packet, response)
    connreset = 104,       // ECONNRESET
    timedout = 110,        // ETIMEDOUT
    connrefused = 111,     // ECONNREFUSED
    canceled = 125,        // ECANCELED: Esc / Ctrl-C / --help
    proto = 71,            // EPROTO: protocol violation by the peer
    exit_status = 1000,    // a script's `exit N`: the status is carried in Error::value
    image_returned = 1001  // a booted program (EFI) returned success: the script goes on, as in iPXE
};

struct Error {
    Errc code = Errc::ok;
    const char* detail = nullptr;  // static text, never owned
    int32_t value = 0;             // extra number (exit status, HTTP status, offset…)

    constexpr Error() = default;
    constexpr Error(Errc c, const char* d = nullptr, int32_t v = 0) : code(c), detail(d), value(v) {}
};

// Short English name for an error code ("No such file or directory", …).
const char* errc_message(Errc c);

}  // namespace carte
