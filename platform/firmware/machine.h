// The few things shared firmware code needs from the machine it runs on, declared once and
// defined by each platform (platform/pc/shutdown.cpp and pc_console.cpp, platform/efi/…). Time
// and memory for drivers are hw::now_ms and hw::dma_alloc (drivers/hw/hw.h).
#pragma once
#include "runtime/rt/str.h"

namespace carte::fw {

// Diagnostics output: the console (and its serial mirror) before and beside the menu UI.
void console_write(Str text);
// Stops after a fatal error; under QEMU the test harness sees the exit at once where it can.
[[noreturn]] void halt_after_failure();
[[noreturn]] void power_off();
[[noreturn]] void reset_machine();

}  // namespace carte::fw
