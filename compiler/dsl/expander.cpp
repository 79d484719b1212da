#include "compiler/dsl/expander.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "compiler/diag/suggest.h"
#include "compiler/dsl/compile_time_eval.h"
#include "compiler/dsl/data_import.h"
#include "compiler/dsl/parser.h"
#include "compiler/ir/duration.h"

namespace carte::dsl {
namespace {

namespace fs = std::filesystem;
using ast::Span;
using ast::Stmt;
using K = ast::Stmt::Kind;

// Where the statements being expanded land.
enum class Place { Top, Menu, Steps, Linux, Multiboot };

struct Target {
    Place place = Place::Top;
    size_t menu = 0;                         // Menu: index into the catalogue's menus
    ir::Item* item = nullptr;                // Steps: the item they belong to (inline submenus)
    std::vector<ir::Step>* steps = nullptr;  // Steps
    ir::Linux* linux_step = nullptr;         // Linux
    ir::Multiboot* multiboot = nullptr;      // Multiboot
    bool has_kernel = false;                 // Linux/Multiboot
    std::vector<std::string> cmdline;        // Linux: `args` lines, joined at the end
    Span cmdline_span;
    bool has_title = false, has_timeout = false, has_default = false;  // Menu
};

std::string where_it_belongs(K kind) {
    switch (kind) {
        case K::Item:
        case K::Header:
        case K::Gap:
        case K::Title:
        case K::Timeout:
        case K::Default:
            return "it belongs inside a menu: menu id \"Title\" { … }";
        case K::Kernel:
            return "it belongs inside linux { … } or multiboot { … }";
        case K::Initrd:
        case K::Args:
            return "it belongs inside linux { … }";
        case K::Module:
            return "it belongs inside multiboot { … }";
        case K::Import:
        case K::Setting:
        case K::Entry:
        case K::Serial:
            return "it belongs at the top level of the file";
        case K::Menu:
            return "define menus at the top level, or inline after an item's arrow: -> menu { … }";
        default:
            return "actions follow an item's arrow: item id \"Label\" -> shell";
    }
}

bool valid_id(const std::string& s) {
    if (s.empty()) return false;
    for (unsigned char c : s)
        if (!std::isalnum(c) && c != '_' && c != '-' && c != '.') return false;
    return true;
}

std::string read_file(const std::string& path, bool& ok) {
    std::ifstream in(path, std::ios::binary);
    ok = static_cast<bool>(in);
    std::stringstream buf;
    if (ok) buf << in.rdbuf();
    return buf.str();
}

class Expander {
  public:
    explicit Expander(diag::DiagnosticSink& sink) : sink_(sink), eval_(sink) {}

    std::optional<ir::Catalogue> run(const ast::File& root, bool keep_partial) {
        size_t errors = sink_.error_count();
        cat_.source_file = root.path;
        include_stack_.push_back(canonical(root.path));
        eval_.push_scope();
        Target top;
        run_file(root, top, /*is_root=*/true);
        eval_.pop_scope();
        if (cat_.menus.empty() && sink_.error_count() == errors)
            sink_.error("no-menu", Span{root.path, 1, 1, 1, 1}, "the file defines no menu",
                        "add one: menu main \"Title\" { item … }");
        if (sink_.error_count() != errors && (!keep_partial || cat_.menus.empty())) return std::nullopt;
        return std::move(cat_);
    }

  private:
    static std::string canonical(const std::string& path) {
        std::error_code ec;
        fs::path p = fs::weakly_canonical(fs::path(path), ec);
        return ec ? path : p.string();
    }

    // Imports and includes resolve relative to the file that names them.
    static std::string relative_to(const Span& at, const std::string& path) {
        fs::path p(path);
        if (p.is_absolute()) return path;
        fs::path dir = fs::path(at.file).parent_path();
        return (dir / p).lexically_normal().string();
    }

