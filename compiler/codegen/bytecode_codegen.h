// IR → Carte bytecode (docs/bytecode.md, "How front-ends use it"). Deterministic: the same
// catalogue and options always give the same bytes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/ir/ir.h"

namespace carte::codegen {

struct BytecodeOptions {
    // DBUG source positions and META (source file, compiler). Off for byte comparisons across
    // front-ends, whose files and lines differ.
    bool debug_info = true;
};

// Compiles a checked catalogue. Fails (with a diagnostic) only on internal limits, e.g. more
// than 64 words in one command.
std::optional<std::vector<uint8_t>> compile_bytecode(const ir::Catalogue& cat, const BytecodeOptions& opts,
                                                     diag::DiagnosticSink& sink);

}  // namespace carte::codegen
