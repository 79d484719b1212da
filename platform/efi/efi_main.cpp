// efi_main: the entry the firmware calls (PE entry point, Microsoft x64 convention). Brings up, in
// order: our tables, the C++ constructors, memory, console, clock, SMBIOS and the NICs; finds
// the payload `carte build` embedded (the .carte section) and the load options; then hands over
// to the start-up sequence every platform shares (platform/firmware/boot_sequence.h).
#include "platform/efi/efi_clock.h"
#include "platform/efi/efi_console.h"
#include "platform/efi/efi_memory.h"
#include "platform/efi/efi_net_api.h"
#include "platform/efi/efi_platform.h"
#include "platform/efi/efi_system.h"
#include "platform/efi/pe_image.h"
#include "platform/efi/snp_netdev.h"
#include "platform/firmware/boot_sequence.h"
#include "platform/firmware/embed_format.h"
#include "platform/firmware/kprint.h"
#include "platform/firmware/net/cached_lease.h"
#include "platform/firmware/net/dhcp_request_options.h"
#include "platform/firmware/net/lwip_network.h"
#include "platform/firmware/smbios.h"
#include "runtime/rt/string.h"

namespace carte::efi {

namespace {

System g_system;

// clang's windows targets put constructor pointers in .CRT$XCU; the linker sorts .CRT$X* by
// name, so these two bracket them.
using Constructor = void (*)();
__attribute__((section(".CRT$XCA"), used)) Constructor g_ctors_begin = nullptr;
__attribute__((section(".CRT$XCZ"), used)) Constructor g_ctors_end = nullptr;

void run_constructors() {
    for (Constructor* c = &g_ctors_begin + 1; c < &g_ctors_end; ++c)
        if (*c) (*c)();
}

void find_smbios() {
    const SystemTable* st = sys().table;
    const Guid* wanted[] = {&kSmbios3TableGuid, &kSmbiosTableGuid};
    for (const Guid* want : wanted)
        for (uint64_t i = 0; i < st->number_of_table_entries; ++i)
            if (st->configuration_table[i].vendor_guid == *want &&
                fw::use_smbios_entry(static_cast<const uint8_t*>(st->configuration_table[i].vendor_table)))
                return;
}

// The payload section of our own image, as loaded (headers included at ImageBase).
Bytes embedded_payload() {
    Bytes image(static_cast<const uint8_t*>(sys().loaded->image_base), sys().loaded->image_size);
    auto h = pe::read_headers(image);
    pe::Section s;
    if (!h || !pe::find_section(image, *h, pe::kPayloadSection, &s)) return {};
    if (s.virtual_address > image.size() || s.virtual_size > image.size() - s.virtual_address) return {};
    return image.subspan(s.virtual_address, s.virtual_size);
}

// The load options as a command line: UCS-2 to ASCII. The UEFI shell passes the program's own
// name first, which is dropped; anything unprintable means the options are binary data (boot
// manager entries carry such), which is not a script.
String load_options_cmdline() {
    String out;
    const auto* p = static_cast<const char16_t*>(sys().loaded->load_options);
    size_t n = sys().loaded->load_options_size / 2;
    if (!p) return out;
    for (size_t i = 0; i < n && p[i]; ++i) {
        char16_t c = p[i];
        if (c == u'\t') c = u' ';
        if (c < 0x20 || c > 0x7e) return String();
        if (!out.append(char(c))) return String();
    }
    Str text = out.view();
    while (!text.empty() && text[0] == ' ') text = text.drop(1);
    size_t end = text.find(' ');
    Str first = text.substr(0, end == Str::npos ? text.size() : end);
    if (first.size() >= 4) {
        Str ext = first.substr(first.size() - 4);
        bool efi =
            (ext[0] == '.') && (ext[1] | 0x20) == 'e' && (ext[2] | 0x20) == 'f' && (ext[3] | 0x20) == 'i';
        if (efi) return String::copy(end == Str::npos ? Str() : text.substr(end + 1));
    }
    return String::copy(text);
}

// When the firmware's PXE loaded us, its DHCPACK (EFI_PXE_BASE_CODE_MODE.DhcpAck) on our
// device handle. Copied now: opening the SNP exclusively tears the PXE stack down.
struct CachedLease {
    uint8_t packet[sizeof(PxePacket)];
    bool valid = false;
};

void take_pxe_lease(CachedLease* out) {
    PxeBaseCode* pxe = protocol<PxeBaseCode>(sys().loaded->device_handle, kPxeBaseCodeGuid);
    if (!pxe || !pxe->mode || !pxe->mode->dhcp_ack_received || pxe->mode->using_ipv6) return;
    __builtin_memcpy(out->packet, pxe->mode->dhcp_ack.raw, sizeof(out->packet));
    out->valid = true;
}

}  // namespace

System& sys() {
    return g_system;
}

}  // namespace carte::efi

extern "C" carte::efi::EfiStatus efi_main(carte::efi::Handle image, carte::efi::SystemTable* table) {
    using namespace carte;
    using namespace carte::efi;
    System& s = sys();
    s.image = image;
    s.table = table;
    s.boot = table->boot_services;
    s.runtime = table->runtime_services;
    s.loaded = protocol<LoadedImage>(image, kLoadedImageGuid);
    if (!s.loaded) return kLoadError;
    s.boot->set_watchdog_timer(0, 0, 0,
                               nullptr);  // the boot manager's 5-minute reset: a menu may wait longer
    run_constructors();
    install_allocator(&memory());
    console().init();
    clock_calibrate();
    find_smbios();
    carte_printf("carte efi firmware: image=%p size=%u console=%dx%d tsc=%u MHz\n", s.loaded->image_base,
                 unsigned(s.loaded->image_size), console().cols(), console().rows(),
                 unsigned(tsc_khz() / 1000));
    static CachedLease pxe_lease;
    take_pxe_lease(&pxe_lease);
    Bytes payload = embedded_payload();
    auto parsed = fw::embed::parse(payload);
    if (parsed && parsed->nic_policy == fw::embed::NicPolicy::native) probe_native_nics(fw::network());
    probe_snp_nics(fw::network());
    carte_dhcp_set_client_arch(7, 3, 16);  // x86-64 UEFI, UNDI 3.16: what iPXE's EFI build sends
    if (pxe_lease.valid)
        fw::use_cached_lease(fw::network(), Bytes(pxe_lease.packet, sizeof(pxe_lease.packet)),
                             "the firmware's PXE");
    String cmdline = load_options_cmdline();
    static EfiPlatform platform;
    fw::run_firmware(platform, {cmdline.view(), payload});
}
