#include "cli/cli_sign_common.h"

#include <cstdio>

namespace carte::cli {

int sign_failure(const char* command, const std::string& message) {
    std::fprintf(stderr, "carte %s: %s\n", command, message.c_str());
    return 1;
}

}  // namespace carte::cli
