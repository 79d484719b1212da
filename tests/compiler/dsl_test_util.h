// Helpers shared by the DSL tests: compile a snippet, collect its rendered diagnostics.
#pragma once
#include <optional>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/dsl/dsl_frontend.h"
#include "compiler/ir/ir.h"

namespace carte::dsl::test {

struct Compiled {
    std::optional<ir::Catalogue> catalogue;
    std::string diagnostics;  // rendered text, empty when clean
};

inline Compiled compile(const std::string& text, const std::string& file = "test.carte") {
    diag::DiagnosticSink sink;
    Compiled c;
    c.catalogue = parse_carte_string(text, file, sink);
    if (!sink.diagnostics().empty()) c.diagnostics = diag::render_text(sink);
    return c;
}

// Wraps menu items in the boilerplate every file needs.
inline std::string in_menu(const std::string& body) {
    return "carte 1\nmenu main \"Main\" {\n" + body + "\n}\n";
}

}  // namespace carte::dsl::test
