// The YAML and JSON front-end: the explicit menu model (docs/yaml.md, docs/carte.schema.json)
// read straight into the IR. JSON is parsed by the same code, since JSON is YAML; yaml-cpp's
// marks give every node its line and column. Scalars keep their source text, so a version
// written `4.20` stays "4.20".
#pragma once
#include <optional>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/ir/ir.h"

namespace carte::yamlfe {

// Reads the .yaml/.yml/.json file at `path`. All problems are reported to `sink`. The result
// is empty after a syntax error; after other errors it is the partial model (so the semantic
// checks can still report their findings in the same run): test sink.has_errors().
std::optional<ir::Catalogue> parse_yaml_file(const std::string& path, diag::DiagnosticSink& sink);

// Same, for text already in memory; `file_name` names it in diagnostics.
std::optional<ir::Catalogue> parse_yaml_string(const std::string& text, const std::string& file_name,
                                               diag::DiagnosticSink& sink);

}  // namespace carte::yamlfe
