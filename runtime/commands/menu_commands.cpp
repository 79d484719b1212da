// Classic menus: menu, item, choose (iPXE: src/hci/commands/menu_cmd.c, dynui_cmd.c in newer trees).
#include "runtime/commands/handlers.h"
#include "runtime/commands/options.h"
#include "runtime/ui/menu_view.h"

namespace carte::commands {

namespace {

Status no_menu(Interpreter& in, Str name) {
    String msg = String::copy("Could not find menu");
    if (!name.empty()) (void)msg.append(" \""), (void)msg.append(name), (void)msg.append("\"");
    (void)msg.append(": No such file or directory\n");
    in.print(msg);
    return Error(Errc::noent);
}

}  // namespace

// `menu [--name n] [--delete] [title...]`: creating a menu replaces one with the same name.
Status menu(Interpreter& in, Span<const Str> argv) {
    const OptionSpec opts[] = {{'n', "name", true}, {'d', "delete", false}};
    auto a = parse_args(in, argv, opts, 0, kUnlimited);
    if (!a) return a.error();
    Str name = a->get(0);
    if (a->has(1)) {
        DynamicMenu* m = in.menus().find(name);
        if (!m) return no_menu(in, name);
        in.menus().remove(m);
        return {};
    }
    String title = join_args(a->positional);
    auto m = in.menus().create(name, title);
    return m ? Status() : Status(m.error());
}

// `item [--menu n] [--key k] [--default] [--gap] [name [text...]]`: no name (or --gap) is a
// separator whose text is all the arguments.
Status item(Interpreter& in, Span<const Str> argv) {
    const OptionSpec opts[] = {
        {'m', "menu", true}, {'k', "key", true}, {'d', "default", false}, {'g', "gap", false}};
    auto a = parse_args(in, argv, opts, 0, kUnlimited);
    if (!a) return a.error();
    DynamicMenu* m = in.menus().find(a->get(0));
    if (!m) return no_menu(in, a->get(0));
    DynamicItem it;
    if (a->has(1)) {
        auto k = parse_key(in, a->get(1));
        if (!k) return k.error();
        it.key = *k;
    }
    it.is_default = a->has(2);
    if (a->has(3) || a->positional.empty()) {
        it.text = join_args(a->positional);
    } else {
        it.name = String::copy(a->positional[0]);
        it.text = join_args(a->positional.subspan(1));
    }
    return m->items.push(carte::move(it)) ? Status() : Status(Errc::nomem);
}

// `choose [--menu n] [--default item] [--timeout ms] [--retimeout ms] [--keep] <setting>`:
// stores the chosen item's name; the menu is destroyed afterwards (even on failure) unless --keep.
Status choose(Interpreter& in, Span<const Str> argv) {
    const OptionSpec opts[] = {{'m', "menu", true},
                               {'d', "default", true},
                               {'t', "timeout", true},
                               {'r', "retimeout", true},
                               {'k', "keep", false}};
    auto a = parse_args(in, argv, opts, 1, 1);
    if (!a) return a.error();
    DynamicMenu* m = in.menus().find(a->get(0));
    if (!m) return no_menu(in, a->get(0));
    MenuRequest req;
    Status result;
    for (size_t i = 0; i < 2 && result.ok(); ++i) {
        if (!a->has(2 + i)) continue;
        auto t = parse_uint(in, a->get(2 + i));
        if (!t)
            result = t.error();
        else
            (i == 0 ? req.timeout_ms : req.retimeout_ms) = *t;
    }
    Vec<MenuRow> rows;
    int chosen_default = -1, named_default = -1;
    for (size_t i = 0; i < m->items.size() && result.ok(); ++i) {
        const DynamicItem& it = m->items[i];
        MenuRow row;
        row.kind = it.name.empty() ? MenuRowKind::gap : MenuRowKind::item;
        row.text = it.text;
        row.key = it.key;
        if (!it.name.empty()) {
            if (it.is_default) chosen_default = static_cast<int>(i);  // the last --default wins
            if (a->has(1) && it.name == a->get(1) && named_default < 0) named_default = static_cast<int>(i);
        }
        if (!rows.push(row)) result = Error(Errc::nomem);
    }
    if (result.ok()) {
        req.title = m->title;
        req.rows = rows.span();
        req.initial = a->has(1) ? named_default : chosen_default;  // an unknown --default picks the first
        auto picked = show_menu(in.console(), in, req);
        if (!picked) {
            result = picked.error();
        } else {
            result = in.settings().store_text(a->positional[0], m->items[static_cast<size_t>(*picked)].name);
        }
    }
    if (!a->has(4)) in.menus().remove(m);
    return result;
}

}  // namespace carte::commands
