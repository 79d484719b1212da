// Time for the firmware: the TSC, calibrated once against the PIT (channel 2, which needs no IRQ).
#pragma once
#include "runtime/rt/types.h"

namespace carte::pc {

void timer_calibrate();  // ~50 ms busy wait against the 1.193182 MHz PIT
uint64_t timer_ms();     // monotonic ms since calibration
uint64_t timer_us();
uint64_t tsc_khz();

}  // namespace carte::pc
