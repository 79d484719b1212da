#include "platform/firmware/firmware_platform.h"

#include "drivers/hw/hw.h"
#include "platform/firmware/cpu_entropy.h"

namespace carte::fw {

int FirmwarePlatform::read_key(uint32_t timeout_ms) {
    if (hotkey_ && hotkey_->requested()) return key::ctrl_c;  // unwinding to the shell: no waits
    // Keys typed while a download or the lease wait polled for Ctrl-C come first (they passed
    // the hotkey filter when they were read).
    if (interrupt_.typed().size()) return interrupt_.typed().pop();
    return wait_key(timeout_ms);
}

bool FirmwarePlatform::interrupt_pending() {
    if (hotkey_ && hotkey_->requested()) return true;
    return interrupt_.pending(hw::now_ms(), [&] { return wait_key(0); });
}

int FirmwarePlatform::wait_key(uint32_t timeout_ms) {
    int k = key::none;
    bool looked = false;
    uint64_t deadline = hw::now_ms() + timeout_ms;
    // While DHCP runs in the background, every key wait moves it on.
    while (startup_ && startup_->pending()) {
        k = console_key(0);
        looked = true;
        if (k != key::none || hw::now_ms() >= deadline) break;
        startup_->step();
    }
    if (k == key::none) {
        uint64_t now = hw::now_ms();
        if (now < deadline || !looked) k = console_key(now < deadline ? uint32_t(deadline - now) : 0);
    }
    return hotkey_ ? hotkey_->filter(k, hw::now_ms()) : k;
}

uint64_t FirmwarePlatform::now_ms() {
    return hw::now_ms();
}

Network* FirmwarePlatform::network() {
    if (startup_) return &startup_->network();
    return &nics();
}

uint64_t FirmwarePlatform::unix_time() {
    return set_time_ ? set_time_ + (now_ms() - set_at_ms_) / 1000 : rtc_time();
}

Status FirmwarePlatform::set_unix_time(uint64_t seconds) {
    set_time_ = seconds;
    set_at_ms_ = now_ms();
    return {};
}

void FirmwarePlatform::gather_entropy(crypto::RandomPool& pool) {
    (void)gather_cpu_entropy(pool);
}

}  // namespace carte::fw
