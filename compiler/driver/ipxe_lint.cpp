#include "compiler/driver/ipxe_lint.h"

#include <cstdlib>

#include "runtime/script/translator.h"
#if __has_include("compiler/ipxe_lint/ipxe_lint.h")
#include "compiler/ipxe_lint/ipxe_lint.h"
#define CARTE_HAVE_IPXE_LINT 1
#endif

namespace carte::driver {

bool lint_ipxe_script(const std::string& text, const std::string& file, diag::DiagnosticSink& sink) {
    size_t errors_before = sink.error_count();
#ifdef CARTE_HAVE_IPXE_LINT
    // The script work's static checks (unknown commands, undefined labels, …).
    ipxe_lint::lint_ipxe_script(file, text, sink);
    if (sink.error_count() != errors_before) return false;
#endif
    sink.add_source(file, text);
    String why;
    auto r = script::translate_script(Str(text.data(), text.size()), Str(file.data(), file.size()),
                                      script::ScriptOptions(), &why);
    if (r.ok()) return true;
    // `why` reads "name:line: reason"; recover the line for the caret.
    std::string w = why.c_str();
    ir::SourceSpan s;
    s.file = file;
    std::string msg = w.empty() ? "not a valid iPXE script" : w;
    if (w.compare(0, file.size() + 1, file + ":") == 0) {
        size_t colon = w.find(':', file.size() + 1);
        if (colon != std::string::npos) {
            s.line = s.end_line =
                static_cast<uint32_t>(std::strtoul(w.c_str() + file.size() + 1, nullptr, 10));
            s.col = s.end_col = s.line ? 1 : 0;
            msg = w.substr(colon + 1);
            while (!msg.empty() && msg[0] == ' ') msg.erase(0, 1);
        }
    }
    sink.error("ipxe-script", s, msg);
    return false;
}

}  // namespace carte::driver