    void run_file(const ast::File& file, Target& t, bool is_root) {
        const auto& stmts = file.statements;
        size_t first = 0;
        if (!stmts.empty() && stmts[0].kind == K::Version) {
            if (stmts[0].number != "1")
                sink_.error("unsupported-version", stmts[0].number_span,
                            "this compiler reads 'carte 1', not 'carte " + stmts[0].number + "'");
            first = 1;
        } else if (is_root) {
            sink_.error("missing-version", Span{file.path, 1, 1, 1, 1},
                        "missing 'carte 1' at the top of the file",
                        "start every menu file with the line: carte 1");
        }
        run(stmts, first, t);
    }

    void run(const std::vector<Stmt>& stmts, size_t first, Target& t) {
        for (size_t i = first; i < stmts.size(); ++i) statement(stmts[i], t);
    }

    void run_scoped(const std::vector<Stmt>& stmts, Target& t) {
        eval_.push_scope();
        run(stmts, 0, t);
        eval_.pop_scope();
    }

    void misplaced(const Stmt& s) {
        std::string where = s.kind == K::Menu && s.has_block ? "menu definition" : "'" + s.keyword + "'";
        sink_.error("misplaced", s.span, where + " is not allowed here", where_it_belongs(s.kind));
    }

    void statement(const Stmt& s, Target& t) {
        switch (s.kind) {
            case K::Version:
                sink_.error("misplaced", s.span,
                            "'carte " + s.number + "' must be the first line of the file");
                return;
            case K::Const: {
                if (auto v = eval_.eval(*s.expr)) eval_.define(s.ident, std::move(*v), s.ident_span);
                return;
            }
            case K::Import:
                return import(s);
            case K::Include:
                return include(s, t);
            case K::If: {
                std::optional<bool> c = eval_.condition(*s.expr);
                if (!c) return;
                if (*c) {
                    run_scoped(s.body, t);
                } else if (s.has_else) {
                    run_scoped(s.else_body, t);
                }
                return;
            }
            case K::For:
                return for_loop(s, t);
            default:
                break;
        }
        switch (t.place) {
            case Place::Top:
                return top_statement(s, t);
            case Place::Menu:
                return menu_statement(s, t);
            case Place::Steps:
                return step_statement(s, t);
            case Place::Linux:
                return linux_statement(s, t);
            case Place::Multiboot:
                return multiboot_statement(s, t);
        }
    }

    void import(const Stmt& s) {
        std::optional<ir::Text> path = eval_.text(*s.str);
        if (!path) return;
        std::string resolved = relative_to(s.span, path->value);
        std::string key = canonical(resolved);
        auto cached = imports_.find(key);
        if (cached == imports_.end()) {
            std::optional<Value> v = import_data_file(resolved, s.str->span, sink_);
            if (!v) return;
            cached = imports_.emplace(key, std::move(*v)).first;
        }
        eval_.define(s.ident, cached->second, s.ident_span);
    }

    void include(const Stmt& s, Target& t) {
        std::optional<ir::Text> path = eval_.text(*s.str);
        if (!path) return;
        std::string resolved = relative_to(s.span, path->value);
        std::string key = canonical(resolved);
        for (size_t i = 0; i < include_stack_.size(); ++i) {
            if (include_stack_[i] != key) continue;
            std::string chain;
            for (size_t j = i; j < include_stack_.size(); ++j)
                chain += fs::path(include_stack_[j]).filename().string() + " -> ";
            chain += fs::path(key).filename().string();
            sink_.error("include-cycle", s.span, "include cycle: " + chain,
                        "a file may not include itself, directly or through others");
            return;
        }
        bool ok = false;
        std::string text = read_file(resolved, ok);
        if (!ok) {
            sink_.error("include-failed", s.str->span, "cannot read included file '" + resolved + "'",
                        "the path is relative to the file that includes it");
            return;
        }
        sink_.add_source(resolved, text);
        std::optional<ast::File> file = parse_ast(text, resolved, sink_);
        if (!file) return;
        included_.push_back(std::make_unique<ast::File>(std::move(*file)));
        include_stack_.push_back(key);
        run_file(*included_.back(), t, /*is_root=*/false);
        include_stack_.pop_back();
    }

