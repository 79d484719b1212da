// .carte files are UTF-8. The front-end checks first and reports the exact position of a bad
// byte; the lexers (lexer.h, and ANTLR's, which throws) may then assume valid UTF-8.
#pragma once
#include <string>

#include "compiler/diag/diagnostic.h"

namespace carte::dsl {

// True when `text` is valid UTF-8; otherwise reports the first bad byte and returns false.
bool check_utf8(const std::string& text, const std::string& file, diag::DiagnosticSink& sink);

}  // namespace carte::dsl
