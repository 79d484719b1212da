#include "platform/firmware/tsc_clock.h"

#include "drivers/hw/hw.h"

namespace carte::fw {

namespace {
TscClock g_clock;  // constant-initialised: usable before constructors run
}

void TscClock::calibrate(uint64_t ticks, uint64_t elapsed_us) {
    uint64_t khz = elapsed_us ? ticks * 1000 / elapsed_us : 0;
    khz_ = khz ? khz : 1;
    start_ = read_tsc();
}

TscClock& tsc_clock() {
    return g_clock;
}

}  // namespace carte::fw

namespace carte::hw {
uint64_t now_ms() {
    return fw::tsc_clock().ms();
}
void delay_us(uint32_t us) {
    uint64_t end = fw::tsc_clock().us() + us;
    while (fw::tsc_clock().us() < end) __asm__ volatile("pause");
}
}  // namespace carte::hw
