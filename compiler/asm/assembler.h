// The assembler for `carte disasm`'s listing format (`carte asm`): directives (.serial,
// .script, .entry, .menu/.item/.gap/.header, .label, .meta, .line), `NAME:` labels and one
// instruction per line with operands as the opcode table says. Strings are numbered in listing
// order, which is the order the compiler interns them, so disasm → asm reproduces the bytes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"

namespace carte::assembler {

// Assembles `text` (named `file` in diagnostics). Every error is reported; empty on failure.
std::optional<std::vector<uint8_t>> assemble(const std::string& text, const std::string& file,
                                             diag::DiagnosticSink& sink);

}  // namespace carte::assembler
