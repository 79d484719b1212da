#include "platform/efi/efi_platform.h"

#include "platform/efi/efi_boot.h"
#include "platform/efi/efi_clock.h"
#include "platform/efi/efi_console.h"
#include "platform/efi/efi_signature_list.h"
#include "platform/efi/efi_system.h"
#include "platform/efi/snp_netdev.h"
#include "platform/firmware/cpuid.h"
#include "platform/firmware/kprint.h"
#include "platform/firmware/machine.h"
#include "platform/firmware/smbios.h"
#include "runtime/crypto/random_pool.h"

namespace carte::efi {

Console& EfiPlatform::console() {
    return efi::console();
}
int EfiPlatform::console_key(uint32_t timeout_ms) {
    return efi::console().read_key(timeout_ms);
}
// As iPXE's efi_cacert.c: the CAs firmware setup (or OVMF, from QEMU's fw_cfg
// etc/edk2/https/cacerts) configured for the firmware's own HTTPS boot.
size_t EfiPlatform::add_firmware_roots(TlsTrust& trust) {
    static const Char16 kName[] = u"TlsCaCertificate";
    uint64_t size = 0;
    EfiStatus st = sys().runtime->get_variable(kName, &kTlsCaCertificateGuid, nullptr, &size, nullptr);
    if (st != kBufferTooSmall || size == 0 || size > (1u << 20)) return 0;
    Vec<uint8_t> data;
    if (!data.reserve(size_t(size))) return 0;
    data.grow(size_t(size));
    if (failed(sys().runtime->get_variable(kName, &kTlsCaCertificateGuid, nullptr, &size, data.data())))
        return 0;
    size_t added = 0;
    Status s = for_each_x509(data.span().subspan(0, size_t(size)), [&](Bytes der) -> Status {
        if (trust.add_certificate(der, TlsRootOrigin::system).ok()) ++added;
        return {};
    });
    if (!s) carte_printf("https: TlsCaCertificate ignored: %s\n", s.error().detail);
    return added;
}

void EfiPlatform::gather_entropy(crypto::RandomPool& pool) {
    void* found = nullptr;
    if (!failed(sys().boot->locate_protocol(&kRngProtocolGuid, nullptr, &found)) && found) {
        auto* rng = static_cast<RngProtocol*>(found);
        uint8_t buf[32];
        if (!failed(rng->get_rng(rng, nullptr, sizeof buf, buf))) pool.mix(Bytes(buf, sizeof buf), 256);
    }
    FirmwarePlatform::gather_entropy(pool);
}

uint64_t EfiPlatform::rtc_time() {
    return rtc_unix_time();
}
Str EfiPlatform::smbios(Str field) const {
    return fw::smbios_field(field);
}
bool EfiPlatform::cpuid(bool ext, bool ecx, unsigned bit) const {
    return fw::cpuid_bit(ext, ecx, bit);
}

Status EfiPlatform::boot(const BootPlan& plan) {
    if (plan.kind == ImageKind::multiboot)
        return Status(Errc::notsup, "multiboot kernels are not supported on efi (as in iPXE's EFI builds)");
    if (plan.kind != ImageKind::bzimage && plan.kind != ImageKind::efi)
        return Status(Errc::noexec, "not an EFI program or a Linux kernel with an EFI stub");
    return start_efi_image(plan);
}

Status EfiPlatform::reboot(bool warm) {
    fw::network().shutdown_all();
    sys().runtime->reset_system(warm ? kResetWarm : kResetCold, kSuccess, 0, nullptr);
    return Status(Errc::io, "ResetSystem returned");
}
Status EfiPlatform::poweroff() {
    fw::power_off();
}
// iPXE's `exit`: back to the boot manager, which tries the next boot option.
Status EfiPlatform::exit_to_firmware(int status) {
    fw::network().shutdown_all();
    release_snp_nics();
    sys().boot->exit(sys().image, status ? kAborted : kSuccess, 0, nullptr);
    return Status(Errc::io, "Exit returned");
}

}  // namespace carte::efi
