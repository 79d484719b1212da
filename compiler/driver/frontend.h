// Reading any menu source into a checked IR: dispatch on the file extension (.carte → DSL,
// .yaml/.yml/.json → YAML front-end), then the semantic checks. Used by the CLI, the tests and
// the benchmark, so they all compile exactly the same way.
#pragma once
#include <optional>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/ir/ir.h"

namespace carte::driver {

enum class InputKind { Carte, Yaml, Json, Ipxe, Bytecode, Unknown };

InputKind input_kind(const std::string& path);

// True when this build includes the DSL front-end (compiler/dsl).
bool have_dsl();

// Parses `path` (without checks). May return a partial model after errors (YAML/JSON);
// test sink.has_errors().
std::optional<ir::Catalogue> parse_file(const std::string& path, diag::DiagnosticSink& sink);

// Parses and checks. Empty when any error was reported (warnings are allowed).
std::optional<ir::Catalogue> load_checked(const std::string& path, diag::DiagnosticSink& sink);

}  // namespace carte::driver
