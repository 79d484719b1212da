// The firmware's monotonic clock on x86: the TSC, scaled by a rate each platform measures once
// against a reference it trusts (the PIT on a PC, boot services' Stall on EFI). hw::now_ms and
// hw::delay_us (drivers/hw/hw.h) read it on every platform.
#pragma once
#include "runtime/rt/types.h"

namespace carte::fw {

inline uint64_t read_tsc() {
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t(hi) << 32) | lo;
}

class TscClock {
  public:
    // `ticks` TSC ticks took `elapsed_us` of the reference; the clock starts at 0 now.
    void calibrate(uint64_t ticks, uint64_t elapsed_us);
    uint64_t ms() const { return (read_tsc() - start_) / khz_; }
    uint64_t us() const { return (read_tsc() - start_) * 1000 / khz_; }
    uint64_t khz() const { return khz_; }

  private:
    uint64_t khz_ = 1000000;  // a guess until calibrated, so early timeouts still expire
    uint64_t start_ = 0;
};

TscClock& tsc_clock();

}  // namespace carte::fw
