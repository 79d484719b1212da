// .carte files are UTF-8. ANTLR's input stream throws on invalid bytes, so the front-end checks
// first and reports the exact position instead.
#pragma once
#include <string>

#include "compiler/diag/diagnostic.h"

namespace carte::dsl {

// True when `text` is valid UTF-8; otherwise reports the first bad byte and returns false.
bool check_utf8(const std::string& text, const std::string& file, diag::DiagnosticSink& sink);

}  // namespace carte::dsl
