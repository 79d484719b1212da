// Placeholder until the 'compile' subcommand lands; its owner replaces this file.
#include <cstdio>

#include "cli/commands.h"

namespace carte::cli {

int cmd_compile(int, char**) {
    std::fprintf(stderr, "carte compile: not available in this build yet\n");
    return 2;
}

}  // namespace carte::cli
