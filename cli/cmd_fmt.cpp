// `carte fmt`: rewrites .carte files in canonical form (compiler/dsl/formatter.h), or with
// --check only reports the files that are not, for CI.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli_option_parser.h"
#include "cli/commands.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/dsl/formatter.h"

namespace carte::cli {
namespace {

constexpr const char* kFmtUsage =
    "usage: carte fmt [--check] [FILE.carte ...]\n"
    "\n"
    "Rewrites .carte files in canonical form: one statement per line, two-space indentation,\n"
    "single spaces between tokens, at most one blank line in a row; comments are kept.\n"
    "Without files (or with '-') reads standard input and writes the result to standard output.\n"
    "\n"
    "options:\n"
    "  --check   change nothing; list files that are not formatted and exit 1 if there are any\n"
    "  --help    show this help\n"
    "\n"
    "exit status: 0 ok, 1 not formatted (--check) or syntax errors, 2 usage\n";

bool read_all(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::stringstream buf;
    buf << in.rdbuf();
    out = buf.str();
    return true;
}

}  // namespace

int cmd_fmt(int argc, char** argv) {
    bool check = false;
    std::vector<std::string> files;
    OptionParser options("fmt", kFmtUsage);
    options.flag("--check", &check);
    options.inputs(&files);
    if (auto done = options.parse(argc, argv)) return *done;
    if (files.empty()) files.push_back("-");

    int status = 0;
    for (const std::string& file : files) {
        bool from_stdin = file == "-";
        std::string text;
        if (from_stdin) {
            std::stringstream buf;
            buf << std::cin.rdbuf();
            text = buf.str();
        } else if (!read_all(file, text)) {
            std::fprintf(stderr, "carte fmt: cannot read '%s'\n", file.c_str());
            status = 1;
            continue;
        }
        diag::DiagnosticSink sink;
        std::optional<std::string> formatted = dsl::format_carte(text, from_stdin ? "<stdin>" : file, sink);
        if (!formatted) {
            std::fputs(diag::render_text(sink).c_str(), stderr);
            status = 1;
            continue;
        }
        if (check) {
            if (*formatted != text) {
                std::printf("%s: not formatted\n", from_stdin ? "<stdin>" : file.c_str());
                status = 1;
            }
        } else if (from_stdin) {
            std::fputs(formatted->c_str(), stdout);
        } else if (*formatted != text) {
            std::ofstream out(file, std::ios::binary | std::ios::trunc);
            out << *formatted;
            if (!out) {
                std::fprintf(stderr, "carte fmt: cannot write '%s'\n", file.c_str());
                status = 1;
            }
        }
    }
    return status;
}

}  // namespace carte::cli
