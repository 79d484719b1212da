#include "cli/cli_sign_common.h"

#include <cstring>

namespace carte::cli {

bool SignArgs::is(const char* name) const {
    const char* a = argv_[i_];
    size_t n = std::strlen(name);
    return std::strncmp(a, name, n) == 0 && (a[n] == 0 || (a[n] == '=' && name[1] == '-'));
}

std::string SignArgs::value() {
    const char* a = argv_[i_];
    if (const char* eq = std::strchr(a, '='); eq && a[1] == '-') return eq + 1;
    if (i_ + 1 >= argc_) {
        usage(std::string(a) + " needs a value");
        return {};
    }
    return argv_[++i_];
}

int SignArgs::usage(const std::string& message) {
    failed_ = true;
    std::fprintf(stderr, "carte %s: %s\n(see 'carte %s --help')\n", command_, message.c_str(), command_);
    return 2;
}

int sign_failure(const char* command, const std::string& message) {
    std::fprintf(stderr, "carte %s: %s\n", command, message.c_str());
    return 1;
}

}  // namespace carte::cli
