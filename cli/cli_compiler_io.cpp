#include "cli/cli_compiler_io.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace carte::cli {

bool parse_diag_format(const std::string& value, DiagFormat* out) {
    if (value == "text") return *out = DiagFormat::Text, true;
    if (value == "json") return *out = DiagFormat::Json, true;
    return false;
}

std::optional<std::string> read_input(const std::string& path) {
    if (path == "-")
        return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return ss.str();
}

bool write_output(const std::string& path, const std::string& bytes) {
    if (path == "-") {
        std::fwrite(bytes.data(), 1, bytes.size(), stdout);
        return std::fflush(stdout) == 0;
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return false;
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return static_cast<bool>(out);
}

void print_diagnostics(const diag::DiagnosticSink& sink, DiagFormat format) {
    if (format == DiagFormat::Json) {
        std::string s = diag::render_json(sink);
        std::fwrite(s.data(), 1, s.size(), stdout);
        return;
    }
    if (sink.diagnostics().empty()) return;
    diag::RenderOptions opts;
    const char* term = std::getenv("TERM");
    opts.color = isatty(STDERR_FILENO) && !std::getenv("NO_COLOR") && !(term && std::string(term) == "dumb");
    std::string s = diag::render_text(sink, opts);
    std::fwrite(s.data(), 1, s.size(), stderr);
}

int usage_error(const char* cmd, const std::string& message) {
    std::fprintf(stderr, "carte %s: %s\ntry 'carte %s --help'\n", cmd, message.c_str(), cmd);
    return 2;
}

}  // namespace carte::cli
