// `carte run FILE|URL [--keys SEQ] [--plain] [--set name=value]... [--timeout-scale F] [--trust FILE]...`
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/cli_run.h"
#include "cli/commands.h"

namespace carte::cli {

namespace {

constexpr const char* kUsage =
    "usage: carte run FILE|URL [--keys SEQ] [--plain] [--set name=value]... [--timeout-scale F]\n"
    "\n"
    "Runs a Carte menu (.carte, .yaml, .json), bytecode (.cbm) or iPXE script (.ipxe or #!ipxe)\n"
    "on this machine. An http:// URL is downloaded first and becomes the script's URI.\n"
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
    "  --require-signed   refuse unsigned fetched menus (needs --trust)\n"
    "  --require-signed-scripts\n"
    "                     fetched classic scripts need a good URL.sig too\n"
    "\n"
    "`boot` prints what would be booted and ends the run. The exit status is the script's.\n";

}  // namespace

int cmd_run(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h")) {
            std::fputs(kUsage, stdout);
            return 0;
        }
    }
    RunRequest request;
    std::string error;
    if (!parse_run_args(argc, argv, &request, &error)) {
        std::fprintf(stderr, "carte run: %s\n%s", error.c_str(), kUsage);
        return 2;
    }
    return run_program(request);
}

}  // namespace carte::cli
