#include "compiler/yaml/yaml_frontend.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "compiler/diag/suggest.h"
#include "compiler/ir/duration.h"

namespace carte::yamlfe {
namespace {

using ir::SourceSpan;
using ir::Text;

// Walks the YAML document and builds the IR, reporting every problem it finds (it keeps going
// after an error so that one run shows them all).
class Reader {
  public:
    Reader(const std::string& file, const std::string& text, diag::DiagnosticSink& sink)
        : file_(file), text_(text), sink_(sink) {}

    std::optional<ir::Catalogue> read(const YAML::Node& root) {
        ir::Catalogue cat;
        cat.source_file = file_;
        if (!root.IsMap()) {
            error("bad-type", span(root), "a catalogue must be a mapping with a 'menus' list",
                  "start the file with 'menus:'");
            return std::nullopt;
        }
        check_keys(root, {"carte", "version", "serial", "entry", "defaults", "menus"}, "catalogue");
        if (auto v = root["carte"]; v) cat.version = static_cast<uint32_t>(number(v, "carte", 1));
        if (auto v = root["version"]; v) cat.version = static_cast<uint32_t>(number(v, "version", 1));
        if (cat.version != 1)
            error("bad-value", span(root["carte"] ? root["carte"] : root["version"]),
                  "unsupported model version", "this compiler reads version 1");
        if (auto v = root["serial"]; v) cat.serial = number(v, "serial", 0);
        if (auto v = root["entry"]; v) cat.entry = text(v, "entry");
        if (auto d = root["defaults"]; d) {
            if (!d.IsMap()) {
                error("bad-type", span(d), "'defaults' must be a mapping of setting names to values");
            } else {
                for (auto it = d.begin(); it != d.end(); ++it) {
                    ir::SettingDefault sd;
                    sd.name = text(it->first, "setting name");
                    sd.value = text(it->second, "default value");
                    sd.span = sd.name.span;
                    cat.defaults.push_back(std::move(sd));
                }
            }
        }
        YAML::Node menus = root["menus"];
        if (!menus) {
            error("missing-key", span(root), "the catalogue has no 'menus'",
                  "add 'menus:' with at least one menu");
        } else if (!menus.IsSequence()) {
            error("bad-type", span(menus), "'menus' must be a list of menus");
        } else {
            for (const YAML::Node& m : menus) cat.menus.push_back(menu(m));
        }
        // Returned even after errors (except syntax errors), so the semantic checks can still
        // run and one run reports everything; callers test sink.has_errors().
        return cat;
    }

  private:
    // ---- spans and scalars ----
    SourceSpan span(const YAML::Node& n) const {
        SourceSpan s;
        s.file = file_;
        if (!n.IsDefined()) return s;
        YAML::Mark m = n.Mark();
        if (m.line < 0) return s;
        s.line = static_cast<uint32_t>(m.line) + 1;
        s.col = static_cast<uint32_t>(m.column) + 1;
        s.end_line = s.line;
        s.end_col = s.col;
        if (n.IsScalar() && m.pos >= 0 && static_cast<size_t>(m.pos) < text_.size()) {
            size_t pos = static_cast<size_t>(m.pos);
            char c = text_[pos];
            size_t eol = text_.find('\n', pos);
            if (eol == std::string::npos) eol = text_.size();
            size_t last = pos;
            if (c == '"' || c == '\'') {
                // Closing quote on the same line (a doubled '' or \" does not close).
                for (size_t i = pos + 1; i < eol; ++i) {
                    if (c == '"' && text_[i] == '\\') {
                        ++i;
                        continue;
                    }
                    if (text_[i] == c) {
                        if (c == '\'' && i + 1 < eol && text_[i + 1] == '\'') {
                            ++i;
                            continue;
                        }
                        last = i;
                        break;
                    }
                }
            } else if (c != '|' && c != '>') {
                const std::string& v = n.Scalar();
                if (!v.empty() && v.find('\n') == std::string::npos)
                    last = std::min(pos + v.size() - 1, eol - 1);
            }
            s.end_col = s.col + static_cast<uint32_t>(last - pos);
        }
        return s;
    }

    void error(const std::string& code, const SourceSpan& s, std::string message, std::string hint = {}) {
        sink_.error(code, s, std::move(message), std::move(hint));
    }

    static const char* kind_name(const YAML::Node& n) {
        if (n.IsMap()) return "a mapping";
        if (n.IsSequence()) return "a list";
        if (n.IsNull()) return "nothing";
        return "a scalar";
    }

