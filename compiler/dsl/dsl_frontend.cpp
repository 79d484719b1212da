#include "compiler/dsl/dsl_frontend.h"

#include <fstream>
#include <sstream>

#include "compiler/dsl/expander.h"
#include "compiler/dsl/parser.h"

namespace carte::dsl {

std::optional<ir::Catalogue> parse_carte_string(const std::string& text, const std::string& file_name,
                                                diag::DiagnosticSink& sink, const FrontendOptions& options) {
    sink.add_source(file_name, text);
    std::optional<ast::File> file = parse_ast(text, file_name, sink);
    if (!file) return std::nullopt;
    return expand(*file, sink, options.keep_partial);
}

std::optional<ir::Catalogue> parse_carte_file(const std::string& path, diag::DiagnosticSink& sink,
                                              const FrontendOptions& options) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        sink.error("read-failed", ir::SourceSpan{path}, "cannot read '" + path + "'");
        return std::nullopt;
    }
    std::stringstream buf;
    buf << in.rdbuf();
    return parse_carte_string(buf.str(), path, sink, options);
}

}  // namespace carte::dsl
