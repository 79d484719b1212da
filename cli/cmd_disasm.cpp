// `carte disasm FILE.cbm`: verify a bytecode file and list it in the assembler's format.
// When the module has debug info and the source file is readable, each `.line` directive is
// followed by the source text as a comment (comments are ignored by `carte asm`).
#include <cstdio>
#include <string>

#include "cli/cli_compiler_io.h"
#include "cli/cli_option_parser.h"
#include "cli/commands.h"
#include "runtime/bytecode/disassembler.h"
#include "runtime/bytecode/module.h"

namespace carte::cli {
namespace {

constexpr const char* kHelp =
    "usage: carte disasm [options] FILE.cbm\n"
    "\n"
    "Verifies a bytecode file and prints its listing ('-' reads stdin). 'carte asm' turns the\n"
    "listing back into the same bytes.\n"
    "\n"
    "options:\n"
    "  -o OUT        write the listing to OUT instead of stdout\n"
    "  --no-source   do not show source lines next to '.line' directives\n"
    "  -h, --help    show this help\n"
    "\n"
    "exit status: 0 ok, 1 unreadable or invalid bytecode, 2 usage error\n";

// Parses `.line "file" N` (the file name is printed with C escapes; plain names are common).
bool parse_line_directive(const std::string& l, std::string* file, uint32_t* line) {
    if (l.rfind(".line \"", 0) != 0) return false;
    size_t close = l.rfind('"');
    if (close <= 7) return false;
    std::string f = l.substr(7, close - 7);
    if (f.find('\\') != std::string::npos) return false;
    *file = f;
    *line = static_cast<uint32_t>(std::strtoul(l.c_str() + close + 1, nullptr, 10));
    return *line != 0;
}

std::string annotate_with_source(const std::string& listing) {
    diag::DiagnosticSink sources;  // reuses its file cache and line lookup
    std::string out;
    size_t pos = 0;
    while (pos < listing.size()) {
        size_t eol = listing.find('\n', pos);
        if (eol == std::string::npos) eol = listing.size();
        std::string l = listing.substr(pos, eol - pos);
        out += l + "\n";
        std::string file;
        uint32_t line;
        if (parse_line_directive(l, &file, &line)) {
            std::string text = sources.source_line(file, line);
            size_t first = text.find_first_not_of(" \t");
            if (first != std::string::npos)
                out += "; " + std::to_string(line) + " | " + text.substr(first) + "\n";
        }
        pos = eol + 1;
    }
    return out;
}

}  // namespace

int cmd_disasm(int argc, char** argv) {
    std::string in, out = "-";
    bool no_source = false;
    OptionParser options("disasm", kHelp);
    options.value("-o", &out, "a file name");
    options.flag("--no-source", &no_source);
    options.input(&in, "more than one input file");
    if (auto done = options.parse(argc, argv)) return *done;
    if (in.empty()) return usage_error("disasm", "no input file");
    auto bytes = read_input(in);
    if (!bytes) {
        std::fprintf(stderr, "%s: error: cannot read file\n", in.c_str());
        return 1;
    }
    String why;
    auto mod = bc::load_module(Bytes(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size()), &why);
    if (!mod.ok()) {
        std::fprintf(stderr, "%s: error: invalid bytecode: %s\n", in.c_str(), why.c_str());
        return 1;
    }
    String listing;
    if (!bc::disassemble(mod.value(), &listing)) {
        std::fprintf(stderr, "%s: error: out of memory\n", in.c_str());
        return 1;
    }
    std::string text(listing.c_str(), listing.size());
    if (!no_source) text = annotate_with_source(text);
    if (!write_output(out, text)) {
        std::fprintf(stderr, "%s: error: cannot write\n", out.c_str());
        return 1;
    }
    return 0;
}

}  // namespace carte::cli
