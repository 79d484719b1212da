#include "cli/cli_run.h"

#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cli/cli_trust.h"
#include "compiler/codegen/bytecode_codegen.h"
#include "compiler/driver/frontend.h"
#include "platform/host/host_fetcher.h"
#include "platform/host/host_keys.h"
#include "platform/host/host_platform.h"
#include "runtime/bytecode/module.h"
#include "runtime/commands/options.h"
#include "runtime/net/ipv4_text.h"
#include "runtime/vm/interpreter.h"

namespace carte::cli {

namespace {

bool ends_with(const std::string& s, const char* suffix) {
    size_t n = std::strlen(suffix);
    return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

Str view(const std::string& s) {
    return Str(s.data(), s.size());
}

bool parse_ipv4_text(const std::string& text, Ipv4* out) {
    unsigned a, b, c, d;
    char tail;
    if (std::sscanf(text.c_str(), "%u.%u.%u.%u%c", &a, &b, &c, &d, &tail) != 4) return false;
    if (a > 255 || b > 255 || c > 255 || d > 255) return false;
    *out = Ipv4{
        {static_cast<uint8_t>(a), static_cast<uint8_t>(b), static_cast<uint8_t>(c), static_cast<uint8_t>(d)}};
    return true;
}

// The DHCP lease the host reports: loopback defaults, overridden by presets named like the
// lease fields (`ip`, `net0/ip`, `netmask`, `gateway`, `dns`, `next-server`, `filename`).
void configure_lease(host::HostNetwork& net, const RunRequest& r, std::string* filename) {
    Lease lease;
    parse_ipv4_text("127.0.0.1", &lease.ip);
    parse_ipv4_text("255.0.0.0", &lease.netmask);
    parse_ipv4_text("127.0.0.1", &lease.gateway);
    parse_ipv4_text("127.0.0.1", &lease.dns);
    parse_ipv4_text("127.0.0.1", &lease.next_server);
    parse_ipv4_text("127.0.0.1", &lease.server_id);
    for (const auto& [name, value] : r.sets) {
        std::string n = name;
        for (const char* prefix : {"net0.dhcp/", "net0/", "netX/"})
            if (n.rfind(prefix, 0) == 0) n = n.substr(std::strlen(prefix));
        if (n == "ip")
            parse_ipv4_text(value, &lease.ip);
        else if (n == "netmask")
            parse_ipv4_text(value, &lease.netmask);
        else if (n == "gateway")
            parse_ipv4_text(value, &lease.gateway);
        else if (n == "dns")
            parse_ipv4_text(value, &lease.dns);
        else if (n == "next-server")
            parse_ipv4_text(value, &lease.next_server);
        else if (n == "filename")
            *filename = value;
    }
    lease.filename = view(*filename);
    net.set_lease(lease);
}

// Compiles a .carte/.yaml/.json menu to bytecode with the same driver `carte compile` uses.
bool compile_menu(const std::string& path, std::vector<uint8_t>* out, FILE* err) {
    diag::DiagnosticSink sink;
    auto cat = driver::load_checked(path, sink);
    std::optional<std::vector<uint8_t>> bytes;
    if (cat) bytes = codegen::compile_bytecode(*cat, codegen::BytecodeOptions{}, sink);
    if (sink.has_errors() || !bytes) {
        std::string text = diag::render_text(sink);
        std::fputs(text.c_str(), err);
        return false;
    }
    *out = std::move(*bytes);
    return true;
}

int exit_code(int32_t rc) {
    if (rc == 0) return 0;
    int code = rc & 0xff;
    return code ? code : 1;
}

}  // namespace

int run_program(const RunRequest& r) {
    host::HostOptions ho;
    ho.plain = r.plain || !isatty(fileno(r.out));
    ho.scripted_keys = r.keys_given || !isatty(STDIN_FILENO);
    ho.timeout_scale = r.timeout_scale;
    ho.out = r.out;
    if (r.keys_given) {
        std::string why;
        if (!host::parse_key_sequence(r.keys, &ho.keys, &why)) {
            std::fprintf(r.err, "carte run: --keys: %s\n", why.c_str());
            return 2;
        }
    }
    host::HostPlatform platform(ho);
    std::string lease_filename;
    configure_lease(platform.host_network(), r, &lease_filename);
    host::HostFetcher fetcher(platform, platform.network() ? *platform.network() : platform.host_network(),
                              !ho.plain);

    // --trust: the policy a ROM built with the same flags enforces (cli_trust.h).
    HostTrust trust;
    trust.require_signed_menus = r.require_signed;
    trust.require_signed_scripts = r.require_signed_scripts;
    for (const std::string& spec : r.trust) {
        std::string why;
        if (!trust.add(spec, &why)) {
            std::fprintf(r.err, "carte run: --trust %s\n", why.c_str());
            return 2;
        }
    }
    if ((r.require_signed || r.require_signed_scripts) && trust.keys.empty()) {
        std::fprintf(r.err, "carte run: --require-signed needs at least one --trust public key\n");
        return 2;
    }
    // HTTPS roots: --ca files, else the host's bundle; --trust certificates count too, as iPXE
    // has one root store for TLS and imgverify.
    TlsRoots roots;
    for (const std::string& path : r.ca) {
        std::string why;
        if (!roots.add_pem_file(path, &why)) {
            std::fprintf(r.err, "carte run: --ca %s\n", why.c_str());
            return 2;
        }
    }
    if (r.ca.empty() && access(kSystemCaBundle, R_OK) == 0) {
        std::string why;
        (void)roots.add_pem_file(kSystemCaBundle, &why);
    }
    {
        const TlsRootOrigin origin = r.ca.empty() ? TlsRootOrigin::system : TlsRootOrigin::embedded;
        for (const auto& der : roots.certs)
            (void)fetcher.tls().trust().add_certificate(Bytes(der.data(), der.size()), origin);
        for (const auto& der : trust.ca_certs)
            (void)fetcher.tls().trust().add_certificate(Bytes(der.data(), der.size()),
                                                        TlsRootOrigin::embedded);
    }
    std::vector<Bytes> ca_views;
    crypto::RollbackGuard rollback;
    TrustPolicy policy = make_trust_policy(trust, &ca_views, &rollback);

    InterpreterOptions io;
    io.fetcher = &fetcher;
    io.tls = &fetcher.tls();
    if (!r.trust.empty()) io.trust = &policy;
    if (ho.scripted_keys) io.instruction_budget = 500u * 1000 * 1000;  // a scripted run always ends
    Interpreter in(platform, io);
    if (!in.init().ok()) {
        std::fprintf(r.err, "carte run: could not initialise the runtime\n");
        return 1;
    }
    for (const auto& [name, value] : r.sets) {
        Status s = in.settings().store_text(view(name), view(value));
        if (!s.ok()) {
            std::fprintf(r.err, "carte run: --set %s=%s: %s\n", name.c_str(), value.c_str(),
                         errc_message(s.error().code));
            return 2;
        }
    }

    // Load the program: an http:// or https:// URL is fetched first and becomes the script's URI.
    const bool remote = r.input.rfind("http://", 0) == 0 || r.input.rfind("https://", 0) == 0;
    std::string uri;
    Vec<uint8_t> data;
    if (remote) {
        uri = r.input;
        Status s = fetcher.fetch(view(uri), FetchOptions{}, &data);
        if (!s.ok()) {
            std::fprintf(r.err, "carte run: %s: %s%s%s%s\n", uri.c_str(), errc_message(s.error().code),
                         s.error().detail ? " (" : "", s.error().detail ? s.error().detail : "",
                         s.error().detail ? ")" : "");
            return 1;
        }
    } else {
        char resolved[PATH_MAX];
        if (!realpath(r.input.c_str(), resolved)) {
            std::fprintf(r.err, "carte run: %s: %s\n", r.input.c_str(), std::strerror(errno));
            return 1;
        }
        uri = std::string("file://") + resolved;
        bool source = ends_with(r.input, ".carte") || ends_with(r.input, ".yaml") ||
                      ends_with(r.input, ".yml") || ends_with(r.input, ".json");
        if (source) {
            std::vector<uint8_t> bytes;
            if (!compile_menu(r.input, &bytes, r.err)) return 1;
            for (uint8_t b : bytes) (void)data.push(b);
        } else {
            Status s = host::read_file(resolved, &data);
            if (!s.ok()) {
                std::fprintf(r.err, "carte run: %s: %s\n", r.input.c_str(), errc_message(s.error().code));
                return 1;
            }
        }
    }
    ImageKind kind = probe_image(data.span());
    if (kind != ImageKind::script && kind != ImageKind::bytecode) {
        std::fprintf(r.err, "carte run: %s: not a Carte menu, .cbm bytecode or #!ipxe script\n",
                     r.input.c_str());
        return 1;
    }
    // A program fetched over the network passes the signature gate; a local file is the
    // operator's own, as the program embedded in a ROM is.
    Status s = in.run(data.span(), view(uri), remote);
    return exit_code(status_rc(s));
}

}  // namespace carte::cli