    Text text(const YAML::Node& n, const char* what) {
        Text t;
        t.span = span(n);
        if (!n.IsScalar()) {
            error("bad-type", t.span, msg("{} must be a string, not {}", what, kind_name(n)));
            return t;
        }
        t.value = n.Scalar();  // the source text of the scalar: `4.20` stays "4.20"
        return t;
    }

    std::optional<Text> opt_text(const YAML::Node& parent, const char* key) {
        YAML::Node n = parent[key];
        if (!n) return std::nullopt;
        return text(n, key);
    }

    uint64_t number(const YAML::Node& n, const char* what, uint64_t fallback) {
        if (!n.IsScalar()) {
            error("bad-type", span(n), msg("'{}' must be a number, not {}", what, kind_name(n)));
            return fallback;
        }
        const std::string& s = n.Scalar();
        uint64_t v = 0;
        bool ok = !s.empty() && s.size() <= 19;
        for (char c : s) ok = ok && c >= '0' && c <= '9', v = v * 10 + static_cast<uint64_t>(c - '0');
        if (!ok) {
            error("bad-value", span(n), msg("'{}' must be a whole number, got '{}'", what, s));
            return fallback;
        }
        return v;
    }

    template <class... A>
    static std::string msg(const char* f, const A&... a) {
        std::string out;
        const std::string args[] = {std::string(a)...};
        size_t k = 0;
        for (const char* p = f; *p; ++p) {
            if (p[0] == '{' && p[1] == '}' && k < sizeof...(A)) {
                out += args[k++];
                ++p;
            } else {
                out += *p;
            }
        }
        return out;
    }

    void check_keys(const YAML::Node& map, const std::vector<std::string>& allowed, const char* where) {
        std::set<std::string> seen;
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!it->first.IsScalar()) {
                error("bad-type", span(it->first), "keys must be plain names");
                continue;
            }
            const std::string& k = it->first.Scalar();
            if (!seen.insert(k).second)
                error("duplicate-key", span(it->first), msg("key '{}' appears twice in this {}", k, where),
                      "YAML would silently keep only one of them");
            bool known = false;
            for (const std::string& a : allowed) known = known || a == k;
            if (!known)
                error("unknown-key", span(it->first), msg("unknown key '{}' in {}", k, where),
                      diag::did_you_mean(k, allowed));
        }
    }

    // ---- model ----
    ir::Menu menu(const YAML::Node& n) {
        ir::Menu m;
        m.span = span(n);
        if (!n.IsMap()) {
            error("bad-type", m.span, msg("a menu must be a mapping, not {}", kind_name(n)));
            return m;
        }
        check_keys(n, {"id", "title", "timeout", "default", "items"}, "menu");
        if (auto v = n["id"]; v)
            m.id = text(v, "menu id");
        else
            error("missing-key", m.span, "menu has no 'id'");
        if (auto v = n["title"]; v)
            m.title = text(v, "title");
        else
            m.title = m.id;
        if (auto v = n["timeout"]; v) {
            m.timeout_span = span(v);
            if (!v.IsScalar()) {
                error("bad-type", m.timeout_span, "timeout must be a duration such as 10s or 500ms");
            } else if (auto ms = ir::parse_duration_ms(v.Scalar())) {
                m.timeout_ms = *ms;
            } else {
                bool bare =
                    !v.Scalar().empty() && v.Scalar().find_first_not_of("0123456789") == std::string::npos;
                error("bad-duration", m.timeout_span,
                      bare ? msg("timeout '{}' has no unit", v.Scalar())
                           : msg("'{}' is not a duration", v.Scalar()),
                      bare ? msg("write '{}s' or '{}ms'", v.Scalar(), v.Scalar())
                           : "write a whole number with a unit: ms, s, m or h (e.g. 10s)");
            }
        }
        if (auto v = n["default"]; v) m.default_item = text(v, "default");
        if (auto items = n["items"]; items) {
            if (!items.IsSequence())
                error("bad-type", span(items), "'items' must be a list");
            else
                for (const YAML::Node& it : items) m.items.push_back(item(it));
        } else {
            error("missing-key", m.span, msg("menu '{}' has no 'items'", m.id.value));
        }
        return m;
    }

    static const std::vector<std::string>& action_keys() {
        static const std::vector<std::string> k = {"linux", "multiboot", "efi",    "chain",    "submenu",
                                                   "shell", "exit",      "reboot", "poweroff", "ask",
                                                   "set",   "echo",      "ipxe"};
        return k;
    }