    void for_loop(const Stmt& s, Target& t) {
        std::optional<Value> coll = eval_.eval(*s.expr);
        if (!coll) return;
        auto iterate = [&](Value first, const Value* second) {
            eval_.push_scope();
            bool ok = eval_.define(s.ident, std::move(first), s.ident_span);
            if (second) ok = eval_.define(s.ident2, *second, s.ident2_span) && ok;
            if (ok) run(s.body, 0, t);
            eval_.pop_scope();
            return ok;
        };
        if (coll->kind == Value::Kind::List) {
            for (size_t i = 0; i < coll->list.size(); ++i) {
                bool ok = s.ident2.empty() ? iterate(coll->list[i], nullptr)
                                           : iterate(Value::of_string(std::to_string(i)), &coll->list[i]);
                if (!ok) return;
            }
        } else if (coll->kind == Value::Kind::Map) {
            if (s.ident2.empty()) {
                sink_.error("loop-over-map", s.ident_span, "a loop over a map needs two names",
                            "for key, value in …");
                return;
            }
            for (const auto& [k, v] : coll->map)
                if (!iterate(Value::of_string(k, v.origin), &v)) return;
        } else {
            sink_.error(
                "loop-over-non-list", s.expr->span,
                std::string("cannot loop over ") + kind_name(coll->kind) + ", only over a list or a map",
                "write [\"a\", \"b\"] for a list, or import one from a data file");
        }
    }

    // ---- top level -----------------------------------------------------------------------
    void top_statement(const Stmt& s, Target&) {
        switch (s.kind) {
            case K::Serial: {
                try {
                    cat_.serial = std::stoull(s.number);
                } catch (...) {
                    sink_.error("bad-number", s.number_span, "serial does not fit in 64 bits");
                }
                return;
            }
            case K::Setting: {
                std::optional<ir::Text> v = eval_.text(*s.str);
                if (!v) return;
                for (const auto& d : cat_.defaults) {
                    if (d.name.value == s.ident) {
                        sink_.error("duplicate-setting", s.ident_span,
                                    "setting '" + s.ident + "' has a default already",
                                    "first set at line " + std::to_string(d.span.line));
                        return;
                    }
                }
                cat_.defaults.push_back({{s.ident, s.ident_span}, std::move(*v), s.span});
                return;
            }
            case K::Entry: {
                if (!cat_.entry.value.empty()) {
                    sink_.error("duplicate-entry", s.span, "the entry menu is already set");
                    return;
                }
                if (auto id = this->id(*s.name, "menu")) cat_.entry = *id;
                return;
            }
            case K::Menu:
                if (s.has_block && s.name) return menu_definition(s);
                if (!s.name && s.has_block) {
                    sink_.error("menu-body", s.span, "a menu needs an id and a title",
                                "menu id \"Title\" { item … }");
                    return;
                }
                if (s.name && !s.has_block) {
                    sink_.error("menu-body", s.span, "menu needs a body in braces",
                                "menu id \"Title\" { item … }");
                    return;
                }
                break;
            default:
                break;
        }
        misplaced(s);
    }

    void menu_definition(const Stmt& s) {
        std::optional<ir::Text> id = this->id(*s.name, "menu");
        ir::Menu m;
        if (id) m.id = *id;
        m.span = s.span;
        Target t;
        t.place = Place::Menu;
        if (s.str) {
            if (auto title = eval_.text(*s.str)) m.title = *title;
            t.has_title = true;
        }
        t.menu = cat_.menus.size();
        cat_.menus.push_back(std::move(m));  // before its inline submenus: parents come first
        run_scoped(s.body, t);
        if (!t.has_title && id)
            sink_.error("missing-title", s.span, "menu '" + id->value + "' has no title",
                        "menu " + id->value + " \"Title\" { … }");
    }

