#include "platform/efi/efi_clock.h"

#include "drivers/hw/hw.h"
#include "platform/efi/efi_system.h"
#include "platform/firmware/tsc_clock.h"
#include "runtime/rt/civil_date.h"

namespace carte::efi {

void clock_calibrate() {
    constexpr uint64_t kUs = 20000;
    uint64_t t0 = fw::read_tsc();
    sys().boot->stall(kUs);
    uint64_t t1 = fw::read_tsc();
    fw::tsc_clock().calibrate(t1 > t0 ? t1 - t0 : 0, kUs);
}

uint64_t tsc_khz() {
    return fw::tsc_clock().khz();
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
