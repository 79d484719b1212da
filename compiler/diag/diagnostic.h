// The diagnostics engine shared by every compiler stage (DSL, YAML/JSON, checks, codegen).
// A run collects all diagnostics in a DiagnosticSink instead of stopping at the first error;
// the CLI renders them as text (`file:line:col: error: message`, the source line, a caret/tilde
// under the span, `hint: …`) or as JSON for editors and CI. docs/diagnostics.md lists the codes.
#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace carte::diag {

using ir::SourceSpan;

enum class Severity { Error, Warning, Note };

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string code;     // stable kebab-case identifier, e.g. "unknown-menu" (docs/diagnostics.md)
    std::string message;  // one line, lower case, no trailing period
    SourceSpan span;
    std::string hint;  // optional: how to fix it
};

class DiagnosticSink {
  public:
    void report(Diagnostic d);
    void error(std::string code, const SourceSpan& span, std::string message, std::string hint = {});
    void warning(std::string code, const SourceSpan& span, std::string message, std::string hint = {});

    const std::vector<Diagnostic>& diagnostics() const { return diags_; }
    size_t error_count() const { return errors_; }
    size_t warning_count() const { return warnings_; }
    bool has_errors() const { return errors_ != 0; }

    // Source text used to print the offending line. Front-ends register what they read, so
    // rendering never re-reads a file that changed meanwhile; unregistered files are read from disk.
    void add_source(const std::string& file, std::string text);
    // Line `line` (1-based) of `file` without its newline, or empty if unknown.
    std::string source_line(const std::string& file, uint32_t line) const;

    // Diagnostics ordered by file, line, column (stable), the order they are shown in.
    std::vector<Diagnostic> sorted() const;

  private:
    std::vector<Diagnostic> diags_;
    size_t errors_ = 0, warnings_ = 0;
    mutable std::map<std::string, std::string> sources_;
};

struct RenderOptions {
    bool color = false;
};

// Text rendering of all diagnostics plus a summary line ("2 errors, 1 warning generated") when
// there is anything to report.
std::string render_text(const DiagnosticSink& sink, const RenderOptions& opts = {});
// One diagnostic, text form (without summary).
std::string render_text(const DiagnosticSink& sink, const Diagnostic& d, const RenderOptions& opts = {});
// {"diagnostics":[{"severity","code","message","file","line","column","end_line","end_column","hint"}…],
//  "errors":N,"warnings":M}
std::string render_json(const DiagnosticSink& sink);

const char* severity_name(Severity s);

}  // namespace carte::diag
