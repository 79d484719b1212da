// `carte check SCRIPT.ipxe`: static checks of a classic iPXE script, read exactly as the
// runtime reads it (runtime/script's line reader and tokeniser). It reports what would
// otherwise fail at boot time: unknown commands and options, wrong argument counts, `goto`s to
// labels the script never defines, duplicate labels, lines that can never run, `${` without
// `}`. Codes and examples: docs/ipxe-scripts.md, "Lint".
#pragma once
#include <string>

#include "compiler/diag/diagnostic.h"

namespace carte::ipxe_lint {

// Lints `text` (the contents of `path`) into `sink`; registers the source for rendering.
void lint_ipxe_script(const std::string& path, const std::string& text, diag::DiagnosticSink& sink);

}  // namespace carte::ipxe_lint