    ir::Item item(const YAML::Node& n) {
        ir::Item it;
        it.span = span(n);
        if (n.IsScalar() && n.Scalar() == "gap") {
            it.kind = ir::Item::Kind::Gap;
            return it;
        }
        if (!n.IsMap()) {
            error("bad-type", it.span, "an item must be a mapping, 'gap', or '{header: text}'",
                  "e.g. '- {id: shell, label: iPXE shell, shell: true}'");
            return it;
        }
        if (n["header"] || n["gap"]) {
            bool header = static_cast<bool>(n["header"]);
            it.kind = header ? ir::Item::Kind::Header : ir::Item::Kind::Gap;
            check_keys(n, {header ? "header" : "gap", "when"}, header ? "header" : "gap");
            YAML::Node t = n[header ? "header" : "gap"];
            if (!t.IsNull()) it.label = text(t, header ? "header" : "gap");
            if (auto w = n["when"]; w) it.when = condition(w);
            return it;
        }
        std::vector<std::string> allowed = {"id", "label", "key", "when", "steps"};
        allowed.insert(allowed.end(), action_keys().begin(), action_keys().end());
        check_keys(n, allowed, "item");
        if (auto v = n["id"]; v)
            it.id = text(v, "item id");
        else
            error("missing-key", it.span, "item has no 'id'", "every selectable item needs an id");
        if (auto v = n["label"]; v)
            it.label = text(v, "label");
        else
            it.label = it.id;
        if (auto v = n["key"]; v) it.hotkey = text(v, "key");
        if (auto v = n["when"]; v) it.when = condition(v);
        YAML::Node steps = n["steps"];
        size_t inline_actions = 0;
        for (auto kv = n.begin(); kv != n.end(); ++kv) {
            if (!kv->first.IsScalar()) continue;
            const std::string& k = kv->first.Scalar();
            for (const std::string& a : action_keys())
                if (a == k) {
                    ++inline_actions;
                    if (steps) {
                        error("bad-value", span(kv->first), msg("'{}' next to 'steps'", k),
                              "put every action of the item into its 'steps' list");
                    } else {
                        it.steps.push_back(step(k, kv->first, kv->second));
                    }
                }
        }
        if (steps) {
            if (!steps.IsSequence()) {
                error("bad-type", span(steps), "'steps' must be a list of actions");
            } else {
                for (const YAML::Node& s : steps) {
                    if (s.IsScalar() && (s.Scalar() == "shell" || s.Scalar() == "reboot" ||
                                         s.Scalar() == "poweroff" || s.Scalar() == "exit")) {
                        it.steps.push_back(step(s.Scalar(), s, YAML::Node()));
                    } else if (s.IsMap() && s.size() == 1) {
                        auto kv = s.begin();
                        std::string k = kv->first.IsScalar() ? kv->first.Scalar() : std::string();
                        bool known = false;
                        for (const std::string& a : action_keys()) known = known || a == k;
                        if (!known)
                            error("unknown-key", span(kv->first), msg("unknown action '{}'", k),
                                  diag::did_you_mean(k, action_keys()));
                        else
                            it.steps.push_back(step(k, kv->first, kv->second));
                    } else {
                        error("bad-type", span(s), "a step is a mapping with exactly one action",
                              "e.g. '- echo: hello' or '- chain: http://…/boot.ipxe'");
                    }
                }
            }
        } else if (inline_actions > 1) {
            error("bad-value", it.span,
                  msg("item '{}' has {} actions but no 'steps' list", it.id.value,
                      std::to_string(inline_actions)),
                  "list them in order under 'steps:'");
        }
        return it;
    }

    ir::Fetch fetch(const YAML::Node& n, const char* what) {
        ir::Fetch f;
        f.span = span(n);
        if (n.IsScalar()) {
            f.url = text(n, what);
            return f;
        }
        if (!n.IsMap()) {
            error("bad-type", f.span, msg("{} must be a URL or a mapping with 'url'", what));
            return f;
        }
        check_keys(n, {"url", "sha256", "name", "args"}, what);
        if (auto u = n["url"]; u)
            f.url = text(u, "url");
        else
            error("missing-key", f.span, msg("{} has no 'url'", what));
        f.sha256 = opt_text(n, "sha256");
        f.name = opt_text(n, "name");
        if (auto a = n["args"]; a) {
            if (a.IsSequence())
                for (const YAML::Node& x : a) f.args.push_back(text(x, "argument"));
            else
                f.args.push_back(text(a, "args"));
        }
        return f;
    }

