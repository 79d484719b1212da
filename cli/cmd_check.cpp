// `carte check FILE…`: parse and check menus (.carte, .yaml, .json) or lint classic iPXE
// scripts, reporting every diagnostic. Exit 0 when no errors, 1 on errors, 2 on usage errors.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/cli_compiler_io.h"
#include "cli/cli_option_parser.h"
#include "cli/commands.h"
#include "compiler/driver/frontend.h"
#include "compiler/driver/ipxe_lint.h"

namespace carte::cli {
namespace {

constexpr const char* kHelp =
    "usage: carte check [options] FILE...\n"
    "\n"
    "Checks Carte menus (.carte, .yaml, .yml, .json) and classic iPXE scripts (.ipxe) and reports\n"
    "every problem found as file:line:col: error|warning: message. Prints nothing when all is well.\n"
    "\n"
    "options:\n"
    "  --diagnostics-format=text|json   text (default, on stderr) or one JSON document on stdout\n"
    "  --werror                         treat warnings as errors\n"
    "  -h, --help                       show this help\n"
    "\n"
    "exit status: 0 no errors, 1 errors found, 2 usage error\n";

}  // namespace

int cmd_check(int argc, char** argv) {
    std::string format_name = "text";
    bool werror = false;
    std::vector<std::string> files;
    OptionParser options("check", kHelp);
    options.value("--diagnostics-format", &format_name, "text or json");
    options.flag("--werror", &werror);
    options.inputs(&files);
    if (auto done = options.parse(argc, argv)) return *done;
    DiagFormat format = DiagFormat::Text;
    if (!parse_diag_format(format_name, &format)) return usage_error("check", "bad --diagnostics-format");
    if (files.empty()) return usage_error("check", "no input file");
    diag::DiagnosticSink sink;
    for (const std::string& f : files) {
        if (driver::input_kind(f) == driver::InputKind::Ipxe) {
            auto text = read_input(f);
            if (!text) {
                ir::SourceSpan s;
                s.file = f;
                sink.error("io", s, "cannot read file");
                continue;
            }
            driver::lint_ipxe_script(*text, f, sink);
        } else {
            (void)driver::load_checked(f, sink);
        }
    }
    print_diagnostics(sink, format);
    return sink.has_errors() || (werror && sink.warning_count()) ? 1 : 0;
}

}  // namespace carte::cli
