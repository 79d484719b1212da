#include "compiler/diag/diagnostic.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace carte::diag {

const char* severity_name(Severity s) {
    switch (s) {
        case Severity::Error:
            return "error";
        case Severity::Warning:
            return "warning";
        case Severity::Note:
            return "note";
    }
    return "error";
}

void DiagnosticSink::report(Diagnostic d) {
    if (d.severity == Severity::Error) ++errors_;
    if (d.severity == Severity::Warning) ++warnings_;
    diags_.push_back(std::move(d));
}

void DiagnosticSink::error(std::string code, const SourceSpan& span, std::string message, std::string hint) {
    report(Diagnostic{Severity::Error, std::move(code), std::move(message), span, std::move(hint)});
}

void DiagnosticSink::warning(std::string code, const SourceSpan& span, std::string message,
                             std::string hint) {
    report(Diagnostic{Severity::Warning, std::move(code), std::move(message), span, std::move(hint)});
}

void DiagnosticSink::add_source(const std::string& file, std::string text) {
    sources_[file] = std::move(text);
}

std::string DiagnosticSink::source_line(const std::string& file, uint32_t line) const {
    if (file.empty() || line == 0) return {};
    auto it = sources_.find(file);
    if (it == sources_.end()) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream ss;
        if (in) ss << in.rdbuf();
        it = sources_.emplace(file, ss.str()).first;
    }
    const std::string& text = it->second;
    size_t pos = 0;
    for (uint32_t l = 1; l < line; ++l) {
        pos = text.find('\n', pos);
        if (pos == std::string::npos) return {};
        ++pos;
    }
    size_t end = text.find('\n', pos);
    std::string out = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (!out.empty() && out.back() == '\r') out.pop_back();
    return out;
}

std::vector<Diagnostic> DiagnosticSink::sorted() const {
    std::vector<Diagnostic> out = diags_;
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
        if (a.span.file != b.span.file) return a.span.file < b.span.file;
        if (a.span.line != b.span.line) return a.span.line < b.span.line;
        return a.span.col < b.span.col;
    });
    return out;
}

namespace {

// ANSI sequences, used only when rendering to a terminal.
struct Palette {
    const char *bold = "", *reset = "", *error = "", *warning = "", *note = "", *caret = "";
    explicit Palette(bool on) {
        if (!on) return;
        bold = "\x1b[1m", reset = "\x1b[0m", error = "\x1b[1;31m", warning = "\x1b[1;35m",
        note = "\x1b[1;36m";
        caret = "\x1b[1;32m";
    }
};

std::string location(const SourceSpan& s) {
    if (s.file.empty()) return "carte";
    if (!s.line) return s.file;
    return fmt::format("{}:{}:{}", s.file, s.line, s.col ? s.col : 1);
}

// Tabs are expanded to single spaces in the echoed line so the caret stays aligned.
std::string detab(std::string s) {
    std::replace(s.begin(), s.end(), '\t', ' ');
    return s;
}

}  // namespace

std::string render_text(const DiagnosticSink& sink, const Diagnostic& d, const RenderOptions& opts) {
    Palette p(opts.color);
    const char* sev_colour = d.severity == Severity::Error     ? p.error
                             : d.severity == Severity::Warning ? p.warning
                                                               : p.note;
    std::string out = fmt::format("{}{}:{} {}{}:{} {}{}", p.bold, location(d.span), p.reset, sev_colour,
                                  severity_name(d.severity), p.reset, p.bold, d.message);
    if (!d.code.empty()) out += fmt::format(" [{}]", d.code);
    out += p.reset;
    out += '\n';
    std::string line = d.span.line ? detab(sink.source_line(d.span.file, d.span.line)) : std::string();
    if (!line.empty()) {
        std::string gutter = fmt::format("{:>5} | ", d.span.line);
        out += gutter + line + '\n';
        uint32_t col = std::max<uint32_t>(d.span.col, 1);
        uint32_t last = col;
        if (d.span.end_line == d.span.line && d.span.end_col >= col)
            last = d.span.end_col;
        else if (d.span.end_line > d.span.line)
            last = std::max<uint32_t>(col, static_cast<uint32_t>(line.size()));
        last = std::min<uint32_t>(last, std::max<uint32_t>(col, static_cast<uint32_t>(line.size())));
        out += std::string(gutter.size() - 2, ' ') + "| " + std::string(col - 1, ' ') + p.caret + "^" +
               std::string(last - col, '~') + p.reset + '\n';
    }
    if (!d.hint.empty()) out += fmt::format("{}hint:{} {}\n", p.note, p.reset, d.hint);
    return out;
}

std::string render_text(const DiagnosticSink& sink, const RenderOptions& opts) {
    std::string out;
    for (const Diagnostic& d : sink.sorted()) out += render_text(sink, d, opts);
    size_t e = sink.error_count(), w = sink.warning_count();
    if (e || w) {
        std::vector<std::string> parts;
        if (e) parts.push_back(fmt::format("{} error{}", e, e == 1 ? "" : "s"));
        if (w) parts.push_back(fmt::format("{} warning{}", w, w == 1 ? "" : "s"));
        out += fmt::format("{} generated\n", fmt::join(parts, ", "));
    }
    return out;
}

std::string render_json(const DiagnosticSink& sink) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Diagnostic& d : sink.sorted()) {
        nlohmann::ordered_json j;
        j["severity"] = severity_name(d.severity);
        j["code"] = d.code;
        j["message"] = d.message;
        j["file"] = d.span.file;
        j["line"] = d.span.line;
        j["column"] = d.span.col;
        j["end_line"] = d.span.end_line;
        j["end_column"] = d.span.end_col;
        if (!d.hint.empty()) j["hint"] = d.hint;
        list.push_back(std::move(j));
    }
    nlohmann::ordered_json root;
    root["diagnostics"] = std::move(list);
    root["errors"] = sink.error_count();
    root["warnings"] = sink.warning_count();
    // Invalid UTF-8 (a malformed key quoted in a message, a stray byte in a path) becomes U+FFFD
    // rather than an exception.
    return root.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace carte::diag
