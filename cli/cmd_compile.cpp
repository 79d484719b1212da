// `carte compile IN [-o OUT]`: menu source → checked IR → bytecode (.cbm), or with
// --emit ipxe a classic script for stock iPXE, or with --emit json the checked model.
#include <cstdio>
#include <string>

#include "cli/cli_compiler_io.h"
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
    DiagFormat format = DiagFormat::Text;
    std::string emit = "bytecode", in, out;
    codegen::BytecodeOptions opts;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "-h" || a == "--help") {
            std::fputs(kHelp, stdout);
            return 0;
        } else if (a == "-o") {
            if (i + 1 >= argc) return usage_error("compile", "-o needs a file name");
            out = argv[++i];
        } else if (a.rfind("--emit=", 0) == 0 || a == "--emit") {
            if (a == "--emit") {
                if (i + 1 >= argc) return usage_error("compile", "--emit needs bytecode, ipxe or json");
                emit = argv[++i];
            } else {
                emit = a.substr(7);
            }
            if (emit != "bytecode" && emit != "ipxe" && emit != "json")
                return usage_error("compile", "--emit takes bytecode, ipxe or json");
        } else if (a == "--no-debug") {
            opts.debug_info = false;
        } else if (a.rfind("--diagnostics-format=", 0) == 0) {
            if (!parse_diag_format(a.substr(21), &format))
                return usage_error("compile", "bad --diagnostics-format");
        } else if (a == "--diagnostics-format" && i + 1 < argc) {
            if (!parse_diag_format(argv[++i], &format))
                return usage_error("compile", "bad --diagnostics-format");
        } else if (a.size() > 1 && a[0] == '-') {
            return usage_error("compile", "unknown option '" + a + "'");
        } else if (in.empty()) {
            in = a;
        } else {
            return usage_error("compile", "more than one input file");
        }
    }
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
