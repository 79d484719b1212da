// Placeholder until the 'disasm' subcommand lands; its owner replaces this file.
#include <cstdio>

#include "cli/commands.h"

namespace carte::cli {

int cmd_disasm(int, char**) {
    std::fprintf(stderr, "carte disasm: not available in this build yet\n");
    return 2;
}

}  // namespace carte::cli