    std::vector<ir::Fetch> fetch_list(const YAML::Node& n, const char* what) {
        std::vector<ir::Fetch> out;
        if (n.IsSequence())
            for (const YAML::Node& x : n) out.push_back(fetch(x, what));
        else
            out.push_back(fetch(n, what));
        return out;
    }

    ir::Step step(const std::string& kind, const YAML::Node& key, const YAML::Node& v) {
        ir::Step s;
        s.span = span(key);
        auto need_map = [&](std::initializer_list<std::string> keys) {
            if (!v.IsMap()) {
                error("bad-type", span(v.IsDefined() ? v : key), msg("'{}' takes a mapping", kind));
                return false;
            }
            check_keys(v, keys, kind.c_str());
            return true;
        };
        if (kind == "linux") {
            ir::Linux l;
            if (need_map({"kernel", "initrd", "initrds", "cmdline"})) {
                if (auto k = v["kernel"]; k)
                    l.kernel = fetch(k, "kernel");
                else
                    error("missing-key", span(v), "'linux' has no 'kernel'");
                for (const char* key2 : {"initrd", "initrds"})
                    if (auto i = v[key2]; i)
                        for (auto& f : fetch_list(i, "initrd")) l.initrds.push_back(std::move(f));
                l.cmdline = opt_text(v, "cmdline");
            }
            s.action = std::move(l);
        } else if (kind == "multiboot") {
            ir::Multiboot mb;
            if (need_map({"kernel", "module", "modules"})) {
                if (auto k = v["kernel"]; k)
                    mb.kernel = fetch(k, "kernel");
                else
                    error("missing-key", span(v), "'multiboot' has no 'kernel'");
                for (const char* key2 : {"module", "modules"})
                    if (auto i = v[key2]; i)
                        for (auto& f : fetch_list(i, "module")) mb.modules.push_back(std::move(f));
            }
            s.action = std::move(mb);
        } else if (kind == "efi") {
            s.action = ir::Efi{fetch(v, "efi")};
        } else if (kind == "chain") {
            s.action = ir::Chain{fetch(v, "chain")};
        } else if (kind == "submenu") {
            s.action = ir::Submenu{text(v, "submenu")};
        } else if (kind == "shell") {
            s.action = ir::Shell{};
        } else if (kind == "exit") {
            ir::Exit e;
            if (v.IsDefined() && !v.IsNull()) e.status = static_cast<uint32_t>(number(v, "exit", 0));
            s.action = e;
        } else if (kind == "reboot") {
            s.action = ir::Reboot{};
        } else if (kind == "poweroff") {
            s.action = ir::Poweroff{};
        } else if (kind == "ask") {
            ir::Ask a;
            if (need_map({"setting", "prompt", "default"})) {
                if (auto x = v["setting"]; x)
                    a.setting = text(x, "setting");
                else
                    error("missing-key", span(v), "'ask' has no 'setting'");
                a.prompt = opt_text(v, "prompt");
                a.default_value = opt_text(v, "default");
            }
            s.action = std::move(a);
        } else if (kind == "set") {
            ir::Set st;
            if (need_map({"setting", "value"})) {
                if (auto x = v["setting"]; x)
                    st.setting = text(x, "setting");
                else
                    error("missing-key", span(v), "'set' has no 'setting'");
                if (auto x = v["value"]; x)
                    st.value = text(x, "value");
                else
                    error("missing-key", span(v), "'set' has no 'value'");
            }
            s.action = std::move(st);
        } else if (kind == "echo") {
            s.action = ir::Echo{text(v, "echo")};
        } else if (kind == "ipxe") {
            ir::Ipxe ip;
            if (v.IsSequence()) {
                for (const YAML::Node& l : v) ip.lines.push_back(text(l, "ipxe line"));
            } else {
                // A block scalar: one IR line per source line (spans point at the block's start
                // line plus the offset, which is exact for `|` blocks).
                Text all = text(v, "ipxe");
                uint32_t line = all.span.line;
                std::istringstream in(all.value);
                std::string l;
                bool block =
                    v.IsScalar() && v.Mark().pos >= 0 && text_[static_cast<size_t>(v.Mark().pos)] == '|';
                uint32_t k = 0;
                while (std::getline(in, l)) {
                    Text t{l, all.span};
                    if (block) {
                        t.span.line = t.span.end_line = line + 1 + k;
                        t.span.col = 1;
                        t.span.end_col = 1;
                    }
                    ip.lines.push_back(std::move(t));
                    ++k;
                }
            }
            s.action = std::move(ip);
        }
        return s;
    }

