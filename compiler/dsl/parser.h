// Parses Carte DSL text into the AST (ast.h). Syntax errors go to the sink, all of them, each
// with the exact token position; the AST is only returned when the text parsed cleanly.
#pragma once
#include <optional>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/dsl/ast.h"

namespace carte::dsl {

std::optional<ast::File> parse_ast(const std::string& text, const std::string& file,
                                   diag::DiagnosticSink& sink);

}  // namespace carte::dsl
