// What every firmware platform's carte::Platform shares: keys pass through the Ctrl-B window
// (shell_hotkey.h), Ctrl-C polls are bounded by time (interrupt_poll.h), and while DHCP runs
// behind an embedded menu every key wait moves it on (network_startup.h). A platform adds its
// console, clocks, machine data and loaders.
#pragma once
#include "platform/firmware/net/lwip_network.h"
#include "platform/firmware/shell_hotkey.h"
#include "runtime/net/tls_trust.h"
#include "runtime/platform/interrupt_poll.h"
#include "runtime/platform/platform.h"
#include "runtime/vm/network_startup.h"

namespace carte::fw {

class FirmwarePlatform : public Platform {
  public:
    int read_key(uint32_t timeout_ms) final;
    bool interrupt_pending() final;
    uint64_t now_ms() final;
    Network* network() final;
    // The hardware clock (rtc_time) until `ntp` sets it; from then on the set time plus the
    // monotonic time since.
    uint64_t unix_time() final;
    Status set_unix_time(uint64_t seconds) final;
    // The machine's real-time clock (CMOS, EFI GetTime): Unix seconds, 0 if unknown.
    virtual uint64_t rtc_time() = 0;
    // RDSEED/RDRAND and clock jitter (cpu_entropy.h); EFI adds EFI_RNG_PROTOCOL first.
    void gather_entropy(crypto::RandomPool& pool) override;
    // HTTPS roots the machine's firmware itself trusts (EFI: the TlsCaCertificate variable);
    // how many were added. The default has none.
    virtual size_t add_firmware_roots(TlsTrust& trust) {
        (void)trust;
        return 0;
    }

    // The one key source under everything above: the console's keys (decoded to key:: codes),
    // waiting up to `timeout_ms`; key::none on timeout.
    virtual int console_key(uint32_t timeout_ms) = 0;
    // The NICs the platform added (LwipNetwork::add_device), for the start-up sequence
    // (boot_sequence.h) and for quiescing them before a boot.
    LwipNetwork& nics() { return fw::network(); }
    // How the banner names this platform: "pcbios x86_64", "efi x86_64".
    virtual Str banner_name() const = 0;

    // Every key read_key returns passes through `hotkey` (nullptr: none); see shell_hotkey.h.
    void watch_keys(ShellHotkey* hotkey) { hotkey_ = hotkey; }
    // The network the program sees (the startup gate) and the background start that key waits
    // move on while it is pending.
    void use_startup(NetworkStartup* startup) { startup_ = startup; }

  protected:
    ~FirmwarePlatform() = default;

  private:
    int wait_key(uint32_t timeout_ms);  // the console, moving DHCP on meanwhile; not the typed keys
    InterruptPoll interrupt_;           // Ctrl-C polls, bounded by time; keys they read ahead of the program
    ShellHotkey* hotkey_ = nullptr;
    uint64_t set_time_ = 0, set_at_ms_ = 0;  // set_unix_time's value and when; 0: not set
    NetworkStartup* startup_ = nullptr;
};

}  // namespace carte::fw
