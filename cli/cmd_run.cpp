// Placeholder until the 'run' subcommand lands; its owner replaces this file.
#include <cstdio>

#include "cli/commands.h"

namespace carte::cli {

int cmd_run(int, char**) {
    std::fprintf(stderr, "carte run: not available in this build yet\n");
    return 2;
}

}  // namespace carte::cli
