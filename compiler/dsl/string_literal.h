// Reads a string token of the Carte DSL ("…" or """…""") into literal pieces and compile-time
// interpolations, with the exact position of each piece for diagnostics.
#pragma once
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/dsl/ast.h"

namespace carte::dsl {

// `token` is the token text including its quotes, starting at 1-based `line`/`col` of `file`.
// Triple-quoted strings drop the newline after the opening quotes, the indentation common to
// their lines and a last line holding only the closing quotes. Bad escapes and interpolations
// are reported to `sink`; the result then holds what could be read.
ast::StringLit read_string_literal(const std::string& token, const std::string& file, uint32_t line,
                                   uint32_t col, diag::DiagnosticSink& sink);

// A literal made of plain text (used for bare ids).
ast::StringLit plain_string(std::string text, const ast::Span& span);

}  // namespace carte::dsl
