// Unrecoverable internal errors (a broken invariant, never bad input). The platform decides
// what panic means: abort() on the host, a message on the console and a halt in the ROM.
#pragma once

namespace carte {

[[noreturn]] void panic(const char* why);

}  // namespace carte
