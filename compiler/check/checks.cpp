#include "compiler/check/checks.h"

#include <fmt/format.h>

#include <functional>
#include <map>
#include <set>

#include "compiler/check/known_settings.h"
#include "compiler/diag/suggest.h"
#include "compiler/ir/duration.h"

namespace carte::check {

using ir::SourceSpan;
using ir::Text;

SourceSpan sub_span(const Text& t, size_t offset, size_t len) {
    SourceSpan s = t.span;
    if (!s.known() || s.end_line != s.line || len == 0) return s;
    size_t width = s.end_col - s.col + 1;
    size_t shift;
    if (width == t.value.size())
        shift = 0;
    else if (width == t.value.size() + 2)
        shift = 1;  // quoted
    else
        return s;
    s.col = static_cast<uint32_t>(s.col + shift + offset);
    s.end_col = static_cast<uint32_t>(s.col + len - 1);
    return s;
}

namespace {

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

const std::vector<std::string>& known_schemes() {
    static const std::vector<std::string> s = {"http",  "https", "tftp", "ftp",    "nfs",  "file",
                                               "iscsi", "aoe",   "fcp",  "ib_srp", "slam", "data"};
    return s;
}

// Number of UTF-8 code points in s.
size_t code_points(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xc0) != 0x80;
    return n;
}

class Checker {
  public:
    Checker(const ir::Catalogue& cat, diag::DiagnosticSink& sink) : cat_(cat), sink_(sink) {}

    void run() {
        if (cat_.menus.empty()) {
            SourceSpan s;
            s.file = cat_.source_file;
            sink_.error("empty-catalogue", s, "the catalogue defines no menu");
            return;
        }
        collect_user_settings();
        for (const ir::SettingDefault& d : cat_.defaults) {
            check_setting_name(d.name);
            check_refs(d.value);
        }
        std::map<std::string, const ir::Menu*> menus;
        for (const ir::Menu& m : cat_.menus) {
            auto [it, fresh] = menus.emplace(m.id.value, &m);
            if (!fresh)
                sink_.error("duplicate-id", m.id.span, fmt::format("menu '{}' is defined twice", m.id.value),
                            fmt::format("the first definition is at line {}", it->second->id.span.line));
            menu_ids_.push_back(m.id.value);
        }
        menus_ = &menus;
        const ir::Menu* entry = &cat_.menus.front();
        if (!cat_.entry.value.empty()) {
            auto it = menus.find(cat_.entry.value);
            if (it == menus.end()) {
                sink_.error("unknown-menu", cat_.entry.span,
                            fmt::format("entry menu '{}' is not defined", cat_.entry.value),
                            diag::did_you_mean(cat_.entry.value, menu_ids_));
                entry = nullptr;
            } else {
                entry = it->second;
            }
        }
        for (const ir::Menu& m : cat_.menus) check_menu(m);
        if (entry) check_reachability(*entry);
    }

  private:
    void collect_user_settings() {
        for (const ir::SettingDefault& d : cat_.defaults) user_settings_.insert(d.name.value);
        for (const ir::Menu& m : cat_.menus)
            for (const ir::Item& it : m.items)
                for (const ir::Step& s : it.steps) {
                    if (auto* a = std::get_if<ir::Ask>(&s.action)) user_settings_.insert(a->setting.value);
                    if (auto* st = std::get_if<ir::Set>(&s.action)) user_settings_.insert(st->setting.value);
                    if (auto* ip = std::get_if<ir::Ipxe>(&s.action))
                        for (const Text& l : ip->lines) collect_ipxe_settings(l.value);
                }
    }

