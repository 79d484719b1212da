// What the firmware does once the machine is up (pc_main → pc_run): the runtime core drives it.
//   1. banner, NIC probe, "Press Ctrl-B" — the 2 s Ctrl-B window starts here and runs alongside
//      DHCP and the program, so it delays nothing (shell_hotkey.h);
//   2. DHCP on the first NIC with link, filling `netN` and `netN.dhcp` settings as iPXE does;
//   3. the program: the .lkrn command line as a script (iPXE's rule: BOOT_IMAGE= and initrd=
//      words dropped, no #!ipxe needed), else the payload `carte build` embedded, else the
//      DHCP filename (autoboot; a bare name from tftp://next-server/), run through
//      Interpreter::run with a PcFetcher (HTTP and TFTP over lwIP);
//   4. Ctrl-B in the window (during DHCP, or with the menu already up: the program is stopped),
//      a program that ends without booting, or nothing to run: the iPXE-compatible shell.
// A command line that starts with a legacy keyword (kernel=, keytest, …) goes to the old
// test driver instead (cmdline_boot.cpp).
#include "platform/pc/cmdline_boot.h"
#include "platform/pc/embed_format.h"
#include "platform/pc/kprint.h"
#include "platform/pc/pc_console.h"
#include "platform/pc/pc_fetcher.h"
#include "platform/pc/pc_main.h"
#include "platform/pc/pc_network.h"
#include "platform/pc/pc_platform.h"
#include "platform/pc/shell_hotkey.h"
#include "platform/pc/shutdown.h"
#include "platform/pc/timer.h"
#include "platform/pc/trust_setup.h"
#include "runtime/net/ipv4_text.h"
#include "runtime/rt/panic.h"
#include "runtime/settings/netdev_settings.h"
#include "runtime/uri/uri_resolve.h"
#include "runtime/vm/interpreter.h"

extern "C" {
extern uint32_t carte_embedded_size;  // boot/start32.S: payload bytes moved to _bss_end
extern char _bss_end[];
}

