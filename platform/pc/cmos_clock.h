// The CMOS real-time clock, read as seconds since the Unix epoch (for TLS certificate checks and
// the ${unixtime} setting). 0 if the clock looks invalid.
#pragma once
#include "runtime/rt/types.h"

namespace carte::pc {
uint64_t cmos_unix_time();
}
