// Ways out of the firmware: power off, reset, or stop after a fatal error. Under QEMU a fatal
// stop also pokes isa-debug-exit (port 0xf4) when present, so tests end at once instead of
// waiting for their timeout.
#pragma once

namespace carte::pc {
[[noreturn]] void halt_after_failure();
[[noreturn]] void power_off();
[[noreturn]] void reset_machine();
}  // namespace carte::pc
