#include "compiler/dsl/compile_time_eval.h"

#include <cctype>

#include "compiler/diag/suggest.h"

namespace carte::dsl {
namespace {

std::string join_path(const std::vector<std::string>& path, size_t n) {
    std::string s;
    for (size_t i = 0; i < n && i < path.size(); ++i) s += (i ? "." : "") + path[i];
    return s;
}

bool is_scalar(const Value& v) {
    return v.kind == Value::Kind::String || v.kind == Value::Kind::Bool;
}

}  // namespace

int compare_versions(const std::string& a, const std::string& b) {
    size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        bool da = std::isdigit(static_cast<unsigned char>(a[i])),
             db = std::isdigit(static_cast<unsigned char>(b[j]));
        if (da && db) {
            size_t ei = i, ej = j;
            while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei]))) ++ei;
            while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej]))) ++ej;
            std::string na = a.substr(i, ei - i), nb = b.substr(j, ej - j);
            na.erase(0, std::min(na.find_first_not_of('0'), na.size()));
            nb.erase(0, std::min(nb.find_first_not_of('0'), nb.size()));
            if (na.size() != nb.size()) return na.size() < nb.size() ? -1 : 1;
            if (na != nb) return na < nb ? -1 : 1;
            i = ei;
            j = ej;
        } else {
            if (a[i] != b[j])
                return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]) ? -1 : 1;
            ++i;
            ++j;
        }
    }
    if (i < a.size()) return 1;
    if (j < b.size()) return -1;
    return 0;
}

const CompileTimeEval::Binding* CompileTimeEval::find(const std::string& name) const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
        auto f = it->find(name);
        if (f != it->end()) return &f->second;
    }
    return nullptr;
}

bool CompileTimeEval::define(const std::string& name, Value v, const ast::Span& at) {
    if (const Binding* b = find(name)) {
        std::string where = b->defined_at.file == at.file
                                ? "line " + std::to_string(b->defined_at.line)
                                : b->defined_at.file + ":" + std::to_string(b->defined_at.line);
        sink_.error("duplicate-name", at, "'" + name + "' is already defined", "first defined at " + where);
        return false;
    }
    scopes_.back().emplace(name, Binding{std::move(v), at});
    return true;
}

std::optional<Value> CompileTimeEval::lookup(const std::vector<std::string>& path, const ast::Span& at) {
    const Binding* b = find(path[0]);
    if (!b) {
        std::vector<std::string> names;
        for (const auto& scope : scopes_)
            for (const auto& [n, _] : scope) names.push_back(n);
        std::string hint = diag::did_you_mean(path[0], names);
        if (hint.empty())
            hint = "define it with const " + path[0] +
                   " = \"…\", or import it from a data file; a runtime setting is written ${" + path[0] + "}";
        sink_.error("undefined-name", at, "'" + path[0] + "' is not defined", hint);
        return std::nullopt;
    }
    const Value* v = &b->value;
    for (size_t i = 1; i < path.size(); ++i) {
        const std::string& seg = path[i];
        if (v->kind == Value::Kind::Map) {
            const Value* f = v->field(seg);
            if (!f) {
                std::vector<std::string> keys;
                std::string list;
                for (const auto& [k, _] : v->map) {
                    keys.push_back(k);
                    if (keys.size() <= 8) list += (list.empty() ? "" : ", ") + k;
                }
                std::string hint = diag::did_you_mean(seg, keys);
                if (hint.empty()) hint = keys.empty() ? "it is an empty map" : "its fields: " + list;
                sink_.error("no-field", at, "'" + join_path(path, i) + "' has no field '" + seg + "'", hint);
                return std::nullopt;
            }
            v = f;
        } else if (v->kind == Value::Kind::List && !seg.empty() &&
                   std::isdigit(static_cast<unsigned char>(seg[0]))) {
            size_t index = std::stoul(seg);
            if (index >= v->list.size()) {
                sink_.error("no-field", at,
                            "'" + join_path(path, i) + "' has " + std::to_string(v->list.size()) +
                                " elements, no element " + seg);
                return std::nullopt;
            }
            v = &v->list[index];
        } else {
            sink_.error(
                "no-field", at,
                "'" + join_path(path, i) + "' is " + kind_name(v->kind) + "; it has no field '" + seg + "'");
            return std::nullopt;
        }
    }
    return *v;
}

bool CompileTimeEval::equal(const Value& a, const Value& b, const ast::Span& at, bool& ok) {
    if (!is_scalar(a) || !is_scalar(b) || a.kind != b.kind) {
        sink_.error("type-mismatch", at,
                    std::string("cannot compare ") + kind_name(a.kind) + " with " + kind_name(b.kind),
                    "compare strings with strings and booleans with true/false");
        ok = false;
        return false;
    }
    return a.kind == Value::Kind::Bool ? a.boolean == b.boolean : a.text == b.text;
}

