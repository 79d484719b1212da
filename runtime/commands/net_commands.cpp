// Network commands: dhcp/ifconf, ifopen, ifclose, ifstat, ping, nslookup (iPXE: ifmgmt_cmd.c,
// dhcp_cmd.c, ping_cmd.c, nslookup_cmd.c in src/hci/commands/). They work through the platform's
// Network; a successful DHCP fills `netN` (device settings) and `netN.dhcp` (the lease) in the
// settings store.
#include "runtime/commands/handlers.h"
#include "runtime/commands/options.h"
#include "runtime/crypto/random_pool.h"
#include "runtime/net/sntp_client.h"
#include "runtime/settings/netdev_settings.h"

namespace carte::commands {

namespace {

Network* network_or_complain(Interpreter& in) {
    Network* net = in.platform().network();
    if (!net || net->interface_count() == 0) in.print("No network devices\n");
    return net && net->interface_count() ? net : nullptr;
}

// "net3" -> 3; false for anything else or an index past the last interface.
bool interface_index(Network& net, Str name, size_t* index) {
    if (!name.starts_with("net") || name.size() == 3) return false;
    size_t v = 0;
    for (char c : name.drop(3)) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + static_cast<size_t>(c - '0');
    }
    if (v >= net.interface_count()) return false;
    *index = v;
    return true;
}

void append_ifname(String* out, size_t index) {
    (void)out->append("net");
    (void)out->append_u64(index);
}

void append_mac(String* out, const uint8_t mac[6]) {
    for (int i = 0; i < 6; ++i) {
        if (i) (void)out->append(':');
        (void)out->append_hex_byte(mac[i]);
    }
}

void append_ipv4(String* out, Ipv4 ip) {
    for (int i = 0; i < 4; ++i) {
        if (i) (void)out->append('.');
        (void)out->append_u64(ip.b[i]);
    }
}

// The interfaces named in `names`, or all of them. Prints and fails for an unknown name.
Result<Vec<size_t>> select_interfaces(Interpreter& in, Network& net, Span<const Str> names) {
    Vec<size_t> out;
    if (names.empty()) {
        for (size_t i = 0; i < net.interface_count(); ++i) (void)out.push(i);
        return out;
    }
    for (Str n : names) {
        size_t index;
        if (!interface_index(net, n, &index)) {
            String msg = String::copy("\"");
            (void)msg.append(n);
            (void)msg.append("\": no such network device\n");
            in.print(msg);
            return Error(Errc::noent);
        }
        (void)out.push(index);
    }
    return out;
}

Status open_interface(Interpreter& in, Network& net, size_t index) {
    CARTE_TRY(net.open(index));
    InterfaceInfo info = net.interface_info(index);
    NetdevSettingsInfo s;
    s.mac = Bytes(info.mac, 6);
    s.chip = info.chip;
    s.bustype = info.bus_type;
    s.busloc = info.bus_loc;
    return register_netdev_settings(in.settings(), static_cast<unsigned>(index), s);
}

}  // namespace

// `dhcp [--timeout ms] [<interface>...]`: with no names, tries each and stops at the first success.
Status ifconf(Interpreter& in, Span<const Str> argv) {
    const OptionSpec opts[] = {{'c', "configurator", true}, {'t', "timeout", true}};
    auto a = parse_args(in, argv, opts, 0, kUnlimited);
    if (!a) return a.error();
    uint32_t timeout = 30000;
    if (a->has(1)) {
        auto t = parse_uint(in, a->get(1));
        if (!t) return t.error();
        timeout = *t;
    }
    Network* net = network_or_complain(in);
    if (!net) return Error(Errc::noent, "no network devices");
    auto which = select_interfaces(in, *net, a->positional);
    if (!which) return which.error();
    Status last = Error(Errc::noent);
    for (size_t index : *which) {
        String line = String::copy("Configuring (");
        append_ifname(&line, index);
        (void)line.append(' ');
        InterfaceInfo info = net->interface_info(index);
        append_mac(&line, info.mac);
        (void)line.append(")...");
        in.print(line);
        last = open_interface(in, *net, index);
        if (last.ok()) {
            auto lease = net->dhcp(index, timeout);
            if (lease) {
                String parent;
                append_ifname(&parent, index);
                last = register_dhcp_settings(in.settings(), parent, *lease);
            } else {
                last = lease.error();
            }
        }
        String tail;
        if (last.ok()) {
            (void)tail.append(" ok\n");
        } else {
            (void)tail.append(' ');
            append_rc_text(&tail, status_rc(last));
            (void)tail.append("\n");
        }
        in.print(tail);
        if (last.ok() && a->positional.empty()) break;
        if (!last.ok() && !a->positional.empty()) return last;
    }
    return last;
}

