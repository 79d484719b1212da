// `carte pin MENU --mirror DIR`: fill in or refresh the sha256 pins of a menu's downloads from a
// local mirror, so keeping pins current is one command (and `--check` keeps CI honest).
#include <cstdio>
#include <string>
#include <vector>

#include "cli/cli_option_parser.h"
#include "cli/cli_sign_common.h"
#include "cli/commands.h"
#include "compiler/sign/ec_key.h"
#include "compiler/sign/pin.h"
#include "compiler/sign/sign_error.h"

namespace carte::cli {
namespace {

constexpr const char* kHelp =
    "usage: carte pin MENU.carte|MENU.yaml --mirror DIR [options]\n"
    "\n"
    "Sets the sha256 pin of every kernel, initrd, module, efi and chain download in MENU to\n"
    "the SHA-256 of the matching file in the mirror DIR, adding pins that are missing and\n"
    "updating stale ones; comments and layout are kept. A URL maps to a file by --base\n"
    "prefixes (URL = BASE/rest -> DIR/rest), else http://host/path -> DIR/host/path (a\n"
    "'wget --mirror' tree), else DIR/path. URLs built from variables are reported, not pinned.\n"
    "\n"
    "options:\n"
    "  --mirror DIR   the local mirror\n"
    "  --base URL     a URL prefix that DIR mirrors (repeatable)\n"
    "  -o OUT         write the result to OUT instead of rewriting MENU\n"
    "  --check        change nothing; exit 1 if a pin is missing or stale\n"
    "\n"
    "exit status: 0 done (or up to date), 1 failure or --check found work, 2 usage error\n";

}  // namespace

int cmd_pin(int argc, char** argv) {
    std::string menu, mirror, out_path;
    std::vector<std::string> bases;
    bool check = false;
    OptionParser options("pin", kHelp);
    options.value("--mirror", &mirror, "a directory");
    options.values("--base", &bases, "a URL");
    options.value("-o", &out_path, "a file name");
    options.flag("--check", &check);
    options.input(&menu, "more than one menu");
    if (auto done = options.parse(argc, argv)) return *done;
    if (menu.empty()) return options.usage("no menu file");
    if (mirror.empty()) return options.usage("no mirror: use --mirror DIR");
    try {
        sign::PinSyntax syntax = sign::pin_syntax_for(menu);
        std::string text = sign::read_file(menu);
        sign::MirrorLookup lookup(mirror, bases);
        sign::PinResult r = sign::pin_text(text, syntax, lookup);
        size_t counts[5] = {};
        for (const sign::PinEvent& e : r.events) {
            ++counts[e.kind];
            const char* what = nullptr;
            switch (e.kind) {
                case sign::PinEvent::added:
                    what = "pin added";
                    break;
                case sign::PinEvent::updated:
                    what = "pin updated (was a different hash)";
                    break;
                case sign::PinEvent::unchanged:
                    break;
                case sign::PinEvent::not_in_mirror:
                    what = "not in the mirror, left as is";
                    break;
                case sign::PinEvent::templated:
                    what = "built from variables, not pinned (pin it where its data lives)";
                    break;
            }
            if (what)
                std::printf("%s:%zu: %s: %s%s%s\n", menu.c_str(), e.line, e.url.c_str(), what,
                            e.kind == sign::PinEvent::not_in_mirror ? "; tried " : "",
                            e.kind == sign::PinEvent::not_in_mirror ? e.detail.c_str() : "");
        }
        std::printf("%s: %zu added, %zu updated, %zu up to date, %zu not in the mirror, %zu templated\n",
                    menu.c_str(), counts[0], counts[1], counts[2], counts[3], counts[4]);
        if (check) return r.changed() ? 1 : 0;
        if (r.changed() || !out_path.empty()) sign::write_file(out_path.empty() ? menu : out_path, r.text);
        return 0;
    } catch (const sign::SignError& e) {
        return sign_failure("pin", e.what());
    }
}

}  // namespace carte::cli
