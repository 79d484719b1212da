#include "runtime/vm/network_startup.h"

#include "runtime/net/ipv4_text.h"
#include "runtime/settings/netdev_settings.h"

namespace carte {

namespace {

Str error_text(const Error& e) {
    return Str::from_cstr(e.detail ? e.detail : errc_message(e.code));
}

constexpr uint32_t kLinkWaitMs = 3000;  // as the blocking open: QEMU's e1000 needs ~0.5 s

String interface_name(size_t index) {
    String name = String::copy("net");
    (void)name.append_u64(index);
    return name;
}

// DHCP can only ever supply settings with a tag, or values under a network device's scope.
bool dhcp_may_supply(const SettingRef& ref) {
    return ref.tag != 0 || (ref.scoped && ref.scope.starts_with("net"));
}

}  // namespace

// ---- the gate ----------------------------------------------------------------------------------

Status StartupGatedNetwork::wait() {
    if (!startup_.pending() && startup_.reported()) return {};
    auto settled = startup_.settle();
    if (!settled && settled.error().code == Errc::canceled) return settled.error();
    return {};  // a failed start is reported by settle(); the operation itself decides what next
}

Status StartupGatedNetwork::open(size_t index) {
    CARTE_TRY(wait());
    return inner_.open(index);
}
void StartupGatedNetwork::close(size_t index) {
    (void)wait();
    inner_.close(index);
}
Result<Lease> StartupGatedNetwork::dhcp(size_t index, uint32_t timeout_ms) {
    CARTE_TRY(wait());
    return inner_.dhcp(index, timeout_ms);
}
Result<TcpStream*> StartupGatedNetwork::connect(Ipv4 addr, uint16_t port, uint32_t timeout_ms) {
    CARTE_TRY(wait());
    return inner_.connect(addr, port, timeout_ms);
}
Result<size_t> StartupGatedNetwork::udp_exchange(Ipv4 addr, uint16_t port, Bytes request, Span<uint8_t> reply,
                                                 uint16_t* reply_port, uint32_t timeout_ms) {
    CARTE_TRY(wait());
    return inner_.udp_exchange(addr, port, request, reply, reply_port, timeout_ms);
}
Result<Ipv4> StartupGatedNetwork::resolve(Str host, uint32_t timeout_ms) {
    CARTE_TRY(wait());
    return inner_.resolve(host, timeout_ms);
}
Result<UdpSocket*> StartupGatedNetwork::udp_open() {
    CARTE_TRY(wait());
    return inner_.udp_open();
}

// ---- the start ---------------------------------------------------------------------------------

bool NetworkStartup::register_netdev(size_t index) {
    InterfaceInfo info = net_.interface_info(index);
    NetdevSettingsInfo s;
    s.mac = Bytes(info.mac, 6);
    s.chip = info.chip;
    s.bustype = info.bus_type == "pci" ? Str("PCI") : info.bus_type;
    s.busloc = info.bus_loc;
    return register_netdev_settings(*settings_, unsigned(index), s).ok();
}

void NetworkStartup::print_prefix(size_t index) {
    InterfaceInfo info = net_.interface_info(index);
    String line = String::copy("Configuring (net");
    (void)line.append_u64(index);
    for (int i = 0; i < 6; ++i) (void)(line.append(i ? ':' : ' ') && line.append_hex_byte(info.mac[i]));
    (void)line.append(")...");
    platform_.console().write(line.view());
}

void NetworkStartup::print_outcome(const Attempt& a) {
    String line;
    if (a.error.code == Errc::ok) {
        (void)line.append(" ok (");
        (void)append_ipv4(a.ip, &line);
        (void)line.append(", ");
        (void)line.append_u64(a.at_ms);
        (void)line.append(" ms)\n");
    } else {
        (void)line.append(' ');
        (void)line.append(error_text(a.error));
        (void)line.append('\n');
    }
    if (!a.options_stored) (void)line.append("DHCP options not stored\n");
    platform_.console().write(line.view());
}

Result<size_t> NetworkStartup::run(SettingsStore& settings, uint32_t dhcp_timeout_ms) {
    settings_ = &settings;
    dhcp_timeout_ms_ = dhcp_timeout_ms;
    phase_ = Phase::done;
    reported_ = true;
    size_t count = net_.interface_count();
    configured_ = false;
    error_ = Error(Errc::noent, count ? "no network device has link" : "no supported network card found");
    for (size_t i = 0; i < count; ++i) {
        Attempt a;
        a.index = i;
        print_prefix(i);  // before the wait, so a slow exchange shows what it waits for
        Status opened = net_.open(i);
        if (opened.ok() && !net_.interface_info(i).link_up) opened = Status(Errc::io, "link down");
        if (!opened.ok()) {
            a.error = error_ = opened.error();
            print_outcome(a);
            net_.close(i);
            continue;
        }
        (void)register_netdev(i);
        auto lease = net_.dhcp(i, dhcp_timeout_ms);
        if (!lease) {
            a.error = Error(lease.error().code);  // the code's message, as iPXE prints it
            error_ = lease.error();
            print_outcome(a);
            continue;
        }
        a.options_stored = register_dhcp_settings(settings, interface_name(i).view(), *lease).ok();
        a.ip = lease->ip;
        a.at_ms = platform_.now_ms();
        print_outcome(a);
        configured_ = true, configured_index_ = i;
        return i;
    }
    return outcome();
}

void NetworkStartup::start(SettingsStore& settings, uint32_t dhcp_timeout_ms) {
    settings_ = &settings;
    dhcp_timeout_ms_ = dhcp_timeout_ms;
    reported_ = false;
    attempts_.clear();
    configured_ = false;
    if (net_.interface_count() == 0) {
        phase_ = Phase::done;
        error_ = Error(Errc::noent, "no supported network card found");
        return;
    }
    error_ = Error(Errc::noent, "no network device has link");
    begin_from(0);
    if (pending()) settings.set_deferred(this);
}

void NetworkStartup::begin_from(size_t index) {
    for (size_t i = index; i < net_.interface_count(); ++i) {
        (void)register_netdev(i);
        Status begun = net_.dhcp_begin(i);
        if (begun.ok()) {
            phase_ = Phase::background;
            current_ = i;
            uint64_t now = platform_.now_ms();
            link_deadline_ = now + kLinkWaitMs;
            dhcp_deadline_ = now + kLinkWaitMs + dhcp_timeout_ms_;
            return;
        }
        if (begun.error().code == Errc::notsup) {
            phase_ = Phase::deferred_run;  // no background DHCP here: run() when first needed
            return;
        }
        (void)attempts_.push(Attempt{i, begun.error(), {}, 0, true});
        error_ = begun.error();
        net_.close(i);
    }
    phase_ = Phase::done;
}

void NetworkStartup::fail_current(Error error, bool close) {
    (void)attempts_.push(Attempt{current_, error, {}, 0, true});
    error_ = error;
    net_.dhcp_cancel(current_);
    if (close) net_.close(current_);
    begin_from(current_ + 1);
}

void NetworkStartup::step() {
    if (phase_ != Phase::background) return;
    Lease lease;
    auto bound = net_.dhcp_poll(current_, &lease);
    uint64_t now = platform_.now_ms();
    if (!bound) return fail_current(bound.error(), false);
    if (*bound) {
        bool stored = register_dhcp_settings(*settings_, interface_name(current_).view(), lease).ok();
        (void)attempts_.push(Attempt{current_, Error(Errc::ok), lease.ip, now, stored});
        configured_ = true, configured_index_ = current_;
        phase_ = Phase::done;
        return;
    }
    if (now > link_deadline_ && !net_.interface_info(current_).link_up)
        return fail_current(Error(Errc::io, "link down"), true);
    if (now > dhcp_deadline_) fail_current(Error(Errc::timedout), false);
}

Result<size_t> NetworkStartup::settle() {
    if (phase_ == Phase::deferred_run) return run(*settings_, dhcp_timeout_ms_);
    while (phase_ == Phase::background) {
        step();
        // Ctrl-C, or the startup Ctrl-B the platform reports as one, ends the wait; the
        // platform keeps other keys typed meanwhile for the program.
        if (platform_.interrupt_pending()) return Error(Errc::canceled, "waiting for DHCP canceled");
    }
    if (!reported_) {
        reported_ = true;
        for (const Attempt& a : attempts_) print_prefix(a.index), print_outcome(a);
        if (attempts_.empty() && !configured_) {
            String line = String::copy("network: ");
            (void)line.append(error_text(error_));
            (void)line.append('\n');
            platform_.console().write(line.view());
        }
    }
    return outcome();
}

bool NetworkStartup::settle(const SettingRef* ref) {
    if (!pending() || (ref && !dhcp_may_supply(*ref))) return false;
    (void)settle();
    return true;
}

}  // namespace carte
