#include "runtime/rt/error.h"

namespace carte {

const char* errc_message(Errc c) {
    switch (c) {
        case Errc::ok:
            return "Success";
        case Errc::perm:
            return "Operation not permitted";
        case Errc::noent:
            return "No such file or directory";
        case Errc::io:
            return "Input/output error";
        case Errc::noexec:
            return "Exec format error";
        case Errc::nomem:
            return "Not enough space";
        case Errc::access:
            return "Permission denied";
        case Errc::exists:
            return "File exists";
        case Errc::inval:
            return "Invalid argument";
        case Errc::nospc:
            return "No space left";
        case Errc::range:
            return "Result too large";
        case Errc::notsup:
            return "Operation not supported";
        case Errc::badmsg:
            return "Bad message";
        case Errc::connreset:
            return "Connection reset";
        case Errc::timedout:
            return "Connection timed out";
        case Errc::connrefused:
            return "Connection refused";
        case Errc::canceled:
            return "Operation canceled";
        case Errc::proto:
            return "Protocol error";
        case Errc::exit_status:
            return "Exit status";
        case Errc::image_returned:
            return "Image returned";
    }
    return "Unknown error";
}

}  // namespace carte
