// What the firmware does once the machine is up, the same on every platform (pc_main and
// efi_main end here, as iPXE's BIOS and EFI builds share core/main.c and usr/autoboot.c):
//   1. banner, "Press Ctrl-B" — the 2 s Ctrl-B window starts here and runs alongside
//      DHCP and the program, so it delays nothing (shell_hotkey.h);
//   2. DHCP on the first NIC with link, filling `netN` and `netN.dhcp` settings as iPXE does —
//      in the background behind an embedded menu, which draws at once (network_startup.h);
//   3. the program: the command line (the .lkrn kernel command line, the EFI load options) as
//      a script (iPXE's rule: BOOT_IMAGE= and initrd= words dropped, no #!ipxe needed), else
//      the payload `carte build` embedded, else the DHCP filename (autoboot; a bare name from
//      tftp://next-server/), run through Interpreter::run with a FirmwareFetcher (HTTP and
//      TFTP over lwIP);
//   4. Ctrl-B in the window (during DHCP, or with the menu already up: the program is stopped),
//      a program that ends without booting, or nothing to run: the iPXE-compatible shell.
// The command line `keytest` runs the console test mode instead (keytest_mode.h).
#include "platform/firmware/boot_sequence.h"

#include "platform/firmware/embed_format.h"
#include "platform/firmware/firmware_fetcher.h"
#include "platform/firmware/keytest_mode.h"
#include "platform/firmware/kprint.h"
#include "platform/firmware/machine.h"
#include "platform/firmware/trust_setup.h"
#include "runtime/net/ipv4_text.h"
#include "runtime/rt/panic.h"
#include "runtime/uri/uri_resolve.h"
#include "runtime/vm/interpreter.h"
#include "runtime/vm/network_startup.h"

namespace carte::fw {

namespace {

constexpr Str kVersion = "Carte 0.1.0";

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

// `${dns}` (with `set dns` or the lease's netN.dhcp/dns) for LwipNetwork::resolve.
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

[[noreturn]] void run_program(FirmwarePlatform& platform, const BootInputs& boot) {
    auto payload = embed::parse(boot.embedded);
    Str name = platform.banner_name();
    carte_printf("\n%.*s -- network boot firmware (%.*s)\n", int(kVersion.size()), kVersion.data(),
                 int(name.size()), name.data());
    if (!boot.embedded.empty() && !payload)
        carte_printf("embedded payload ignored: %s\n", payload.error().detail);
    bool have_embedded = payload && !payload->program.empty();
    if (have_embedded)
        carte_printf("embedded: %.*s (%u bytes)\n", int(payload->name.size()), payload->name.data(),
                     unsigned(payload->program.size()));
    uint32_t shell_wait = payload ? payload->shell_wait_ms : 2000;

    LwipNetwork& net = platform.nics();
    // Heap objects, not function statics: those would register destructors with atexit().
    NetworkStartup* startup = make<NetworkStartup>(platform, net);
    FirmwareFetcher* fetcher = startup ? make<FirmwareFetcher>(platform, startup->network()) : nullptr;
    if (fetcher) fetcher->use_startup(startup);
    InterpreterOptions options;
    options.fetcher = fetcher;
    options.version = kVersion;
    options.trust = payload ? trust_policy_or_halt(*payload) : nullptr;  // halts on a damaged record
    if (fetcher) {
        setup_tls_roots(payload ? &*payload : nullptr, options.trust, platform, fetcher->tls());
        options.tls = &fetcher->tls();
    }
    // The Ctrl-B window runs alongside DHCP and the program instead of before them (shell_hotkey.h).
    ShellHotkey hotkey;  // run_firmware never returns, so this outlives every use
    if (shell_wait) options.stop = &hotkey;
    Interpreter* interpreter = fetcher ? make<Interpreter>(platform, options) : nullptr;
    if (!interpreter) panic("out of memory starting the runtime");
    Interpreter& in = *interpreter;
    if (!in.init().ok()) carte_printf("runtime: settings could not be initialised\n");
    net.set_dns_source(dns_from_settings, &in);
    platform.use_startup(startup);

    if (shell_wait) {
        hotkey.arm(platform.now_ms() + shell_wait);
        platform.watch_keys(&hotkey);
        carte_printf("Press Ctrl-B for the Carte command line...\n");
    }
    String script = cmdline_script(boot.cmdline);
    // An embedded program (a compiled menu or a classic script) starts at once while DHCP goes on
    // behind it, and waits for the lease only when it needs it (network_startup.h). The command
    // line and autoboot keep the blocking start.
    Result<size_t> itf = Error(Errc::noent);
    if (script.empty() && have_embedded) {
        startup->start(in.settings());
    } else {
        itf = startup->run(in.settings());
        if (!itf) in.print_error("network", itf.error());
        // Keys typed during DHCP had no reader: a Ctrl-B among them counts, the rest are dropped.
        if (shell_wait)
            for (int k = platform.console_key(0); k != key::none; k = platform.console_key(0))
                hotkey.early_key(k);
    }

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
    // The program ended without booting: the shell.
    run_shell(in);
    // When the shell ends, iPXE returns to whatever started it; on EFI that is the boot manager,
    // on a BIOS in long mode there is no way back, so the machine stops.
    (void)platform.exit_to_firmware(0);
    halt_after_failure();
}

}  // namespace

void run_firmware(FirmwarePlatform& platform, const BootInputs& boot) {
    if (is_keytest_cmdline(boot.cmdline)) run_keytest(platform);
    run_program(platform, boot);
}

}  // namespace carte::fw
