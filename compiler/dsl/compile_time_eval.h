// Compile-time evaluation for the DSL: lexical scopes of names (consts, imports, loop
// variables), expressions (`if`, `for … in`, `const`) and `{name}` interpolation in strings.
// Errors (undefined names, missing fields, type mismatches) are reported with the span of the
// offending expression; the result is then empty.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/dsl/ast.h"
#include "compiler/dsl/value.h"

namespace carte::dsl {

class CompileTimeEval {
  public:
    explicit CompileTimeEval(diag::DiagnosticSink& sink) : sink_(sink) {}

    void push_scope() { scopes_.emplace_back(); }
    void pop_scope() { scopes_.pop_back(); }
    // Binds `name` in the innermost scope; a name already visible is an error (no shadowing).
    bool define(const std::string& name, Value v, const ast::Span& at);

    std::optional<Value> eval(const ast::Expr& e);
    // An `if` condition: must evaluate to true or false.
    std::optional<bool> condition(const ast::Expr& e);
    // A string literal with its `{…}` interpolations resolved; `${…}` stays verbatim.
    std::optional<ir::Text> text(const ast::StringLit& s);

  private:
    struct Binding {
        Value value;
        ast::Span defined_at;
    };
    const Binding* find(const std::string& name) const;
    std::optional<Value> lookup(const std::vector<std::string>& path, const ast::Span& at);
    std::optional<bool> compare(const std::string& op, const Value& a, const Value& b, const ast::Span& at);
    bool equal(const Value& a, const Value& b, const ast::Span& at, bool& ok);

    diag::DiagnosticSink& sink_;
    std::vector<std::map<std::string, Binding>> scopes_;
};

// Orders version-like strings: digit runs compare as numbers ("4.9" < "4.20" < "10").
int compare_versions(const std::string& a, const std::string& b);

}  // namespace carte::dsl
