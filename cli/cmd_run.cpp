// `carte run FILE|URL [--keys SEQ] [--plain] [--set name=value]... [--timeout-scale F] [--trust FILE]...
// [--ca FILE]...`
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "cli/cli_option_parser.h"
#include "cli/cli_run.h"
#include "cli/commands.h"

namespace carte::cli {

namespace {

constexpr const char* kUsage =
    "usage: carte run FILE|URL [--keys SEQ] [--plain] [--set name=value]... [--timeout-scale F]\n"
    "\n"
    "Runs a Carte menu (.carte, .yaml, .json), bytecode (.cbm) or iPXE script (.ipxe or #!ipxe)\n"
    "on this machine. An http:// or https:// URL is downloaded first and becomes the script's URI.\n"
    "\n"
    "  --keys SEQ         feed keys instead of reading the terminal: names separated by commas or\n"
    "                     spaces (up down left right enter esc tab pgup pgdn home end bs del space\n"
    "                     comma ctrl-c) or plain characters; time is then virtual (no real waiting)\n"
    "  --plain            print console output and each menu frame as plain text\n"
    "  --set name=value   preset a setting (also the DHCP lease: ip, netmask, gateway, dns,\n"
    "                     next-server, filename)\n"
    "  --timeout-scale F  interactive runs: time passes 1/F times as fast (0.1 = ten times faster)\n"
    "  --trust FILE[,not-after=TIME]\n"
    "                     enforce the signature policy a ROM built with these flags enforces: a PEM\n"
    "                     public key (Carte signatures) or PEM certificates (imgverify); repeatable.\n"
    "                     Every fetched menu is verified before it runs (docs/signing.md)\n"
    "  --ca FILE          trust these PEM root certificates for https:// instead of the host's\n"
    "                     (/etc/ssl/certs/ca-certificates.crt); repeatable (docs/tls.md)\n"
    "  --require-signed   refuse unsigned fetched menus (needs --trust)\n"
    "  --require-signed-scripts\n"
    "                     fetched classic scripts need a good URL.sig too\n"
    "\n"
    "`boot` prints what would be booted and ends the run. The exit status is the script's.\n";

}  // namespace

int cmd_run(int argc, char** argv) {
    RunRequest request;
    std::vector<std::string> sets;
    std::string timeout_scale;
    OptionParser options("run", kUsage);
    options.value("--keys", &request.keys, "a key sequence");
    options.flag("--plain", &request.plain);
    options.values("--set", &sets, "name=value");
    options.value("--timeout-scale", &timeout_scale, "a positive number");
    options.values("--trust", &request.trust, "a PEM file");
    options.values("--ca", &request.ca, "a PEM file");
    options.flag("--require-signed", &request.require_signed);
    options.flag("--require-signed-scripts", &request.require_signed_scripts);
    options.input(&request.input, "more than one input given");
    if (auto done = options.parse(argc, argv)) return *done;
    request.keys_given = options.given("--keys");
    for (const std::string& set : sets) {
        size_t eq = set.find('=');
        if (eq == std::string::npos || eq == 0)
            return options.usage("--set needs name=value, got '" + set + "'");
        request.sets.emplace_back(set.substr(0, eq), set.substr(eq + 1));
    }
    if (options.given("--timeout-scale")) {
        char* end = nullptr;
        request.timeout_scale = std::strtod(timeout_scale.c_str(), &end);
        if (!end || *end || request.timeout_scale <= 0)
            return options.usage("--timeout-scale needs a positive number");
    }
    if (request.input.empty()) return options.usage("no input given");
    if ((request.require_signed || request.require_signed_scripts) && request.trust.empty())
        return options.usage("--require-signed needs at least one --trust key");
    return run_program(request);
}

}  // namespace carte::cli
