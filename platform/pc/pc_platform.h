// carte::Platform for x86_64 BIOS machines: console = serial + VGA, keys from the serial line and
// PS/2, TSC time, CMOS clock, SMBIOS from the BIOS area, Linux bzImage and multiboot v1 boot.
// Key handling, the network and the start-up sequence are shared (platform/firmware/).
#pragma once
#include "platform/firmware/firmware_platform.h"
#include "platform/pc/boot_info.h"

namespace carte::pc {

class PcPlatform final : public fw::FirmwarePlatform {
  public:
    explicit PcPlatform(const BootInfo& info) : info_(info) {}

    Console& console() override;
    uint64_t rtc_time() override;
    Str platform_name() const override { return "pcbios"; }
    Str build_arch() const override { return "x86_64"; }
    Str smbios(Str field) const override;
    bool cpuid(bool ext, bool ecx, unsigned bit) const override;
    Status boot(const BootPlan& plan) override;
    Status reboot(bool warm) override;
    Status poweroff() override;
    Status exit_to_firmware(int status) override;

    int console_key(uint32_t timeout_ms) override;
    Str banner_name() const override { return "pcbios x86_64"; }

    const BootInfo& boot_info() const { return info_; }

  private:
    const BootInfo& info_;
};

}  // namespace carte::pc
