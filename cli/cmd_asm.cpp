// Placeholder until the 'asm' subcommand lands; its owner replaces this file.
#include <cstdio>

#include "cli/commands.h"

namespace carte::cli {

int cmd_asm(int, char**) {
    std::fprintf(stderr, "carte asm: not available in this build yet\n");
    return 2;
}

}  // namespace carte::cli
