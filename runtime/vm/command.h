// A command as the VM's `exec` sees it: a name, a handler and a usage line. The full iPXE command
// set is one table in runtime/commands/command_table.cpp; tests may pass their own table.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/span.h"
#include "runtime/rt/str.h"

namespace carte {

class Interpreter;

// argv[0] is the command name. The returned status becomes the VM's `rc`.
using CommandHandler = Status (*)(Interpreter& in, Span<const Str> argv);

struct CommandSpec {
    Str name;
    CommandHandler run;
    Str usage;  // after the name: "[-n] [...]"
};

}  // namespace carte
