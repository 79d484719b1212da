#include "compiler/driver/frontend.h"

#include "compiler/check/checks.h"
#include "compiler/yaml/yaml_frontend.h"
#ifdef CARTE_HAVE_DSL
#include "compiler/dsl/dsl_frontend.h"
#endif

namespace carte::driver {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

InputKind input_kind(const std::string& path) {
    if (ends_with(path, ".carte")) return InputKind::Carte;
    if (ends_with(path, ".yaml") || ends_with(path, ".yml")) return InputKind::Yaml;
    if (ends_with(path, ".json")) return InputKind::Json;
    if (ends_with(path, ".ipxe") || ends_with(path, ".pxe") || ends_with(path, ".cfg"))
        return InputKind::Ipxe;
    if (ends_with(path, ".cbm")) return InputKind::Bytecode;
    return InputKind::Unknown;
}

bool have_dsl() {
#ifdef CARTE_HAVE_DSL
    return true;
#else
    return false;
#endif
}

std::optional<ir::Catalogue> parse_file(const std::string& path, diag::DiagnosticSink& sink) {
    ir::SourceSpan where;
    where.file = path;
    switch (input_kind(path)) {
        case InputKind::Carte:
#ifdef CARTE_HAVE_DSL
            return dsl::parse_carte_file(path, sink, dsl::FrontendOptions{.keep_partial = true});
#else
            sink.error("no-dsl", where, "the DSL front-end is not built into this carte",
                       "use the YAML or JSON form, or build with compiler/dsl");
            return std::nullopt;
#endif
        case InputKind::Yaml:
        case InputKind::Json:
            return yamlfe::parse_yaml_file(path, sink);
        default:
            sink.error("unknown-input", where, "not a menu source (expected .carte, .yaml, .yml or .json)");
            return std::nullopt;
    }
}

std::optional<ir::Catalogue> load_checked(const std::string& path, diag::DiagnosticSink& sink) {
    size_t errors_before = sink.error_count();
    auto cat = parse_file(path, sink);
    if (!cat) return std::nullopt;
    // Checks run even after front-end errors (a partial YAML model) so one run shows all.
    check::check_catalogue(*cat, sink);
    if (sink.error_count() != errors_before) return std::nullopt;
    return cat;
}

}  // namespace carte::driver
