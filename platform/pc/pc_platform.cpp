#include "platform/pc/pc_platform.h"

#include "platform/firmware/cpuid.h"
#include "platform/firmware/machine.h"
#include "platform/firmware/net/lwip_network.h"
#include "platform/firmware/smbios.h"
#include "platform/pc/cmos_clock.h"
#include "platform/pc/linux_boot.h"
#include "platform/pc/multiboot_boot.h"
#include "platform/pc/pc_console.h"

namespace carte::pc {

Console& PcPlatform::console() {
    return pc::console();
}
int PcPlatform::console_key(uint32_t timeout_ms) {
    return pc::console().read_key(timeout_ms);
}
uint64_t PcPlatform::rtc_time() {
    return cmos_unix_time();
}
Str PcPlatform::smbios(Str field) const {
    return fw::smbios_field(field);
}

bool PcPlatform::cpuid(bool ext, bool ecx, unsigned bit) const {
    return fw::cpuid_bit(ext, ecx, bit);
}

Status PcPlatform::boot(const BootPlan& plan) {
    if (plan.kind == ImageKind::bzimage) return boot_linux(plan, info_);
    if (plan.kind == ImageKind::multiboot) return boot_multiboot(plan, info_);
    return Status(Errc::noexec, "the pc platform boots Linux bzImages and multiboot kernels only");
}

Status PcPlatform::reboot(bool) {
    fw::reset_machine();
}
Status PcPlatform::poweroff() {
    fw::power_off();
}
// Returning to the BIOS (int 18h) needs the real-mode environment we left behind at entry.
Status PcPlatform::exit_to_firmware(int) {
    return Status(Errc::notsup, "cannot return to the BIOS from long mode");
}

}  // namespace carte::pc
