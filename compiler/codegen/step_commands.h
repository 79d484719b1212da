// The iPXE commands a step runs, shared by the bytecode and `--emit ipxe` back-ends so both
// do exactly the same thing (docs/bytecode.md: an item's steps are `exec` of iPXE commands).
#pragma once
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace carte::codegen {

struct StepCommand {
    std::vector<std::string> argv;
    bool checked = true;  // a failure aborts the item (error handler, back to the menu)
    uint32_t line = 0;    // source line, for debug info
};

// Commands for Linux, Multiboot, Efi, Chain, Shell, Exit, Reboot, Poweroff, Set and Echo steps.
// With `carte_extensions`, downloads carry `--sha256=<hex>` (stock iPXE does not know it).
// Submenu, Ask and Ipxe steps need control flow and are handled by each back-end.
std::vector<StepCommand> step_commands(const ir::Step& step, bool carte_extensions);

// Splits on iPXE's whitespace, as iPXE tokenises a line.
std::vector<std::string> split_words(const std::string& s);

}  // namespace carte::codegen
