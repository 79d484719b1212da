#include "platform/pc/serial.h"

#include "drivers/hw/hw.h"

namespace carte::pc {

namespace {
constexpr uint16_t kCom1 = 0x3f8;
// Register offsets from the UART base.
constexpr uint16_t kData = 0, kIntEnable = 1, kFifoCtl = 2, kLineCtl = 3, kModemCtl = 4, kLineStatus = 5;
constexpr uint8_t kTxEmpty = 0x20, kRxReady = 0x01;
}  // namespace

void serial_init() {
    using namespace hw;
    outb(kCom1 + kIntEnable, 0x00);  // polled: no interrupts
    outb(kCom1 + kLineCtl, 0x80);    // DLAB on to set the divisor
    outb(kCom1 + kData, 1);          // 115200 baud
    outb(kCom1 + kIntEnable, 0);
    outb(kCom1 + kLineCtl, 0x03);   // 8N1, DLAB off
    outb(kCom1 + kFifoCtl, 0xc7);   // FIFOs on and cleared
    outb(kCom1 + kModemCtl, 0x03);  // DTR, RTS
}

void serial_write_byte(uint8_t b) {
    // Bounded wait: a missing UART reads 0xff (TX empty set), so this never spins forever.
    for (int i = 0; i < 100000 && !(hw::inb(kCom1 + kLineStatus) & kTxEmpty); ++i) {
    }
    hw::outb(kCom1 + kData, b);
}

int serial_try_read() {
    uint8_t lsr = hw::inb(kCom1 + kLineStatus);
    if (lsr == 0xff || !(lsr & kRxReady)) return -1;
    return hw::inb(kCom1 + kData);
}

}  // namespace carte::pc
