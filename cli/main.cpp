// `carte`: a thin dispatcher over the compiler, the host runtime and the ROM builder.
#include <cstdio>
#include <cstring>

#include "cli/commands.h"

namespace {

struct Subcommand {
    const char* name;
    int (*run)(int, char**);
    const char* summary;
};

constexpr Subcommand kSubcommands[] = {
    {"check", carte::cli::cmd_check,
     "check menus (.carte/.yaml/.json) or iPXE scripts and report diagnostics"},
    {"compile", carte::cli::cmd_compile, "compile a menu to bytecode (.cbm), or --emit ipxe|json"},
    {"disasm", carte::cli::cmd_disasm, "list a bytecode file"},
    {"asm", carte::cli::cmd_asm, "assemble a listing back into bytecode"},
    {"fmt", carte::cli::cmd_fmt, "rewrite .carte files in canonical form"},
    {"run", carte::cli::cmd_run, "run a menu, bytecode or iPXE script on this machine"},
    {"build", carte::cli::cmd_build, "build a bootable ROM image with a menu embedded"},
    {"keygen", carte::cli::cmd_keygen, "create an ECDSA P-256 signing key (PEM)"},
    {"sign", carte::cli::cmd_sign, "sign a menu or script (trailer or detached .sig; HSM digest flow)"},
    {"verify", carte::cli::cmd_verify, "check signatures with the firmware's verifier"},
    {"pin", carte::cli::cmd_pin, "fill in sha256 pins of a menu's downloads from a local mirror"},
};

void usage(FILE* out) {
    std::fprintf(out, "usage: carte <command> [options] [args]\n\ncommands:\n");
    for (const Subcommand& s : kSubcommands) std::fprintf(out, "  %-8s %s\n", s.name, s.summary);
    std::fprintf(out, "\n'carte <command> --help' describes a command.\n");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!std::strcmp(argv[1], "--version")) {
        std::printf("carte 0.1.0 (bytecode 1.0)\n");
        return 0;
    }
    for (const Subcommand& s : kSubcommands)
        if (!std::strcmp(argv[1], s.name)) return s.run(argc - 1, argv + 1);
    std::fprintf(stderr, "carte: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
