// The iPXE command set Carte implements: one table (name, handler, usage), sorted by name as
// iPXE's linker table is, so `help` lists it in the same order.
#pragma once
#include "runtime/vm/command.h"

namespace carte {

Span<const CommandSpec> builtin_commands();

}  // namespace carte
