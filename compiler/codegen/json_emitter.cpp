#include "compiler/codegen/json_emitter.h"

#include <nlohmann/json.hpp>

namespace carte::codegen {
namespace {

using J = nlohmann::ordered_json;

J fetch(const ir::Fetch& f) {
    if (!f.sha256 && !f.name && f.args.empty()) return f.url.value;
    J j;
    j["url"] = f.url.value;
    if (f.sha256) j["sha256"] = f.sha256->value;
    if (f.name) j["name"] = f.name->value;
    if (!f.args.empty()) {
        J a = J::array();
        for (const ir::Text& t : f.args) a.push_back(t.value);
        j["args"] = a;
    }
    return j;
}

J condition(const ir::Condition& c) {
    using K = ir::Condition::Kind;
    J j;
    switch (c.kind) {
        case K::And:
        case K::Or: {
            J l = J::array();
            for (const ir::Condition& o : c.operands) l.push_back(condition(o));
            j[c.kind == K::And ? "and" : "or"] = l;
            return j;
        }
        case K::Not:
            j["not"] = c.operands.empty() ? J::object() : condition(c.operands[0]);
            return j;
        case K::IsSet:
            j["setting"] = c.left.value;
            j["isset"] = true;
            return j;
        default:
            break;
    }
    j["setting"] = c.left.value;
    const char* key = c.kind == K::Eq      ? "eq"
                      : c.kind == K::Ne    ? "ne"
                      : c.kind == K::Match ? "match"
                                           : "not-match";
    j[key] = c.right.value;
    return j;
}

J step(const ir::Step& s) {
    J j;
    std::visit(
        [&](const auto& a) {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, ir::Linux>) {
                J l;
                l["kernel"] = fetch(a.kernel);
                if (!a.initrds.empty()) {
                    J i = J::array();
                    for (const ir::Fetch& f : a.initrds) i.push_back(fetch(f));
                    l["initrds"] = i;
                }
                if (a.cmdline) l["cmdline"] = a.cmdline->value;
                j["linux"] = l;
            } else if constexpr (std::is_same_v<T, ir::Multiboot>) {
                J l;
                l["kernel"] = fetch(a.kernel);
                if (!a.modules.empty()) {
                    J i = J::array();
                    for (const ir::Fetch& f : a.modules) i.push_back(fetch(f));
                    l["modules"] = i;
                }
                j["multiboot"] = l;
            } else if constexpr (std::is_same_v<T, ir::Efi>) {
                j["efi"] = fetch(a.image);
            } else if constexpr (std::is_same_v<T, ir::Chain>) {
                j["chain"] = fetch(a.fetch);
            } else if constexpr (std::is_same_v<T, ir::Submenu>) {
                j["submenu"] = a.menu.value;
            } else if constexpr (std::is_same_v<T, ir::Shell>) {
                j["shell"] = true;
            } else if constexpr (std::is_same_v<T, ir::Exit>) {
                j["exit"] = a.status;
            } else if constexpr (std::is_same_v<T, ir::Reboot>) {
                j["reboot"] = true;
            } else if constexpr (std::is_same_v<T, ir::Poweroff>) {
                j["poweroff"] = true;
            } else if constexpr (std::is_same_v<T, ir::Ask>) {
                J x;
                x["setting"] = a.setting.value;
                if (a.prompt) x["prompt"] = a.prompt->value;
                if (a.default_value) x["default"] = a.default_value->value;
                j["ask"] = x;
            } else if constexpr (std::is_same_v<T, ir::Set>) {
                j["set"] = J{{"setting", a.setting.value}, {"value", a.value.value}};
            } else if constexpr (std::is_same_v<T, ir::Echo>) {
                j["echo"] = a.text.value;
            } else if constexpr (std::is_same_v<T, ir::Ipxe>) {
                J l = J::array();
                for (const ir::Text& t : a.lines) l.push_back(t.value);
                j["ipxe"] = l;
            }
        },
        s.action);
    return j;
}

}  // namespace

std::string emit_json(const ir::Catalogue& cat) {
    J root;
    root["carte"] = cat.version;
    root["serial"] = cat.serial;
    if (!cat.entry.value.empty()) root["entry"] = cat.entry.value;
    if (!cat.defaults.empty()) {
        J d = J::object();
        for (const ir::SettingDefault& s : cat.defaults) d[s.name.value] = s.value.value;
        root["defaults"] = d;
    }
    J menus = J::array();
    for (const ir::Menu& m : cat.menus) {
        J jm;
        jm["id"] = m.id.value;
        jm["title"] = m.title.value;
        if (m.timeout_ms) jm["timeout"] = std::to_string(*m.timeout_ms) + "ms";
        if (m.default_item) jm["default"] = m.default_item->value;
        J items = J::array();
        for (const ir::Item& it : m.items) {
            J ji;
            if (it.kind == ir::Item::Kind::Gap) {
                ji["gap"] = it.label.value.empty() ? J() : J(it.label.value);
            } else if (it.kind == ir::Item::Kind::Header) {
                ji["header"] = it.label.value;
            } else {
                ji["id"] = it.id.value;
                ji["label"] = it.label.value;
                if (it.hotkey) ji["key"] = it.hotkey->value;
            }
            if (it.when) ji["when"] = condition(*it.when);
            if (it.kind == ir::Item::Kind::Item) {
                J steps = J::array();
                for (const ir::Step& s : it.steps) steps.push_back(step(s));
                ji["steps"] = steps;
            }
            items.push_back(ji);
        }
        jm["items"] = items;
        menus.push_back(jm);
    }
    root["menus"] = menus;
    return root.dump(2, ' ', false, J::error_handler_t::replace) + "\n";  // invalid UTF-8: U+FFFD
}

}  // namespace carte::codegen
