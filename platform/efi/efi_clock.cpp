#include "platform/efi/efi_clock.h"

#include "drivers/hw/hw.h"
#include "platform/efi/efi_system.h"
#include "runtime/rt/civil_date.h"

namespace carte::efi {

namespace {
uint64_t g_tsc_khz = 1;
uint64_t g_tsc_start = 0;

uint64_t rdtsc() {
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return (uint64_t(hi) << 32) | lo;
}
}  // namespace

void clock_calibrate() {
    constexpr uint64_t kUs = 20000;
    uint64_t t0 = rdtsc();
    sys().boot->stall(kUs);
    uint64_t t1 = rdtsc();
    g_tsc_khz = t1 > t0 ? (t1 - t0) / (kUs / 1000) : 1;
    if (g_tsc_khz == 0) g_tsc_khz = 1;
    g_tsc_start = rdtsc();
}

uint64_t tsc_khz() {
    return g_tsc_khz;
}

uint64_t rtc_unix_time() {
    Time t{};
    if (failed(sys().runtime->get_time(&t, nullptr)) || t.year < 1970 || t.month < 1 || t.month > 12 ||
        t.day < 1 || t.day > 31)
        return 0;
    int64_t s = days_from_civil(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
    if (t.time_zone != 2047 && t.time_zone >= -1440 && t.time_zone <= 1440)
        s -= int64_t(t.time_zone) * 60;  // UEFI 2.7+: local = UTC + TimeZone
    return s > 0 ? uint64_t(s) : 0;
}

}  // namespace carte::efi

namespace carte::hw {
uint64_t now_ms() {
    return (efi::rdtsc() - efi::g_tsc_start) / efi::g_tsc_khz;
}
void delay_us(uint32_t us) {
    uint64_t end = efi::rdtsc() + uint64_t(us) * efi::g_tsc_khz / 1000;
    while (efi::rdtsc() < end) __asm__ volatile("pause");
}
}  // namespace carte::hw
