// carte::Platform for x86_64 BIOS machines: the seam the runtime VM (bytecode and iPXE scripts)
// drives. Console = serial + VGA, keys from the serial line, TSC time, CMOS clock, lwIP network,
// Linux bzImage and multiboot v1 boot.
#pragma once
#include "platform/pc/boot_info.h"
#include "platform/pc/shell_hotkey.h"
#include "runtime/platform/interrupt_poll.h"
#include "runtime/platform/platform.h"
#include "runtime/vm/network_startup.h"

namespace carte::pc {

class PcPlatform final : public Platform {
  public:
    explicit PcPlatform(const BootInfo& info) : info_(info) {}

    Console& console() override;
    int read_key(uint32_t timeout_ms) override;
    bool interrupt_pending() override;
    uint64_t now_ms() override;
    uint64_t unix_time() override;
    Network* network() override;
    Str platform_name() const override { return "pcbios"; }
    Str build_arch() const override { return "x86_64"; }
    Str smbios(Str field) const override;
    bool cpuid(bool ext, bool ecx, unsigned bit) const override;
    Status boot(const BootPlan& plan) override;
    Status reboot(bool warm) override;
    Status poweroff() override;
    Status exit_to_firmware(int status) override;

    const BootInfo& boot_info() const { return info_; }
    // Every key read_key returns passes through `hotkey` (nullptr: none); see shell_hotkey.h.
    void watch_keys(ShellHotkey* hotkey) { hotkey_ = hotkey; }
    // The network the program sees (the startup gate) and the background start that key waits
    // move on while it is pending.
    void use_startup(NetworkStartup* startup) { startup_ = startup; }

  private:
    int wait_key(uint32_t timeout_ms);  // the console, moving DHCP on meanwhile; not the typed keys
    const BootInfo& info_;
    InterruptPoll interrupt_;  // Ctrl-C polls, bounded by time; keys they read ahead of the program
    ShellHotkey* hotkey_ = nullptr;
    NetworkStartup* startup_ = nullptr;
};

}  // namespace carte::pc