    // ---- menu bodies -----------------------------------------------------------------------
    void menu_statement(const Stmt& s, Target& t) {
        ir::Menu& m = cat_.menus[t.menu];
        switch (s.kind) {
            case K::Title:
                if (t.has_title) {
                    sink_.error("duplicate-title", s.span, "menu '" + m.id.value + "' has a title already");
                    return;
                }
                t.has_title = true;
                if (auto v = eval_.text(*s.str)) m.title = *v;
                return;
            case K::Timeout:
                return timeout(s, t);
            case K::Default:
                if (t.has_default) {
                    sink_.error("duplicate-default", s.span,
                                "menu '" + m.id.value + "' has a default already");
                    return;
                }
                t.has_default = true;
                if (auto v = id(*s.name, "item")) m.default_item = *v;
                return;
            case K::Header:
            case K::Gap: {
                ir::Item it;
                it.kind = s.kind == K::Gap ? ir::Item::Kind::Gap : ir::Item::Kind::Header;
                it.span = s.span;
                if (s.str) {
                    if (auto v = eval_.text(*s.str)) it.label = *v;
                }
                cat_.menus[t.menu].items.push_back(std::move(it));
                return;
            }
            case K::Item:
                return item(s, t);
            default:
                misplaced(s);
        }
    }

    void timeout(const Stmt& s, Target& t) {
        ir::Menu& m = cat_.menus[t.menu];
        if (t.has_timeout) {
            sink_.error("duplicate-timeout", s.span, "menu '" + m.id.value + "' has a timeout already");
            return;
        }
        t.has_timeout = true;
        bool bare = !s.number.empty() && std::isdigit(static_cast<unsigned char>(s.number.back()));
        if (bare) {
            sink_.error("duration-unit", s.number_span, "timeout '" + s.number + "' has no unit",
                        "durations need a unit: " + s.number + "s or " + s.number + "ms");
            return;
        }
        std::optional<uint64_t> ms = ir::parse_duration_ms(s.number);
        if (!ms) {
            sink_.error("bad-duration", s.number_span, "timeout '" + s.number + "' is too long",
                        "a menu timeout is at most 1h");
            return;
        }
        m.timeout_ms = *ms;
        m.timeout_span = s.number_span;
    }

    std::optional<ir::Condition> condition(const ast::Cond& c) {
        ir::Condition out;
        out.span = c.span;
        using CK = ast::Cond::Kind;
        switch (c.kind) {
            case CK::Compare: {
                out.kind = c.op == "=="   ? ir::Condition::Kind::Eq
                           : c.op == "!=" ? ir::Condition::Kind::Ne
                           : c.op == "~"  ? ir::Condition::Kind::Match
                                          : ir::Condition::Kind::NotMatch;
                out.left = {c.setting, c.setting_span};
                std::optional<ir::Text> right = eval_.text(c.value);
                if (!right) return std::nullopt;
                out.right = *right;
                return out;
            }
            case CK::IsSet:
                out.kind = ir::Condition::Kind::IsSet;
                out.left = {c.setting, c.setting_span};
                return out;
            case CK::Not: {
                out.kind = ir::Condition::Kind::Not;
                auto inner = condition(c.operands[0]);
                if (!inner) return std::nullopt;
                out.operands.push_back(std::move(*inner));
                return out;
            }
            case CK::And:
            case CK::Or: {
                out.kind = c.kind == CK::And ? ir::Condition::Kind::And : ir::Condition::Kind::Or;
                for (const auto& op : c.operands) {
                    auto inner = condition(op);
                    if (!inner) return std::nullopt;
                    // `a and b and c` is one And of three, as the YAML form writes it.
                    if (inner->kind == out.kind) {
                        for (auto& x : inner->operands) out.operands.push_back(std::move(x));
                    } else {
                        out.operands.push_back(std::move(*inner));
                    }
                }
                return out;
            }
        }
        return std::nullopt;
    }

