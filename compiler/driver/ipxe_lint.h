// `carte check FILE.ipxe`: linting a classic iPXE script. Runs the script work's static checks
// (compiler/ipxe_lint, when built) and then translates the script as the runtime would, so a
// translation failure also becomes a diagnostic.
#pragma once
#include <string>

#include "compiler/diag/diagnostic.h"

namespace carte::driver {

// Returns true when no error was reported.
bool lint_ipxe_script(const std::string& text, const std::string& file, diag::DiagnosticSink& sink);

}  // namespace carte::driver
