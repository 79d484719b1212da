// The 16550 UART on COM1: the firmware's primary console (QEMU -serial stdio, BMC SOL).
#pragma once
#include "runtime/rt/types.h"

namespace carte::pc {

void serial_init();                 // 115200 8N1, FIFOs on
void serial_write_byte(uint8_t b);  // "\n" is not translated here; see PcConsole
int serial_try_read();              // a received byte, or -1 if none is waiting

}  // namespace carte::pc
