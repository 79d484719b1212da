#include "platform/firmware/machine.h"

#include "drivers/hw/hw.h"

namespace carte::fw {

namespace {
[[noreturn]] void halt_forever() {
    for (;;) __asm__ volatile("cli; hlt");
}
}  // namespace

void halt_after_failure() {
    hw::outb(0xf4, 0x01);  // QEMU isa-debug-exit: exit status (1 << 1) | 1 = 3
    halt_forever();
}

void power_off() {
    // ACPI PM1a_CNT with SLP_EN and SLP_TYP 0 (QEMU's S5): SeaBIOS puts the PM block at 0xb000,
    // other firmware at 0x600. The request is asynchronous, so give it time before falling back
    // to isa-debug-exit (which would exit at once, with status 1).
    hw::outw(0xb004, 0x2000);
    hw::outw(0x604, 0x2000);
    hw::delay_us(500000);
    hw::outb(0xf4, 0x00);
    halt_forever();
}

void reset_machine() {
    hw::outb(0xcf9, 0x06);  // PCI reset control: hard reset
    hw::outb(0x64, 0xfe);   // keyboard controller pulse
    halt_forever();
}

}  // namespace carte::fw
