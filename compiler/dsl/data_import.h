// `import NAME from "file.yaml"`: reads a YAML or JSON data file into a compile-time Value.
// Version-like scalars stay strings (YAML would make `4.20` the float 4.2); only unquoted
// true/false become booleans and unquoted null/~/empty become null.
#pragma once
#include <optional>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/dsl/value.h"

namespace carte::dsl {

// `path` is the file to read; `at` is the import statement, blamed when the file cannot be read.
// Syntax errors in the data file are reported at their own line and column in that file.
std::optional<Value> import_data_file(const std::string& path, const ir::SourceSpan& at,
                                      diag::DiagnosticSink& sink);

}  // namespace carte::dsl
