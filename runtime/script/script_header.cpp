#include "runtime/script/script_header.h"

namespace carte::script {

bool is_script(Bytes bytes) {
    if (bytes.size() < 7) return false;
    Str head(reinterpret_cast<const char*>(bytes.data()), 6);
    if (head != Str("#!ipxe") && head != Str("#!gpxe")) return false;
    return is_space(static_cast<char>(bytes[6]));
}

}  // namespace carte::script
