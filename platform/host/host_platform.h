// carte::Platform for `carte run` on a POSIX host. Two modes:
//  * interactive: a full-screen ANSI terminal UI, keys from the terminal in raw mode, real time;
//  * scripted (tests, `--keys`/`--plain`): keys from a list, console output and each menu frame
//    as plain text, and a virtual clock that jumps forward whenever the runtime waits for a key,
//    so timeouts and `sleep` cost no real time. When the key list runs out and the runtime keeps
//    waiting (an hour of virtual time), Ctrl-C is delivered so a run always ends.
// Network: the host's sockets (HostNetwork), with a DHCP lease built from the presets. `boot`
// prints what would be booted (URL, size, SHA-256 of each image, initrd names, command line)
// and ends the run with status 0; reboot/poweroff end it too.
#pragma once
#include <cstdio>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "platform/host/host_console.h"
#include "platform/host/host_network.h"
#include "runtime/platform/interrupt_poll.h"
#include "runtime/platform/platform.h"

namespace carte::host {

struct HostOptions {
    bool plain = false;          // PlainConsole instead of the ANSI terminal UI
    bool scripted_keys = false;  // keys come from `keys` (and the clock is virtual)
    std::vector<int> keys;
    double timeout_scale = 1.0;  // interactive mode: time runs 1/scale times as fast
    FILE* out = stdout;
    int rows = 25, cols = 80;
    uint64_t idle_limit_ms = 3600 * 1000;  // scripted: virtual idle time before Ctrl-C
};

class HostPlatform final : public Platform {
  public:
    explicit HostPlatform(const HostOptions& options);
    ~HostPlatform();

    Console& console() override { return *console_; }
    int read_key(uint32_t timeout_ms) override;
    bool interrupt_pending() override;
    uint64_t now_ms() override;
    uint64_t unix_time() override;
    Status set_unix_time(uint64_t seconds) override;         // an offset for this run; the host clock stays
    void gather_entropy(crypto::RandomPool& pool) override;  // getrandom(2)
    Network* network() override { return &network_; }
    Str platform_name() const override { return "host"; }
    Str build_arch() const override { return "x86_64"; }
    Str smbios(Str field) const override;
    bool cpuid(bool ext, bool ecx, unsigned bit) const override;
    Status boot(const BootPlan& plan) override;
    Status reboot(bool warm) override;
    Status poweroff() override;
    Status exit_to_firmware(int status) override;

    HostNetwork& host_network() { return network_; }
    // The plain console's transcript (empty in terminal mode), for tests.
    const std::string& transcript() const;
    // What boot() reported last ("" if nothing was booted).
    const std::string& boot_report() const { return boot_report_; }
    bool keys_exhausted() const { return scripted_ && next_key_ >= options_.keys.size(); }

  private:
    int read_source_key(uint32_t timeout_ms);  // the script or the terminal; not the typed keys
    int read_terminal_key(uint32_t timeout_ms);
    HostOptions options_;
    int64_t time_offset_ = 0;  // set_unix_time
    InterruptPoll interrupt_;  // keys interrupt_pending() read ahead of the program
    std::unique_ptr<PlainConsole> plain_;
    std::unique_ptr<AnsiConsole> ansi_;
    Console* console_ = nullptr;
    HostNetwork network_;
    bool scripted_;
    size_t next_key_ = 0;
    uint64_t virtual_ms_ = 0;
    uint64_t idle_ms_ = 0;
    uint64_t start_real_ms_ = 0;
    bool raw_mode_ = false;
    std::string pending_input_;
    std::string boot_report_;
};

}  // namespace carte::host
