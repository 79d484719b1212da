// carte::Platform for UEFI machines: ConOut/ConIn console, TSC time calibrated against Stall,
// GetTime, SMBIOS from the configuration table, the firmware's NICs through SNP, and boots
// through LoadImage/StartImage (efi_boot.cpp). Key handling, the network and the start-up
// sequence are shared with pcbios (platform/firmware/).
#pragma once
#include "platform/firmware/firmware_platform.h"

namespace carte::efi {

class EfiPlatform final : public fw::FirmwarePlatform {
  public:
    Console& console() override;
    uint64_t rtc_time() override;
    void gather_entropy(crypto::RandomPool& pool) override;  // EFI_RNG_PROTOCOL, then the CPU's
    size_t add_firmware_roots(TlsTrust& trust) override;     // the TlsCaCertificate variable
    Str platform_name() const override { return "efi"; }
    Str build_arch() const override { return "x86_64"; }
    Str smbios(Str field) const override;
    bool cpuid(bool ext, bool ecx, unsigned bit) const override;
    Status boot(const BootPlan& plan) override;
    Status reboot(bool warm) override;
    Status poweroff() override;
    Status exit_to_firmware(int status) override;

    int console_key(uint32_t timeout_ms) override;
    Str banner_name() const override { return "efi x86_64"; }
};

}  // namespace carte::efi