Status ifopen(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 0, kUnlimited);
    if (!a) return a.error();
    Network* net = network_or_complain(in);
    if (!net) return Error(Errc::noent);
    auto which = select_interfaces(in, *net, a->positional);
    if (!which) return which.error();
    for (size_t index : *which) CARTE_TRY(open_interface(in, *net, index));
    return {};
}

Status ifclose(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 0, kUnlimited);
    if (!a) return a.error();
    Network* net = network_or_complain(in);
    if (!net) return Error(Errc::noent);
    auto which = select_interfaces(in, *net, a->positional);
    if (!which) return which.error();
    for (size_t index : *which) net->close(index);
    return {};
}

// `ifstat`: one line per interface, as iPXE: `net0: <mac> using <chip> on <bus> (<state>)`.
Status ifstat(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 0, kUnlimited);
    if (!a) return a.error();
    Network* net = network_or_complain(in);
    if (!net) return Error(Errc::noent);
    auto which = select_interfaces(in, *net, a->positional);
    if (!which) return which.error();
    String out;
    for (size_t index : *which) {
        InterfaceInfo info = net->interface_info(index);
        append_ifname(&out, index);
        (void)out.append(": ");
        append_mac(&out, info.mac);
        (void)out.append(" using ");
        (void)out.append(info.chip.empty() ? Str("unknown") : info.chip);
        (void)out.append(" on ");
        (void)out.append(info.bus_type.empty() ? Str("unknown") : info.bus_type);
        (void)out.append(info.link_up ? Str(" (Link:up)\n") : Str(" (Link:down)\n"));
    }
    in.print(out);
    return {};
}

// `ping <host>`: resolves the host; the platform interface has no ICMP, so reachability is not
// probed (documented in docs/runtime.md).
Status ping(Interpreter& in, Span<const Str> argv) {
    const OptionSpec opts[] = {
        {'s', "size", true}, {'t', "timeout", true}, {'c', "count", true}, {'q', "quiet", false}};
    auto a = parse_args(in, argv, opts, 1, 1);
    if (!a) return a.error();
    Network* net = network_or_complain(in);
    if (!net) return Error(Errc::noent);
    auto addr = net->resolve(a->positional[0], 5000);
    if (!addr) {
        in.print("Could not resolve host\n");
        return addr.error();
    }
    if (!a->has(3)) {
        String line = String::copy("PING ");
        (void)line.append(a->positional[0]);
        (void)line.append(" (");
        append_ipv4(&line, *addr);
        (void)line.append(")\n");
        in.print(line);
    }
    return {};
}

// `nslookup <setting> <name>`: stores the address as an ipv4 setting.
Status nslookup(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 2, 2);
    if (!a) return a.error();
    Network* net = network_or_complain(in);
    if (!net) return Error(Errc::noent);
    auto addr = net->resolve(a->positional[1], 5000);
    if (!addr) {
        String msg = String::copy("Could not resolve ");
        (void)msg.append(a->positional[1]);
        (void)msg.append("\n");
        in.print(msg);
        return addr.error();
    }
    String ref = String::copy(a->positional[0]);
    if (a->positional[0].find(':') == Str::npos) (void)ref.append(":ipv4");
    String text;
    append_ipv4(&text, *addr);
    return in.settings().store_text(ref, text);
}

// ntp <server>[:port]: sets the clock from an SNTP server (iPXE: src/hci/commands/ntp_cmd.c), so
// certificates can be checked on a machine whose clock is wrong. The port is Carte's addition.
Status ntp(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 1, 1);
    if (!a) return a.error();
    Network* net = network_or_complain(in);
    if (!net) return Error(Errc::noent);
    Str host = a->positional[0];
    uint16_t port = 123;
    size_t colon = host.find(':');
    if (colon != Str::npos) {
        auto p = parse_uint(in, host.substr(colon + 1));
        if (!p) return p.error();
        if (*p == 0 || *p > 65535) return Error(Errc::inval, "ntp: invalid port");
        port = uint16_t(*p);
        host = host.substr(0, colon);
    }
    auto resolved = net->resolve(host, 5000);  // dotted quads too
    if (!resolved) return resolved.error();
    const Ipv4 addr = *resolved;
    crypto::RandomPool& pool = crypto::random_pool();
    uint64_t nonce = in.platform().now_ms() ^ (uint64_t(addr.b[0]) << 56);
    uint8_t random[8];
    if (pool.generate(Span<uint8_t>(random, sizeof random)).ok())
        for (uint8_t b : random) nonce = nonce << 8 | b;
    auto now = sntp_query(*net, addr, port, nonce, 6000);
    if (!now) return now.error();
    return in.platform().set_unix_time(*now);
}

}  // namespace carte::commands