    void item(const Stmt& s, Target& t) {
        ir::Item it;
        it.kind = ir::Item::Kind::Item;
        it.span = s.span;
        auto id = this->id(*s.name, "item");
        auto label = eval_.text(*s.str);
        if (!id || !label) return;
        it.id = *id;
        it.label = *label;
        if (s.key) {
            if (auto key = eval_.text(*s.key)) {
                size_t chars = 0;
                for (unsigned char c : key->value) chars += (c & 0xC0) != 0x80;
                if (chars != 1) {
                    sink_.error("bad-hotkey", key->span, "hotkey '" + key->value + "' is not one character",
                                "write key d, key 1 or key \"?\"");
                } else {
                    it.hotkey = *key;
                }
            }
        }
        if (s.when) {
            auto c = condition(*s.when);
            if (c) it.when = std::move(*c);
        }
        Target steps;
        steps.place = Place::Steps;
        steps.item = &it;
        steps.steps = &it.steps;
        size_t errors = sink_.error_count();
        if (s.has_block) {
            run_scoped(s.body, steps);
        } else {
            statement(s.body[0], steps);
        }
        if (it.steps.empty() && sink_.error_count() == errors)
            sink_.error("no-action", s.span, "item '" + it.id.value + "' does nothing",
                        "give it an action: -> linux { … }, -> chain \"url\", -> menu id, -> shell, -> exit");
        cat_.menus[t.menu].items.push_back(std::move(it));
    }

    // ---- an item's steps -----------------------------------------------------------------------
    std::optional<ir::Fetch> fetch(const Stmt& s, bool allow_args) {
        ir::Fetch f;
        f.span = s.span;
        auto url = eval_.text(*s.str);
        if (!url) return std::nullopt;
        f.url = *url;
        bool ok = true;
        for (const auto& o : s.options) {
            auto v = eval_.text(o.value);
            if (!v) {
                ok = false;
                continue;
            }
            switch (o.kind) {
                case ast::FetchOption::Kind::Sha256: {
                    bool hex = v->value.size() == 64;
                    for (unsigned char c : v->value) hex = hex && std::isxdigit(c);
                    if (!hex) {
                        sink_.error("bad-sha256", v->span,
                                    "sha256 needs 64 hex digits, got '" + v->value + "'",
                                    "print one with: sha256sum FILE");
                        ok = false;
                    } else if (f.sha256) {
                        sink_.error("duplicate-option", o.span, "sha256 given twice");
                        ok = false;
                    } else {
                        f.sha256 = *v;
                    }
                    break;
                }
                case ast::FetchOption::Kind::Name:
                    if (f.name) {
                        sink_.error("duplicate-option", o.span, "name given twice");
                        ok = false;
                    }
                    f.name = *v;
                    break;
                case ast::FetchOption::Kind::Args:
                    if (!allow_args) {
                        sink_.error(
                            "misplaced", o.span, "'args' is not allowed on '" + s.keyword + "'",
                            "give the kernel command line its own line inside linux { … }: args \"…\"");
                        ok = false;
                    }
                    f.args.push_back(*v);
                    break;
            }
        }
        // A bad option is already reported; keeping the fetch (without it) lets the semantic checks
        // still see the URL when the caller keeps a partial catalogue.
        (void)ok;
        return f;
    }

    void add_step(Target& t, ir::StepAction action, const Span& span) {
        t.steps->push_back({std::move(action), span});
    }

