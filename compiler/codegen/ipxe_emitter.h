// IR → a classic iPXE script that stock iPXE runs (`carte compile --emit ipxe`), so one Carte
// catalogue also serves clients without Carte: menu/item/choose/goto, iseq/isset for
// conditions. Carte-only options (--sha256) are left out.
#pragma once
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/ir/ir.h"

namespace carte::codegen {

// Warnings (e.g. a glob condition stock iPXE cannot test) go to `sink`.
std::string emit_ipxe(const ir::Catalogue& cat, diag::DiagnosticSink& sink);

}  // namespace carte::codegen