    // Settings an inline iPXE line defines: `set NAME …`, `read NAME`, `choose … NAME`, `inc NAME`.
    void collect_ipxe_settings(const std::string& line) {
        std::vector<std::string> words;
        size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && isspace(static_cast<unsigned char>(line[i]))) ++i;
            size_t j = i;
            while (j < line.size() && !isspace(static_cast<unsigned char>(line[j]))) ++j;
            if (j > i) words.push_back(line.substr(i, j - i));
            i = j;
        }
        for (size_t k = 0; k + 1 < words.size(); ++k) {
            const std::string& w = words[k];
            if (w == "set" || w == "read" || w == "inc" || w == "clear")
                user_settings_.insert(split_setting_ref(words[k + 1]).name);
            if (w != "choose") continue;
            // The first word that is neither an option nor an option's value is the setting.
            for (size_t x = k + 1; x < words.size(); ++x) {
                if (words[x] == "||" || words[x] == "&&" || words[x] == ";") break;
                bool option_value = words[x - 1].rfind("--", 0) == 0 &&
                                    words[x - 1].find('=') == std::string::npos && x != k + 1;
                if (words[x][0] != '-' && !option_value) {
                    user_settings_.insert(split_setting_ref(words[x]).name);
                    break;
                }
            }
        }
    }

    std::vector<std::string> all_setting_names() const {
        std::vector<std::string> names = predefined_setting_names();
        names.insert(names.end(), user_settings_.begin(), user_settings_.end());
        return names;
    }

    // A setting name as written on the left of a condition, in ask/set, or inside ${…}.
    void check_setting_ref(const std::string& ref, const SourceSpan& span) {
        SettingRef r = split_setting_ref(ref);
        if (r.name.empty()) {
            sink_.error("bad-setting", span, fmt::format("'{}' names no setting", ref));
            return;
        }
        if (!r.type.empty() && !is_setting_type(r.type))
            sink_.warning("unknown-setting-type", span, fmt::format("unknown setting type '{}'", r.type),
                          diag::did_you_mean(r.type, setting_type_names()).empty()
                              ? "iPXE expands an unknown type to the empty string"
                              : diag::did_you_mean(r.type, setting_type_names()));
        if (!r.scope.empty()) {
            if (!is_known_scope(r.scope))
                sink_.warning("unknown-setting", span, fmt::format("unknown settings scope '{}'", r.scope),
                              "iPXE expands a setting in an unknown scope to the empty string");
            return;  // names inside a scope (pci/…, smbios/2.4.8) are not enumerable
        }
        if (r.name.find("${") != std::string::npos) return;  // computed name
        if (is_predefined_setting(r.name) || user_settings_.count(r.name)) return;
        std::string hint = diag::did_you_mean(r.name, all_setting_names());
        if (hint.empty())
            hint = "define it with a 'defaults' entry, 'set' or 'ask', or ignore if DHCP provides it";
        sink_.warning("unknown-setting", span, fmt::format("unknown runtime setting '{}'", r.name), hint);
    }

    void check_setting_name(const Text& t) {
        if (t.value.empty() || t.value.find_first_of(" \t${}") != std::string::npos) {
            sink_.error("bad-setting", t.span, fmt::format("'{}' is not a setting name", t.value),
                        "a setting name is a word such as debian_mirror or net0/ip");
        }
    }

    // Every `${…}` in a string: balanced, and naming a known setting.
    void check_refs(const Text& t) {
        const std::string& v = t.value;
        for (size_t pos = v.find("${"); pos != std::string::npos; pos = v.find("${", pos + 2)) {
            // Innermost reference ending at the first '}' (nested references are iPXE-legal).
            size_t close = v.find('}', pos);
            if (close == std::string::npos) {
                sink_.error("unterminated-setting", sub_span(t, pos, 2), "'${' has no closing '}'",
                            "iPXE would keep the text literally; close it or remove the '$'");
                return;
            }
            size_t inner = v.rfind("${", close);
            if (inner != pos) continue;  // an outer reference of a nested one; the inner is checked
            std::string ref = v.substr(pos + 2, close - pos - 2);
            check_setting_ref(ref, sub_span(t, pos, close - pos + 1));
        }
    }

    void check_menu(const ir::Menu& m) {
        check_id(m.id, "menu");
        check_refs(m.title);
        if (m.timeout_ms) {
            if (*m.timeout_ms < ir::kMinTimeoutMs || *m.timeout_ms > ir::kMaxTimeoutMs)
                sink_.error("timeout-range", m.timeout_span.known() ? m.timeout_span : m.span,
                            fmt::format("timeout of {} ms is out of range", *m.timeout_ms),
                            "a menu timeout must be between 100ms and 1h; leave it out to wait forever");
        }
        std::map<std::string, const ir::Item*> ids;
        std::map<std::string, const ir::Item*> keys;
        std::vector<std::string> item_ids;
        size_t selectable = 0;
        for (const ir::Item& it : m.items) {
            if (it.when) check_condition(*it.when);
            check_refs(it.label);
            if (it.kind != ir::Item::Kind::Item) continue;
            ++selectable;
            check_id(it.id, "item");
            auto [pos, fresh] = ids.emplace(it.id.value, &it);
            if (!fresh)
                sink_.error("duplicate-id", it.id.span,
                            fmt::format("item '{}' appears twice in menu '{}'", it.id.value, m.id.value),
                            fmt::format("the first one is at line {}", pos->second->id.span.line));
            item_ids.push_back(it.id.value);
            if (it.hotkey) {
                if (code_points(it.hotkey->value) != 1) {
                    sink_.error("bad-hotkey", it.hotkey->span,
                                fmt::format("hotkey '{}' must be exactly one character", it.hotkey->value));
                } else {
                    auto [k, kfresh] = keys.emplace(it.hotkey->value, &it);
                    if (!kfresh && exclusive(k->second->when, it.when)) {
                        k->second = &it;  // never shown together (e.g. platform == pcbios / efi)
                    } else if (!kfresh)
                        sink_.error("duplicate-hotkey", it.hotkey->span,
                                    fmt::format("hotkey '{}' is already used by item '{}' in menu '{}'",
                                                it.hotkey->value, k->second->id.value, m.id.value),
                                    "hotkeys are case-sensitive; pick another key");
                }
            }
            check_steps(it);
        }
        if (!selectable)
            sink_.error("empty-menu", m.id.span.known() ? m.id.span : m.span,
                        fmt::format("menu '{}' has no selectable item", m.id.value));
        if (m.default_item) {
            auto d = ids.find(m.default_item->value);
            if (d == ids.end()) {
                std::string hint = diag::did_you_mean(m.default_item->value, item_ids);
                if (hint.empty() && !item_ids.empty()) {
                    hint = "the items of this menu are";
                    for (size_t i = 0; i < item_ids.size() && i < 8; ++i)
                        hint += (i ? ", " : " ") + item_ids[i];
                    if (item_ids.size() > 8) hint += ", …";
                }
                sink_.error("invalid-default", m.default_item->span,
                            fmt::format("default item '{}' is not an item of menu '{}'",
                                        m.default_item->value, m.id.value),
                            hint);
            }
        } else if (m.timeout_ms && selectable) {
            sink_.error("missing-default", m.timeout_span.known() ? m.timeout_span : m.span,
                        fmt::format("menu '{}' has a timeout but no default item", m.id.value),
                        "say which item boots when the timeout expires, e.g. 'default: local'");
        }
    }

    // True when two item conditions can never both hold: `x == a` and `x == b` with a ≠ b.
    static bool exclusive(const std::optional<ir::Condition>& a, const std::optional<ir::Condition>& b) {
        if (!a || !b || a->kind != ir::Condition::Kind::Eq || b->kind != ir::Condition::Kind::Eq)
            return false;
        return a->left.value == b->left.value && a->right.value != b->right.value;
    }

    void check_id(const Text& id, const char* what) {
        if (id.value.empty()) return;  // a missing id was reported by the front-end
        for (char c : id.value) {
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-' || c == '.';
            if (!ok) {
                sink_.error("bad-id", id.span, fmt::format("{} id '{}' contains '{}'", what, id.value, c),
                            "ids use letters, digits, '_', '-' and '.'");
                return;
            }
        }
    }

    void check_condition(const ir::Condition& c) {
        switch (c.kind) {
            case ir::Condition::Kind::And:
            case ir::Condition::Kind::Or:
            case ir::Condition::Kind::Not:
                for (const ir::Condition& o : c.operands) check_condition(o);
                return;
            default:
                break;
        }
        std::string left = c.left.value;
        if (left.rfind("${", 0) == 0 && left.back() == '}') {
            check_refs(c.left);
        } else {
            check_setting_ref(left, c.left.span.known() ? c.left.span : c.span);
        }
        check_refs(c.right);
    }

    void check_fetch(const ir::Fetch& f) {
        check_url(f.url, sink_);
        check_refs(f.url);
        if (f.sha256) check_sha256(*f.sha256, sink_);
        if (f.name) check_refs(*f.name);
        for (const Text& a : f.args) check_refs(a);
    }

    void check_steps(const ir::Item& it) {
        if (it.steps.empty()) {
            sink_.error("no-action", it.id.span.known() ? it.id.span : it.span,
                        fmt::format("item '{}' does nothing", it.id.value),
                        "give it an action such as linux, chain, submenu, shell or exit");
            return;
        }
        bool ended = false;
        for (const ir::Step& s : it.steps) {
            if (ended) {
                sink_.warning("unreachable-step", s.span, "this step never runs",
                              "the step before it leaves the item (submenu, exit, reboot or poweroff)");
                ended = false;  // report once per run of dead steps
            }
            std::visit(
                [&](const auto& a) {
                    using T = std::decay_t<decltype(a)>;
                    if constexpr (std::is_same_v<T, ir::Linux>) {
                        check_fetch(a.kernel);
                        for (const ir::Fetch& f : a.initrds) check_fetch(f);
                        if (a.cmdline) check_refs(*a.cmdline);
                    } else if constexpr (std::is_same_v<T, ir::Multiboot>) {
                        check_fetch(a.kernel);
                        for (const ir::Fetch& f : a.modules) check_fetch(f);
                    } else if constexpr (std::is_same_v<T, ir::Efi>) {
                        check_fetch(a.image);
                    } else if constexpr (std::is_same_v<T, ir::Chain>) {
                        check_fetch(a.fetch);
                    } else if constexpr (std::is_same_v<T, ir::Submenu>) {
                        if (!menus_->count(a.menu.value))
                            sink_.error("unknown-menu", a.menu.span.known() ? a.menu.span : s.span,
                                        fmt::format("menu '{}' is not defined", a.menu.value),
                                        diag::did_you_mean(a.menu.value, menu_ids_));
                        ended = true;
                    } else if constexpr (std::is_same_v<T, ir::Exit> || std::is_same_v<T, ir::Reboot> ||
                                         std::is_same_v<T, ir::Poweroff>) {
                        ended = true;
                    } else if constexpr (std::is_same_v<T, ir::Ask>) {
                        check_setting_name(a.setting);
                        if (a.prompt) check_refs(*a.prompt);
                        if (a.default_value) check_refs(*a.default_value);
                    } else if constexpr (std::is_same_v<T, ir::Set>) {
                        check_setting_name(a.setting);
                        check_refs(a.value);
                    } else if constexpr (std::is_same_v<T, ir::Echo>) {
                        check_refs(a.text);
                    } else if constexpr (std::is_same_v<T, ir::Ipxe>) {
                        for (const Text& l : a.lines) {
                            check_refs(l);
                            check_ipxe_line(l);
                        }
                    }
                },
                s.action);
        }
    }

    // Inline iPXE lines run inside the item's code: labels and goto have nowhere to go.
    void check_ipxe_line(const Text& l) {
        size_t i = l.value.find_first_not_of(" \t");
        if (i == std::string::npos) return;
        if (l.value[i] == ':')
            sink_.error("ipxe-label", l.span, "labels are not allowed in inline iPXE lines",
                        "use menus and items instead of labels, or chain a classic script");
        std::string rest = " " + l.value + " ";
        for (const char* w : {" goto "})
            if (rest.find(w) != std::string::npos)
                sink_.error("ipxe-goto", l.span, "'goto' is not allowed in inline iPXE lines",
                            "jump to another menu with a 'submenu' step");
    }

    void check_reachability(const ir::Menu& entry) {
        std::set<std::string> seen{entry.id.value};
        std::vector<const ir::Menu*> todo{&entry};
        while (!todo.empty()) {
            const ir::Menu* m = todo.back();
            todo.pop_back();
            for (const ir::Item& it : m->items)
                for (const ir::Step& s : it.steps)
                    if (auto* sub = std::get_if<ir::Submenu>(&s.action)) {
                        auto f = menus_->find(sub->menu.value);
                        if (f != menus_->end() && seen.insert(f->first).second) todo.push_back(f->second);
                    }
        }
        for (const ir::Menu& m : cat_.menus)
            if (!seen.count(m.id.value))
                sink_.warning("unreachable-menu", m.id.span.known() ? m.id.span : m.span,
                              fmt::format("menu '{}' cannot be reached from the entry menu '{}'", m.id.value,
                                          entry.id.value),
                              "add an item with 'submenu: " + m.id.value + "' or remove the menu");
    }

    const ir::Catalogue& cat_;
    diag::DiagnosticSink& sink_;
    std::set<std::string> user_settings_;
    std::vector<std::string> menu_ids_;
    const std::map<std::string, const ir::Menu*>* menus_ = nullptr;
};

}  // namespace

