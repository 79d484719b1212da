// The start-up sequence every firmware platform ends in (boot_sequence.cpp): banner, network
// start, the program (command line, embedded payload or DHCP filename), the Ctrl-B shell.
#pragma once
#include "platform/firmware/firmware_platform.h"
#include "runtime/rt/span.h"
#include "runtime/rt/str.h"

namespace carte::fw {

// What the platform's loader handed over.
struct BootInputs {
    Str cmdline;     // a script, iPXE's .lkrn rule; the EFI load options after the image name
    Bytes embedded;  // the payload `carte build` embedded (embed_format.h); empty: none
};

// Runs the firmware: never returns (a boot leaves, a finished shell halts).
[[noreturn]] void run_firmware(FirmwarePlatform& platform, const BootInputs& boot);

}  // namespace carte::fw
