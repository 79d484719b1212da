// IR → JSON (`carte compile --emit json`): the checked, fully expanded model in the same
// schema the YAML/JSON front-end reads (docs/yaml.md), so the output is itself valid input.
#pragma once
#include <string>

#include "compiler/ir/ir.h"

namespace carte::codegen {

std::string emit_json(const ir::Catalogue& cat);

}  // namespace carte::codegen
