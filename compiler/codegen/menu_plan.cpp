#include "compiler/codegen/menu_plan.h"

#include <set>

namespace carte::codegen {

std::string setting_ref(const std::string& left) {
    if (left.rfind("${", 0) == 0 && !left.empty() && left.back() == '}') return left;
    return "${" + left + "}";
}

MenuPlan plan_menus(const ir::Catalogue& cat) {
    MenuPlan p;
    for (size_t i = 0; i < cat.menus.size(); ++i) p.index.emplace(cat.menus[i].id.value, i);
    if (!cat.entry.value.empty()) {
        auto it = p.index.find(cat.entry.value);
        if (it != p.index.end()) p.entry = it->second;
    }
    p.parent.assign(cat.menus.size(), -1);
    p.back_id.assign(cat.menus.size(), {});
    // Breadth-first from the entry so a menu's parent is the closest one to the top.
    std::vector<size_t> order{p.entry};
    std::vector<bool> seen(cat.menus.size(), false);
    if (!cat.menus.empty()) seen[p.entry] = true;
    for (size_t k = 0; k < order.size(); ++k) {
        const ir::Menu& m = cat.menus[order[k]];
        for (const ir::Item& it : m.items)
            for (const ir::Step& s : it.steps)
                if (auto* sub = std::get_if<ir::Submenu>(&s.action)) {
                    auto f = p.index.find(sub->menu.value);
                    if (f == p.index.end() || seen[f->second]) continue;
                    seen[f->second] = true;
                    p.parent[f->second] = static_cast<int>(order[k]);
                    order.push_back(f->second);
                }
    }
    for (size_t i = 0; i < cat.menus.size(); ++i) {
        if (p.parent[i] < 0) continue;
        std::set<std::string> ids;
        for (const ir::Item& it : cat.menus[i].items) ids.insert(it.id.value);
        std::string id = "back";
        while (ids.count(id)) id = "_" + id;
        p.back_id[i] = id;
    }
    return p;
}

}  // namespace carte::codegen
