// printf-style diagnostics on the PC console (also used by lwIP's LWIP_PLATFORM_DIAG).
// Supports %s %.*s %c %d %i %u %x %p with the l, ll and z modifiers and a zero-padded width.
#pragma once
#include "runtime/rt/types.h"

extern "C" void carte_printf(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

namespace carte::pc {
using ::carte_printf;
}
