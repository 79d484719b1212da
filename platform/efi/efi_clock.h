// Time on EFI: a monotonic millisecond clock from the TSC, calibrated once against the
// firmware's Stall (boot services' microsecond delay), and the date from GetTime.
#pragma once
#include "runtime/rt/types.h"

namespace carte::efi {

void clock_calibrate();  // ~20 ms inside Stall
uint64_t tsc_khz();
// Seconds since the Unix epoch from the RTC (GetTime, its time zone applied when it gives one;
// an unspecified zone is taken as UTC, as iPXE does);
// 0 when the firmware has no clock.
uint64_t rtc_unix_time();

}  // namespace carte::efi
