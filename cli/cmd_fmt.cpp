// Placeholder until the 'fmt' subcommand lands; its owner replaces this file.
#include <cstdio>

#include "cli/commands.h"

namespace carte::cli {

int cmd_fmt(int, char**) {
    std::fprintf(stderr, "carte fmt: not available in this build yet\n");
    return 2;
}

}  // namespace carte::cli