bool check_url(const Text& url, diag::DiagnosticSink& sink) {
    const std::string& u = url.value;
    if (u.empty()) {
        sink.error("bad-url", url.span, "the URL is empty");
        return false;
    }
    size_t ws = u.find_first_of(" \t\r\n");
    if (ws != std::string::npos) {
        sink.error("bad-url", sub_span(url, ws, 1), "a URL cannot contain whitespace",
                   "percent-encode it as %20");
        return false;
    }
    if (u.rfind("${", 0) == 0) return true;  // starts with a runtime setting (a mirror): checked at run time
    size_t colon = u.find(':');
    size_t slash = u.find('/');
    bool has_scheme =
        colon != std::string::npos && (slash == std::string::npos || colon < slash) && colon > 0;
    if (!has_scheme) return true;  // relative to the current working URI, as iPXE resolves it
    std::string scheme = u.substr(0, colon);
    for (char c : scheme) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
                  c == '-' || c == '.' || c == '_';
        if (!ok) return true;  // not a scheme after all (e.g. "a b:"), leave it relative
    }
    std::string lower;
    for (char c : scheme) lower += static_cast<char>(tolower(static_cast<unsigned char>(c)));
    const auto& schemes = known_schemes();
    if (std::find(schemes.begin(), schemes.end(), lower) == schemes.end()) {
        std::string hint = diag::did_you_mean(lower, schemes);
        sink.error("bad-url", sub_span(url, 0, colon), fmt::format("unknown URL scheme '{}'", scheme),
                   hint.empty() ? "use http, https, tftp, ftp, nfs or file" : hint);
        return false;
    }
    bool hierarchical =
        lower == "http" || lower == "https" || lower == "tftp" || lower == "ftp" || lower == "nfs";
    if (!hierarchical) return true;
    if (u.compare(colon + 1, 2, "//") != 0) {
        sink.error("bad-url", sub_span(url, 0, colon + 1),
                   fmt::format("'{}:' must be followed by '//' and a host", scheme),
                   fmt::format("write {}://host/path", lower));
        return false;
    }
    size_t host_start = colon + 3;
    size_t host_end = u.find_first_of("/?#", host_start);
    if (host_end == std::string::npos) host_end = u.size();
    std::string authority = u.substr(host_start, host_end - host_start);
    size_t at = authority.rfind('@');
    std::string hostport = at == std::string::npos ? authority : authority.substr(at + 1);
    if (hostport.empty() || hostport[0] == ':') {
        sink.error("bad-url", sub_span(url, 0, host_end), "the URL has no host", "write scheme://host/path");
        return false;
    }
    // A port, when present, is digits (IPv6 literals are bracketed).
    size_t close = hostport.rfind(']');
    size_t pcolon = hostport.rfind(':');
    if (pcolon != std::string::npos && (close == std::string::npos || pcolon > close) &&
        hostport.find("${") == std::string::npos) {
        std::string port = hostport.substr(pcolon + 1);
        if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5 ||
            std::stoul(port) > 65535) {
            sink.error(
                "bad-url",
                sub_span(url, host_start + (authority.size() - hostport.size()) + pcolon, port.size() + 1),
                fmt::format("'{}' is not a valid port", port));
            return false;
        }
    }
    return true;
}

bool check_sha256(const Text& hex, diag::DiagnosticSink& sink) {
    const std::string& h = hex.value;
    bool all_hex = !h.empty();
    for (char c : h) all_hex = all_hex && is_hex(c);
    if (h.size() == 64 && all_hex) return true;
    std::string why = !all_hex ? "it contains characters that are not hexadecimal digits"
                               : fmt::format("it has {} hex digits instead of 64", h.size());
    sink.error("bad-sha256", hex.span, fmt::format("malformed sha256: {}", why),
               "a sha256 pin is 64 hexadecimal digits, as printed by 'sha256sum FILE'");
    return false;
}

bool check_catalogue(const ir::Catalogue& cat, diag::DiagnosticSink& sink) {
    size_t before = sink.error_count();
    Checker(cat, sink).run();
    return sink.error_count() == before;
}

}  // namespace carte::check
