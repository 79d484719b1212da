// printf-style diagnostics on the firmware console (fw::console_write) (also used by lwIP's
// LWIP_PLATFORM_DIAG). Supports %s %.*s %c %d %i %u %x %p with the l, ll and z modifiers and a zero-padded
// width.
#pragma once
#include "runtime/rt/types.h"

extern "C" void carte_printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

namespace carte::fw {
using ::carte_printf;
}
