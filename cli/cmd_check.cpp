// Placeholder until the 'check' subcommand lands; its owner replaces this file.
#include <cstdio>

#include "cli/commands.h"

namespace carte::cli {

int cmd_check(int, char**) {
    std::fprintf(stderr, "carte check: not available in this build yet\n");
    return 2;
}

}  // namespace carte::cli
