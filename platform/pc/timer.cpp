#include "platform/pc/timer.h"

#include "drivers/hw/hw.h"
#include "platform/firmware/tsc_clock.h"

namespace carte::pc {

void timer_calibrate() {
    using namespace hw;
    constexpr uint32_t kPitHz = 1193182;
    constexpr uint32_t kMs = 10;  // 11932 PIT ticks: well under 1% error, 40 ms less before the banner
    constexpr uint16_t kLatch = kPitHz * kMs / 1000;
    outb(0x61, uint8_t((inb(0x61) & ~0x02) | 0x01));  // gate channel 2 on, speaker off
    outb(0x43, 0xb0);                                 // channel 2, lo/hi byte, mode 0
    outb(0x42, kLatch & 0xff);
    outb(0x42, kLatch >> 8);
    uint64_t t0 = fw::read_tsc();
    // OUT2 (bit 5 of port 0x61) goes high when the count reaches zero; bounded in case of no PIT.
    for (uint32_t i = 0; i < 100000000 && !(inb(0x61) & 0x20); ++i) {
    }
    uint64_t t1 = fw::read_tsc();
    fw::tsc_clock().calibrate(t1 > t0 ? t1 - t0 : 0, kMs * 1000);
}

uint64_t timer_ms() {
    return fw::tsc_clock().ms();
}
uint64_t timer_us() {
    return fw::tsc_clock().us();
}
uint64_t tsc_khz() {
    return fw::tsc_clock().khz();
}

}  // namespace carte::pc