namespace carte::pc {

namespace {

constexpr Str kVersion = "Carte 0.1.0";

Bytes embedded_bytes() {
    return Bytes(reinterpret_cast<const uint8_t*>(_bss_end), carte_embedded_size);
}

// iPXE's .lkrn rule: the kernel command line is a script once loader-added words are gone.
String cmdline_script(Str cmdline) {
    String out;
    size_t i = 0;
    while (i < cmdline.size()) {
        while (i < cmdline.size() && cmdline[i] == ' ') ++i;
        size_t end = cmdline.find(' ', i);
        if (end == Str::npos) end = cmdline.size();
        Str word = cmdline.substr(i, end - i);
        i = end;
        if (word.empty() || word.starts_with("BOOT_IMAGE=") || word.starts_with("initrd=")) continue;
        if (!out.empty()) (void)out.append(' ');
        (void)out.append(word);
    }
    return out;
}

void print_mac(const uint8_t mac[6]) {
    carte_printf("%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
}

// DHCP on the first interface whose link comes up, as iPXE's autoboot does. Registers the
// device's settings block and the lease; returns the interface index.
Result<size_t> configure_network(Interpreter& in, Network& net) {
    if (net.interface_count() == 0) return Error(Errc::noent, "no supported network card found");
    Error last(Errc::noent, "no network device has link");
    for (size_t i = 0; i < net.interface_count(); ++i) {
        InterfaceInfo info = net.interface_info(i);
        carte_printf("Configuring (net%u ", unsigned(i));
        print_mac(info.mac);
        carte_printf(")...");
        Status opened = net.open(i);
        if (opened.ok() && !net.interface_info(i).link_up) opened = Status(Errc::io, "link down");
        if (!opened.ok()) {
            carte_printf(" %s\n",
                         opened.error().detail ? opened.error().detail : errc_message(opened.error().code));
            last = opened.error();
            net.close(i);
            continue;
        }
        NetdevSettingsInfo s;
        s.mac = Bytes(info.mac, 6);
        s.chip = info.chip;
        s.bustype = "PCI";
        s.busloc = info.bus_loc;
        (void)register_netdev_settings(in.settings(), unsigned(i), s);
        auto lease = net.dhcp(i, 30000);
        if (!lease) {
            carte_printf(" %s\n", errc_message(lease.error().code));
            last = lease.error();
            continue;
        }
        String parent = String::copy("net");
        (void)parent.append_u64(i);
        Status st = register_dhcp_settings(in.settings(), parent, *lease);
        const Ipv4& ip = lease->ip;
        carte_printf(" ok (%u.%u.%u.%u, %lu ms)\n", ip.b[0], ip.b[1], ip.b[2], ip.b[3], timer_ms());
        if (!st.ok())
            carte_printf("net%u: DHCP options not stored: %s\n", unsigned(i), errc_message(st.error().code));
        return i;
    }
    return last;
}

// iPXE's PXE rule (pxe_uri): an absolute URI in `filename` is used as is, anything else is
// tftp://<next-server>/<filename>. Empty when DHCP gave no filename.
String autoboot_script(Interpreter& in) {
    String filename, server, uri;
    if (!in.settings().fetch_text("filename", &filename).ok() || filename.empty()) return {};
    (void)in.settings().fetch_text("next-server", &server);
    if (server.empty() || server.view() == "0.0.0.0") {
        (void)uri.append(filename);
    } else {
        auto u = pxe_uri(server.view(), 0, filename.view());
        if (!u || !u->format(&uri).ok()) (void)uri.append(filename);
    }
    String chain = String::copy("#!ipxe\nchain ");
    if (!chain.append(uri) || !chain.append("\n")) return {};
    return chain;
}

// `${dns}` (with `set dns` or the lease's netN.dhcp/dns) for PcNetwork::resolve.
bool dns_from_settings(void* context, Ipv4* out) {
    String text;
    return static_cast<Interpreter*>(context)->settings().fetch_text("dns", &text).ok() &&
           parse_ipv4(text.view(), out);
}

void run_shell(Interpreter& in) {
    carte_printf("Carte shell: iPXE commands; 'exit' leaves.\n");
    Status s = in.shell();
    if (!s.ok()) in.print_error("shell", s.error());
}

[[noreturn]] void run_firmware(PcPlatform& platform, const BootInfo& info) {
    auto payload = embed::parse(embedded_bytes());
    carte_printf("\n%.*s -- network boot firmware (pcbios x86_64)\n", int(kVersion.size()), kVersion.data());
    if (carte_embedded_size && !payload)
        carte_printf("embedded payload ignored: %s\n", payload.error().detail);
    bool have_embedded = payload && !payload->program.empty();
    if (have_embedded)
        carte_printf("embedded: %.*s (%lu bytes)\n", int(payload->name.size()), payload->name.data(),
                     uint64_t(payload->program.size()));
    uint32_t shell_wait = payload ? payload->shell_wait_ms : 2000;

    PcNetwork& net = network();
    net.probe();
    // Heap objects, not function statics: those would register destructors with atexit().
    PcFetcher* fetcher = make<PcFetcher>(platform, net);
    InterpreterOptions options;
    options.fetcher = fetcher;
    options.version = kVersion;
    options.trust = payload ? trust_policy_or_halt(*payload) : nullptr;  // halts on a damaged record
    // The Ctrl-B window runs alongside DHCP and the program instead of before them (shell_hotkey.h).
    ShellHotkey hotkey;  // run_firmware never returns, so this outlives every use
    if (shell_wait) options.stop = &hotkey;
    Interpreter* interpreter = fetcher ? make<Interpreter>(platform, options) : nullptr;
    if (!interpreter) panic("out of memory starting the runtime");
    Interpreter& in = *interpreter;
    if (!in.init().ok()) carte_printf("runtime: settings could not be initialised\n");
    net.set_dns_source(dns_from_settings, &in);

    if (shell_wait) {
        hotkey.arm(platform.now_ms() + shell_wait);
        platform.watch_keys(&hotkey);
        carte_printf("Press Ctrl-B for the Carte command line...\n");
    }
    auto itf = configure_network(in, net);
    if (!itf) in.print_error("network", itf.error());
    // Keys typed during DHCP had no reader: a Ctrl-B among them counts, the rest are dropped.
    if (shell_wait)
        for (int k = console().read_key(0); k != key::none; k = console().read_key(0)) hotkey.early_key(k);

    String script = cmdline_script(info.cmdline);
    Status result = Status(Errc::noent, "nothing to boot");
    if (hotkey.requested()) {
        // Ctrl-B already: no program.
    } else if (!script.empty()) {
        String text = String::copy("#!ipxe\n");
        (void)text.append(script);
        (void)text.append("\n");
        result = in.run(Bytes(reinterpret_cast<const uint8_t*>(text.c_str()), text.size()), Str());
    } else if (have_embedded) {
        result = in.run(payload->program, Str());
    } else if (itf) {
        // Autoboot: chain the DHCP filename; a bare name comes from tftp://${next-server}/.
        String chain = autoboot_script(in);
        if (!chain.empty())
            result = in.run(Bytes(reinterpret_cast<const uint8_t*>(chain.c_str()), chain.size()), Str());
    }
    if (hotkey.take())
        carte_printf("\n");  // Ctrl-B in the window: the program (if any) was stopped for the shell
    else if (!result.ok())
        in.print_error("boot", result.error());
    platform.watch_keys(nullptr);
    // The program ended without booting (iPXE would exit to the BIOS, which long mode cannot).
    run_shell(in);
    halt_after_failure();
}

}  // namespace

void pc_run(const BootInfo& info) {
    static PcPlatform platform(info);
    if (is_legacy_cmdline(info.cmdline)) run_legacy_cmdline(platform, info);
    run_firmware(platform, info);
}

}  // namespace carte::pc
