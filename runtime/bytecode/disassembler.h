// Text listing of a verified module. The format is also the assembler's input
// (compiler/asm), and `carte disasm` → `carte asm` reproduces the original bytes.
#pragma once
#include "runtime/bytecode/module.h"

namespace carte::bc {

// Appends the listing to `out`. With `with_source`, each instruction that starts a new source
// line is preceded by a `; file:line` comment (when the module has debug info).
bool disassemble(const Module& m, String* out);

// Appends `s` as a double-quoted string with C-style escapes (\" \\ \n \r \t \xHH).
bool append_quoted(String* out, Str s);

}  // namespace carte::bc
