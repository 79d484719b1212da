#include "platform/pc/pc_platform.h"

#include "platform/pc/cmos_clock.h"
#include "platform/pc/linux_boot.h"
#include "platform/pc/multiboot_boot.h"
#include "platform/pc/pc_console.h"
#include "platform/pc/pc_network.h"
#include "platform/pc/shutdown.h"
#include "platform/pc/smbios.h"
#include "platform/pc/timer.h"

namespace carte::pc {

Console& PcPlatform::console() {
    return pc::console();
}
int PcPlatform::read_key(uint32_t timeout_ms) {
    if (hotkey_ && hotkey_->requested()) return key::ctrl_c;  // unwinding to the shell: no waits
    // Keys typed while a download or the lease wait polled for Ctrl-C come first (they passed
    // the hotkey filter when they were read).
    if (interrupt_.typed().size()) return interrupt_.typed().pop();
    return wait_key(timeout_ms);
}

bool PcPlatform::interrupt_pending() {
    if (hotkey_ && hotkey_->requested()) return true;
    return interrupt_.pending(timer_ms(), [&] { return wait_key(0); });
}

int PcPlatform::wait_key(uint32_t timeout_ms) {
    int k = key::none;
    bool looked = false;
    uint64_t deadline = timer_ms() + timeout_ms;
    // While DHCP runs in the background, every key wait moves it on.
    while (startup_ && startup_->pending()) {
        k = pc::console().read_key(0);
        looked = true;
        if (k != key::none || timer_ms() >= deadline) break;
        startup_->step();
    }
    if (k == key::none) {
        uint64_t now = timer_ms();
        if (now < deadline || !looked)
            k = pc::console().read_key(now < deadline ? uint32_t(deadline - now) : 0);
    }
    return hotkey_ ? hotkey_->filter(k, timer_ms()) : k;
}
uint64_t PcPlatform::now_ms() {
    return timer_ms();
}
uint64_t PcPlatform::unix_time() {
    return cmos_unix_time();
}
Network* PcPlatform::network() {
    if (startup_) return &startup_->network();
    return &pc::network();
}

Str PcPlatform::smbios(Str field) const {
    return smbios_field(field);
}

bool PcPlatform::cpuid(bool ext, bool ecx, unsigned bit) const {
    if (bit > 31) return false;
    uint32_t leaf = ext ? 0x80000001u : 1u;
    uint32_t a, b, c, d;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(leaf & 0x80000000u), "c"(0));
    if (a < leaf) return false;
    __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(leaf), "c"(0));
    return ((ecx ? c : d) >> bit) & 1;
}

Status PcPlatform::boot(const BootPlan& plan) {
    if (plan.kind == ImageKind::bzimage) return boot_linux(plan, info_);
    if (plan.kind == ImageKind::multiboot) return boot_multiboot(plan, info_);
    return Status(Errc::noexec, "the pc platform boots Linux bzImages and multiboot kernels only");
}

Status PcPlatform::reboot(bool) {
    reset_machine();
}
Status PcPlatform::poweroff() {
    power_off();
}
// Returning to the BIOS (int 18h) needs the real-mode environment we left behind at entry.
Status PcPlatform::exit_to_firmware(int) {
    return Status(Errc::notsup, "cannot return to the BIOS from long mode");
}

}  // namespace carte::pc
