// Entry point of the Carte DSL front-end: .carte text → IR (compiler/ir/ir.h).
// Pipeline: ANTLR parse (dsl/Carte.g4) → AST (ast.h) → expansion of consts, imports, includes,
// loops and compile-time ifs (expander.h) → ir::Catalogue. Every problem becomes a diagnostic in
// the sink (all of them in one run); the result is empty when any error was reported.
#pragma once
#include <optional>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/ir/ir.h"

namespace carte::dsl {

struct FrontendOptions {
    // Return the catalogue even after expansion errors (not syntax errors), so the caller can run
    // the semantic checks too and report every problem in one run. The errors stay in the sink.
    bool keep_partial = false;
};

// Reads and compiles the .carte file at `path`. Imports and includes resolve relative to it.
std::optional<ir::Catalogue> parse_carte_file(const std::string& path, diag::DiagnosticSink& sink,
                                              const FrontendOptions& options = {});

// Compiles `text` as if it were the file `file_name` (used in spans; imports and includes
// resolve relative to its directory, or to the current directory when it has none).
std::optional<ir::Catalogue> parse_carte_string(const std::string& text, const std::string& file_name,
                                                diag::DiagnosticSink& sink,
                                                const FrontendOptions& options = {});

}  // namespace carte::dsl
