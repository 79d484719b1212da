// The services lwIP asks of its NO_SYS port: a millisecond clock, random numbers and an assert
// hook. Randomness only needs to vary per boot (TCP ports, ISNs, DHCP xid), so the TSC seeds a
// xorshift generator.
#include "drivers/hw/hw.h"
#include "platform/firmware/kprint.h"
#include "platform/firmware/tsc_clock.h"
#include "runtime/rt/panic.h"

extern "C" {

uint32_t sys_now(void) {
    return static_cast<uint32_t>(carte::hw::now_ms());
}

unsigned int carte_rand(void) {
    static uint64_t state = 0;
    if (!state) state = carte::fw::read_tsc() | 1;
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return static_cast<unsigned int>(state);
}

void carte_lwip_assert(const char* msg, const char* file, int line) {
    carte_printf("lwIP assertion \"%s\" failed at %s:%d\n", msg, file, line);
    carte::panic("lwIP assertion");
}
}