std::optional<bool> CompileTimeEval::compare(const std::string& op, const Value& a, const Value& b,
                                             const ast::Span& at) {
    bool ok = true;
    if (op == "==" || op == "!=") {
        bool eq = equal(a, b, at, ok);
        if (!ok) return std::nullopt;
        return op == "==" ? eq : !eq;
    }
    if (a.kind != Value::Kind::String || b.kind != Value::Kind::String) {
        sink_.error("type-mismatch", at,
                    std::string("'") + op + "' compares strings, not " +
                        kind_name(a.kind == Value::Kind::String ? b.kind : a.kind));
        return std::nullopt;
    }
    int c = compare_versions(a.text, b.text);
    if (op == "<") return c < 0;
    if (op == "<=") return c <= 0;
    if (op == ">") return c > 0;
    return c >= 0;
}

std::optional<Value> CompileTimeEval::eval(const ast::Expr& e) {
    using EK = ast::Expr::Kind;
    switch (e.kind) {
        case EK::Bool:
            return Value::of_bool(e.bool_value, e.span);
        case EK::Int:
            return Value::of_string(e.text, e.span);
        case EK::String: {
            auto t = text(e.str);
            if (!t) return std::nullopt;
            return Value::of_string(t->value, e.span);
        }
        case EK::List: {
            Value v;
            v.kind = Value::Kind::List;
            v.origin = e.span;
            for (const auto& x : e.operands) {
                auto item = eval(x);
                if (!item) return std::nullopt;
                v.list.push_back(std::move(*item));
            }
            return v;
        }
        case EK::Path:
            return lookup(e.path, e.span);
        case EK::Not: {
            auto c = condition(e.operands[0]);
            if (!c) return std::nullopt;
            return Value::of_bool(!*c, e.span);
        }
        case EK::And:
        case EK::Or: {
            auto a = condition(e.operands[0]);
            if (!a) return std::nullopt;
            if (e.kind == EK::And && !*a) return Value::of_bool(false, e.span);
            if (e.kind == EK::Or && *a) return Value::of_bool(true, e.span);
            auto b = condition(e.operands[1]);
            if (!b) return std::nullopt;
            return Value::of_bool(*b, e.span);
        }
        case EK::Compare: {
            auto a = eval(e.operands[0]);
            auto b = eval(e.operands[1]);
            if (!a || !b) return std::nullopt;
            auto r = compare(e.text, *a, *b, e.span);
            if (!r) return std::nullopt;
            return Value::of_bool(*r, e.span);
        }
        case EK::In: {
            auto needle = eval(e.operands[0]);
            auto hay = eval(e.operands[1]);
            if (!needle || !hay) return std::nullopt;
            if (hay->kind == Value::Kind::List) {
                for (const auto& x : hay->list) {
                    if (!is_scalar(x)) continue;
                    bool ok = true;
                    if (x.kind == needle->kind && equal(*needle, x, e.span, ok))
                        return Value::of_bool(true, e.span);
                }
                return Value::of_bool(false, e.span);
            }
            if (needle->kind == Value::Kind::String && hay->kind == Value::Kind::Map)
                return Value::of_bool(hay->field(needle->text) != nullptr, e.span);
            if (needle->kind == Value::Kind::String && hay->kind == Value::Kind::String)
                return Value::of_bool(hay->text.find(needle->text) != std::string::npos, e.span);
            sink_.error(
                "type-mismatch", e.span,
                std::string("cannot look for ") + kind_name(needle->kind) + " in " + kind_name(hay->kind),
                "'in' looks in a list, a map's keys or a string");
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::optional<bool> CompileTimeEval::condition(const ast::Expr& e) {
    auto v = eval(e);
    if (!v) return std::nullopt;
    if (v->kind != Value::Kind::Bool) {
        sink_.error("not-a-boolean", e.span,
                    std::string("condition is ") + kind_name(v->kind) + ", not true or false",
                    "compare it: if x == \"…\"");
        return std::nullopt;
    }
    return v->boolean;
}

std::optional<ir::Text> CompileTimeEval::text(const ast::StringLit& s) {
    ir::Text out;
    out.span = s.span;
    bool ok = true;
    for (const auto& part : s.parts) {
        if (part.kind == ast::StrPart::Kind::Literal) {
            out.value += part.text;
            continue;
        }
        auto v = lookup(part.path, part.span);
        if (!v) {
            ok = false;
            continue;
        }
        if (v->kind == Value::Kind::String) {
            out.value += v->text;
        } else if (v->kind == Value::Kind::Bool) {
            out.value += v->boolean ? "true" : "false";
        } else {
            sink_.error(
                "not-a-string", part.span,
                "'{" + part.text + "}' is " + kind_name(v->kind) + ", which cannot be put in a string",
                v->kind == Value::Kind::List ? "loop over it: for x in " + part.text + " { … }"
                                             : "insert one of its fields: {" + part.text + ".name}");
            ok = false;
        }
    }
    if (!ok) return std::nullopt;
    return out;
}

}  // namespace carte::dsl
