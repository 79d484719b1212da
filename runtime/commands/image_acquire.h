// iPXE's imgacquire as the image commands print it: an image registered under that name when
// `how.reuse` is set (its --sha256 pin checked), else a download shown as `<uri>... ok` or the
// error. Shared by the image commands and imgverify (trust_commands.cpp).
#pragma once
#include "runtime/vm/interpreter.h"

namespace carte::commands {

Result<Image*> acquire_verbose(Interpreter& in, Str what, const Interpreter::Acquire& how);

}  // namespace carte::commands