    void step_statement(const Stmt& s, Target& t) {
        switch (s.kind) {
            case K::Linux: {
                ir::Linux l;
                Target inner;
                inner.place = Place::Linux;
                inner.linux_step = &l;
                size_t errors = sink_.error_count();
                run_scoped(s.body, inner);
                if (!inner.has_kernel) {
                    if (sink_.error_count() == errors)
                        sink_.error("missing-kernel", s.span, "linux needs a kernel",
                                    "linux { kernel \"http://…/vmlinuz\" initrd \"…\" }");
                    return;
                }
                if (!inner.cmdline.empty()) {
                    std::string joined;
                    for (const auto& a : inner.cmdline) joined += (joined.empty() ? "" : " ") + a;
                    l.cmdline = ir::Text{joined, inner.cmdline_span};
                }
                return add_step(t, std::move(l), s.span);
            }
            case K::Multiboot: {
                ir::Multiboot mb;
                Target inner;
                inner.place = Place::Multiboot;
                inner.multiboot = &mb;
                size_t errors = sink_.error_count();
                run_scoped(s.body, inner);
                if (!inner.has_kernel) {
                    if (sink_.error_count() == errors)
                        sink_.error("missing-kernel", s.span, "multiboot needs a kernel",
                                    "multiboot { kernel \"http://…/xen.gz\" module \"…\" }");
                    return;
                }
                return add_step(t, std::move(mb), s.span);
            }
            case K::Efi:
                if (auto f = fetch(s, true)) add_step(t, ir::Efi{std::move(*f)}, s.span);
                return;
            case K::Chain:
                if (auto f = fetch(s, true)) add_step(t, ir::Chain{std::move(*f)}, s.span);
                return;
            case K::Menu:
                return submenu(s, t);
            case K::Shell:
                return add_step(t, ir::Shell{}, s.span);
            case K::Reboot:
                return add_step(t, ir::Reboot{}, s.span);
            case K::Poweroff:
                return add_step(t, ir::Poweroff{}, s.span);
            case K::Exit: {
                ir::Exit e;
                if (!s.number.empty()) {
                    unsigned long long v = 0;
                    try {
                        v = std::stoull(s.number);
                    } catch (...) {
                        v = ~0ull;
                    }
                    if (v > 255) {
                        sink_.error("bad-number", s.number_span,
                                    "exit status " + s.number + " is out of range",
                                    "an exit status is 0 to 255");
                        return;
                    }
                    e.status = static_cast<uint32_t>(v);
                }
                return add_step(t, e, s.span);
            }
            case K::Ask: {
                ir::Ask a;
                a.setting = {s.ident, s.ident_span};
                auto prompt = eval_.text(*s.str);
                if (!prompt) return;
                a.prompt = *prompt;
                if (s.str2) {
                    auto d = eval_.text(*s.str2);
                    if (!d) return;
                    a.default_value = *d;
                }
                return add_step(t, std::move(a), s.span);
            }
            case K::Set: {
                auto v = eval_.text(*s.str);
                if (v) add_step(t, ir::Set{{s.ident, s.ident_span}, *v}, s.span);
                return;
            }
            case K::Echo: {
                auto v = eval_.text(*s.str);
                if (v) add_step(t, ir::Echo{*v}, s.span);
                return;
            }
            case K::Ipxe:
                return ipxe(s, t);
            default:
                misplaced(s);
        }
    }

    void ipxe(const Stmt& s, Target& t) {
        auto v = eval_.text(*s.str);
        if (!v) return;
        ir::Ipxe block;
        uint32_t line = s.str->parts.empty() ? s.str->span.line : s.str->parts.front().span.line;
        std::string text = v->value;
        size_t start = 0;
        for (uint32_t n = 0; start <= text.size(); ++n) {
            size_t nl = text.find('\n', start);
            std::string l = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
            size_t a = l.find_first_not_of(" \t\r"), b = l.find_last_not_of(" \t\r");
            if (a != std::string::npos) {
                l = l.substr(a, b - a + 1);
                uint32_t ln = line + n;
                block.lines.push_back({l, Span{s.span.file, ln, 1, ln, static_cast<uint32_t>(l.size())}});
            }
            if (nl == std::string::npos) break;
            start = nl + 1;
        }
        if (block.lines.empty()) {
            sink_.error("empty-ipxe", s.span, "the ipxe block is empty");
            return;
        }
        add_step(t, std::move(block), s.span);
    }