    std::optional<ir::Condition> condition(const YAML::Node& n) {
        ir::Condition c;
        c.span = span(n);
        if (!n.IsMap()) {
            error("bad-type", c.span, "a condition must be a mapping",
                  "e.g. '{setting: platform, eq: efi}' or '{and: [...]}'");
            return std::nullopt;
        }
        auto list = [&](const char* key, ir::Condition::Kind kind) {
            c.kind = kind;
            check_keys(n, {key}, "condition");
            YAML::Node l = n[key];
            if (!l.IsSequence() || l.size() < 2) {
                error("bad-type", span(l), msg("'{}' takes a list of two or more conditions", key));
                return;
            }
            for (const YAML::Node& x : l)
                if (auto sub = condition(x)) c.operands.push_back(std::move(*sub));
        };
        if (n["and"]) {
            list("and", ir::Condition::Kind::And);
        } else if (n["or"]) {
            list("or", ir::Condition::Kind::Or);
        } else if (n["not"]) {
            c.kind = ir::Condition::Kind::Not;
            check_keys(n, {"not"}, "condition");
            if (auto sub = condition(n["not"])) c.operands.push_back(std::move(*sub));
        } else {
            check_keys(n, {"setting", "eq", "ne", "match", "not-match", "isset"}, "condition");
            if (auto x = n["setting"]; x)
                c.left = text(x, "setting");
            else
                error("missing-key", c.span, "condition has no 'setting'",
                      "name the runtime setting to test, e.g. 'setting: platform'");
            int tests = 0;
            struct K {
                const char* key;
                ir::Condition::Kind kind;
            } kinds[] = {{"eq", ir::Condition::Kind::Eq},
                         {"ne", ir::Condition::Kind::Ne},
                         {"match", ir::Condition::Kind::Match},
                         {"not-match", ir::Condition::Kind::NotMatch}};
            for (const K& k : kinds)
                if (auto x = n[k.key]; x) {
                    ++tests;
                    c.kind = k.kind;
                    c.right = text(x, k.key);
                }
            if (auto x = n["isset"]; x) {
                ++tests;
                c.kind = ir::Condition::Kind::IsSet;
                if (x.IsScalar() && (x.Scalar() == "false" || x.Scalar() == "no")) {
                    ir::Condition inner = c;
                    c.kind = ir::Condition::Kind::Not;
                    c.operands.push_back(std::move(inner));
                }
            }
            if (tests != 1)
                error("bad-value", c.span,
                      "a condition needs exactly one of eq, ne, match, not-match, isset");
        }
        return c;
    }

    std::string file_;
    const std::string& text_;
    diag::DiagnosticSink& sink_;
};

}  // namespace

std::optional<ir::Catalogue> parse_yaml_string(const std::string& text, const std::string& file_name,
                                               diag::DiagnosticSink& sink) {
    sink.add_source(file_name, text);
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        SourceSpan s;
        s.file = file_name;
        if (e.mark.line >= 0) {
            s.line = s.end_line = static_cast<uint32_t>(e.mark.line) + 1;
            s.col = s.end_col = static_cast<uint32_t>(e.mark.column) + 1;
        }
        // yaml-cpp may point just past the end of the file; show the last line instead.
        uint32_t lines = 1;
        for (char c : text) lines += c == '\n';
        if (!text.empty() && text.back() == '\n') --lines;
        if (s.line > lines) s.line = s.end_line = lines, s.col = s.end_col = 1;
        sink.error("syntax", s, e.msg.empty() ? "malformed YAML" : e.msg,
                   "check indentation, quotes and brackets near here");
        return std::nullopt;
    }
    Reader r(file_name, text, sink);
    try {
        return r.read(root);
    } catch (const YAML::Exception& e) {
        // A duplicate key or similar structural problem yaml-cpp only notices on access.
        SourceSpan s;
        s.file = file_name;
        if (e.mark.line >= 0) {
            s.line = s.end_line = static_cast<uint32_t>(e.mark.line) + 1;
            s.col = s.end_col = static_cast<uint32_t>(e.mark.column) + 1;
        }
        sink.error("syntax", s, e.msg);
        return std::nullopt;
    }
}

std::optional<ir::Catalogue> parse_yaml_file(const std::string& path, diag::DiagnosticSink& sink) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        SourceSpan s;
        s.file = path;
        sink.error("io", s, "cannot read file");
        return std::nullopt;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_yaml_string(ss.str(), path, sink);
}

}  // namespace carte::yamlfe
