// `carte compile IN [-o OUT]`: menu source → checked IR → bytecode (.cbm), or with
// --emit ipxe a classic script for stock iPXE, or with --emit json the checked model.
#include <cstdio>
#include <string>

#include "cli/cli_compiler_io.h"
#include "cli/cli_option_parser.h"
#include "cli/commands.h"
#include "compiler/codegen/bytecode_codegen.h"
#include "compiler/codegen/ipxe_emitter.h"
#include "compiler/codegen/json_emitter.h"
#include "compiler/driver/frontend.h"

namespace carte::cli {
namespace {

constexpr const char* kHelp =
    "usage: carte compile [options] IN\n"
    "\n"
    "Compiles a Carte menu (.carte, .yaml, .yml, .json). Nothing is written unless every check\n"
    "passes; all diagnostics are reported in one run.\n"
    "\n"
    "options:\n"
    "  -o OUT                           output file ('-' = stdout); default: IN with the extension\n"
    "                                   .cbm (bytecode), .ipxe or .json\n"
    "  --emit bytecode|ipxe|json        what to write (default bytecode)\n"
    "  --no-debug                       leave out source positions and metadata (DBUG/META)\n"
    "  --diagnostics-format=text|json   text (default, on stderr) or JSON on stdout\n"
    "  -h, --help                       show this help\n"
    "\n"
    "exit status: 0 written, 1 diagnostics, 2 usage error\n";

std::string replace_extension(const std::string& path, const std::string& ext) {
    size_t slash = path.rfind('/');
    size_t dot = path.rfind('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return path + ext;
    return path.substr(0, dot) + ext;
}

}  // namespace

int cmd_compile(int argc, char** argv) {
    std::string emit = "bytecode", in, out, format_name = "text";
    bool no_debug = false;
    OptionParser options("compile", kHelp);
    options.value("-o", &out, "a file name");
    options.value("--emit", &emit, "bytecode, ipxe or json");
    options.flag("--no-debug", &no_debug);
    options.value("--diagnostics-format", &format_name, "text or json");
    options.input(&in, "more than one input file");
    if (auto done = options.parse(argc, argv)) return *done;
    if (emit != "bytecode" && emit != "ipxe" && emit != "json")
        return usage_error("compile", "--emit takes bytecode, ipxe or json");
    DiagFormat format = DiagFormat::Text;
    if (!parse_diag_format(format_name, &format)) return usage_error("compile", "bad --diagnostics-format");
    codegen::BytecodeOptions opts;
    opts.debug_info = !no_debug;
    if (in.empty()) return usage_error("compile", "no input file");
    if (out.empty())
        out = replace_extension(in, emit == "bytecode" ? ".cbm" : emit == "ipxe" ? ".ipxe" : ".json");
    if (out == in) return usage_error("compile", "the output would overwrite the input; use -o");

    diag::DiagnosticSink sink;
    auto cat = driver::load_checked(in, sink);
    std::string bytes;
    if (cat) {
        if (emit == "bytecode") {
            if (auto b = codegen::compile_bytecode(*cat, opts, sink)) bytes.assign(b->begin(), b->end());
        } else if (emit == "ipxe") {
            bytes = codegen::emit_ipxe(*cat, sink);
        } else {
            bytes = codegen::emit_json(*cat);
        }
    }
    if (sink.has_errors()) {
        print_diagnostics(sink, format);
        return 1;
    }
    if (!write_output(out, bytes)) {
        ir::SourceSpan s;
        s.file = out;
        sink.error("io", s, "cannot write the output file");
        print_diagnostics(sink, format);
        return 1;
    }
    // JSON diagnostics would mix with output on stdout; only print them when writing to a file.
    if (!(format == DiagFormat::Json && out == "-")) print_diagnostics(sink, format);
    return 0;
}

}  // namespace carte::cli
