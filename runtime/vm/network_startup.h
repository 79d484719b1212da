// Bringing the network up when the firmware starts, as iPXE's autoboot does: DHCP on the first
// interface whose link comes up, registering its `netN` and `netN.dhcp` settings. Two ways:
//  - run(): blocking, printing "Configuring (net0 …)... ok (10.0.2.15, 812 ms)" as it goes —
//    before the ROM's command-line script or autoboot of the DHCP filename;
//  - start(): in the background, for an embedded program (a menu then draws at once), while
//    step() (called from every key wait) moves DHCP on. Whatever needs the network first waits
//    for it: network() is the platform's Network behind a gate that settles first, and the
//    settings store calls settle(ref) when a lookup misses a setting DHCP could still supply
//    (a DHCP tag, or anything under a `net…` scope) — a name like `debian_mirror` never waits.
//    The outcome lines are printed when it settles, never on top of a drawn menu.
// Platforms whose Network lacks dhcp_begin/dhcp_poll get the blocking run() at settle time.
#pragma once
#include "runtime/platform/platform.h"
#include "runtime/rt/vec.h"
#include "runtime/settings/settings_store.h"
#include "runtime/vm/run_stop.h"

namespace carte {

class NetworkStartup;

// The platform's Network as the program sees it while a background start may be running.
class StartupGatedNetwork final : public Network {
  public:
    StartupGatedNetwork(NetworkStartup& startup, Network& inner) : startup_(startup), inner_(inner) {}

    size_t interface_count() const override { return inner_.interface_count(); }
    InterfaceInfo interface_info(size_t index) const override { return inner_.interface_info(index); }
    Status open(size_t index) override;
    void close(size_t index) override;
    Result<Lease> dhcp(size_t index, uint32_t timeout_ms) override;
    Result<TcpStream*> connect(Ipv4 addr, uint16_t port, uint32_t timeout_ms) override;
    Result<size_t> udp_exchange(Ipv4 addr, uint16_t port, Bytes request, Span<uint8_t> reply,
                                uint16_t* reply_port, uint32_t timeout_ms) override;
    Result<Ipv4> resolve(Str host, uint32_t timeout_ms) override;
    Result<UdpSocket*> udp_open() override;

  private:
    Status wait();  // settles a background start; only Errc::canceled is passed on
    NetworkStartup& startup_;
    Network& inner_;
};

class NetworkStartup final : public DeferredSettings {
  public:
    NetworkStartup(Platform& platform, Network& net) : platform_(platform), net_(net), gate_(*this, net) {}
    NetworkStartup(const NetworkStartup&) = delete;
    NetworkStartup& operator=(const NetworkStartup&) = delete;

    // Blocking start; the index of the configured interface, or the last interface's error.
    Result<size_t> run(SettingsStore& settings, uint32_t dhcp_timeout_ms = 30000);
    // Background start: registers the first interface's settings, starts DHCP and returns.
    void start(SettingsStore& settings, uint32_t dhcp_timeout_ms = 30000);
    // Moves a background start on without blocking. Never reads keys (it runs inside key waits).
    void step();
    // Waits for a background start to end and prints its outcome (once). Ctrl-C (or a Ctrl-B the
    // platform turns into one) gives up the wait with Errc::canceled and leaves it pending.
    // It polls Platform::interrupt_pending, so other keys typed meanwhile stay for the program.
    Result<size_t> settle();

    bool pending() const override { return phase_ == Phase::background || phase_ == Phase::deferred_run; }
    bool settle(const SettingRef* ref) override;
    // False while a background start's outcome is still to be printed (by settle()).
    bool reported() const { return reported_; }
    // The network to hand the program (fetcher, commands): it settles before every operation.
    Network& network() { return gate_; }

  private:
    enum class Phase { idle, background, deferred_run, done };
    struct Attempt {
        size_t index = 0;
        Error error;  // Errc::ok: configured
        Ipv4 ip;
        uint64_t at_ms = 0;
        bool options_stored = true;
    };
    bool register_netdev(size_t index);
    void begin_from(size_t index);  // the next interface (from `index`) that can start DHCP
    void fail_current(Error error, bool close);
    void print_prefix(size_t index);
    void print_outcome(const Attempt& a);

    Platform& platform_;
    Network& net_;
    StartupGatedNetwork gate_;
    SettingsStore* settings_ = nullptr;
    uint32_t dhcp_timeout_ms_ = 30000;
    Phase phase_ = Phase::idle;
    size_t current_ = 0;
    uint64_t link_deadline_ = 0;  // the link must be up by then (the blocking open's 3 s)
    uint64_t dhcp_deadline_ = 0;
    Vec<Attempt> attempts_;
    bool reported_ = true;     // nothing to print before start()
    bool configured_ = false;  // the outcome: configured_index_, or else error_
    size_t configured_index_ = 0;
    Error error_ = Error(Errc::noent, "network not started");
    Result<size_t> outcome() const {
        return configured_ ? Result<size_t>(configured_index_) : Result<size_t>(error_);
    }
};

}  // namespace carte
