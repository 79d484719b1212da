// `keytest` on the command line: the firmware echoes the key code of every key read_key returns, for
// the console test (tests/qemu/console_keys_test.py). Everything else a command line says runs
// as an iPXE script.
#pragma once
#include "runtime/platform/platform.h"

namespace carte::fw {

bool is_keytest_cmdline(Str cmdline);
// Prints "keytest: ready", then "key: <code>" per key until 'q'; then powers off.
[[noreturn]] void run_keytest(Platform& platform);

}  // namespace carte::fw
