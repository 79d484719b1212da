// `carte asm LISTING -o OUT.cbm`: assemble a `carte disasm` listing back into bytecode.
#include <cstdio>
#include <string>

#include "cli/cli_compiler_io.h"
#include "cli/cli_option_parser.h"
#include "cli/commands.h"
#include "compiler/asm/assembler.h"

namespace carte::cli {
namespace {

constexpr const char* kHelp =
    "usage: carte asm [options] LISTING\n"
    "\n"
    "Assembles a listing in 'carte disasm' format ('-' reads stdin) into verified bytecode;\n"
    "'carte disasm X.cbm | carte asm - -o Y.cbm' reproduces X.cbm byte for byte.\n"
    "\n"
    "options:\n"
    "  -o OUT                           output file (default: LISTING with .cbm; '-' = stdout)\n"
    "  --diagnostics-format=text|json   text (default, on stderr) or JSON on stdout\n"
    "  -h, --help                       show this help\n"
    "\n"
    "exit status: 0 written, 1 errors, 2 usage error\n";

}  // namespace

int cmd_asm(int argc, char** argv) {
    std::string in, out, format_name = "text";
    OptionParser options("asm", kHelp);
    options.value("-o", &out, "a file name");
    options.value("--diagnostics-format", &format_name, "text or json");
    options.input(&in, "more than one input file");
    if (auto done = options.parse(argc, argv)) return *done;
    DiagFormat format = DiagFormat::Text;
    if (!parse_diag_format(format_name, &format)) return usage_error("asm", "bad --diagnostics-format");
    if (in.empty()) return usage_error("asm", "no input file");
    if (out.empty()) {
        if (in == "-") return usage_error("asm", "reading stdin needs -o");
        size_t dot = in.rfind('.');
        out = (dot == std::string::npos ? in : in.substr(0, dot)) + ".cbm";
        if (out == in) return usage_error("asm", "the output would overwrite the input; use -o");
    }
    diag::DiagnosticSink sink;
    auto text = read_input(in);
    if (!text) {
        ir::SourceSpan s;
        s.file = in;
        sink.error("io", s, "cannot read file");
        print_diagnostics(sink, format);
        return 1;
    }
    auto bytes = assembler::assemble(*text, in == "-" ? "<stdin>" : in, sink);
    if (!bytes) {
        print_diagnostics(sink, format);
        return 1;
    }
    if (!write_output(out, std::string(bytes->begin(), bytes->end()))) {
        std::fprintf(stderr, "%s: error: cannot write\n", out.c_str());
        return 1;
    }
    return 0;
}

}  // namespace carte::cli