    void submenu(const Stmt& s, Target& t) {
        if (s.name && !s.has_block) {
            if (s.str) {
                sink_.error("menu-reference", s.str->span, "a menu reference takes only the menu's id",
                            "define the menu at the top level, or inline: -> menu { … }");
                return;
            }
            if (auto id = this->id(*s.name, "menu")) add_step(t, ir::Submenu{*id}, s.span);
            return;
        }
        if (s.name || !s.has_block) return misplaced(s);
        // Inline submenu: `item tools "Tools" -> menu { … }` defines menu `tools` titled "Tools".
        ir::Menu m;
        m.id = t.item->id;
        m.title = t.item->label;
        m.span = s.span;
        Target inner;
        inner.place = Place::Menu;
        inner.has_title = true;
        inner.menu = cat_.menus.size();
        cat_.menus.push_back(std::move(m));
        bool overridden_title = false;
        for (const auto& st : s.body) overridden_title = overridden_title || st.kind == K::Title;
        if (overridden_title) inner.has_title = false;
        run_scoped(s.body, inner);
        add_step(t, ir::Submenu{t.item->id}, s.span);
    }

    void linux_statement(const Stmt& s, Target& t) {
        switch (s.kind) {
            case K::Kernel:
                if (t.has_kernel) {
                    sink_.error("duplicate-kernel", s.span, "linux has a kernel already");
                    return;
                }
                t.has_kernel = true;
                if (auto f = fetch(s, false)) t.linux_step->kernel = std::move(*f);
                return;
            case K::Initrd:
                if (auto f = fetch(s, false)) t.linux_step->initrds.push_back(std::move(*f));
                return;
            case K::Args: {
                auto v = eval_.text(*s.str);
                if (!v) return;
                if (t.cmdline.empty()) t.cmdline_span = v->span;
                t.cmdline.push_back(v->value);
                return;
            }
            default:
                misplaced(s);
        }
    }

    void multiboot_statement(const Stmt& s, Target& t) {
        switch (s.kind) {
            case K::Kernel:
                if (t.has_kernel) {
                    sink_.error("duplicate-kernel", s.span, "multiboot has a kernel already");
                    return;
                }
                t.has_kernel = true;
                if (auto f = fetch(s, true)) t.multiboot->kernel = std::move(*f);
                return;
            case K::Module:
                if (auto f = fetch(s, true)) t.multiboot->modules.push_back(std::move(*f));
                return;
            default:
                misplaced(s);
        }
    }

    // A menu or item id, possibly built from constants: letters, digits, '_', '-', '.'.
    std::optional<ir::Text> id(const ast::Name& n, const char* what) {
        auto v = eval_.text(n.str);
        if (!v) return std::nullopt;
        v->span = n.span;
        if (!valid_id(v->value)) {
            sink_.error("bad-id", n.span, std::string(what) + " id '" + v->value + "' is not a valid id",
                        "ids use letters, digits, '_', '-' and '.'");
            return std::nullopt;
        }
        return v;
    }

    diag::DiagnosticSink& sink_;
    CompileTimeEval eval_;
    ir::Catalogue cat_;
    std::vector<std::string> include_stack_;
    std::vector<std::unique_ptr<ast::File>> included_;
    std::map<std::string, Value> imports_;
};

}  // namespace

std::optional<ir::Catalogue> expand(const ast::File& root, diag::DiagnosticSink& sink, bool keep_partial) {
    return Expander(sink).run(root, keep_partial);
}

}  // namespace carte::dsl
