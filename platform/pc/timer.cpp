#include "platform/pc/timer.h"

#include "drivers/hw/hw.h"

namespace carte::pc {

namespace {
uint64_t g_tsc_khz = 1000000;  // a guess until calibrated, so early timeouts still expire
uint64_t g_tsc_start = 0;

uint64_t rdtsc() {
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t(hi) << 32) | lo;
}
}  // namespace

void timer_calibrate() {
    using namespace hw;
    constexpr uint32_t kPitHz = 1193182;
    constexpr uint32_t kMs = 10;  // 11932 PIT ticks: well under 1% error, 40 ms less before the banner
    constexpr uint16_t kLatch = kPitHz * kMs / 1000;
    outb(0x61, uint8_t((inb(0x61) & ~0x02) | 0x01));  // gate channel 2 on, speaker off
    outb(0x43, 0xb0);                                 // channel 2, lo/hi byte, mode 0
    outb(0x42, kLatch & 0xff);
    outb(0x42, kLatch >> 8);
    uint64_t t0 = rdtsc();
    // OUT2 (bit 5 of port 0x61) goes high when the count reaches zero; bounded in case of no PIT.
    for (uint32_t i = 0; i < 100000000 && !(inb(0x61) & 0x20); ++i) {
    }
    uint64_t t1 = rdtsc();
    if (t1 > t0) g_tsc_khz = (t1 - t0) / kMs;
    if (g_tsc_khz == 0) g_tsc_khz = 1;
    g_tsc_start = rdtsc();
}

uint64_t timer_ms() {
    return (rdtsc() - g_tsc_start) / g_tsc_khz;
}
uint64_t timer_us() {
    return (rdtsc() - g_tsc_start) * 1000 / g_tsc_khz;
}
uint64_t tsc_khz() {
    return g_tsc_khz;
}

}  // namespace carte::pc

namespace carte::hw {
uint64_t now_ms() {
    return pc::timer_ms();
}
void delay_us(uint32_t us) {
    uint64_t end = pc::timer_us() + us;
    while (pc::timer_us() < end) __asm__ volatile("pause");
}
}  // namespace carte::hw
