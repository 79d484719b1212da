// Expansion: the AST of a .carte file, with its compile-time constructs (const, import, include,
// for, if, `{name}` interpolation), becomes the explicit menu model (IR). Also checks what only
// the DSL knows: statement placement, compile-time types, durations, hotkeys, sha256 pins.
// Cross-menu checks (unknown menus, duplicate ids) are left to compiler/check/, which sees every
// front-end's IR.
#pragma once
#include <optional>

#include "compiler/diag/diagnostic.h"
#include "compiler/dsl/ast.h"
#include "compiler/ir/ir.h"

namespace carte::dsl {

// With `keep_partial`, a catalogue is returned even after expansion errors (they are in the sink),
// so the semantic checks can still run and one run reports every problem.
std::optional<ir::Catalogue> expand(const ast::File& root, diag::DiagnosticSink& sink,
                                    bool keep_partial = false);

}  // namespace carte::dsl
