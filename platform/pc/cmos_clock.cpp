#include "platform/pc/cmos_clock.h"

#include "drivers/hw/hw.h"
#include "runtime/rt/civil_date.h"

namespace carte::pc {

namespace {
uint8_t cmos(uint8_t reg) {
    hw::outb(0x70, reg);
    return hw::inb(0x71);
}
struct RtcTime {
    unsigned sec, min, hour, day, mon, year;
};
RtcTime read_once() {
    return {cmos(0x00), cmos(0x02), cmos(0x04), cmos(0x07), cmos(0x08), cmos(0x09)};
}
unsigned bcd(unsigned v) {
    return (v & 0x0f) + (v >> 4) * 10;
}
}  // namespace

uint64_t cmos_unix_time() {
    // Wait out an update in progress, then read twice until two reads agree.
    for (int i = 0; i < 100000 && (cmos(0x0a) & 0x80); ++i) {
    }
    RtcTime t = read_once(), u;
    for (int i = 0; i < 10; ++i, t = u) {
        u = read_once();
        if (u.sec == t.sec && u.min == t.min && u.hour == t.hour && u.day == t.day) break;
    }
    uint8_t status_b = cmos(0x0b);
    bool pm = t.hour & 0x80;
    t.hour &= 0x7f;
    if (!(status_b & 0x04)) {  // BCD mode
        t.sec = bcd(t.sec), t.min = bcd(t.min), t.hour = bcd(t.hour);
        t.day = bcd(t.day), t.mon = bcd(t.mon), t.year = bcd(t.year);
    }
    if (!(status_b & 0x02) && pm) t.hour = (t.hour + 12) % 24;  // 12-hour mode
    if (t.mon < 1 || t.mon > 12 || t.day < 1 || t.day > 31 || t.hour > 23 || t.min > 59 || t.sec > 60)
        return 0;
    int64_t days = days_from_civil(2000 + t.year, t.mon, t.day);
    return uint64_t(days * 86400 + t.hour * 3600 + t.min * 60 + t.sec);
}

}  // namespace carte::pc
