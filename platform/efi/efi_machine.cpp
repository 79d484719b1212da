// The machine services shared firmware code asks for (platform/firmware/machine.h), on EFI,
// plus the few symbols clang's windows target expects of a C runtime.
#include "drivers/hw/hw.h"
#include "platform/efi/efi_system.h"
#include "platform/efi/snp_netdev.h"
#include "platform/firmware/machine.h"

extern "C" {
int _fltused = 0;  // referenced by any floating-point code under the MSVC ABI
}

namespace carte::fw {

void halt_after_failure() {
    hw::outb(0xf4, 0x01);  // QEMU isa-debug-exit, when the test machine has one: exit status 3
    // Back to the boot manager, which tries the next option, as iPXE does on a fatal error.
    efi::release_snp_nics();
    efi::sys().boot->exit(efi::sys().image, efi::kAborted, 0, nullptr);
    for (;;) __asm__ volatile("hlt");
}

void power_off() {
    efi::sys().runtime->reset_system(efi::kResetShutdown, efi::kSuccess, 0, nullptr);
    for (;;) __asm__ volatile("hlt");
}

void reset_machine() {
    efi::sys().runtime->reset_system(efi::kResetCold, efi::kSuccess, 0, nullptr);
    for (;;) __asm__ volatile("hlt");
}

}  // namespace carte::fw
