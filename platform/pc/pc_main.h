// The hand-over from start-up (main.cpp) to whatever drives this firmware image: today the
// command-line boot driver (cmdline_boot.cpp), later the runtime VM.
#pragma once
#include "platform/pc/boot_info.h"

namespace carte::pc {
void pc_run(const BootInfo& info);
}
