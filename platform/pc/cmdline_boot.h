// The legacy `kernel=… initrd=… args=…` / test-mode command line (cmdline_boot.cpp).
#pragma once
#include "platform/pc/boot_info.h"
#include "platform/pc/pc_platform.h"

namespace carte::pc {

// True when the command line starts with one of the legacy keywords (kernel=, bench=, keytest,
// smbiostest, tftptest=) rather than being an iPXE script.
bool is_legacy_cmdline(Str cmdline);
// Runs the legacy driver; never returns (boots, powers off, or stops after an error).
[[noreturn]] void run_legacy_cmdline(PcPlatform& platform, const BootInfo& info);

}  // namespace carte::pc
