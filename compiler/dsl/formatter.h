// `carte fmt`: the canonical layout of a .carte file. One statement per line, two-space
// indentation per block, single spaces between tokens (none around '.', '/', ':' in names and
// inside brackets), at most one blank line in a row, comments kept where they were (two spaces
// before a trailing one). A block the
// author wrote on one line (`-> linux { kernel "…" }`) stays on one line if it holds no block.
// Formatting is idempotent: format(format(x)) == format(x).
#pragma once
#include <optional>
#include <string>

#include "compiler/diag/diagnostic.h"

namespace carte::dsl {

// The formatted text, or nullopt when `text` has syntax errors (reported to `sink`).
std::optional<std::string> format_carte(const std::string& text, const std::string& file,
                                        diag::DiagnosticSink& sink);

}  // namespace carte::dsl
