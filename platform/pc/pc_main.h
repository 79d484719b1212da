// The hand-over from start-up (main.cpp) to the firmware proper (firmware_run.cpp): the runtime
// VM running the command-line script, the embedded program or autoboot.
#pragma once
#include "platform/pc/boot_info.h"

namespace carte::pc {
void pc_run(const BootInfo& info);
}
