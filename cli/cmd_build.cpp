// Placeholder until the 'build' subcommand lands; its owner replaces this file.
#include <cstdio>

#include "cli/commands.h"

namespace carte::cli {

int cmd_build(int, char**) {
    std::fprintf(stderr, "carte build: not available in this build yet\n");
    return 2;
}

}  // namespace carte::cli
